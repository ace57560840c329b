"""Your own data: train a network on any table, look at what it learned, take it away.

Stateless like every lesson: each call gets the table's columns it uses
(:class:`~nnguide.lessons.table.Table`), the learner's choices (:class:`Choice`) and, after
the start, the network's parameters; it rebuilds everything else the same way each time:

* the target and features are picked and checked by :meth:`Dataset.select`, the CLI's
  code, so every problem is the CLI's one-line message, naming the line and column;
* the rows are split into training and test rows by the core's seeded
  :func:`~nnguide.core.split.train_test_split` (stratified for classes);
* with "Standardize inputs", each feature less its mean over the training rows, over its
  spread (:class:`Standardizer`), as ``nnguide fit`` does; a regression network with hidden
  layers also trains on the target less its mean over its spread, as
  :class:`~nnguide.core.MLPRegressor` does, so its first steps are not huge.

Parameters travel in that training scale, ``[(W₁, b₁), …]``; training is full-batch
gradient descent, which is deterministic, so any number of requests of any size take the
same path. Everything shown about predictions comes from the model folded back to raw
inputs (:meth:`Standardizer.params_to_raw`) — the :class:`PortableModel` the learner
downloads or copies as Python — so the page, the file and the script agree exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnguide.core import Network, Objective, Standardizer, descend, get_loss
from nnguide.core.metrics import class_indices, confusion_matrix, one_hot
from nnguide.core.softmax import log_softmax
from nnguide.core.split import train_test_split
from nnguide.data import Selection
from nnguide.data.export import PortableModel, model_text, python_script, reload_snippet
from nnguide.errors import DataError
from nnguide.lessons.limits import MAX_STEPS_PER_REQUEST
from nnguide.lessons.messages import OVERFLOW, LessonError, Message
from nnguide.lessons.table import MAX_CLASSES, MAX_FEATURES, Table, cli_hint, too_big

Array = NDArray[np.floating]
Layers = Sequence[tuple[Sequence[Sequence[float]], Sequence[float]]]

MAX_HIDDEN_LAYERS = 3
MAX_NEURONS = 32
ACTIVATIONS = ("tanh", "relu", "sigmoid")
#: Steps one request may take. A full-batch step costs about rows × weights (forward and
#: backward, ~0.4 ns each on the reference machine) plus a fixed cost per layer (numpy's
#: calls, ~20 µs): counted in the same unit, MAX_WORK keeps a request's steps near 60 ms of
#: CPU, leaving room for scoring the test rows on the way and for the answer.
MAX_WORK = 150_000_000
LAYER_OVERHEAD = 50_000
#: Reading the table from the request (parsing and validating its JSON, then checks,
#: selection, split, scaling) costs about 120 ns a cell: 300 units, off the steps' share.
CELL_COST = 300
MAX_STEPS = MAX_STEPS_PER_REQUEST
#: Points of the loss curves per request (each scores the test rows once).
MAX_POINTS_PER_REQUEST = 20
#: What a view sends: the decision-region grid, at most this many rows as points, and the
#: rows with the largest errors.
RESOLUTION = 60
MAX_POINTS = 1_000
RESIDUAL_ROWS = 10
#: The grid's margin around the data, as a share of each feature's range.
MARGIN = 0.05


@dataclass(frozen=True)
class Choice:
    """What the learner picked."""

    target: str
    features: list[str]
    task: str | None = None  # None: detected from the target, as the CLI does
    standardize: bool = True
    hidden: tuple[int, ...] = ()
    activation: str = "tanh"
    test_size: float = 0.25
    seed: int = 0


@dataclass(frozen=True)
class Problem:
    """Everything a request rebuilds from the table and the choice."""

    table: Table
    choice: Choice
    selection: Selection
    detected_task: str | None
    train: NDArray[np.intp]
    test: NDArray[np.intp]
    scaler: Standardizer
    y_scaler: Standardizer | None
    network: Network
    objective: Objective  # the training rows, scaled
    S_test: Array
    Y_test: Array
    labels: NDArray[np.intp] | None  # class index of every row

    @property
    def task(self) -> str:
        return self.selection.task

    @property
    def unit(self) -> float:
        """Training losses × this = losses in the target's own units (squared)."""
        return float(self.y_scaler.scale[0]) ** 2 if self.y_scaler is not None else 1.0


def _check_choice(choice: Choice) -> None:
    if len(choice.hidden) > MAX_HIDDEN_LAYERS or any(
        not 1 <= n <= MAX_NEURONS for n in choice.hidden
    ):
        raise LessonError(
            f"hidden layers: at most {MAX_HIDDEN_LAYERS}, each of 1 to {MAX_NEURONS} neurons"
        )
    if choice.activation not in ACTIVATIONS:
        choices = ", ".join(ACTIVATIONS)
        raise LessonError(f"unknown activation {choice.activation!r}: choose {choices}")
    if not 0 <= choice.test_size <= 0.5:
        raise LessonError("the test split must be from 0 to 0.5 of the rows")
    if len(choice.features) > MAX_FEATURES:
        raise too_big("the data", f"{len(choice.features)} features chosen")


def prepare(table: Table, choice: Choice) -> Problem:
    """Check the choice against the table (the CLI's messages) and set up training."""
    _check_choice(choice)
    ds = table.dataset()
    try:
        try:
            detected: str | None = ds.guess_task(choice.target)
        except DataError:
            detected = None
        sel = ds.select(choice.target, list(choice.features), choice.task)
    except DataError as err:
        raise LessonError(str(err), "data") from None
    if sel.classes is not None and len(sel.classes) > MAX_CLASSES:
        raise LessonError(
            f"{table.name}: column {sel.target!r} has {len(sel.classes)} classes; the page "
            f"takes at most {MAX_CLASSES}; {cli_hint(table.name)}",
            "too_big",
        )
    classification = sel.task == "classification"
    labels = class_indices(sel.y, sel.classes) if classification and sel.classes else None
    train, test = train_test_split(len(sel.y), choice.test_size, seed=choice.seed, labels=labels)
    X = sel.X
    scaler = Standardizer.fit(X[train]) if choice.standardize else Standardizer.identity(X.shape[1])
    if classification:
        assert sel.classes is not None and labels is not None
        Y = one_hot(labels, len(sel.classes))
        y_scaler = None
    else:
        Y = np.asarray(sel.y, dtype=np.float64)[:, None]
        y_scaler = Standardizer.fit(Y[train], shared=True) if choice.hidden else None
        if y_scaler is not None:
            Y = y_scaler.transform(Y)
    n_out = Y.shape[1]
    net = Network(
        (X.shape[1], *choice.hidden, n_out),
        choice.activation if choice.hidden else "identity",
        "softmax" if classification else "identity",
    )
    loss = get_loss("cross-entropy" if classification else "mse", sel.task)
    S = scaler.transform(X)
    return Problem(
        table=table,
        choice=choice,
        selection=sel,
        detected_task=detected,
        train=train,
        test=test,
        scaler=scaler,
        y_scaler=y_scaler,
        network=net,
        objective=Objective(S[train], Y[train], loss, net),
        S_test=S[test],
        Y_test=Y[test],
        labels=labels,
    )


def _n_weights(net: Network) -> int:
    return sum(a * b for a, b in zip(net.sizes[:-1], net.sizes[1:], strict=False))


def step_work(p: Problem) -> int:
    """The counted cost of one full-batch step on the training rows."""
    return len(p.train) * _n_weights(p.network) + LAYER_OVERHEAD * len(p.network.layers)


def fixed_work(p: Problem) -> int:
    """What a training request costs besides its steps: reading the table, scoring the
    test rows at each point of the curves."""
    cells = len(p.selection.y) * (len(p.selection.features) + 1)
    scoring = MAX_POINTS_PER_REQUEST * (len(p.test) * _n_weights(p.network) + LAYER_OVERHEAD)
    return CELL_COST * cells + scoring


def max_steps(p: Problem) -> int:
    """The most steps one request may take on this table and network (at least 1)."""
    return int(min(MAX_STEPS, max(1, (MAX_WORK - fixed_work(p)) // step_work(p))))


def work(p: Problem, steps: int) -> int:
    """A training request's counted cost: what :data:`MAX_WORK` bounds."""
    return fixed_work(p) + steps * step_work(p)


# -- the parameters ---------------------------------------------------------------------------


def _flat(p: Problem, layers: Layers) -> list[Array]:
    try:
        params: list[Array] = [np.asarray(a, np.float64) for W, b in layers for a in (W, b)]
        p.network.check_params(params)
    except ValueError as err:
        raise LessonError(f"the parameters do not fit this network: {err}") from None
    if not all(np.all(np.isfinite(a)) for a in params):
        raise LessonError(OVERFLOW, "overflow")
    return params


@dataclass(frozen=True)
class Layer:
    weights: list[list[float]]  # (inputs, neurons)
    bias: list[float]


def _layers(params: Sequence[Array]) -> list[Layer]:
    return [Layer(params[i].tolist(), params[i + 1].tolist()) for i in range(0, len(params), 2)]


def portable(p: Problem, params: Sequence[Array]) -> PortableModel:
    """The trained network for raw inputs and targets: the scalings folded in."""
    pairs = [(params[i], params[i + 1]) for i in range(0, len(params), 2)]
    W, b = p.scaler.params_to_raw(*pairs[0])
    pairs[0] = (W, b)
    if p.y_scaler is not None:
        # Outputs on the target's scale: y = z·s + m, so the last layer's W·s and b·s + m.
        s, m = p.y_scaler.scale, p.y_scaler.mean
        W, b = pairs[-1]
        pairs[-1] = (W * s, b * s + m)
    sel = p.selection
    return PortableModel(
        task=sel.task,
        features=list(sel.features),
        target=sel.target,
        layers=pairs,
        activation=p.network.activation if p.network.n_hidden_layers else "identity",
        loss=p.objective.loss.name,
        classes=list(sel.classes) if sel.classes is not None else None,
    )


# -- what the page asks for -----------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    step: int
    train_loss: float
    test_loss: float | None  # None without test rows


@dataclass(frozen=True)
class Setup:
    name: str
    task: str
    detected_task: str | None
    target: str
    features: list[str]
    classes: list[str] | None
    n_rows: int
    n_train: int
    n_test: int
    sizes: list[int]
    n_parameters: int
    loss: str  # "mse" or "cross-entropy"
    max_steps_per_request: int


@dataclass(frozen=True)
class Started:
    setup: Setup
    layers: list[Layer]
    start: Point


def _setup(p: Problem) -> Setup:
    sel = p.selection
    return Setup(
        name=p.table.name,
        task=sel.task,
        detected_task=p.detected_task,
        target=sel.target,
        features=list(sel.features),
        classes=list(sel.classes) if sel.classes is not None else None,
        n_rows=len(sel.y),
        n_train=len(p.train),
        n_test=len(p.test),
        sizes=list(p.network.sizes),
        n_parameters=p.network.parameter_count,
        loss=p.objective.loss.name,
        max_steps_per_request=max_steps(p),
    )


def _test_loss(p: Problem, params: Sequence[Array]) -> float | None:
    if not len(p.test):
        return None
    return p.objective.loss.value(p.network.outputs(params, p.S_test), p.Y_test) * p.unit


def _point(p: Problem, step: int, train_loss: float, params: Sequence[Array]) -> Point:
    return Point(step, train_loss * p.unit, _test_loss(p, params))


def start(table: Table, choice: Choice) -> Started:
    """Check the choice and give the starting parameters: zeros for a network without
    hidden layers, seeded Glorot/He weights with them (all-zero hidden neurons would stay
    identical forever)."""
    p = prepare(table, choice)
    init = "auto" if choice.hidden else "zeros"
    params = p.network.init_params(choice.seed, init)
    with np.errstate(all="ignore"):
        point = _point(p, 0, p.objective.value(params), params)
    return Started(_setup(p), _layers(params), point)


@dataclass(frozen=True)
class Trained:
    layers: list[Layer]
    step: int  # steps taken since the start, this request's included
    steps_taken: int
    diverged: bool
    message: Message
    points: list[Point]  # the loss curves at up to MAX_POINTS_PER_REQUEST steps


def train(
    table: Table,
    choice: Choice,
    layers: Layers,
    *,
    step: int,
    steps: int,
    learning_rate: float,
    on_step: Callable[[int], None] | None = None,
) -> Trained:
    """``steps`` full-batch gradient-descent steps from ``layers`` (taken ``step`` so far)."""
    p = prepare(table, choice)
    params = _flat(p, layers)
    limit = max_steps(p)
    if not 1 <= steps <= limit:
        raise LessonError(
            f"too much work for one request: at most {limit:,} steps on these "
            f"{len(p.train):,} training rows with this network; ask for fewer at a time",
            "too_much_work",
        )
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise LessonError("the learning rate must be a positive number")
    marks = np.unique(np.linspace(0, steps, min(steps, MAX_POINTS_PER_REQUEST) + 1).round())
    points: list[Point] = []
    taken, diverged = 0, False
    with np.errstate(all="ignore"):
        for a, z in zip(marks[:-1].astype(int), marks[1:].astype(int), strict=True):
            res = descend(
                p.objective,
                params,
                steps=int(z - a),
                learning_rate=learning_rate,
                keep_snapshots=False,
                on_step=on_step,
            )
            if res.steps:
                params = res.params
                taken += res.steps
                points.append(_point(p, step + taken, res.loss, params))
            if res.diverged:
                diverged = True
                break
    numbers: list[float] = [float(x) for a in params for x in np.ravel(a)]
    numbers += [v for pt in points for v in (pt.train_loss, pt.test_loss) if v is not None]
    if not np.all(np.isfinite(np.asarray(numbers, dtype=np.float64))):
        raise LessonError(OVERFLOW, "overflow")
    message = (
        Message("diverged", {"steps": taken, "wanted": steps})
        if diverged
        else Message("steps_taken", {"steps": taken})
    )
    return Trained(_layers(params), step + taken, taken, diverged, message, points)


# -- the view: what the model does with the rows ------------------------------------------


@dataclass(frozen=True)
class Scores:
    """Headline numbers from the model for raw inputs (what the script will print)."""

    train_loss: float
    test_loss: float | None
    train_accuracy: float | None  # classification
    test_accuracy: float | None
    train_error: float | None  # regression: MSE in the target's units (squared)
    test_error: float | None
    test_rmse: float | None  # its square root, in the target's units


@dataclass(frozen=True)
class Regions:
    """Two features: the plane coloured by the most probable class, any number of classes."""

    x: list[float]  # the first feature's grid values
    y: list[float]  # the second's
    winner: list[list[int]]  # winner[i][j]: class index at (x[j], y[i])
    confidence: list[list[float]]  # its probability, rounded to 3 decimals


@dataclass(frozen=True)
class RowPoint:
    line: int  # the row's line in the file (or row number)
    test: bool
    x: list[float]  # the first two features (classification, two features) or []
    actual: float | int  # the target, or the class index
    predicted: float | int


@dataclass(frozen=True)
class Residual:
    line: int
    inputs: list[float]
    actual: float
    predicted: float
    residual: float  # actual − predicted


@dataclass(frozen=True)
class WeightRow:
    feature: str
    weights: list[float]  # per output (or hidden neuron): for raw inputs
    per_spread: list[float]  # the same × the feature's spread: the effect of a typical change
    spread: float  # the feature's standard deviation over the training rows


@dataclass(frozen=True)
class Weights:
    columns: list[str]  # the classes, the target, or the hidden neurons
    rows: list[WeightRow]
    bias: list[float]
    layer: str  # "output" (no hidden layer) or "first hidden"


@dataclass(frozen=True)
class View:
    setup: Setup
    scores: Scores
    confusion: list[list[int]] | None  # rows: true class, columns: predicted
    confusion_rows: str | None  # "test" or "training": which rows it counts
    regions: Regions | None
    points: list[RowPoint]
    n_points_left_out: int
    residuals: list[Residual]
    residual_rows: str | None
    weights: Weights


def _scores(p: Problem, z: Array, out: Array) -> Scores:
    tr, te = p.train, p.test
    if p.task == "classification":
        assert p.labels is not None
        labels = p.labels
        # Cross-entropy of the raw model: −mean log p(label), by log-sum-exp.
        logp = log_softmax(z, axis=1)
        pred = np.argmax(out, axis=1)

        def ce(rows: NDArray[np.intp]) -> float:
            return float(-np.mean(logp[rows, labels[rows]]))

        def acc(rows: NDArray[np.intp]) -> float:
            return float(np.mean(pred[rows] == labels[rows]))

        return Scores(
            ce(tr), ce(te) if len(te) else None, acc(tr), acc(te) if len(te) else None,
            None, None, None,
        )  # fmt: skip
    y = np.asarray(p.selection.y, dtype=np.float64)
    sq = (out[:, 0] - y) ** 2
    train_mse = float(np.mean(sq[tr]))
    test_mse = float(np.mean(sq[te])) if len(te) else None
    return Scores(
        train_mse, test_mse, None, None, train_mse, test_mse,
        float(np.sqrt(test_mse)) if test_mse is not None else None,
    )  # fmt: skip


def _regions(p: Problem, model: PortableModel) -> Regions:
    X = p.selection.X
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = (hi - lo) * MARGIN
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], RESOLUTION)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], RESOLUTION)
    gx, gy = np.meshgrid(xs, ys)
    probs = model.outputs(np.column_stack([gx.ravel(), gy.ravel()]))
    winner = np.argmax(probs, axis=1).reshape(gx.shape)
    confidence = np.round(np.max(probs, axis=1), 3).reshape(gx.shape)
    return Regions(xs.tolist(), ys.tolist(), winner.tolist(), confidence.tolist())


def _sample(p: Problem) -> NDArray[np.intp]:
    """Rows to draw: every test row first, then training rows, at most MAX_POINTS, spread
    evenly through the table (no randomness: the same rows every time)."""

    def spread(rows: NDArray[np.intp], k: int) -> NDArray[np.intp]:
        if k >= len(rows):
            return rows
        return rows[np.unique(np.linspace(0, len(rows) - 1, k).round().astype(int))]

    test = spread(p.test, MAX_POINTS)
    return np.sort(np.concatenate([test, spread(p.train, MAX_POINTS - len(test))]))


def view(table: Table, choice: Choice, layers: Layers) -> View:
    """What the model does with every row: scores, confusion matrix, decision regions (two
    features), predicted against actual and the largest errors (regression), weights."""
    p = prepare(table, choice)
    params = _flat(p, layers)
    model = portable(p, params)
    sel = p.selection
    X = sel.X
    with np.errstate(all="ignore"):
        z = model.scores(X)
        out = model.outputs(X)
        if not np.all(np.isfinite(out)) or not np.all(np.isfinite(z)):
            raise LessonError(OVERFLOW, "overflow")
        scores = _scores(p, z, out)
        regions = None
        if p.task == "classification" and X.shape[1] == 2:
            regions = _regions(p, model)
    lines = [p.table.lines[i] for i in range(len(sel.y))]
    is_test = np.zeros(len(sel.y), dtype=bool)
    is_test[p.test] = True
    shown = _sample(p)
    confusion = residuals = None
    rows_named: str | None = None
    if p.task == "classification":
        assert p.labels is not None and sel.classes is not None
        pred = np.argmax(out, axis=1)
        rows = p.test if len(p.test) else p.train
        rows_named = "test" if len(p.test) else "training"
        confusion = confusion_matrix(p.labels[rows], pred[rows], len(sel.classes)).tolist()
        points = [
            RowPoint(
                lines[i],
                bool(is_test[i]),
                X[i, :2].tolist() if regions else [],
                int(p.labels[i]),
                int(pred[i]),
            )  # fmt: skip
            for i in shown
        ]
    else:
        y = np.asarray(sel.y, dtype=np.float64)
        pred_y = out[:, 0]
        points = [
            RowPoint(lines[i], bool(is_test[i]), [], float(y[i]), float(pred_y[i])) for i in shown
        ]
        rows = p.test if len(p.test) else p.train
        rows_named = "test" if len(p.test) else "training"
        worst = rows[np.argsort(-np.abs(y[rows] - pred_y[rows]), kind="stable")[:RESIDUAL_ROWS]]
        residuals = [
            Residual(
                lines[i], X[i].tolist(), float(y[i]), float(pred_y[i]), float(y[i] - pred_y[i])
            )
            for i in worst
        ]
    result = View(
        setup=_setup(p),
        scores=scores,
        confusion=confusion,
        confusion_rows=rows_named if confusion is not None else None,
        regions=regions,
        points=points,
        n_points_left_out=len(sel.y) - len(points),
        residuals=residuals or [],
        residual_rows=rows_named if residuals is not None else None,
        weights=_weights(p, model),
    )
    return result


def _weights(p: Problem, model: PortableModel) -> Weights:
    """The first layer on raw inputs: one row per feature."""
    W, b = model.layers[0]
    spread = p.selection.X[p.train].std(axis=0)
    if model.n_hidden_layers:
        columns = [f"neuron {j + 1}" for j in range(W.shape[1])]
        layer = "first hidden"
    else:
        columns = list(p.selection.classes or [p.selection.target])
        layer = "output"
    rows = [
        WeightRow(name, W[i].tolist(), (W[i] * spread[i]).tolist(), float(spread[i]))
        for i, name in enumerate(p.selection.features)
    ]
    return Weights(columns, rows, b.tolist(), layer)


# -- taking the model away ------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    basename: str  # e.g. "iris-model": files are <basename>.json and <basename>.py
    model_file: str  # the JSON `nnguide fit --save` writes
    python: str  # the self-contained numpy script
    snippet: str  # Python that reloads the JSON with nnguide


def basename(name: str) -> str:
    stem = re.sub(r"\.csv$", "", name, flags=re.I)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:60] or "data"
    return f"{stem}-model"


def export(table: Table, choice: Choice, layers: Layers) -> Export:
    """The trained model as the model file and as a numpy-only script."""
    p = prepare(table, choice)
    model = portable(p, _flat(p, layers))
    base = basename(table.name)
    with np.errstate(all="ignore"):
        out = model.outputs(p.selection.X)
    if not np.all(np.isfinite(out)) or not all(
        np.all(np.isfinite(a)) for pair in model.layers for a in pair
    ):
        raise LessonError(OVERFLOW, "overflow")
    return Export(
        basename=base,
        model_file=model_text(model),
        python=python_script(model, filename=f"{base}.py", source=table.name),
        snippet=reload_snippet(model, f"{base}.json"),
    )
