"""The error map: mean squared error of ``y = w·x + b`` over a grid of (w, b).

For one input the MSE is a quadratic in (w, b); expanding the square turns
the whole grid into a handful of array operations:

    MSE(w, b) = w²·E[x²] + 2wb·E[x] + b² − 2w·E[xy] − 2b·E[y] + E[y²]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def loss_grid(x: ArrayLike, y: ArrayLike, weights: ArrayLike, biases: ArrayLike) -> Array:
    """MSE for every (bias, weight) pair.

    Parameters
    ----------
    x, y : array_like, shape (n_samples,)
    weights : array_like, shape (n_weights,)
    biases : array_like, shape (n_biases,)

    Returns
    -------
    ndarray, shape (n_biases, n_weights)
        Row ``i`` is bias ``biases[i]``, column ``j`` weight ``weights[j]``.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)[None, :]
    b = np.asarray(biases, dtype=np.float64)[:, None]
    ex, ey = x.mean(), y.mean()
    exx, exy, eyy = (x * x).mean(), (x * y).mean(), (y * y).mean()
    grid = w * w * exx + 2 * w * b * ex + b * b - 2 * w * exy - 2 * b * ey + eyy
    return np.maximum(grid, 0.0)  # rounding can dip a hair below zero at the minimum
