"""Sections 1–5: a linear neuron on the houses.

Evaluate a line (predictions, per-row errors, the mean squared error, the
gradient and the step gradient descent is about to take), walk gradient
descent from any point, race raw against standardized inputs, and map the
error over a grid of weights and biases.

Every parameter in and out is for the raw inputs (area in sq ft, bathrooms,
price in $1000s), whatever the learner chose to train on: standardization only
changes where gradient descent walks, never the numbers the learner reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from nnguide.core import Objective, Standardizer, descend, get_loss, least_squares, loss_grid
from nnguide.data import load_dataset
from nnguide.lessons.messages import OVERFLOW, LessonError, Message

Array = NDArray[np.float64]

HOUSE_SETS = ("houses-3", "houses-10", "portland")
#: Section 3's challenge: get the error below this (SPEC §3).
GOAL_MSE = 799.0
#: Section 3's encouragement, from far off to nearly perfect: (code, the MSE it applies from).
#: The first rule that matches wins; the thresholds come from SPEC §3.
FEEDBACK = (
    ("nowhere", 800_000.0, "at_least"),
    ("far_off", 100_000.0, "at_least"),
    ("outstanding", 450.0, "below"),
    ("excellent", 500.0, "below"),
    ("great", 600.0, "below"),
    ("nice", 750.0, "below"),
    ("goal_reached", GOAL_MSE, "below"),
)
#: The races of section 4 stop at these errors.
RACE_TARGETS = (799.0, 500.0, 450.0)


@dataclass(frozen=True)
class Houses:
    X: Array  # (n_samples, n_features)
    y: Array  # (n_samples,) prices in $1000s
    features: list[str]


@cache
def houses(dataset: str) -> Houses:
    if dataset not in HOUSE_SETS:
        raise LessonError(f"unknown house set {dataset!r}: choose one of {', '.join(HOUSE_SETS)}")
    selection = load_dataset(dataset).select("price")
    return Houses(selection.X, np.asarray(selection.y, np.float64), selection.features)


def n_inputs(dataset: str) -> int:
    return len(houses(dataset).features)


@cache
def _scaler(dataset: str, standardize: bool) -> Standardizer:
    X = houses(dataset).X
    return Standardizer.fit(X) if standardize else Standardizer.identity(X.shape[1])


@cache
def _objective(dataset: str, standardize: bool) -> Objective:
    h = houses(dataset)
    return Objective(
        _scaler(dataset, standardize).transform(h.X), h.y[:, None], get_loss("mse", "regression")
    )


def feedback(mse: float) -> str:
    """Section 3's verdict on an error, as a code (``"goal"`` until below 799)."""
    for code, threshold, kind in FEEDBACK:
        if (mse >= threshold) if kind == "at_least" else (mse < threshold):
            return code
    return "goal"


def feedback_threshold(code: str) -> float:
    """The error a feedback code refers to ("below 500", "≥ 100,000"; the goal for "goal")."""
    return next((t for c, t, _ in FEEDBACK if c == code), GOAL_MSE)


def line(weights: Array, bias: Array, xs: list[float] | None) -> list[list[float]] | None:
    """Points ``[x, w·x + b]`` of a one-input model's line at ``xs`` (None: not asked, or
    more than one input, where the model is a plane)."""
    if xs is None or weights.shape[0] != 1:
        return None
    return [[float(x), float(weights[0, 0] * x + bias[0])] for x in xs]


def rounded_rate(rate: float) -> float:
    """The price per sq ft the guide works with: $180.01 → $180, i.e. 0.180 in $1000s."""
    return round(rate, 3)


@dataclass(frozen=True)
class Row:
    inputs: list[float]
    actual: float
    prediction: float
    error: float  # actual − prediction
    squared: float


@dataclass(frozen=True)
class Step:
    weights: list[float]
    bias: float


@dataclass(frozen=True)
class Evaluation:
    features: list[str]
    weights: list[float]
    bias: float
    rows: list[Row]
    mse: float
    gradient: Step  # dMSE/dparameter here, for raw inputs
    next_step: Step  # how much the next GD step changes each parameter
    goal: float
    feedback: str
    feedback_threshold: float  # the error the feedback code refers to
    line: list[list[float]] | None  # [[x, prediction], …] at the areas asked for (one input)


def _params(weights: list[float], bias: float) -> tuple[Array, Array]:
    return np.asarray(weights, dtype=np.float64)[:, None], np.array([float(bias)])


def _check_shape(dataset: str, weights: list[float]) -> None:
    n = n_inputs(dataset)
    if len(weights) != n:
        raise LessonError(f"{dataset} has {n} input(s), so it needs {n} weight(s)")


def evaluate(
    dataset: str,
    weights: list[float],
    bias: float,
    *,
    lr_weights: float = 1e-8,
    lr_bias: float = 0.5,
    standardize: bool = False,
    line_x: list[float] | None = None,
) -> Evaluation:
    """Predictions, per-row errors, MSE, gradient and next GD step at a point (raw inputs);
    with ``line_x``, also the model's line at those areas (one-input sets)."""
    _check_shape(dataset, weights)
    return _evaluate(dataset, *_params(weights, bias), lr_weights, lr_bias, standardize, line_x)


@dataclass(frozen=True)
class Measured:
    """A linear model at one point on data: the numbers an evaluation reports."""

    rows: list[Row]
    mse: float
    gradient: Step
    next_step: Step
    line: list[list[float]] | None


def measure(
    X: Array,
    y: Array,
    W: Array,
    b: Array,
    *,
    raw: Objective,
    scaler: Standardizer,
    scaled: Objective | None,
    lr_w: float,
    lr_b: float,
    line_x: list[float] | None,
) -> Measured:
    """Predictions, per-row errors, MSE, gradient and the next GD step at ``(W, b)``.

    ``raw`` is the MSE on raw inputs; the next step is taken where GD trains — on ``scaled``
    (inputs through ``scaler``) when given, else on raw inputs, where the two spaces and their
    gradients coincide — and expressed for raw inputs. Overflow is refused with one message.
    """
    with np.errstate(all="ignore"):
        pred = X @ W[:, 0] + b[0]
        err = y - pred
        mse, (grad_W, grad_B) = raw.value_and_grad([W, b])
        W_s, b_s = scaler.params_to_scaled(W, b)
        if scaled is not None:
            _, (gW_s, gb_s) = scaled.value_and_grad([W_s, b_s])
        else:
            gW_s, gb_s = grad_W, grad_B
        W_next, b_next = scaler.params_to_raw(W_s - lr_w * gW_s, b_s - lr_b * gb_s)
        squared = err * err
        drawn = line(W, b, line_x)
    values = [mse, *grad_W.ravel(), *grad_B, *pred, *W_next.ravel(), *b_next, *squared]
    values += [v for _, v in drawn or []]
    if not np.all(np.isfinite(values)):
        raise LessonError(OVERFLOW, "overflow")
    rows = [
        Row(x.tolist(), a, p, e, q)
        for x, a, p, e, q in zip(
            X, y.tolist(), pred.tolist(), err.tolist(), squared.tolist(), strict=True
        )
    ]
    return Measured(
        rows=rows,
        mse=float(mse),
        gradient=Step(grad_W[:, 0].tolist(), float(grad_B[0])),
        next_step=Step((W_next - W)[:, 0].tolist(), float(b_next[0] - b[0])),
        line=drawn,
    )


def _evaluate(
    dataset: str,
    W: Array,
    b: Array,
    lr_w: float,
    lr_b: float,
    standardize: bool,
    line_x: list[float] | None = None,
) -> Evaluation:
    h = houses(dataset)
    m = measure(
        h.X,
        h.y,
        W,
        b,
        raw=_objective(dataset, False),
        scaler=_scaler(dataset, standardize),
        scaled=_objective(dataset, True) if standardize else None,
        lr_w=lr_w,
        lr_b=lr_b,
        line_x=line_x,
    )
    return Evaluation(
        features=h.features,
        weights=W[:, 0].tolist(),
        bias=float(b[0]),
        rows=m.rows,
        mse=m.mse,
        gradient=m.gradient,
        next_step=m.next_step,
        goal=GOAL_MSE,
        feedback=feedback(m.mse),
        feedback_threshold=feedback_threshold(feedback(m.mse)),
        line=m.line,
    )


@dataclass(frozen=True)
class PathPoint:
    weights: list[float]
    bias: float
    mse: float


@dataclass(frozen=True)
class TrainResult(Evaluation):
    path: list[PathPoint]
    steps_taken: int
    diverged: bool
    message: Message
    first_below_goal: int | None  # the first step of the path with MSE below the goal
    lowest_step: int  # the step of the path with the lowest error: a good point to go back to


@dataclass(frozen=True)
class Segment:
    """A run of ``steps`` gradient-descent steps with one set of rates (a page's link
    replays a learner's history as a list of these)."""

    steps: int
    lr_weights: float = 1e-8
    lr_bias: float = 0.5
    standardize: bool = False


def _walk_message(path: list[PathPoint], steps: int, wanted: int, diverged: bool) -> Message:
    if diverged:
        return Message("diverged", {"steps": steps, "wanted": wanted})
    start, end = path[0], path[-1]
    if len(path) > 1 and end.mse > start.mse * (1 + 1e-9):
        return Message("error_went_up")
    # The same error after many steps while the bias keeps jumping: bouncing across the valley.
    if (
        len(path) > 2
        and abs(end.mse - start.mse) <= 1e-9 * start.mse
        and abs(path[1].bias - start.bias) > 1e-6 * (1 + abs(start.bias))
    ):
        return Message("bouncing")
    return Message("steps_taken", {"steps": steps})


def _walk(
    dataset: str, W: Array, b: Array, seg: Segment, on_step: Callable[[int], None] | None
) -> tuple[list[PathPoint], bool, int]:
    """One segment of gradient descent from raw parameters (W, b): its path in raw terms
    (the start first), whether it diverged, and how many steps it took."""
    scaler = _scaler(dataset, seg.standardize)
    W_s, b_s = scaler.params_to_scaled(W, b)
    with np.errstate(all="ignore"):
        result = descend(
            _objective(dataset, seg.standardize),
            [W_s, b_s],
            steps=seg.steps,
            learning_rate=[seg.lr_weights, seg.lr_bias],
            on_step=on_step,
        )
    if not result.snapshots:  # the starting point itself overflows
        raise LessonError(OVERFLOW, "overflow")
    # Every point back to raw inputs at once: W = W_s / scale, b = b_s − mean·W.
    W_all = np.stack([snap.params[0][:, 0] for snap in result.snapshots]) / scaler.scale
    b_all = np.array([snap.params[1][0] for snap in result.snapshots]) - W_all @ scaler.mean
    path = [
        PathPoint(w, bias_, snap.loss)
        for w, bias_, snap in zip(W_all.tolist(), b_all.tolist(), result.snapshots, strict=True)
    ]
    return path, result.diverged, result.steps


def train(
    dataset: str,
    weights: list[float],
    bias: float,
    *,
    steps: int,
    lr_weights: float = 1e-8,
    lr_bias: float = 0.5,
    standardize: bool = False,
    line_x: list[float] | None = None,
    on_step: Callable[[int], None] | None = None,
    schedule: list[Segment] | None = None,
) -> TrainResult:
    """Run ``steps`` full-batch gradient-descent steps and return the path, point by point;
    the answer at the end point is :func:`evaluate`'s, line included.

    With ``schedule``, run its segments one after another instead (each from where the last
    one ended, also after a divergence, as a learner's clicks did), so a link can replay a
    history in which the rates changed. The rates given directly still set the next step.
    """
    _check_shape(dataset, weights)
    segments = schedule or [Segment(steps, lr_weights, lr_bias, standardize)]
    W, b = _params(weights, bias)
    path: list[PathPoint] = []
    diverged, taken, k = False, 0, 0
    for seg in segments:
        walked, diverged, k = _walk(dataset, W, b, seg, on_step)
        path.extend(walked if not path else walked[1:])
        taken += k
        W, b = _params(path[-1].weights, path[-1].bias)
    end = _evaluate(dataset, W, b, lr_weights, lr_bias, standardize, line_x)
    below = [i for i, p in enumerate(path) if p.mse < GOAL_MSE]
    return TrainResult(
        **vars(end),
        path=path,
        steps_taken=taken,
        diverged=diverged,
        message=_walk_message(path[-(k + 1) :], k, segments[-1].steps, diverged),
        first_below_goal=below[0] if below else None,
        lowest_step=min(range(len(path)), key=lambda i: path[i].mse),
    )


def predict(weights: list[float], bias: float, inputs: list[list[float]]) -> list[float]:
    """Prices for any inputs under the given weights and bias (section 1's calculator)."""
    if any(len(row) != len(weights) for row in inputs):
        raise LessonError("each row of inputs needs one value per weight")
    with np.errstate(all="ignore"):
        out = np.asarray(inputs, dtype=np.float64) @ np.asarray(weights, dtype=np.float64) + bias
    if not np.all(np.isfinite(out)):
        raise LessonError("these values make the prediction overflow", "overflow")
    return out.tolist()


@dataclass(frozen=True)
class Race:
    steps_to_target: list[int | None]  # per target, the first step below it (None: not reached)
    final_mse: float
    diverged: bool


@dataclass(frozen=True)
class Comparison:
    targets: list[float]
    raw: Race
    standardized: Race


def _race(
    dataset: str, W: Array, b: Array, targets: list[float], max_steps: int,
    standardize: bool, lr_w: float, lr_b: float,
    on_step: Callable[[int], None] | None = None,
) -> Race:  # fmt: skip
    scaler = _scaler(dataset, standardize)
    W_s, b_s = scaler.params_to_scaled(W, b)
    with np.errstate(all="ignore"):
        result = descend(
            _objective(dataset, standardize), [W_s, b_s],
            steps=max_steps, learning_rate=[lr_w, lr_b], keep_snapshots=False,
            on_step=on_step,
        )  # fmt: skip
    if not result.loss_curve:  # the start already overflows: there is no honest final error
        raise LessonError(OVERFLOW, "overflow")
    curve = np.asarray(result.loss_curve)
    firsts = [int(np.argmax(curve < t)) if np.any(curve < t) else None for t in targets]
    return Race(firsts, float(curve[-1]), result.diverged)


def compare(
    dataset: str,
    weights: list[float],
    bias: float,
    *,
    targets: list[float] = list(RACE_TARGETS),  # noqa: B006 — never mutated
    max_steps: int = 5000,
    raw_lr_weights: float = 1e-8,
    raw_lr_bias: float = 0.5,
    standardized_lr: float = 0.1,
    on_step: Callable[[int], None] | None = None,
) -> Comparison:
    """Steps gradient descent needs to get below each target: raw inputs vs standardized."""
    _check_shape(dataset, weights)
    W, b = _params(weights, bias)
    return Comparison(
        targets=list(targets),
        raw=_race(dataset, W, b, targets, max_steps, False, raw_lr_weights, raw_lr_bias, on_step),
        standardized=_race(
            dataset, W, b, targets, max_steps, True, standardized_lr, standardized_lr, on_step
        ),
    )


@dataclass(frozen=True)
class Optimum:
    weights: list[float]
    bias: float
    mse: float


@dataclass(frozen=True)
class DatasetInfo:
    dataset: str
    price_per_area: float  # total price / total area, $1000s per sq ft
    features: list[str]
    target: str
    inputs: list[list[float]]
    actual: list[float]
    optimum: Optimum
    no_bias_optimum: Optimum
    goal: float
    rounded_price_per_area: float  # price_per_area to whole dollars: the guide's first weight


@cache
def dataset_info(dataset: str) -> DatasetInfo:
    """The houses to draw, and the best parameters (least squares), with and without bias."""
    h = houses(dataset)
    W, b = least_squares(h.X, h.y)
    w0, *_ = np.linalg.lstsq(h.X, h.y, rcond=None)  # through the origin: no bias
    rate = float(h.y.sum() / h.X[:, 0].sum())
    return DatasetInfo(
        dataset=dataset,
        features=h.features,
        target="price",
        price_per_area=rate,
        rounded_price_per_area=rounded_rate(rate),
        inputs=h.X.tolist(),
        actual=h.y.tolist(),
        optimum=Optimum(
            W[:, 0].tolist(), float(b[0]), float(np.mean((h.X @ W[:, 0] + b[0] - h.y) ** 2))
        ),
        no_bias_optimum=Optimum(w0.tolist(), 0.0, float(np.mean((h.X @ w0 - h.y) ** 2))),
        goal=GOAL_MSE,
    )


@dataclass(frozen=True)
class Landscape:
    weights: list[float]
    biases: list[float]
    mse: list[list[float]]  # mse[i][j] is for biases[i], weights[j]
    mse_max: float


def landscape(
    dataset: str,
    weight_range: tuple[float, float],
    bias_range: tuple[float, float],
    resolution: int,
) -> Landscape:
    """The error map: MSE over a grid of (weight, bias) for a one-input house set."""
    h = houses(dataset)
    if h.X.shape[1] != 1:
        raise LessonError("the error map is for a house set with one input")
    if not (weight_range[0] < weight_range[1] and bias_range[0] < bias_range[1]):
        raise LessonError("each range needs min < max")
    ws = np.linspace(*weight_range, resolution)
    bs = np.linspace(*bias_range, resolution)
    with np.errstate(all="ignore"):
        grid = loss_grid(h.X[:, 0], h.y, ws, bs)
    if not np.all(np.isfinite(grid)):
        raise LessonError("this range makes the error overflow; choose a smaller range", "overflow")
    return Landscape(ws.tolist(), bs.tolist(), grid.tolist(), float(grid.max()))
