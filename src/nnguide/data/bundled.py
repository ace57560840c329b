"""The named datasets that ship with nnguide.

Each entry describes its table (rows, columns, target, source, licence) in
plain metadata, so that listing the datasets reads no data; ``load`` builds
the :class:`Dataset` when it is asked for. The files and their licences are
described in ``README.md`` beside this module.

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

IRIS_FEATURES = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"]
IRIS_CLASSES = ["setosa", "versicolor", "virginica"]
PENGUIN_MEASURES = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
PENGUIN_CLASSES = ["Adelie", "Chinstrap", "Gentoo"]


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("nnguide.data").joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _portland_rows() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = _rows("houses.csv")
    area = np.array([float(r["area"]) for r in rows])
    baths = np.array([float(r["bathrooms"]) for r in rows])
    price = np.array([float(r["price"]) / 1000.0 for r in rows])
    return area, baths, price


def _houses(n: int | None, *, bathrooms: bool, name: str) -> Dataset:
    area, baths, price = (col[:n] for col in _portland_rows())
    columns = {"area": area} | ({"bathrooms": baths} if bathrooms else {}) | {"price": price}
    return Dataset(name, columns, BUNDLED[name].description, default_target="price")


def _labelled() -> Dataset:
    area, baths, _ = (col[:10] for col in _portland_rows())
    columns = {"area": area, "bathrooms": baths, "label": np.array(HOUSE_LABELS, dtype=object)}
    return Dataset(
        "houses-labelled",
        columns,
        BUNDLED["houses-labelled"].description,
        default_target="label",
        classes=list(HOUSE_CLASSES),
    )


def _digits() -> Dataset:
    from nnguide.data.digits import digits_dataset

    return digits_dataset()


def _iris() -> Dataset:
    rows = _rows("iris.csv")
    columns: dict[str, np.ndarray] = {
        name: np.array([float(r[name]) for r in rows]) for name in IRIS_FEATURES
    }
    columns["species"] = np.array([r["species"] for r in rows], dtype=object)
    return Dataset(
        "iris",
        columns,
        BUNDLED["iris"].description,
        default_target="species",
        classes=list(IRIS_CLASSES),
    )


def _penguins() -> Dataset:
    # The source marks unmeasured values "NA"; two birds have no measurements at all and are
    # left out. Sex (missing for nine more) and year are not kept.
    rows = [r for r in _rows("penguins.csv") if all(r[m] != "NA" for m in PENGUIN_MEASURES)]
    columns: dict[str, np.ndarray] = {
        "species": np.array([r["species"] for r in rows], dtype=object),
        "island": np.array([r["island"] for r in rows], dtype=object),
    }
    for name in PENGUIN_MEASURES:
        columns[name] = np.array([float(r[name]) for r in rows])
    return Dataset(
        "penguins",
        columns,
        BUNDLED["penguins"].description,
        default_target="body_mass_g",
        default_features=list(PENGUIN_MEASURES),
    )


@dataclass(frozen=True)
class DatasetInfo:
    """What ``nnguide datasets`` shows about a dataset, known without loading it."""

    name: str
    description: str
    n_rows: int
    columns: tuple[str, ...]
    target: str
    load: Callable[[], Dataset]
    #: where the data comes from and under which terms; empty for the guide's own tables
    source: str = ""
    licence: str = ""

    @property
    def n_columns(self) -> int:
        return len(self.columns)


_HOUSES_SOURCE = "Portland, Oregon house sales, from a well-known machine-learning course"
_HOUSES_LICENCE = "not stated by its source"

BUNDLED: dict[str, DatasetInfo] = {
    info.name: info
    for info in [
        DatasetInfo(
            "houses-3",
            "three houses: area (sq ft) → price ($1000s)",
            3,
            ("area", "price"),
            "price",
            lambda: _houses(3, bathrooms=False, name="houses-3"),
            _HOUSES_SOURCE,
            _HOUSES_LICENCE,
        ),
        DatasetInfo(
            "houses-10",
            "ten houses: area, bathrooms → price ($1000s)",
            10,
            ("area", "bathrooms", "price"),
            "price",
            lambda: _houses(10, bathrooms=True, name="houses-10"),
            _HOUSES_SOURCE,
            _HOUSES_LICENCE,
        ),
        DatasetInfo(
            "houses-labelled",
            "the ten houses labelled Good/Bad",
            10,
            ("area", "bathrooms", "label"),
            "label",
            _labelled,
            _HOUSES_SOURCE + " (labels: the guide's own)",
            _HOUSES_LICENCE,
        ),
        DatasetInfo(
            "portland",
            "all 47 Portland houses: area, bathrooms → price ($1000s)",
            47,
            ("area", "bathrooms", "price"),
            "price",
            lambda: _houses(None, bathrooms=True, name="portland"),
            _HOUSES_SOURCE,
            _HOUSES_LICENCE,
        ),
        DatasetInfo(
            "digits",
            "1,797 handwritten digits, 8×8 pixels (0–16) → digit",
            1797,
            (*(f"pixel_{r}_{c}" for r in range(8) for c in range(8)), "digit"),
            "digit",
            _digits,
            "UCI ML Repository, Optical Recognition of Handwritten Digits "
            "(E. Alpaydin, C. Kaynak, 1998), test set as shipped by scikit-learn",
            "CC BY 4.0",
        ),
        DatasetInfo(
            "iris",
            "150 iris flowers: 4 measurements (cm) → species (3 classes)",
            150,
            (*IRIS_FEATURES, "species"),
            "species",
            _iris,
            "R. A. Fisher (1936), Annals of Eugenics 7(2); UCI ML Repository, Iris; "
            "the values of Fisher's paper, as shipped by scikit-learn",
            "CC BY 4.0 (UCI); the 1936 data are in the public domain",
        ),
        DatasetInfo(
            "penguins",
            "342 Palmer penguins: bill, flipper (mm) → body mass (g)",
            342,
            ("species", "island", *PENGUIN_MEASURES),
            "body_mass_g",
            _penguins,
            "Gorman, Williams & Fraser (2014), Palmer Station LTER; "
            "penguins.csv of the palmerpenguins package (Horst, Hill & Gorman, 2020)",
            "CC0 1.0 (public domain dedication)",
        ),
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
