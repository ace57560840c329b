"""The 8×8 handwritten digits (1,797 images), bundled as ``digits.csv.gz``.

The file is scikit-learn's copy of the UCI "Optical Recognition of Handwritten
Digits" test set (Alpaydin & Kaynak, CC BY 4.0), byte for byte; it is read the
way scikit-learn's ``load_digits`` reads it, so the arrays are identical. See
``README.md`` beside this file for the source and licence.
"""

from __future__ import annotations

import gzip
import io
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from nnguide.data.dataset import Dataset

PIXEL_NAMES = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]
N_IMAGES = 1797
DESCRIPTION = "1,797 handwritten digits, 8×8 pixels (0–16) → digit"


@cache
def digits_arrays() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Images as rows of 64 intensities 0–16, and their digits 0–9."""
    raw = resources.files("nnguide.data").joinpath("digits.csv.gz").read_bytes()
    table = np.loadtxt(io.BytesIO(gzip.decompress(raw)), delimiter=",")
    X = table[:, :-1]
    y = table[:, -1].astype(np.int64)
    X.setflags(write=False)  # cached and shared: nobody may change the bundled images
    y.setflags(write=False)
    return X, y


def digits_dataset() -> Dataset:
    X, y = digits_arrays()
    columns: dict[str, np.ndarray] = {name: X[:, i] for i, name in enumerate(PIXEL_NAMES)}
    columns["digit"] = y.astype(np.float64)
    return Dataset(
        "digits",
        columns,
        DESCRIPTION,
        default_target="digit",
        default_features=list(PIXEL_NAMES),
        classes=[str(d) for d in range(10)],
        allow_constant_features=True,
    )
