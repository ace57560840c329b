"""The linear neuron and the softmax classifier, as scikit-learn-style estimators.

Both are one linear layer ``z = X @ W + b`` with ``W`` of shape
(n_features, n_outputs). The regressor reports ``z``; the classifier passes
``z`` through softmax to get one probability per class.

Hyperparameters are keyword arguments stored unchanged; ``fit`` returns
``self``; learned attributes end in ``_``:

* ``coef_`` — shape (n_features,) for one output, else (n_outputs, n_features)
  (scikit-learn's layout); ``weights_`` is the same numbers as the network's
  (n_features, n_outputs) matrix.
* ``intercept_`` — a float for one output, else shape (n_outputs,).
* ``loss_``, ``loss_curve_``, ``n_iter_``, ``diverged_``.

All learned parameters are for the raw inputs, whether or not training
standardized them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnguide.core.descent import DescentResult, Objective, descend, sgd
from nnguide.core.losses import get_loss
from nnguide.core.scaling import Standardizer
from nnguide.core.softmax import softmax

Array = NDArray[np.floating]


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


def parameter_count(n_features: int, n_outputs: int) -> int:
    """Learnable numbers in a linear layer: one weight per input per output, one bias per output."""
    return n_features * n_outputs + n_outputs


def _check_X(X: ArrayLike, n_features: int | None = None) -> Array:
    arr = np.asarray(X)
    if arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    if arr.ndim != 2:
        raise ValueError(f"X must be 2-dimensional (n_samples, n_features), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError("X has no rows")
    if not np.all(np.isfinite(arr)):
        raise ValueError("X contains NaN or infinite values")
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(f"X has {arr.shape[1]} features, the model expects {n_features}")
    return arr


class _LinearLayer:
    """What the regressor and the classifier share: parameters, training loop, snapshots."""

    task = "regression"

    def __init__(
        self,
        *,
        solver: str = "gd",
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

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if not k.endswith("_")}

    def set_params(self, **params: Any) -> _LinearLayer:
        for key, value in params.items():
            if key not in self.get_params():
                raise ValueError(f"unknown parameter {key!r}")
            setattr(self, key, value)
        return self

    # -- learned parameters in both layouts ---------------------------------------------
    @property
    def coef_(self) -> Array:
        W = self.weights_
        return W[:, 0].copy() if W.shape[1] == 1 and self.task == "regression" else W.T.copy()

    @property
    def intercept_(self) -> Any:
        b = self.bias_
        return float(b[0]) if b.shape[0] == 1 and self.task == "regression" else b.copy()

    def decision_function(self, X: ArrayLike) -> Array:
        """The linear layer's outputs ``z = X @ W + b``, shape (n_samples, n_outputs)."""
        X = _check_X(X, self.weights_.shape[0])
        return X @ self.weights_.astype(X.dtype) + self.bias_.astype(X.dtype)

    # -- training -----------------------------------------------------------------------
    def _validate(self) -> None:
        if self.solver not in ("gd", "exact"):
            raise ValueError(f"unknown solver {self.solver!r}: choose 'gd' or 'exact'")
        if self.solver == "exact" and self.task != "regression":
            raise ValueError("the exact solver is for regression; classification trains with 'gd'")
        if self.solver == "exact" and self.loss != "mse":
            raise ValueError("the exact solver minimises the mean squared error only")
        get_loss(self.loss, self.task)
        rates = [self.learning_rate, self.learning_rate_weights, self.learning_rate_bias]
        for rate in rates:
            if rate is not None and not (np.isfinite(rate) and rate > 0):
                raise ValueError(f"learning rates must be positive numbers, got {rate!r}")
        if not (isinstance(self.max_steps, int | np.integer) and self.max_steps >= 0):
            raise ValueError(f"max_steps must be a whole number ≥ 0, got {self.max_steps!r}")
        if self.batch_size is not None and not (
            isinstance(self.batch_size, int | np.integer) and self.batch_size >= 1
        ):
            raise ValueError(f"batch_size must be a whole number ≥ 1, got {self.batch_size!r}")
        if self.standardize not in (True, False, "shared"):
            raise ValueError(
                f"standardize must be True, False or 'shared', got {self.standardize!r}"
            )
        if self.init not in ("zeros", "normal"):
            raise ValueError(f"unknown init {self.init!r}: choose 'zeros' or 'normal'")

    def _initial_params(self, n_features: int, n_outputs: int, dtype: Any) -> tuple[Array, Array]:
        if self.init == "zeros":
            return np.zeros((n_features, n_outputs), dtype), np.zeros(n_outputs, dtype)
        rng = np.random.default_rng(self.random_state)
        W = rng.normal(0.0, 0.01, size=(n_features, n_outputs)).astype(dtype)
        return W, np.zeros(n_outputs, dtype)

    def _fit_layer(
        self, X: Array, Y: Array, on_step: Callable[[int], None] | None = None
    ) -> _LinearLayer:
        self._validate()
        if self.solver == "exact":
            self.weights_, self.bias_ = least_squares(X, Y)
            self.loss_ = float(np.mean((X @ self.weights_ + self.bias_ - Y) ** 2))
            self.loss_curve_, self.n_iter_, self.diverged_ = [self.loss_], 0, False
            self.scaler_ = Standardizer.identity(X.shape[1])
            return self
        scaler = (
            Standardizer.fit(X, shared=self.standardize == "shared")
            if self.standardize
            else Standardizer.identity(X.shape[1], X.dtype)
        )
        objective = Objective(
            scaler.transform(X).astype(X.dtype), Y.astype(X.dtype), get_loss(self.loss, self.task)
        )
        W0, b0 = self._initial_params(X.shape[1], Y.shape[1], X.dtype)
        result = self._run(objective, W0, b0, on_step)
        self.scaler_ = scaler
        self.weights_, self.bias_ = scaler.params_to_raw(result.weights, result.bias)
        self.loss_, self.loss_curve_ = result.loss, result.loss_curve
        self.n_iter_, self.diverged_ = result.steps, result.diverged
        return self

    def _rates(self) -> tuple[float, float]:
        lr = self.learning_rate
        lr_w = self.learning_rate_weights if self.learning_rate_weights is not None else lr
        lr_b = self.learning_rate_bias if self.learning_rate_bias is not None else lr
        return float(lr_w), float(lr_b)

    def _run(
        self, objective: Objective, W0: Array, b0: Array, on_step: Callable[[int], None] | None
    ) -> DescentResult:
        lr_w, lr_b = self._rates()
        n = objective.X.shape[0]
        if self.batch_size is None or self.batch_size >= n:
            return descend(
                objective,
                W0,
                b0,
                steps=self.max_steps,
                lr_weights=lr_w,
                lr_bias=lr_b,
                keep_snapshots=False,
                on_step=on_step,
            )
        return sgd(
            objective,
            W0,
            b0,
            steps=self.max_steps,
            batch_size=self.batch_size,
            lr_weights=lr_w,
            lr_bias=lr_b,
            rng=np.random.default_rng(self.random_state),
            on_step=on_step,
        )


class LinearRegressor(_LinearLayer):
    """A linear neuron: ``y = X @ W + b``, fitted exactly or by gradient descent.

    Parameters
    ----------
    solver : {"exact", "gd"}
        ``"exact"`` solves least squares; ``"gd"`` runs gradient descent.
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
    init : {"zeros", "normal"}
        Starting parameters: all zero (default), or small random weights from ``random_state``.
    """

    task = "regression"

    def __init__(self, *, solver: str = "exact", **kwargs: Any) -> None:
        super().__init__(solver=solver, loss="mse", **kwargs)

    def fit(
        self, X: ArrayLike, y: ArrayLike, on_step: Callable[[int], None] | None = None
    ) -> LinearRegressor:
        """Fit to ``X`` (n_samples, n_features) and ``y`` (n_samples,) or (n_samples, n_outputs)."""
        Xa = _check_X(X)
        Y = np.asarray(y, dtype=Xa.dtype)
        self.n_outputs_1d_ = Y.ndim == 1
        Y = Y[:, None] if Y.ndim == 1 else Y
        if Y.shape[0] != Xa.shape[0]:
            raise ValueError(f"X has {Xa.shape[0]} rows but y has {Y.shape[0]}")
        if not np.all(np.isfinite(Y)):
            raise ValueError("y contains NaN or infinite values")
        self.n_features_in_ = Xa.shape[1]
        self._fit_layer(Xa, Y, on_step)
        return self

    def predict(self, X: ArrayLike) -> Array:
        """Predictions, shape (n_samples,) for one output else (n_samples, n_outputs)."""
        z = self.decision_function(X)
        return z[:, 0] if self.n_outputs_1d_ else z

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """Coefficient of determination R² (scikit-learn's regression score).

        With several outputs, the plain average of each output's R², as scikit-learn does.
        """
        y = np.asarray(y, dtype=np.float64)
        pred = self.predict(X)
        ss_res = np.sum((y - pred) ** 2, axis=0)
        ss_tot = np.sum((y - y.mean(axis=0)) ** 2, axis=0)
        safe = np.where(ss_tot > 0, ss_tot, 1.0)
        r2 = np.where(ss_tot > 0, 1.0 - ss_res / safe, np.where(ss_res == 0, 1.0, 0.0))
        return float(np.mean(r2))


class SoftmaxClassifier(_LinearLayer):
    """Softmax regression: one output per class, softmax, trained by gradient descent.

    Parameters
    ----------
    loss : {"cross-entropy", "mse"}
        Cross-entropy (the standard), or mean squared error between the
        probabilities and one-hot targets (the original companion notebook's choice).
    classes : sequence, optional
        Output order of the classes; default the sorted distinct labels.
    Other parameters as :class:`LinearRegressor` (``solver`` is always ``"gd"``).
    """

    task = "classification"

    def __init__(
        self,
        *,
        loss: str = "cross-entropy",
        classes: ArrayLike | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(solver="gd", loss=loss, **kwargs)
        self.classes = classes

    def one_hot(self, y: ArrayLike) -> Array:
        """Targets as one-hot rows in the order of ``classes_``."""
        y = np.asarray(y)
        lookup = {c: i for i, c in enumerate(self.classes_.tolist())}
        unknown = sorted({str(v) for v in y.tolist() if v not in lookup})
        if unknown:
            raise ValueError(f"labels not among the classes: {', '.join(unknown[:5])}")
        idx = np.fromiter((lookup[v] for v in y.tolist()), dtype=np.intp, count=len(y))
        Y = np.zeros((len(y), len(self.classes_)))
        Y[np.arange(len(y)), idx] = 1.0
        return Y

    def fit(
        self, X: ArrayLike, y: ArrayLike, on_step: Callable[[int], None] | None = None
    ) -> SoftmaxClassifier:
        """Fit to ``X`` (n_samples, n_features) and labels ``y`` (n_samples,)."""
        Xa = _check_X(X)
        y = np.asarray(y)
        if y.ndim != 1 or y.shape[0] != Xa.shape[0]:
            raise ValueError(
                f"y must be one label per row of X ({Xa.shape[0]}), got shape {y.shape}"
            )
        self.classes_ = np.asarray(self.classes) if self.classes is not None else np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError("classification needs at least two classes")
        self.n_features_in_ = Xa.shape[1]
        self._fit_layer(Xa, self.one_hot(y), on_step)
        return self

    def predict_proba(self, X: ArrayLike) -> Array:
        """Class probabilities, shape (n_samples, n_classes), columns in ``classes_`` order."""
        return softmax(self.decision_function(X), axis=1)

    def predict(self, X: ArrayLike) -> NDArray[Any]:
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """Accuracy: the fraction of rows whose most probable class is the label."""
        return accuracy(y, self.predict(X))


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Fraction of labels predicted exactly."""
    a, b = np.asarray(y_true), np.asarray(y_pred)
    if a.shape != b.shape or a.size == 0:
        raise ValueError("accuracy needs two label arrays of the same, non-zero length")
    return float(np.mean(a == b))
