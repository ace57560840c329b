"""Fixtures shared by the core tests: the two house tables, selected as the guide uses them."""

from __future__ import annotations

import pytest

from nnguide.data import load_dataset
from nnguide.data.dataset import Selection


@pytest.fixture(scope="module")
def houses3() -> Selection:
    return load_dataset("houses-3").select()


@pytest.fixture(scope="module")
def houses10() -> Selection:
    return load_dataset("houses-10").select()
