"""The linear neuron and the softmax classifier: networks with no hidden layer.

Both are one dense layer ``z = X @ W + b`` with ``W`` of shape
(n_features, n_outputs). The regressor reports ``z``; the classifier passes
``z`` through softmax to get one probability per class. They train exactly
as the hidden-layer networks of :mod:`nnguide.core.mlp` do (same
:class:`~nnguide.core.network.Network`, same loops), and start from zero
weights by default — harmless without a hidden layer, and what the guide shows.

Besides ``coefs_``/``intercepts_`` (one layer), they report the layer in two
more layouts:

* ``weights_`` (n_features, n_outputs) and ``bias_`` (n_outputs,), the network's own;
* ``coef_`` — shape (n_features,) for one output, else (n_outputs, n_features) —
  and ``intercept_``, a float for one output, else shape (n_outputs,)
  (scikit-learn's layout).

All learned parameters are for the raw inputs, whether or not training
standardized them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from nnguide.core.estimators import (
    Array,
    ClassifierMixin,
    NetworkEstimator,
    OnStep,
    RegressorMixin,
)
from nnguide.core.network import Network
from nnguide.core.scaling import Standardizer


def least_squares(X: ArrayLike, y: ArrayLike) -> tuple[Array, Array]:
    """The exact minimiser of the mean squared error of ``X @ W + b``.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,) or (n_samples, n_outputs)

    Returns
    -------
    W : ndarray, shape (n_features, n_outputs)
    b : ndarray, shape (n_outputs,)
    """
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(y, dtype=np.float64)
    Y = Y[:, None] if Y.ndim == 1 else Y
    # Centring first solves for the weights alone and makes the problem better conditioned;
    # the bias then puts the line through the mean point.
    x_mean, y_mean = X.mean(axis=0), Y.mean(axis=0)
    W, *_ = np.linalg.lstsq(X - x_mean, Y - y_mean, rcond=None)
    return W, y_mean - x_mean @ W


class _LinearModel(NetworkEstimator):
    """One layer: separate weight and bias rates, and the extra layouts of its parameters."""

    learning_rate_weights: float | None
    learning_rate_bias: float | None
    solver: str

    def _learning_rates(self, n_layers: int) -> list[float]:
        lr = self.learning_rate
        lr_w = self.learning_rate_weights if self.learning_rate_weights is not None else lr
        lr_b = self.learning_rate_bias if self.learning_rate_bias is not None else lr
        return [float(lr_w), float(lr_b)] * n_layers

    def _rate_settings(self) -> list[Any]:
        rates = [self.learning_rate, self.learning_rate_weights, self.learning_rate_bias]
        return [r for r in rates if r is not None]

    def _validate(self) -> None:
        if self.solver not in ("gd", "exact"):
            raise ValueError(f"unknown solver {self.solver!r}: choose 'gd' or 'exact'")
        if self.solver == "exact" and self._task != "regression":
            raise ValueError("the exact solver is for regression; classification trains with 'gd'")
        super()._validate()

    def _fit_network(self, X: Array, Y: Array, on_step: OnStep) -> None:
        if self.solver != "exact":
            super()._fit_network(X, Y, on_step)
            return
        self._validate()
        W, b = least_squares(X, Y)
        self._set_learned(
            Network.linear(X.shape[1], Y.shape[1]), [W, b], Standardizer.identity(X.shape[1])
        )
        self.loss_ = float(np.mean((X @ W + b - Y) ** 2))
        self.loss_curve_, self.n_iter_, self.diverged_ = [self.loss_], 0, False

    @property
    def weights_(self) -> Array:
        """The weight matrix, shape (n_features, n_outputs)."""
        self._check_fitted()
        return self.coefs_[0]

    @property
    def bias_(self) -> Array:
        """The biases, shape (n_outputs,)."""
        self._check_fitted()
        return self.intercepts_[0]

    @property
    def coef_(self) -> Array:
        W = self.weights_
        return W[:, 0].copy() if W.shape[1] == 1 and self._task == "regression" else W.T.copy()

    @property
    def intercept_(self) -> Any:
        b = self.bias_
        return float(b[0]) if b.shape[0] == 1 and self._task == "regression" else b.copy()


class LinearRegressor(RegressorMixin, _LinearModel):
    """A linear neuron: ``y = X @ W + b``, fitted exactly or by gradient descent.

    Parameters
    ----------
    solver : {"exact", "gd"}
        ``"exact"`` solves least squares; ``"gd"`` runs gradient descent.
    loss : {"mse"}
        The mean squared error, the only regression loss.
    learning_rate : float
        Step size for every parameter, unless the next two override it.
    learning_rate_weights, learning_rate_bias : float, optional
        Separate step sizes (the original guide used 1e-8 and 1 on raw inputs).
    max_steps : int
        Gradient-descent steps (batches when ``batch_size`` is set).
    batch_size : int, optional
        Mini-batch size; ``None`` means full batch.
    standardize : bool or "shared"
        Train on standardized inputs; the reported parameters are still for raw inputs.
        ``"shared"`` centres each input but divides all by one common spread (for pixels).
    init : {"zeros", "normal", "glorot", "he", "auto"}
        Starting weights: all zero (default), small random ones (``"normal"``: standard
        deviation 0.01), or scaled to the layer's size (see :meth:`Dense.init`).
    random_state : int, optional
        Seed for the starting weights and the order of the batches.
    """

    def __init__(
        self,
        *,
        solver: str = "exact",
        loss: str = "mse",
        learning_rate: float = 0.1,
        learning_rate_weights: float | None = None,
        learning_rate_bias: float | None = None,
        max_steps: int = 1000,
        batch_size: int | None = None,
        standardize: bool | str = True,
        init: str = "zeros",
        random_state: int | None = None,
    ) -> None:
        self.solver = solver
        self.loss = loss
        self.learning_rate = learning_rate
        self.learning_rate_weights = learning_rate_weights
        self.learning_rate_bias = learning_rate_bias
        self.max_steps = max_steps
        self.batch_size = batch_size
        self.standardize = standardize
        self.init = init
        self.random_state = random_state


class SoftmaxClassifier(ClassifierMixin, _LinearModel):
    """Softmax regression: one output per class, softmax, trained by gradient descent.

    Parameters
    ----------
    loss : {"cross-entropy", "mse"}
        Cross-entropy (the standard), or mean squared error between the
        probabilities and one-hot targets (the original companion notebook's choice).
    classes : sequence, optional
        Output order of the classes; default the sorted distinct labels.
    solver : {"gd"}
        Gradient descent, the only way to train a classifier here.
    Other parameters as :class:`LinearRegressor`.
    """

    def __init__(
        self,
        *,
        loss: str = "cross-entropy",
        classes: ArrayLike | None = None,
        solver: str = "gd",
        learning_rate: float = 0.1,
        learning_rate_weights: float | None = None,
        learning_rate_bias: float | None = None,
        max_steps: int = 1000,
        batch_size: int | None = None,
        standardize: bool | str = True,
        init: str = "zeros",
        random_state: int | None = None,
    ) -> None:
        self.loss = loss
        self.classes = classes
        self.solver = solver
        self.learning_rate = learning_rate
        self.learning_rate_weights = learning_rate_weights
        self.learning_rate_bias = learning_rate_bias
        self.max_steps = max_steps
        self.batch_size = batch_size
        self.standardize = standardize
        self.init = init
        self.random_state = random_state


__all__ = ["LinearRegressor", "SoftmaxClassifier", "least_squares"]
