"""The named datasets that ship with nnguide.

House prices are in thousands of dollars, as in the guide from section 1 on.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from nnguide.data.dataset import Dataset
from nnguide.errors import DataError

#: The friend's verdicts on the first ten houses, in table order (SPEC §6).
HOUSE_LABELS = ["Good", "Good", "Good", "Bad", "Bad", "Good", "Bad", "Good", "Good", "Good"]
HOUSE_CLASSES = ["Good", "Bad"]


@cache
def _portland_rows() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    text = resources.files("nnguide.data").joinpath("houses.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    area = np.array([float(r["area"]) for r in rows])
    baths = np.array([float(r["bathrooms"]) for r in rows])
    price = np.array([float(r["price"]) / 1000.0 for r in rows])
    return area, baths, price


def _houses(n: int | None, *, bathrooms: bool, name: str, description: str) -> Dataset:
    area, baths, price = (col[:n] for col in _portland_rows())
    columns = {"area": area} | ({"bathrooms": baths} if bathrooms else {}) | {"price": price}
    return Dataset(name, columns, description, default_target="price")


def _labelled() -> Dataset:
    area, baths, _ = (col[:10] for col in _portland_rows())
    columns = {"area": area, "bathrooms": baths, "label": np.array(HOUSE_LABELS, dtype=object)}
    return Dataset(
        "houses-labelled",
        columns,
        "the ten houses labelled Good or Bad by the friend",
        default_target="label",
        classes=list(HOUSE_CLASSES),
    )


def _digits() -> Dataset:
    from nnguide.data.digits import digits_dataset

    return digits_dataset()


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    description: str
    load: Callable[[], Dataset]


BUNDLED: dict[str, DatasetInfo] = {
    info.name: info
    for info in [
        DatasetInfo(
            "houses-3",
            "three houses: area (sq ft) → price ($1000s)",
            lambda: _houses(
                3,
                bathrooms=False,
                name="houses-3",
                description="three houses: area (sq ft) → price ($1000s)",
            ),
        ),
        DatasetInfo(
            "houses-10",
            "ten houses: area, bathrooms → price ($1000s)",
            lambda: _houses(
                10,
                bathrooms=True,
                name="houses-10",
                description="ten houses: area, bathrooms → price ($1000s)",
            ),
        ),
        DatasetInfo("houses-labelled", "the ten houses labelled Good/Bad", _labelled),
        DatasetInfo(
            "portland",
            "all 47 Portland houses: area, bathrooms → price ($1000s)",
            lambda: _houses(
                None,
                bathrooms=True,
                name="portland",
                description="all 47 Portland houses: area, bathrooms → price ($1000s)",
            ),
        ),
        DatasetInfo("digits", "1,797 handwritten digits, 8×8 pixels (0–16) → digit", _digits),
    ]
}


def load_dataset(name: str) -> Dataset:
    """A bundled dataset by name (see :data:`BUNDLED`)."""
    try:
        info = BUNDLED[name]
    except KeyError:
        raise DataError(
            f"unknown dataset {name!r}; bundled datasets: {', '.join(BUNDLED)}"
        ) from None
    return info.load()
