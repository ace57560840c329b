"""Leave-one-out: an honest accuracy estimate when there are too few rows to hold some back.

Train on all rows but one, predict the one left out, repeat for every row.
Each prediction is for a row its model never saw, so the fraction right
estimates accuracy on new houses (noisily: with ten rows it moves in tenths).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnguide.core.metrics import accuracy


def leave_one_out(
    make_model: Callable[[], Any], X: ArrayLike, y: ArrayLike
) -> tuple[float, NDArray[Any]]:
    """Leave-one-out accuracy of the models ``make_model()`` builds.

    Parameters
    ----------
    make_model : callable
        Returns a fresh, unfitted estimator with ``fit`` and ``predict``.
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,)

    Returns
    -------
    accuracy : float
    predictions : ndarray, shape (n_samples,)
        The prediction for each row from the model trained without it.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    n = len(X)
    if n < 2 or len(y) != n:
        raise ValueError("leave-one-out needs at least two rows and one label per row")
    predictions = []
    for i in range(n):
        keep = np.arange(n) != i
        model = make_model().fit(X[keep], y[keep])
        predictions.append(model.predict(X[i : i + 1])[0])
    pred = np.asarray(predictions)
    return accuracy(y, pred), pred
