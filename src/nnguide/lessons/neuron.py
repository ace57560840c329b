"""A linear neuron on any one-input data: what sections 3 and 4 compute, for the learner's data.

The house sections (:mod:`regression`) work on the bundled house sets by name.
A notebook widget brings its own ``x`` and ``y``; this module answers the same
questions for them: the line at a weight and bias (predictions, per-row errors,
the mean squared error, its gradient and the step gradient descent is about to
take), gradient descent from any point, and the error map over a grid of
weights and biases. Every parameter in and out is for the raw inputs;
standardization only changes where gradient descent walks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnguide.core import Objective, Standardizer, descend, get_loss, least_squares, loss_grid
from nnguide.lessons.messages import OVERFLOW, LessonError, Message
from nnguide.lessons.regression import (
    Optimum,
    PathPoint,
    Row,
    Step,
    _walk_message,
    measure,
)

Array = NDArray[np.float64]

#: The most rows a widget's data may have: every answer lists them all, row by row.
MAX_ROWS = 1000
#: Counted work per request: rows × gradient-descent steps (about 0.1 s of CPU).
MAX_WORK = 2_000_000
#: Finite values a learner's data may hold; squares of these still fit a float64.
MAX_ABS = 1e12


@dataclass(frozen=True, eq=False)
class Data:
    """One input ``x`` and a target ``y``, checked: finite, same length, 2 to MAX_ROWS rows."""

    X: Array  # (n_samples, 1)
    y: Array  # (n_samples,)
    feature: str
    target: str

    @property
    def n_samples(self) -> int:
        return int(self.X.shape[0])


def make_data(x: ArrayLike, y: ArrayLike, feature: str = "x", target: str = "y") -> Data:
    """Check one-input regression data and keep it as float64 arrays.

    Parameters
    ----------
    x : array_like, shape (n_samples,) or (n_samples, 1)
    y : array_like, shape (n_samples,)
    """
    try:
        X = np.asarray(x, dtype=np.float64)
        Y = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError):
        raise LessonError("x and y must be numbers") from None
    if X.ndim == 2 and X.shape[1] == 1:
        X = X[:, 0]
    if X.ndim != 1:
        raise LessonError(f"x must be one input per row (n_samples,), got shape {X.shape}")
    if Y.ndim == 2 and Y.shape[1] == 1:
        Y = Y[:, 0]
    if Y.ndim != 1 or Y.shape[0] != X.shape[0]:
        raise LessonError(f"y must be one number per row of x ({X.shape[0]}), got shape {Y.shape}")
    if not 2 <= X.shape[0] <= MAX_ROWS:
        raise LessonError(f"the data needs 2 to {MAX_ROWS} rows, got {X.shape[0]}")
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(Y))):
        raise LessonError("the data holds a value that is not a finite number (NaN or infinity)")
    if np.abs(X).max() > MAX_ABS or np.abs(Y).max() > MAX_ABS:
        raise LessonError(f"the data's values must be within ±{MAX_ABS:g}")
    if np.ptp(X) == 0:
        raise LessonError("every x is the same number: there is no slope to learn")
    return Data(X[:, None].copy(), Y.copy(), str(feature), str(target))


def _nice(value: float) -> float:
    """Round outwards to two significant figures, for slider ends a reader can take in."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    step = 10 ** (math.floor(math.log10(abs(value))) - 1)
    return math.ceil(value / step) * step if value > 0 else math.floor(value / step) * step


@dataclass(frozen=True)
class DataInfo:
    features: list[str]
    target: str
    inputs: list[list[float]]
    actual: list[float]
    optimum: Optimum  # least squares: the best line
    no_bias_optimum: Optimum  # the best line through the origin
    x_domain: list[float]  # the chart's x range: the data with a margin
    y_domain: list[float]  # the chart's y range: the data and the best line, with a margin
    weight_range: list[float]  # slider and error-map range for the weight, around the best
    bias_range: list[float]  # ... and for the bias


def describe(data: Data) -> DataInfo:
    """The points to draw, the best lines, and ranges for the chart, the sliders and the map."""
    x, y = data.X[:, 0], data.y
    W, b = least_squares(data.X, y)
    w_best, b_best = float(W[0, 0]), float(b[0])
    w0 = float(x @ y / (x @ x)) if x @ x > 0 else 0.0
    span_x, span_y = float(np.ptp(x)), float(np.ptp(y)) or 1.0
    x_domain = [float(x.min()) - 0.1 * span_x, float(x.max()) + 0.1 * span_x]
    y_domain = [float(y.min()) - 0.15 * span_y, float(y.max()) + 0.15 * span_y]
    # A weight that moves the line by about the data's spread across the x range, either way;
    # a bias that covers the same shift at the data's typical x.
    slope = span_y / span_x
    weight_range = [_nice(w_best - 2 * slope), _nice(w_best + 2 * slope)]
    reach = 2 * slope * max(abs(float(x.mean())), span_x) + span_y
    bias_range = [_nice(b_best - reach), _nice(b_best + reach)]

    def mse(w: float, bias: float) -> float:
        return float(np.mean((x * w + bias - y) ** 2))

    return DataInfo(
        features=[data.feature],
        target=data.target,
        inputs=data.X.tolist(),
        actual=y.tolist(),
        optimum=Optimum([w_best], b_best, mse(w_best, b_best)),
        no_bias_optimum=Optimum([w0], 0.0, mse(w0, 0.0)),
        x_domain=x_domain,
        y_domain=y_domain,
        weight_range=weight_range,
        bias_range=bias_range,
    )


@dataclass(frozen=True)
class Evaluation:
    features: list[str]
    weights: list[float]
    bias: float
    rows: list[Row]
    mse: float
    gradient: Step  # dMSE/dparameter here, for raw inputs
    next_step: Step  # how much the next GD step changes each parameter
    line: list[list[float]] | None  # [[x, prediction], …] at the xs asked for


def _scaler(data: Data, standardize: bool) -> Standardizer:
    return Standardizer.fit(data.X) if standardize else Standardizer.identity(1)


def _objective(data: Data, scaler: Standardizer) -> Objective:
    return Objective(scaler.transform(data.X), data.y[:, None], get_loss("mse", "regression"))


def _params(weights: list[float], bias: float) -> tuple[Array, Array]:
    if len(weights) != 1:
        raise LessonError(f"this data has 1 input, so it needs 1 weight, got {len(weights)}")
    return np.asarray(weights, dtype=np.float64)[:, None], np.array([float(bias)])


def evaluate(
    data: Data,
    weights: list[float],
    bias: float,
    *,
    lr_weights: float = 1e-8,
    lr_bias: float = 0.5,
    standardize: bool = False,
    line_x: list[float] | None = None,
) -> Evaluation:
    """Predictions, per-row errors, MSE, gradient and the next GD step at ``(weights, bias)``."""
    W, b = _params(weights, bias)
    return _evaluate(data, W, b, lr_weights, lr_bias, standardize, line_x)


def _evaluate(
    data: Data,
    W: Array,
    b: Array,
    lr_w: float,
    lr_b: float,
    standardize: bool,
    line_x: list[float] | None,
) -> Evaluation:
    scaler = _scaler(data, standardize)
    m = measure(
        data.X,
        data.y,
        W,
        b,
        raw=_objective(data, Standardizer.identity(1)),
        scaler=scaler,
        scaled=_objective(data, scaler) if standardize else None,
        lr_w=lr_w,
        lr_b=lr_b,
        line_x=line_x,
    )
    return Evaluation(
        features=[data.feature],
        weights=W[:, 0].tolist(),
        bias=float(b[0]),
        rows=m.rows,
        mse=m.mse,
        gradient=m.gradient,
        next_step=m.next_step,
        line=m.line,
    )


@dataclass(frozen=True)
class TrainResult(Evaluation):
    path: list[PathPoint]
    steps_taken: int
    diverged: bool
    message: Message


def check_work(data: Data, steps: int) -> None:
    """Refuse a request whose counted work (rows × steps) is past :data:`MAX_WORK`."""
    if data.n_samples * steps > MAX_WORK:
        most = MAX_WORK // data.n_samples
        raise LessonError(
            f"with {data.n_samples} rows, one request may take at most {most} steps",
            "too_much_work",
        )


def train(
    data: Data,
    weights: list[float],
    bias: float,
    *,
    steps: int,
    lr_weights: float = 1e-8,
    lr_bias: float = 0.5,
    standardize: bool = False,
    line_x: list[float] | None = None,
) -> TrainResult:
    """Run ``steps`` full-batch gradient-descent steps; the path, and the answer at its end."""
    check_work(data, steps)
    W, b = _params(weights, bias)
    scaler = _scaler(data, standardize)
    W_s, b_s = scaler.params_to_scaled(W, b)
    with np.errstate(all="ignore"):
        result = descend(
            _objective(data, scaler), [W_s, b_s], steps=steps, learning_rate=[lr_weights, lr_bias]
        )
    if not result.snapshots:  # the starting point itself overflows
        raise LessonError(OVERFLOW, "overflow")
    W_all = np.stack([s.params[0][:, 0] for s in result.snapshots]) / scaler.scale
    b_all = np.array([s.params[1][0] for s in result.snapshots]) - W_all @ scaler.mean
    path = [
        PathPoint(w, b_, s.loss)
        for w, b_, s in zip(W_all.tolist(), b_all.tolist(), result.snapshots, strict=True)
    ]
    end = _evaluate(
        data,
        np.asarray(path[-1].weights)[:, None],
        np.array([path[-1].bias]),
        lr_weights,
        lr_bias,
        standardize,
        line_x,
    )
    return TrainResult(
        **vars(end),
        path=path,
        steps_taken=result.steps,
        diverged=result.diverged,
        message=_walk_message(path, result.steps, steps, result.diverged),
    )


@dataclass(frozen=True)
class Landscape:
    weights: list[float]
    biases: list[float]
    mse: list[list[float]]  # mse[i][j] is for biases[i], weights[j]
    mse_max: float


def landscape(
    data: Data,
    weight_range: tuple[float, float],
    bias_range: tuple[float, float],
    resolution: int,
) -> Landscape:
    """The error map: MSE over a resolution × resolution grid of (weight, bias)."""
    if not (weight_range[0] < weight_range[1] and bias_range[0] < bias_range[1]):
        raise LessonError("each range needs min < max")
    ws = np.linspace(*weight_range, resolution)
    bs = np.linspace(*bias_range, resolution)
    with np.errstate(all="ignore"):
        grid = loss_grid(data.X[:, 0], data.y, ws, bs)
    if not np.all(np.isfinite(grid)):
        raise LessonError("this range makes the error overflow; choose a smaller range", "overflow")
    return Landscape(ws.tolist(), bs.tolist(), grid.tolist(), float(grid.max()))
