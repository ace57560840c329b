"""A widget's data from whatever the notebook has: numpy arrays, lists, pandas objects.

pandas is optional: it is never imported here, only recognised by its
``to_numpy`` method, and its column and series names name the axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _name(obj: Any) -> str | None:
    name = getattr(obj, "name", None)
    return str(name) if isinstance(name, str | int) and not isinstance(name, bool) else None


def columns(X: Any) -> tuple[np.ndarray, list[str] | None]:
    """``X`` as an array, and its column names when it is a DataFrame (or a named Series)."""
    names = None
    if hasattr(X, "columns") and hasattr(X, "to_numpy"):  # a pandas DataFrame
        names = [str(c) for c in X.columns]
        X = X.to_numpy()
    elif hasattr(X, "to_numpy"):  # a pandas Series
        name = _name(X)
        names = [name] if name else None
        X = X.to_numpy()
    return np.asarray(X), names


def values(y: Any) -> tuple[np.ndarray, str | None]:
    """``y`` as a one-dimensional array, and its name when it is a Series (or one column)."""
    arr, names = columns(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    return arr, (names[0] if names and len(names) == 1 else None)
