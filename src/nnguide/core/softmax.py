"""Softmax and log-softmax, computed stably.

Subtracting the row maximum before exponentiating changes nothing
mathematically (softmax is shift-invariant) but keeps ``exp`` from
overflowing: the largest exponent is then exactly ``exp(0) = 1``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _as_float(z: ArrayLike) -> NDArray[np.floating]:
    """Keep float32 as float32 (fast training); promote everything else to float64."""
    a = np.asarray(z)
    return a if a.dtype in (np.float32, np.float64) else a.astype(np.float64)


def softmax(z: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    """Turn scores into probabilities that are positive and sum to 1.

    Parameters
    ----------
    z : array_like, shape (..., n_classes)
        Scores (logits). Any finite values, of any size.
    axis : int
        The axis along which the probabilities sum to one.

    Returns
    -------
    ndarray, same shape as ``z``
    """
    z = _as_float(z)
    if z.size == 0:
        raise ValueError("softmax needs at least one number")
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z: ArrayLike, axis: int = -1) -> NDArray[np.floating]:
    """``log(softmax(z))`` without ever taking the log of zero (log-sum-exp)."""
    z = _as_float(z)
    # The methods, not np.max / np.sum: the same reductions without the wrappers' few
    # microseconds, which count in a training step on a small batch.
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
