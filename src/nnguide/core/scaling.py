"""Feature standardization, and moving a linear layer's parameters between scales.

Training on standardized inputs ``s = (x - mean) / scale`` lets one learning
rate suit every weight. A model ``s @ W_s + b_s`` on standardized inputs is the
same function as ``x @ W + b`` on raw inputs with

    W = W_s / scale[:, None]        b = b_s - (mean / scale) @ W_s

so every number we report is for the raw inputs the learner typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating]


@dataclass(frozen=True)
class Standardizer:
    """Per-feature mean and scale; a scale of 0 (constant feature) is treated as 1."""

    mean: Array
    scale: Array

    @classmethod
    def fit(cls, X: Array, shared: bool = False) -> Standardizer:
        """Learn the mean and standard deviation of each column of ``X`` (n_samples, n_features).

        With ``shared=True`` every column keeps its own mean but all share one scale, the
        standard deviation of every value in ``X``: right for inputs that measure the same
        thing, such as pixels, where a column that is almost always blank would otherwise be
        divided by a tiny spread and let one touch of ink outvote the whole picture.
        """
        X = np.asarray(X)
        mean = X.mean(axis=0)
        if shared:
            spread = float(X.std()) or 1.0
            return cls(
                mean=mean.astype(X.dtype, copy=False), scale=np.full(X.shape[1], spread, X.dtype)
            )
        # A constant column can still get a std of ~1e-19 from the rounding in its mean;
        # test constancy exactly, or its weight would be divided by that rounding error.
        constant = np.ptp(X, axis=0) == 0
        scale = np.where(constant, 1.0, X.std(axis=0)).astype(X.dtype, copy=False)
        return cls(mean=mean.astype(X.dtype, copy=False), scale=scale)

    @classmethod
    def identity(cls, n_features: int, dtype: Any = np.float64) -> Standardizer:
        return cls(mean=np.zeros(n_features, dtype), scale=np.ones(n_features, dtype))

    def transform(self, X: Array) -> Array:
        return (np.asarray(X) - self.mean) / self.scale

    def params_to_raw(self, W_s: Array, b_s: Array) -> tuple[Array, Array]:
        """Parameters fitted on standardized inputs → the same model on raw inputs."""
        W = W_s / self.scale[:, None]
        return W, b_s - self.mean @ W

    def params_to_scaled(self, W: Array, b: Array) -> tuple[Array, Array]:
        """Raw-input parameters → the same model on standardized inputs."""
        return W * self.scale[:, None], b + self.mean @ W
