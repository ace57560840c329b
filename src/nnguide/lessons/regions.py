"""Decision regions: a softmax classifier on any two-feature data with any number of classes.

Section 6 classifies the friend's houses as Good or Bad (:mod:`classification`).
This module asks the same questions of any points in the plane with ``k``
classes: the model is ``z = x @ W + b`` with ``W`` of shape (2, k) and
``p = softmax(z)``; every point is predicted as its most probable class, and
the plane is coloured by the class the model predicts there, paler where it is
less sure. Parameters in and out are for the raw inputs; standardization only
changes where gradient descent walks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnguide.core import Objective, Standardizer, descend, get_loss, softmax
from nnguide.lessons.messages import OVERFLOW, LessonError, Message

Array = NDArray[np.float64]

LOSSES = ("cross-entropy", "mse")
#: The most points a widget's data may have, and the most classes.
MAX_ROWS = 2000
MAX_CLASSES = 10
#: Counted work per request: points × classes × gradient-descent steps (about 0.1 s of CPU).
MAX_WORK = 20_000_000
MAX_ABS = 1e12
Rect = tuple[tuple[float, float], tuple[float, float]]  # (x0 lo, hi), (x1 lo, hi)


@dataclass(frozen=True, eq=False)
class Data:
    """Points with two features and a class index each; ``classes`` names the indices."""

    X: Array  # (n_samples, 2)
    labels: NDArray[np.intp]  # (n_samples,), 0 … n_classes − 1
    classes: list[str]
    features: list[str]

    @property
    def n_samples(self) -> int:
        return int(self.X.shape[0])

    @property
    def n_classes(self) -> int:
        return len(self.classes)

    @property
    def Y(self) -> Array:
        """One-hot targets, (n_samples, n_classes)."""
        return np.eye(self.n_classes)[self.labels]


def make_data(
    X: ArrayLike,
    y: ArrayLike,
    features: Sequence[str] = ("x1", "x2"),
    classes: Sequence[object] | None = None,
) -> Data:
    """Check two-feature data and labels; the classes are ``classes`` or the sorted labels.

    Parameters
    ----------
    X : array_like, shape (n_samples, 2)
    y : array_like, shape (n_samples,)
        Any labels (numbers or text); each distinct value is one class.
    """
    try:
        Xa = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise LessonError("X must be numbers") from None
    ya = np.asarray(y)
    if Xa.ndim != 2 or Xa.shape[1] != 2:
        raise LessonError(f"X must be two features per row (n_samples, 2), got shape {Xa.shape}")
    if ya.ndim != 1 or ya.shape[0] != Xa.shape[0]:
        raise LessonError(f"y must be one label per row of X ({Xa.shape[0]}), got shape {ya.shape}")
    if not 2 <= Xa.shape[0] <= MAX_ROWS:
        raise LessonError(f"the data needs 2 to {MAX_ROWS} points, got {Xa.shape[0]}")
    if not np.all(np.isfinite(Xa)):
        raise LessonError("X holds a value that is not a finite number (NaN or infinity)")
    if np.abs(Xa).max() > MAX_ABS:
        raise LessonError(f"X's values must be within ±{MAX_ABS:g}")
    if ya.dtype.kind == "f" and not np.all(np.isfinite(ya)):
        raise LessonError("y holds a label that is not a finite number")
    names = list(classes) if classes is not None else np.unique(ya).tolist()
    if not 2 <= len(names) <= MAX_CLASSES or len(set(map(str, names))) != len(names):
        raise LessonError(f"the data needs 2 to {MAX_CLASSES} distinct classes, got {len(names)}")
    lookup = {c: i for i, c in enumerate(names)}
    unknown = sorted({str(v) for v in ya.tolist() if v not in lookup})
    if unknown:
        raise LessonError(f"labels not among the classes: {', '.join(unknown[:5])}")
    if len(features) != 2:
        raise LessonError("name exactly two features")
    labels = np.fromiter((lookup[v] for v in ya.tolist()), dtype=np.intp, count=len(ya))
    return Data(Xa.copy(), labels, [str(c) for c in names], [str(f) for f in features])


@dataclass(frozen=True)
class DataInfo:
    features: list[str]
    classes: list[str]
    points: list[list[float]]
    labels: list[int]
    counts: list[int]  # points per class
    rect: list[list[float]]  # [[x0 lo, hi], [x1 lo, hi]]: the data with a margin


def describe(data: Data) -> DataInfo:
    """The points to draw, how many each class has, and the rectangle the chart shows."""
    lo, hi = data.X.min(axis=0), data.X.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    rect = [[float(lo[i] - 0.08 * span[i]), float(hi[i] + 0.08 * span[i])] for i in range(2)]
    return DataInfo(
        features=data.features,
        classes=data.classes,
        points=data.X.tolist(),
        labels=data.labels.tolist(),
        counts=np.bincount(data.labels, minlength=data.n_classes).tolist(),
        rect=rect,
    )


@dataclass(frozen=True)
class Grid:
    xs: list[float]  # the first feature's values, left to right
    ys: list[float]  # the second feature's values, bottom to top
    predicted: list[list[int]]  # predicted[i][j]: the class at ys[i], xs[j]
    confidence: list[list[float]]  # its probability there


def grid(W: Array, b: Array, resolution: int, rect: Rect) -> Grid:
    """The predicted class and its probability on a resolution × resolution grid over ``rect``."""
    xs = np.linspace(*rect[0], resolution)
    ys = np.linspace(*rect[1], resolution)
    A, B = np.meshgrid(xs, ys)
    p = softmax(np.stack([A.ravel(), B.ravel()], axis=1) @ W + b, axis=1)
    best = np.argmax(p, axis=1)
    conf = p[np.arange(len(p)), best]
    return Grid(
        xs.tolist(), ys.tolist(), best.reshape(A.shape).tolist(), conf.reshape(A.shape).tolist()
    )


@dataclass(frozen=True)
class Evaluation:
    classes: list[str]
    features: list[str]
    weights: list[list[float]]  # weights[i][j]: from feature i to class j
    bias: list[float]
    loss: float
    predicted: list[int]  # each point's most probable class (a tie goes to the first)
    confidence: list[float]  # that class's probability
    correct: int
    accuracy: float
    predicted_counts: list[int]  # how many points each class got
    grid: Grid


def _check(data: Data, W: Array, b: Array, loss: str) -> None:
    k = data.n_classes
    if W.shape != (2, k) or b.shape != (k,):
        raise LessonError(
            f"weights must be 2 rows (one per feature) of {k} numbers (one per class), "
            f"and bias {k} numbers"
        )
    if loss not in LOSSES:
        raise LessonError(f"unknown loss {loss!r}: choose one of {', '.join(LOSSES)}")


def _check_rect(rect: Rect) -> None:
    if not all(lo < hi for lo, hi in rect):
        raise LessonError("a range is [low, high] with low < high")


def evaluate(
    data: Data,
    weights: ArrayLike,
    bias: ArrayLike,
    *,
    loss: str = "cross-entropy",
    resolution: int = 61,
    rect: Rect,
) -> Evaluation:
    """Every point's prediction, the accuracy and loss, and the regions over ``rect``."""
    W, b = np.asarray(weights, np.float64), np.asarray(bias, np.float64)
    _check(data, W, b, loss)
    _check_rect(rect)
    with np.errstate(all="ignore"):
        z = data.X @ W + b
        value = get_loss(loss, "classification").value(z, data.Y)
        p = softmax(z, axis=1)
        regions = grid(W, b, resolution, rect)
    predicted = np.argmax(z, axis=1)
    numbers = [value, *p.ravel(), *np.ravel(regions.confidence)]
    if not np.all(np.isfinite(numbers)):
        raise LessonError(OVERFLOW, "overflow")
    correct = int(np.sum(predicted == data.labels))
    return Evaluation(
        classes=data.classes,
        features=data.features,
        weights=W.tolist(),
        bias=b.tolist(),
        loss=float(value),
        predicted=predicted.tolist(),
        confidence=p[np.arange(len(p)), predicted].tolist(),
        correct=correct,
        accuracy=correct / data.n_samples,
        predicted_counts=np.bincount(predicted, minlength=data.n_classes).tolist(),
        grid=regions,
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


def check_work(data: Data, steps: int) -> None:
    """Refuse a request whose counted work (points × classes × steps) is past MAX_WORK."""
    per_step = data.n_samples * data.n_classes
    if per_step * steps > MAX_WORK:
        raise LessonError(
            f"with {data.n_samples} points and {data.n_classes} classes, one request may take "
            f"at most {MAX_WORK // per_step} steps",
            "too_much_work",
        )


def train(
    data: Data,
    weights: ArrayLike,
    bias: ArrayLike,
    *,
    steps: int,
    learning_rate: float = 0.5,
    standardize: bool = True,
    loss: str = "cross-entropy",
    resolution: int = 61,
    rect: Rect,
) -> TrainResult:
    """Run ``steps`` full-batch gradient-descent steps on every point."""
    W, b = np.asarray(weights, np.float64), np.asarray(bias, np.float64)
    _check(data, W, b, loss)
    _check_rect(rect)
    check_work(data, steps)
    sc = Standardizer.fit(data.X) if standardize else Standardizer.identity(2)
    obj = Objective(sc.transform(data.X), data.Y, get_loss(loss, "classification"))
    W_s, b_s = sc.params_to_scaled(W, b)
    with np.errstate(all="ignore"):
        result = descend(obj, [W_s, b_s], steps=steps, learning_rate=learning_rate)
    if not result.snapshots:
        raise LessonError(OVERFLOW, "overflow")
    path = [
        PathPoint(
            s.loss, int(np.sum(np.argmax(obj.X @ s.params[0] + s.params[1], 1) == data.labels))
        )
        for s in result.snapshots
    ]
    W_end, b_end = sc.params_to_raw(*result.snapshots[-1].params)
    end = evaluate(data, W_end, b_end, loss=loss, resolution=resolution, rect=rect)
    if result.diverged:
        message = Message("diverged_classify", {"steps": result.steps, "wanted": steps})
    elif len(path) > 1 and path[-1].loss > path[0].loss:
        message = Message("loss_went_up")
    else:
        message = Message("steps_taken", {"steps": result.steps})
    return TrainResult(
        **vars(end),
        path=path,
        steps_taken=result.steps,
        diverged=result.diverged,
        message=message,
    )
