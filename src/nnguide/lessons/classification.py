"""Section 6: the Good/Bad classifier on the friend's ten labelled houses.

The model is ``z = x @ W + b`` with ``W`` of shape (2 inputs, 2 classes) and
``p = softmax(z)``. Every parameter in and out is for the raw inputs (area in
sq ft, bathrooms); standardization only changes where gradient descent walks.
Houses 10–46 of the 47 can be labelled by the learner as a held-out list: they
are only ever evaluated, never trained on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnguide.core import (
    Objective,
    Standardizer,
    best_linear_accuracy,
    descend,
    get_loss,
    one_hot,
    softmax,
)
from nnguide.data import load_dataset
from nnguide.data.bundled import HOUSE_CLASSES
from nnguide.lessons.messages import OVERFLOW, LessonError, Message

Array = NDArray[np.floating]
CLASSES: list[str] = list(HOUSE_CLASSES)  # output 0 is "Good", output 1 is "Bad"
FEATURES = ["area", "bathrooms"]
LOSSES = ("cross-entropy", "mse")
#: The friend's ten labelled houses are rows 0–9 of the 47; the other 37 can be held out.
FIRST_HELD_OUT, N_HOUSES = 10, 47
#: The widest rectangle a figure may ask for: every one of the 47 houses fits inside.
AREA_RANGE = (700.0, 4700.0)
BATH_RANGE = (0.5, 5.5)
Rect = tuple[tuple[float, float], tuple[float, float]]  # (area lo, hi), (bathrooms lo, hi)

#: A made-up rule for the friend's taste, offered to pre-fill the hidden list. It is ours, not
#: hers, and it reads the price, which the model never sees.
FRIEND_RULE = "Good when the house has at least 3 bathrooms and costs under $450,000"
RULE_MIN_BATHROOMS, RULE_MAX_PRICE = 3, 450.0  # price in $1000s


def friend_rule(bathrooms: float, price: float) -> str:
    """The made-up rule: "Good" with 3+ bathrooms and a price under $450k, else "Bad"."""
    good = bathrooms >= RULE_MIN_BATHROOMS and price < RULE_MAX_PRICE
    return CLASSES[0] if good else CLASSES[1]


@dataclass(frozen=True)
class Houses:
    X: Array  # (10, 2)
    labels: list[str]
    Y: Array  # one-hot (10, 2)
    all_X: Array  # (47, 2)
    prices: Array  # (47,) in $1000s
    best_linear: int


@cache
def houses() -> Houses:
    sel = load_dataset("houses-labelled").select()
    portland = load_dataset("portland")
    all_X = np.column_stack([portland.numeric("area"), portland.numeric("bathrooms")])
    labels = [str(v) for v in sel.y.tolist()]
    Y = np.asarray(one_hot(labels, CLASSES), np.float64)
    return Houses(
        sel.X, labels, Y, all_X, portland.numeric("price"), best_linear_accuracy(sel.X, sel.y)
    )


def scaler(standardize: bool) -> Standardizer:
    X = houses().X
    return Standardizer.fit(X) if standardize else Standardizer.identity(X.shape[1])


def objective(loss: str, sc: Standardizer) -> Objective:
    h = houses()
    return Objective(sc.transform(h.X), h.Y, get_loss(loss, "classification"))


def n_correct(X: Array, Y: Array, W: Array, b: Array) -> int:
    """How many rows have their label as the most probable class (ties go to "Good")."""
    return int(np.sum(np.argmax(X @ W + b, axis=1) == np.argmax(Y, axis=1)))


@dataclass(frozen=True)
class House:
    house: int
    area: float
    bathrooms: float
    price: float  # $1000s; shown to the learner, never a model input
    label: str
    outputs: list[float]
    probabilities: list[float]  # [P(Good), P(Bad)]
    predicted: str
    tie: bool  # P(Good) = P(Bad) exactly: undecided, scored as Good
    correct: bool


def _rows(X: Array, W: Array, b: Array, labels: list[str], indices: list[int]) -> list[House]:
    if not indices:
        return []
    z = X @ W + b
    p = softmax(z, axis=1)
    rows = []
    for i, house in enumerate(indices):
        predicted = CLASSES[int(np.argmax(z[i]))]  # a tie goes to the first class, "Good"
        rows.append(
            House(
                house=house,
                area=float(X[i, 0]),
                bathrooms=float(X[i, 1]),
                price=float(houses().prices[house]),
                label=labels[i],
                outputs=z[i].tolist(),
                probabilities=p[i].tolist(),
                predicted=predicted,
                tie=bool(z[i, 0] == z[i, 1]),
                correct=predicted == labels[i],
            )
        )
    return rows


def boundary(W: Array, b: Array, rect: Rect = (AREA_RANGE, BATH_RANGE)) -> list[list[float]] | None:
    """Where P(Good) = P(Bad): the line d·x + c = 0, clipped to the chart's rectangle."""
    d = W[:, 0] - W[:, 1]
    c = float(b[0] - b[1])
    (a0, a1), (t0, t1) = rect
    points: list[tuple[float, float]] = []
    if d[1] != 0:  # crossings of the left and right edges
        for a in (a0, a1):
            t = -(c + d[0] * a) / d[1]
            if t0 <= t <= t1:
                points.append((a, t))
    if d[0] != 0:  # crossings of the bottom and top edges
        for t in (t0, t1):
            a = -(c + d[1] * t) / d[0]
            if a0 <= a <= a1:
                points.append((a, t))
    unique = sorted({(round(a, 9), round(t, 9)) for a, t in points})
    if len(unique) < 2 or not np.all(np.isfinite(unique)):
        return None
    return [list(unique[0]), list(unique[-1])]


@dataclass(frozen=True)
class Grid:
    areas: list[float]
    bathrooms: list[float]
    p_good: list[list[float]]  # p_good[i][j] is for bathrooms[i], areas[j]


def grid(W: Array, b: Array, resolution: int, rect: Rect = (AREA_RANGE, BATH_RANGE)) -> Grid:
    """P(Good) on a resolution × resolution grid over ``rect``, the rectangle the chart shows."""
    areas = np.linspace(*rect[0], resolution)
    baths = np.linspace(*rect[1], resolution)
    A, T = np.meshgrid(areas, baths)
    z = np.stack([A.ravel(), T.ravel()], axis=1) @ W + b
    p_good = softmax(z, axis=1)[:, 0].reshape(A.shape)
    return Grid(areas.tolist(), baths.tolist(), p_good.tolist())


@dataclass(frozen=True)
class Evaluation:
    classes: list[str]
    features: list[str]
    weights: list[list[float]]
    bias: list[float]
    loss: float
    houses: list[House]
    correct: int
    accuracy: float
    best_linear_correct: int
    single_class: str | None
    ties: int  # how many of the ten houses are a 50/50 tie
    predicted_counts: list[int]  # of the ten houses, how many each class got (ties: "Good")
    held_out: list[House]
    held_out_correct: int
    held_out_accuracy: float | None
    grid: Grid
    boundary: list[list[float]] | None


def _all_finite(value: object) -> bool:
    """True when no float anywhere inside ``value`` is NaN or infinite."""
    if isinstance(value, float):
        return bool(np.isfinite(value))
    if isinstance(value, dict):
        return all(_all_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_all_finite(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return all(_all_finite(v) for v in vars(value).values())
    return True


def _check_shapes(W: Array, b: Array, loss: str) -> None:
    if W.shape != (2, 2) or b.shape != (2,):
        raise LessonError("weights must be 2 rows (area, bathrooms) of 2 values (Good, Bad)")
    if loss not in LOSSES:
        raise LessonError(f"unknown loss {loss!r}: choose one of {', '.join(LOSSES)}")


def evaluate(
    weights: ArrayLike,
    bias: ArrayLike,
    loss: str = "cross-entropy",
    held_out: Sequence[tuple[int, str]] = (),
    resolution: int = 41,
    rect: Rect = (AREA_RANGE, BATH_RANGE),
) -> Evaluation:
    """Everything the figure draws for the model (W, b) on raw inputs.

    ``ties`` counts the ten houses where P(Good) = P(Bad) exactly (all of them at zero
    weights and biases): the model cannot decide, and the tie is scored as "Good".
    """
    W, b = np.asarray(weights, np.float64), np.asarray(bias, np.float64)
    _check_shapes(W, b, loss)
    with np.errstate(all="ignore"):
        result = _evaluate(W, b, loss, held_out, resolution, rect)
    if not _all_finite(result):
        raise LessonError(OVERFLOW, "overflow")
    return result


def _evaluate(
    W: Array,
    b: Array,
    loss: str,
    held_out: Sequence[tuple[int, str]],
    resolution: int,
    rect: Rect,
) -> Evaluation:
    h = houses()
    value = get_loss(loss, "classification").value(h.X @ W + b, h.Y)
    rows = _rows(h.X, W, b, h.labels, list(range(len(h.X))))
    correct = sum(r.correct for r in rows)
    indices = [i for i, _ in held_out]
    if any(not FIRST_HELD_OUT <= i < N_HOUSES for i in indices):
        raise LessonError(f"held-out houses are rows {FIRST_HELD_OUT}–{N_HOUSES - 1}")
    held = _rows(h.all_X[indices], W, b, [lab for _, lab in held_out], indices)
    held_correct = sum(r.correct for r in held)
    predicted = {r.predicted for r in rows}
    return Evaluation(
        classes=CLASSES,
        features=FEATURES,
        weights=W.tolist(),
        bias=b.tolist(),
        loss=float(value),
        houses=rows,
        correct=correct,
        accuracy=correct / len(rows),
        best_linear_correct=h.best_linear,
        single_class=predicted.pop() if len(predicted) == 1 else None,
        ties=sum(r.tie for r in rows),
        predicted_counts=[sum(r.predicted == c for r in rows) for c in CLASSES],
        held_out=held,
        held_out_correct=held_correct,
        held_out_accuracy=held_correct / len(held) if held else None,
        grid=grid(W, b, resolution, rect),
        boundary=boundary(W, b, rect),
    )


@dataclass(frozen=True)
class PathPoint:
    loss: float
    correct: int


@dataclass(frozen=True)
class TrainResult(Evaluation):
    path: list[PathPoint]
    steps_taken: int
    diverged: bool
    message: Message


def _message(steps: int, wanted: int, diverged: bool, path: list[PathPoint]) -> Message:
    if diverged:
        return Message("diverged_classify", {"steps": steps, "wanted": wanted})
    if len(path) > 1 and path[-1].loss > path[0].loss:
        return Message("loss_went_up")
    return Message("steps_taken", {"steps": steps})


@dataclass(frozen=True)
class Segment:
    """A run of ``steps`` GD steps with one loss, learning rate and input scaling (a page's
    link replays a learner's history as a list of these)."""

    steps: int
    learning_rate: float = 0.5
    standardize: bool = True
    loss: str = "cross-entropy"


def train(
    weights: ArrayLike,
    bias: ArrayLike,
    *,
    steps: int,
    learning_rate: float = 0.5,
    standardize: bool = True,
    loss: str = "cross-entropy",
    held_out: Sequence[tuple[int, str]] = (),
    resolution: int = 41,
    rect: Rect = (AREA_RANGE, BATH_RANGE),
    on_step: Callable[[int], None] | None = None,
    schedule: Sequence[Segment] | None = None,
) -> TrainResult:
    """Run ``steps`` full-batch GD steps on the ten labelled houses only.

    With ``schedule``, run its segments one after another instead, each from where the last
    ended (also after a divergence, as a learner's clicks did); each path point's loss is its
    own segment's. ``loss`` still names the loss the answer reports at the end point.
    """
    W: Array = np.asarray(weights, np.float64)
    b: Array = np.asarray(bias, np.float64)
    _check_shapes(W, b, loss)
    segments = list(schedule) if schedule else [Segment(steps, learning_rate, standardize, loss)]
    path: list[PathPoint] = []
    diverged, taken, k = False, 0, 0
    for seg in segments:
        _check_shapes(W, b, seg.loss)
        sc = scaler(seg.standardize)
        obj = objective(seg.loss, sc)
        W_s, b_s = sc.params_to_scaled(W, b)
        with np.errstate(all="ignore"):
            result = descend(
                obj, [W_s, b_s], steps=seg.steps, learning_rate=seg.learning_rate, on_step=on_step
            )
        if not result.snapshots:
            raise LessonError(OVERFLOW, "overflow")
        # How many houses each point of the path gets right, for every point at once:
        # scores (steps, houses, classes) from the stacked weights (steps, inputs, classes).
        Ws = np.stack([snap.params[0] for snap in result.snapshots])
        bs = np.stack([snap.params[1] for snap in result.snapshots])
        scores = np.einsum("hi,sic->shc", obj.X, Ws) + bs[:, None, :]
        right = (np.argmax(scores, axis=2) == np.argmax(obj.Y, axis=1)).sum(axis=1)
        walked = [
            PathPoint(snap.loss, int(r)) for snap, r in zip(result.snapshots, right, strict=True)
        ]
        path.extend(walked if not path else walked[1:])
        diverged, k = result.diverged, result.steps
        taken += k
        W, b = sc.params_to_raw(*result.snapshots[-1].params)
    end = evaluate(W, b, loss, held_out, resolution, rect)
    return TrainResult(
        **vars(end),
        path=path,
        steps_taken=taken,
        diverged=diverged,
        message=_message(k, segments[-1].steps, diverged, path[-(k + 1) :]),
    )


@dataclass(frozen=True)
class LooResult:
    correct: int
    n: int
    accuracy: float
    predictions: list[str]


@lru_cache(maxsize=64)
def leave_one_out_accuracy(
    loss: str = "cross-entropy",
    learning_rate: float = 0.5,
    standardize: bool = True,
    steps: int = 1000,
    on_step: Callable[[int], None] | None = None,
) -> LooResult:
    """Train ten times from zero, each time without one house, and predict the one left out.

    The ten trainings run as one: a block-diagonal model whose rows for fold ``f`` see only
    fold ``f``'s (scaled) inputs and a constant 1 that acts as its bias. Every fold then
    moves exactly as it would alone — the big model's loss is the mean of the ten folds'
    losses, so its gradient for fold ``f``'s parameters is a tenth of fold ``f``'s own, and
    a ten times larger rate gives the same step — at the cost of one loop instead of ten.
    (The one difference: a rate so large that a fold diverges stops all ten.)
    """
    h = houses()
    n, d, k = len(h.X), h.X.shape[1], len(CLASSES)
    X_big = np.zeros(((n - 1) * n, (d + 1) * n))
    scalers = []
    for f in range(n):
        keep = np.arange(n) != f
        sc = Standardizer.fit(h.X[keep]) if standardize else Standardizer.identity(d)
        scalers.append(sc)
        rows = slice(f * (n - 1), (f + 1) * (n - 1))
        X_big[rows, f * d : (f + 1) * d] = sc.transform(h.X[keep])
        X_big[rows, d * n + f] = 1.0  # fold f's bias
    Y_big = np.concatenate([h.Y[np.arange(n) != f] for f in range(n)])
    obj = Objective(X_big, Y_big, get_loss(loss, "classification"))
    start = [np.zeros((X_big.shape[1], k)), np.zeros(k)]
    with np.errstate(all="ignore"):
        result = descend(
            obj,
            start,
            steps=steps,
            learning_rate=[n * learning_rate, 0.0],  # the shared bias stays at zero
            keep_snapshots=False,
            on_step=on_step,
        )
    W = result.params[0]
    predictions = []
    for f, sc in enumerate(scalers):
        z = sc.transform(h.X[f : f + 1]) @ W[f * d : (f + 1) * d] + W[d * n + f]
        predictions.append(CLASSES[int(np.argmax(z[0]))])  # a tie goes to "Good", as before
    correct = sum(p == label for p, label in zip(predictions, h.labels, strict=True))
    return LooResult(correct, n, correct / n, predictions)


@dataclass(frozen=True)
class Candidate:
    house: int
    area: float
    bathrooms: float
    price: float
    suggested: str  # the label the made-up friend's rule gives this house


@dataclass(frozen=True)
class HousesInfo:
    classes: list[str]
    features: list[str]
    labelled: list[Candidate]
    labels: list[str]
    candidates: list[Candidate]
    friend_rule: str
    friend_rule_agrees: int  # how many of her ten labels the rule matches
    friend_rule_differs: list[int]  # the labelled houses it gets wrong
    best_linear_correct: int
    area_range: list[float]
    bathrooms_range: list[float]


@cache
def houses_info() -> HousesInfo:
    """The ten labelled houses and the 37 others the learner may label as a held-out list."""
    h = houses()

    def card(i: int) -> Candidate:
        x = h.all_X[i]
        return Candidate(
            i, float(x[0]), float(x[1]), float(h.prices[i]), friend_rule(x[1], h.prices[i])
        )

    labelled = [card(i) for i in range(FIRST_HELD_OUT)]
    differs = [c.house for c, lab in zip(labelled, h.labels, strict=True) if c.suggested != lab]
    return HousesInfo(
        classes=CLASSES,
        features=FEATURES,
        labelled=labelled,
        labels=h.labels,
        candidates=[card(i) for i in range(FIRST_HELD_OUT, N_HOUSES)],
        friend_rule=FRIEND_RULE,
        friend_rule_agrees=len(labelled) - len(differs),
        friend_rule_differs=differs,
        best_linear_correct=h.best_linear,
        area_range=list(AREA_RANGE),
        bathrooms_range=list(BATH_RANGE),
    )
