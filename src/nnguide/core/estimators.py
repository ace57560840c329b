"""What every nnguide estimator shares: train a :class:`Network`, then predict with it.

A model is a network of layer sizes ``(n_features, *hidden, n_outputs)``;
:mod:`nnguide.core.linear` has no hidden layer and :mod:`nnguide.core.mlp` has
some. Training runs :func:`~nnguide.core.descent.descend` (full batch) or
:func:`~nnguide.core.descent.sgd` (``batch_size`` set), optionally on
standardized inputs. Learned attributes (ending in ``_``):

* ``coefs_`` / ``intercepts_`` — per layer, ``coefs_[i]`` of shape (n_i, n_{i+1}) and
  ``intercepts_[i]`` of shape (n_{i+1},), **for the raw inputs**: when training
  standardized them, the scaling is folded into the first layer
  (:meth:`Standardizer.params_to_raw`), so a plain numpy forward pass on raw numbers
  reproduces ``predict`` and ``predict_proba``;
* ``network_`` (the layer sizes and activations), ``scaler_`` (what training scaled by),
  ``loss_``, ``loss_curve_``, ``n_iter_``, ``diverged_``, ``n_features_in_``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnguide.core.base import Estimator, check_X, check_y_present
from nnguide.core.descent import DescentResult, descend, sgd
from nnguide.core.layers import INITS
from nnguide.core.losses import get_loss
from nnguide.core.metrics import accuracy, one_hot
from nnguide.core.network import Network
from nnguide.core.objective import Objective
from nnguide.core.scaling import Standardizer
from nnguide.core.softmax import log_softmax, softmax

Array = NDArray[np.floating]
OnStep = Callable[[int], None] | None


def _number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def whole(value: Any, least: int) -> bool:
    return (
        isinstance(value, int | np.integer) and not isinstance(value, bool) and bool(value >= least)
    )


class NetworkEstimator(Estimator):
    """Training and prediction for a network; subclasses fix the task and the sizes."""

    _task = "regression"
    # Hyperparameters every subclass declares in its ``__init__``:
    learning_rate: float
    max_steps: int
    batch_size: int | None
    standardize: bool | str
    init: str
    random_state: int | None
    loss: str

    # -- what a subclass decides ------------------------------------------------------------
    def _hidden_sizes(self) -> tuple[int, ...]:
        return ()

    def _activation_name(self) -> str:
        return "identity"

    def _learning_rates(self, n_layers: int) -> list[float]:
        """One rate per parameter array ``[W1, b1, W2, b2, ...]``."""
        return [float(self.learning_rate)] * (2 * n_layers)

    def _rate_settings(self) -> list[Any]:
        return [self.learning_rate]

    # -- checks -----------------------------------------------------------------------------
    def _validate(self) -> None:
        get_loss(self.loss, self._task)
        for rate in self._rate_settings():
            if not (_number(rate) and np.isfinite(rate) and rate > 0):
                raise ValueError(f"learning rates must be positive numbers, got {rate!r}")
        if not whole(self.max_steps, 0):
            raise ValueError(f"max_steps must be a whole number ≥ 0, got {self.max_steps!r}")
        if self.batch_size is not None and not whole(self.batch_size, 1):
            raise ValueError(f"batch_size must be a whole number ≥ 1, got {self.batch_size!r}")
        if self.standardize not in (True, False, "shared"):
            raise ValueError(
                f"standardize must be True, False or 'shared', got {self.standardize!r}"
            )
        if self.init not in INITS:
            choices = ", ".join(repr(k) for k in INITS)
            raise ValueError(f"unknown init {self.init!r}: choose {choices}")

    # -- training ---------------------------------------------------------------------------
    def _fit_network(self, X: Array, Y: Array, on_step: OnStep) -> None:
        """Train on ``X`` (n_samples, n_features) and targets ``Y`` (n_samples, n_outputs)."""
        self._validate()
        output = "softmax" if self._task == "classification" else "identity"
        sizes = (X.shape[1], *self._hidden_sizes(), Y.shape[1])
        network = Network(sizes, self._activation_name(), output)
        if self.standardize:
            scaler = Standardizer.fit(X, shared=self.standardize == "shared")
        else:
            scaler = Standardizer.identity(X.shape[1], X.dtype)
        y_scaler = self._target_scaler(Y)
        objective = Objective(
            scaler.transform(X).astype(X.dtype),
            (Y if y_scaler is None else y_scaler.transform(Y)).astype(X.dtype),
            get_loss(self.loss, self._task),
            network,
        )
        start = network.init_params(self.random_state, self.init, X.dtype)
        result = self._run(objective, start, on_step)
        params = list(result.params)
        params[0], params[1] = scaler.params_to_raw(params[0], params[1])
        # Mean squared errors on targets divided by one spread s are s² times smaller.
        unit = 1.0
        if y_scaler is not None:
            # Outputs on the target scale: y = z·s + m, so the last layer's W·s and b·s + m.
            s, m = y_scaler.scale.astype(X.dtype), y_scaler.mean.astype(X.dtype)
            params[-2], params[-1] = params[-2] * s, params[-1] * s + m
            unit = float(s[0]) ** 2
        self._set_learned(network, params, scaler)
        self.loss_ = result.loss * unit
        self.loss_curve_ = (
            [v * unit for v in result.loss_curve] if unit != 1.0 else result.loss_curve
        )
        self.n_iter_, self.diverged_ = result.steps, result.diverged

    def _target_scaler(self, Y: Array) -> Standardizer | None:
        """How to scale the targets for training (regressors may); None leaves them as given."""
        return None

    def _run(self, objective: Objective, start: list[Array], on_step: OnStep) -> DescentResult:
        rates = self._learning_rates(len(objective.network.layers))
        if self.batch_size is None or self.batch_size >= objective.X.shape[0]:
            return descend(
                objective,
                start,
                steps=self.max_steps,
                learning_rate=rates,
                keep_snapshots=False,
                on_step=on_step,
            )
        return sgd(
            objective,
            start,
            steps=self.max_steps,
            batch_size=self.batch_size,
            learning_rate=rates,
            seed=self.random_state,
            on_step=on_step,
        )

    def _set_learned(self, network: Network, params: list[Array], scaler: Standardizer) -> None:
        self.network_ = network
        self.coefs_ = list(params[0::2])
        self.intercepts_ = list(params[1::2])
        self.scaler_ = scaler

    # -- using the trained network ----------------------------------------------------------
    @property
    def params_(self) -> list[Array]:
        """The flat parameter list ``[W1, b1, W2, b2, ...]`` for raw inputs."""
        self._check_fitted()
        return [p for pair in zip(self.coefs_, self.intercepts_, strict=True) for p in pair]

    n_features_in_: int

    def _outputs(self, X: ArrayLike) -> Array:
        """The last layer's scores, shape (n_samples, n_outputs), in ``X``'s float dtype."""
        self._check_fitted()
        Xa = check_X(X, self, self.n_features_in_)
        params = [p.astype(Xa.dtype, copy=False) for p in self.params_]
        return self.network_.outputs(params, Xa)


class RegressorMixin:
    """``fit``/``predict``/``score`` for real-valued targets, one or several outputs."""

    _estimator_type = "regressor"
    _multi_output = True
    _task = "regression"

    def fit(self, X: ArrayLike, y: ArrayLike, on_step: OnStep = None) -> Any:
        """Fit to ``X`` (n_samples, n_features) and ``y`` (n_samples,) or (n_samples, n_outputs).

        ``on_step``, if given, is called with the step number after each step.
        """
        check_y_present(y, self)
        Xa = check_X(X, self)
        Y = np.asarray(y, dtype=Xa.dtype)
        if Y.ndim not in (1, 2):
            raise ValueError(f"y must be 1- or 2-dimensional, got shape {Y.shape}")
        if Y.shape[0] != Xa.shape[0]:
            raise ValueError(f"X has {Xa.shape[0]} rows but y has {Y.shape[0]}")
        if not np.all(np.isfinite(Y)):
            raise ValueError("y contains NaN or infinite values")
        self.n_outputs_1d_ = Y.ndim == 1
        self.n_features_in_ = Xa.shape[1]
        self._fit_network(Xa, Y[:, None] if Y.ndim == 1 else Y, on_step)  # type: ignore[attr-defined]
        return self

    def predict(self, X: ArrayLike) -> Array:
        """Predictions, shape (n_samples,) for one output, else (n_samples, n_outputs)."""
        z = self._outputs(X)  # type: ignore[attr-defined]
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


class ClassifierMixin:
    """``fit``/``predict``/``predict_proba``/``score`` for class labels, through softmax."""

    _estimator_type = "classifier"
    _task = "classification"
    classes: ArrayLike | None

    def fit(self, X: ArrayLike, y: ArrayLike, on_step: OnStep = None) -> Any:
        """Fit to ``X`` (n_samples, n_features) and labels ``y`` (n_samples,).

        ``on_step``, if given, is called with the step number after each step.
        """
        check_y_present(y, self)
        Xa = check_X(X, self)
        labels = _labels(y, Xa.shape[0])
        self.classes_ = np.asarray(self.classes) if self.classes is not None else np.unique(labels)
        if len(self.classes_) < 2:
            raise ValueError(
                f"classification needs at least two classes; y has {len(self.classes_)} class"
            )
        self.n_features_in_ = Xa.shape[1]
        self._fit_network(Xa, one_hot(labels, self.classes_), on_step)  # type: ignore[attr-defined]
        return self

    def one_hot(self, y: ArrayLike) -> Array:
        """Labels as one-hot rows in the order of ``classes_``."""
        return one_hot(y, self.classes_)

    def decision_function(self, X: ArrayLike) -> Array:
        """Class scores before softmax.

        Returns
        -------
        ndarray, shape (n_samples, n_classes); for two classes, shape (n_samples,): the
        second class's score less the first's (its log-odds), positive when the second
        class is predicted, as scikit-learn's binary classifiers report it.
        """
        z = self._outputs(X)  # type: ignore[attr-defined]
        return z[:, 1] - z[:, 0] if z.shape[1] == 2 else z

    def predict_proba(self, X: ArrayLike) -> Array:
        """Class probabilities, shape (n_samples, n_classes), columns in ``classes_`` order."""
        return softmax(self._outputs(X), axis=1)  # type: ignore[attr-defined]

    def predict_log_proba(self, X: ArrayLike) -> Array:
        """Log-probabilities, computed stably (log-sum-exp), shape (n_samples, n_classes)."""
        return log_softmax(self._outputs(X), axis=1)  # type: ignore[attr-defined]

    def predict(self, X: ArrayLike) -> NDArray[Any]:
        """The most probable class of each row (a tie goes to the earlier class)."""
        z = self._outputs(X)  # type: ignore[attr-defined]  # first: it checks fit was run
        return self.classes_[np.argmax(z, axis=1)]

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """Accuracy: the fraction of rows whose most probable class is the label."""
        return accuracy(y, self.predict(X))


def _labels(y: ArrayLike, n_samples: int) -> NDArray[Any]:
    labels = np.asarray(y)
    if labels.ndim == 2 and labels.shape[1] == 1:
        warnings.warn(
            "A column-vector y was passed when a 1d array was expected; it is read as "
            "one label per row.",
            _conversion_warning(),
            stacklevel=3,
        )
        labels = labels[:, 0]
    if labels.ndim != 1 or labels.shape[0] != n_samples:
        raise ValueError(
            f"y must be one label per row of X ({n_samples}), got shape {labels.shape}"
        )
    if labels.dtype.kind == "f":
        if not np.all(np.isfinite(labels)):
            raise ValueError("y contains NaN or infinite values")
        if np.any(labels != np.round(labels)):
            raise ValueError(
                "Unknown label type: continuous. A classifier needs class labels; "
                "for a number to predict, use a regressor."
            )
    return labels


def _conversion_warning() -> type[Warning]:
    """scikit-learn's DataConversionWarning when it is loaded, else a plain UserWarning."""
    import sys

    if "sklearn" in sys.modules:
        try:
            from sklearn.exceptions import DataConversionWarning

            return DataConversionWarning
        except ImportError:  # pragma: no cover
            pass
    return UserWarning
