"""Class labels as numbers, and how often a classifier is right.

``classes`` below is either a sequence of labels, which fixes the column order
(``["Good", "Bad"]``), or a whole number ``n_classes`` for labels that already
are ``0 … n_classes-1`` (the digits).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

Classes = int | Sequence[Any] | NDArray[Any]


def class_indices(y: ArrayLike, classes: Classes) -> NDArray[np.intp]:
    """Each label's column: its position in ``classes``.

    Raises
    ------
    ValueError
        If a label is not among the classes.
    """
    labels = np.asarray(y)
    if isinstance(classes, int | np.integer):
        idx = labels.astype(np.intp)
        bad = (idx < 0) | (idx >= classes) | (idx != labels)
        if np.any(bad):
            shown = ", ".join(str(v) for v in np.unique(labels[bad])[:5].tolist())
            raise ValueError(f"labels not among the classes 0–{int(classes) - 1}: {shown}")
        return idx
    lookup = {c: i for i, c in enumerate(np.asarray(classes).tolist())}
    values = labels.tolist()
    unknown = sorted({str(v) for v in values if v not in lookup})
    if unknown:
        raise ValueError(f"labels not among the classes: {', '.join(unknown[:5])}")
    return np.fromiter((lookup[v] for v in values), dtype=np.intp, count=len(values))


def _n_classes(classes: Classes) -> int:
    return int(classes) if isinstance(classes, int | np.integer) else len(classes)


def one_hot(y: ArrayLike, classes: Classes, dtype: Any = np.float64) -> NDArray[np.floating]:
    """Labels as one-hot rows: a 1 in the label's column, 0 elsewhere.

    Parameters
    ----------
    y : array_like, shape (n_samples,)
    classes : sequence of labels, or int
    dtype : numpy dtype of the result

    Returns
    -------
    ndarray, shape (n_samples, n_classes)
    """
    idx = class_indices(y, classes)
    Y = np.zeros((len(idx), _n_classes(classes)), dtype)
    Y[np.arange(len(idx)), idx] = 1
    return Y


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Fraction of labels predicted exactly."""
    a, b = np.asarray(y_true), np.asarray(y_pred)
    if a.shape != b.shape or a.size == 0:
        raise ValueError("accuracy needs two label arrays of the same, non-zero length")
    return float(np.mean(a == b))


def confusion_matrix(y_true: ArrayLike, y_pred: ArrayLike, classes: Classes) -> NDArray[np.intp]:
    """Counts of (true class, predicted class) pairs.

    Returns
    -------
    ndarray of int, shape (n_classes, n_classes)
        Row = the true class, column = the prediction (scikit-learn's layout): the
        diagonal holds the right answers.
    """
    t, p = class_indices(y_true, classes), class_indices(y_pred, classes)
    if t.shape != p.shape:
        raise ValueError("confusion_matrix needs two label arrays of the same length")
    k = _n_classes(classes)
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k).astype(np.intp)
