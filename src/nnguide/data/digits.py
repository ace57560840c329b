"""The 8×8 handwritten digits that ship inside scikit-learn (1,797 images).

scikit-learn is imported here only, and only when the digits are asked for,
so that start-up of everything else stays fast.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import NDArray

from nnguide.data.dataset import Dataset

PIXEL_NAMES = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]


@cache
def digits_arrays() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Images as rows of 64 intensities 0–16, and their digits 0–9."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return np.asarray(bunch.data, dtype=np.float64), np.asarray(bunch.target, dtype=np.int64)


def digits_dataset() -> Dataset:
    X, y = digits_arrays()
    columns: dict[str, np.ndarray] = {name: X[:, i] for i, name in enumerate(PIXEL_NAMES)}
    columns["digit"] = y.astype(np.float64)
    return Dataset(
        "digits",
        columns,
        "1,797 handwritten digits, 8×8 pixels (0–16) → digit",
        default_target="digit",
        default_features=list(PIXEL_NAMES),
        classes=[str(d) for d in range(10)],
        allow_constant_features=True,
    )
