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

from nnguide.core import LinearRegressor, MLPClassifier, MLPRegressor, SoftmaxClassifier
from nnguide.core.activations import ACTIVATIONS
from nnguide.core.network import Network
from nnguide.core.softmax import softmax
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
    init_given: bool = False  # the user chose --init (else: zeros, or a seeded start for networks)
    test_size: float = 0.0
    hidden: tuple[int, ...] = ()  # hidden layer sizes; () is the linear model
    activation: str | None = None  # of the hidden layers; default relu


MAX_HIDDEN_LAYERS = 8
MAX_LAYER_SIZE = 4096
Estimator = LinearRegressor | SoftmaxClassifier | MLPRegressor | MLPClassifier


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
    if len(options.hidden) > MAX_HIDDEN_LAYERS:
        raise UsageError(f"--hidden takes at most {MAX_HIDDEN_LAYERS} layer sizes")
    if any(not 1 <= n <= MAX_LAYER_SIZE for n in options.hidden):
        raise UsageError(f"--hidden sizes must be from 1 to {MAX_LAYER_SIZE}")
    if options.activation is not None and options.activation not in ACTIVATIONS:
        raise UsageError(f"--activation must be one of {', '.join(ACTIVATIONS)}")
    if options.hidden and options.solver == "exact":
        raise UsageError(
            "--solver exact fits a straight line; a network with --hidden trains with gd"
        )
    if options.hidden and options.init == "zeros" and options.init_given:
        raise UsageError(
            "--init zeros: a network with hidden layers cannot learn from all-zero weights "
            "(every hidden neuron would stay identical); leave --init out for a seeded start"
        )
    if options.activation is not None and not options.hidden:
        raise UsageError("--activation is for hidden layers: add --hidden, e.g. --hidden 8")


def make_estimator(selection: Selection, options: FitOptions) -> Estimator:
    check_options(options)
    if options.hidden:
        return _make_network(selection, options)
    common: dict[str, Any] = dict(
        learning_rate=options.learning_rate,
        learning_rate_weights=options.learning_rate_weights,
        learning_rate_bias=options.learning_rate_bias,
        max_steps=options.steps,
        batch_size=options.batch_size,
        standardize=options.standardize,
        init=options.init,
        random_state=options.seed if options.seed is not None else 0,
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


def _make_network(selection: Selection, options: FitOptions) -> MLPRegressor | MLPClassifier:
    if options.learning_rate_weights is not None or options.learning_rate_bias is not None:
        raise UsageError("--lr-weights and --lr-bias are for the linear model; use --lr")
    common: dict[str, Any] = dict(
        hidden_layer_sizes=options.hidden,
        activation=options.activation or "relu",
        learning_rate=options.learning_rate,
        max_steps=options.steps,
        batch_size=options.batch_size,
        standardize=options.standardize,
        init=options.init if options.init_given else "auto",
        random_state=options.seed if options.seed is not None else 0,
    )
    if selection.task == "regression":
        if options.loss not in (None, "mse"):
            raise UsageError("regression trains on the mean squared error: use --loss mse")
        return MLPRegressor(**common)
    return MLPClassifier(loss=options.loss or "cross-entropy", classes=selection.classes, **common)


def raw_layers(model: Estimator) -> list[tuple[np.ndarray, np.ndarray]]:
    """The fitted model's layers for raw, unscaled inputs: ``[(W, b), ...]``."""
    if isinstance(model, MLPRegressor | MLPClassifier):
        return [
            (np.asarray(W, np.float64), np.asarray(b, np.float64))
            for W, b in zip(model.coefs_, model.intercepts_, strict=True)
        ]
    return [(model.weights_.astype(np.float64), model.bias_.astype(np.float64))]


def forward(
    layers: list[tuple[np.ndarray, np.ndarray]], activation: str, X: np.ndarray
) -> np.ndarray:
    """The last layer's outputs for raw inputs ``X``: the plain forward pass a script can do."""
    sizes = (layers[0][0].shape[0], *(W.shape[1] for W, _ in layers))
    params = [p for layer in layers for p in layer]
    return np.asarray(Network(sizes, activation).outputs(params, X), np.float64)


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
    layers = raw_layers(model)
    activation = (options.activation or "relu") if options.hidden else "identity"
    diverged = bool(model.diverged_)
    outputs = forward(layers, activation, X)
    finite = bool(
        all(np.all(np.isfinite(W)) and np.all(np.isfinite(b)) for W, b in layers)
        and np.all(np.isfinite(outputs))
    )
    if not finite and not diverged:
        largest = max(float(np.nanmax(np.abs(W))) for W, _ in layers)
        raise TrainingError(
            f"the fitted model's numbers overflow float64 on this data (weights up to "
            f"{largest:.3g}); rescale the columns, e.g. to other units"
        )
    solver = getattr(model, "solver", "gd")
    report: dict[str, Any] = {
        "task": selection.task,
        "target": selection.target,
        "features": selection.features,
        "solver": solver,
        "loss_function": model.loss,
        "standardize": options.standardize if solver == "gd" else False,
        "activation": activation,
        "hidden": list(options.hidden),
        "layers": [{"weights": _numbers(W), "bias": _numbers(b)} for W, b in layers],
    }
    if not options.hidden:  # the linear model's one layer, under its 0.1 names
        report["weights"], report["bias"] = (
            report["layers"][0]["weights"],
            report["layers"][0]["bias"],
        )
    report |= {
        "loss": _finite(model.loss_),
        "steps": int(model.n_iter_),
        "diverged": diverged,
        "n_train": int(len(train)),
        "n_test": int(len(test)),
    }
    if selection.task == "classification":
        assert isinstance(model, SoftmaxClassifier | MLPClassifier)
        report["classes"] = list(model.classes_.tolist())
        probabilities = softmax(outputs, axis=1) if finite else np.full(outputs.shape, np.nan)
        report["probabilities"] = _numbers(np.round(probabilities, 10))
        report["accuracy"] = model.score(X[train], y[train]) if finite else None
        if len(test):
            report["test_accuracy"] = model.score(X[test], y[test]) if finite else None
    else:
        report["predictions"] = _numbers(outputs[:, 0] if outputs.shape[1] == 1 else outputs)
        if diverged and solver == "gd" and not options.hidden:
            assert isinstance(model, LinearRegressor)
            limit = max_stable_learning_rate(model.scaler_.transform(X[train]))
            if limit is not None and math.isfinite(limit):
                report["max_stable_lr"] = limit
        if len(test):
            report["test_loss"] = _finite(float(np.mean((outputs[test, 0] - y[test]) ** 2)))
    saved = SavedModel(
        task=selection.task,
        features=selection.features,
        target=selection.target,
        layers=layers,
        loss=model.loss,
        classes=report.get("classes"),
        activation=activation,
    )
    return report, saved
