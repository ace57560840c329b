"""Fit a model to a dataset selection and describe the result as plain data.

Shared by the CLI (``nnguide fit``) and anything else that needs the same
report; the numbers are always for the raw, unscaled inputs, so
``X @ weights + bias`` reproduces the outputs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnguide.core import LinearRegressor, SoftmaxClassifier
from nnguide.core.split import train_test_split
from nnguide.data.dataset import Selection
from nnguide.data.modelfile import SavedModel
from nnguide.errors import TrainingError, UsageError

MAX_STEPS = 1_000_000


@dataclass(frozen=True)
class FitOptions:
    solver: str | None = None  # default: exact for regression, gd for classification
    loss: str | None = None  # default: mse for regression, cross-entropy for classification
    learning_rate: float = 0.1
    learning_rate_weights: float | None = None
    learning_rate_bias: float | None = None
    steps: int = 1000
    batch_size: int | None = None
    standardize: bool | str = True  # "shared": one spread for all inputs (pixels)
    seed: int | None = None
    init: str = "zeros"
    test_size: float = 0.0


def check_options(options: FitOptions, task: str | None = None) -> None:
    """Refuse impossible option values before any data is loaded or trained on."""
    for name in ("learning_rate", "learning_rate_weights", "learning_rate_bias"):
        rate = getattr(options, name)
        if rate is not None and not (math.isfinite(rate) and rate > 0):
            flag = name.replace("_", "-").replace("learning-rate", "lr")
            raise UsageError(f"--{flag} must be a positive number")
    if not 0 <= options.steps <= MAX_STEPS:
        raise UsageError(f"--steps must be between 0 and {MAX_STEPS:,}")
    if options.batch_size is not None and options.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    if not 0 <= options.test_size < 1:
        raise UsageError("--test-size must be a fraction from 0 up to (not including) 1")
    if task == "classification" and options.solver == "exact":
        raise UsageError("--solver exact is for regression; classification trains with gd")


def make_estimator(
    selection: Selection, options: FitOptions
) -> LinearRegressor | SoftmaxClassifier:
    check_options(options)
    common: dict[str, Any] = dict(
        learning_rate=options.learning_rate,
        learning_rate_weights=options.learning_rate_weights,
        learning_rate_bias=options.learning_rate_bias,
        max_steps=options.steps,
        batch_size=options.batch_size,
        standardize=options.standardize,
        init=options.init,
        random_state=options.seed,
    )
    if selection.task == "regression":
        if options.loss not in (None, "mse"):
            raise UsageError("regression trains on the mean squared error: use --loss mse")
        return LinearRegressor(solver=options.solver or "exact", **common)
    if options.solver == "exact":
        raise UsageError("--solver exact is for regression; classification trains with gd")
    return SoftmaxClassifier(
        loss=options.loss or "cross-entropy", classes=selection.classes, **common
    )


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _numbers(values: np.ndarray) -> list[Any]:
    """``values.tolist()``, with None for any value that is not finite (JSON has no NaN)."""
    if np.all(np.isfinite(values)):
        exact: list[Any] = values.tolist()
        return exact
    flat = [v if math.isfinite(v) else None for v in values.ravel().tolist()]
    cleaned: list[Any] = np.array(flat, dtype=object).reshape(values.shape).tolist()
    return cleaned


#: Above this many inputs the stable-rate hint is skipped (it needs a d×d eigenproblem).
MAX_HINT_FEATURES = 2000


def max_stable_learning_rate(X: np.ndarray) -> float | None:
    """The largest single learning rate at which full-batch gradient descent on the
    mean squared error of ``X @ w + b`` converges, for the inputs ``X`` it trains on.

    The loss is quadratic with Hessian ``H = 2/n · Aᵀ A`` (``A`` is ``X`` with a
    column of ones); a step ``lr`` shrinks every error direction only while
    ``lr < 2 / λmax(H) = n / λmax(Aᵀ A)``. None when ``X`` is too wide to check.
    """
    n, d = X.shape
    if n == 0 or d + 1 > MAX_HINT_FEATURES:
        return None
    A = np.column_stack([np.asarray(X, dtype=np.float64), np.ones(n)])
    top = float(np.linalg.eigvalsh(A.T @ A)[-1])
    return n / top if top > 0 and math.isfinite(top) else None


def fit_report(
    selection: Selection,
    options: FitOptions,
    on_step: Callable[[int], None] | None = None,
) -> tuple[dict[str, Any], SavedModel]:
    """Train on ``selection`` and return (JSON-ready report, model to save).

    Every number in the report is finite or None. A run that diverged reports the last
    finite parameters with ``diverged: true`` (None where even those overflow on the raw
    inputs); a run that did not diverge but whose numbers overflow anyway is a
    :class:`TrainingError`. NumPy's floating-point warnings are silenced here because
    every result is checked.
    """
    with np.errstate(all="ignore"):
        return _fit_report(selection, options, on_step)


def _fit_report(
    selection: Selection,
    options: FitOptions,
    on_step: Callable[[int], None] | None,
) -> tuple[dict[str, Any], SavedModel]:
    model = make_estimator(selection, options)
    X, y = selection.X, selection.y
    train, test = train_test_split(
        len(y),
        options.test_size,
        seed=options.seed or 0,
        labels=y if selection.task == "classification" else None,
    )
    try:
        model.fit(X[train], y[train], on_step=on_step)
    except ValueError as err:  # includes numpy's LinAlgError
        raise TrainingError(f"{selection.target}: the fit failed: {err}") from None
    W, b = model.weights_.astype(np.float64), model.bias_.astype(np.float64)
    diverged = bool(model.diverged_)
    outputs = X @ W + b
    finite = bool(
        np.all(np.isfinite(W)) and np.all(np.isfinite(b)) and np.all(np.isfinite(outputs))
    )
    if not finite and not diverged:
        raise TrainingError(
            f"the fitted model's numbers overflow float64 on this data (weights up to "
            f"{np.nanmax(np.abs(W)):.3g}); rescale the columns, e.g. to other units"
        )
    report: dict[str, Any] = {
        "task": selection.task,
        "target": selection.target,
        "features": selection.features,
        "solver": model.solver,
        "loss_function": model.loss,
        "standardize": options.standardize if model.solver == "gd" else False,
        "weights": _numbers(W),
        "bias": _numbers(b),
        "loss": _finite(model.loss_),
        "steps": int(model.n_iter_),
        "diverged": diverged,
        "n_train": int(len(train)),
        "n_test": int(len(test)),
    }
    if selection.task == "classification":
        assert isinstance(model, SoftmaxClassifier)
        report["classes"] = list(model.classes_.tolist())
        probabilities = model.predict_proba(X) if finite else np.full(outputs.shape, np.nan)
        report["probabilities"] = _numbers(np.round(probabilities, 10))
        report["accuracy"] = model.score(X[train], y[train]) if finite else None
        if len(test):
            report["test_accuracy"] = model.score(X[test], y[test]) if finite else None
    else:
        report["predictions"] = _numbers(outputs[:, 0] if W.shape[1] == 1 else outputs)
        if diverged and model.solver == "gd":
            limit = max_stable_learning_rate(model.scaler_.transform(X[train]))
            if limit is not None and math.isfinite(limit):
                report["max_stable_lr"] = limit
        if len(test):
            report["test_loss"] = _finite(float(np.mean((outputs[test, 0] - y[test]) ** 2)))
    saved = SavedModel(
        task=selection.task,
        features=selection.features,
        target=selection.target,
        weights=W,
        bias=b,
        loss=model.loss,
        classes=report.get("classes"),
    )
    return report, saved
