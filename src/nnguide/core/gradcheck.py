"""Slopes measured by nudging: the check on every hand-written backward pass.

The derivative of the loss with respect to one parameter is, by definition,
how much the loss changes per unit nudge of that parameter. The central
difference ``(L(p + ε) - L(p - ε)) / 2ε`` measures it with an error of order
ε², so with ε around 1e-6 it agrees with a correct analytic gradient to about
six significant digits, and disagrees loudly with a wrong one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating]


def numerical_gradient(
    f: Callable[[list[Array]], float], params: Sequence[Array], eps: float = 1e-6
) -> list[Array]:
    """Central differences of a scalar function of a parameter list, one number at a time.

    Parameters
    ----------
    f : callable
        Takes a parameter list ``[W1, b1, ...]`` and returns a float (the loss).
    params : list of ndarray
        Where to measure; not modified (the nudges happen on float64 copies).
    eps : float
        The nudge.

    Returns
    -------
    list of ndarray, the shapes of ``params``
    """
    point: list[Array] = [np.array(p, dtype=np.float64) for p in params]
    grads: list[Array] = [np.zeros_like(p) for p in point]
    for p, g in zip(point, grads, strict=True):
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + eps
            up = f(point)
            p[idx] = old - eps
            down = f(point)
            p[idx] = old
            g[idx] = (up - down) / (2 * eps)
    return grads
