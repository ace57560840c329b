"""Part 2: a hidden layer between the houses' inputs and the softmax.

The friend's ten labelled houses again (section 6), now through a network
``x → standardize → · W₁ + b₁ → activation → · W₂ + b₂ → softmax``. Each hidden
neuron draws its own line across the (area, bathrooms) plane; the output mixes
those bent pieces, so its boundary can bend too. The lessons:

* beyond a straight line — train it, see it reach 10 of 10, then see
  leave-one-out and the held-out list show it memorised ten houses;
* why activation functions — with the identity, the two layers collapse into
  one: ``W = W₁W₂`` and ``b = b₁W₂ + b₂``;
* layers are matrix multiplications — one house's numbers through each layer;
* backpropagation — the chain rule's gradient on every weight, beside the same
  slope measured by nudging that weight.

Parameters travel as one list per layer, ``[(W₁, b₁), (W₂, b₂)]``, for the
standardized inputs (each input less its mean over the ten houses, divided by
its spread — section 4's standardization, which the page explains there).
Training is full-batch gradient descent: deterministic, so a seed, a size, an
activation and the rates and steps taken restore exactly the same network.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from nnguide.core import Objective, Standardizer, descend, get_loss
from nnguide.core.activations import ACTIVATIONS, get_activation
from nnguide.core.network import Network, collapse_linear
from nnguide.core.softmax import softmax
from nnguide.lessons import classification
from nnguide.lessons.messages import OVERFLOW, LessonError, Message

Array = NDArray[np.floating]
Layers = Sequence[tuple[Sequence[Sequence[float]], Sequence[float]]]

MAX_HIDDEN = 8
#: Full-batch steps one request may take: ~10 rows × a few small products each.
MAX_STEPS = 1000
#: The training path sent back is thinned to at most this many points.
MAX_PATH_POINTS = 200
#: The decision-region pictures: the output's, and each hidden neuron's small one.
OUTPUT_RESOLUTION, NEURON_RESOLUTION = 41, 21
#: A finite-difference nudge for the numerical slopes (central differences: error ~h²).
NUDGE = 1e-5


@dataclass(frozen=True)
class Houses:
    X: Array  # (10, 2) raw: area, bathrooms
    S: Array  # (10, 2) standardized
    Y: Array  # (10, 2) one-hot: Good, Bad
    labels: list[str]
    scaler: Standardizer


@cache
def houses() -> Houses:
    h = classification.houses()
    scaler = Standardizer.fit(h.X)
    return Houses(h.X, scaler.transform(h.X), h.Y, h.labels, scaler)


def network(hidden: int, activation: str) -> Network:
    """Two inputs → ``hidden`` neurons (0: none) → two class scores, softmax on top."""
    if not 0 <= hidden <= MAX_HIDDEN:
        raise LessonError(f"hidden neurons must be from 0 to {MAX_HIDDEN}")
    if activation not in ACTIVATIONS:
        raise LessonError(f"unknown activation {activation!r}: choose {', '.join(ACTIVATIONS)}")
    sizes = (2, hidden, 2) if hidden else (2, 2)
    return Network(sizes, activation, "softmax")


@cache
def _objective(hidden: int, activation: str) -> Objective:
    h = houses()
    return Objective(
        h.S, h.Y, get_loss("cross-entropy", "classification"), network(hidden, activation)
    )


def _flat(net: Network, layers: Layers) -> list[Array]:
    try:
        params: list[Array] = [np.asarray(p, np.float64) for W, b in layers for p in (W, b)]
        net.check_params(params)
    except ValueError as err:
        raise LessonError(str(err)) from None
    if not all(np.all(np.isfinite(p)) for p in params):
        raise LessonError(OVERFLOW, "overflow")
    return params


def _layers(params: Sequence[Array]) -> list[tuple[list[list[float]], list[float]]]:
    return [(params[i].tolist(), params[i + 1].tolist()) for i in range(0, len(params), 2)]


@dataclass(frozen=True)
class Layer:
    weights: list[list[float]]  # (inputs, neurons)
    bias: list[float]


def start(hidden: int, activation: str, seed: int) -> list[Layer]:
    """Seeded starting weights, scaled to each layer's size (Glorot; He for ReLU)."""
    params = network(hidden, activation).init_params(seed)
    return [Layer(W, b) for W, b in _layers(params)]


@dataclass(frozen=True)
class HouseRow:
    house: int
    area: float
    bathrooms: float
    label: str
    probabilities: list[float]  # [P(Good), P(Bad)]
    predicted: str
    correct: bool


@dataclass(frozen=True)
class NeuronPicture:
    """What one hidden neuron outputs over the (area, bathrooms) rectangle."""

    values: list[list[float]]  # values[i][j] is for bathrooms[i], areas[j]
    low: float
    high: float


@dataclass(frozen=True)
class Collapsed:
    """With the identity activation the two layers are one linear layer."""

    weights: list[list[float]]  # W₁W₂, (2 inputs, 2 classes)
    bias: list[float]  # b₁W₂ + b₂
    max_difference: float  # largest gap between the network's and the one layer's scores
    best_linear_correct: int  # the most any straight line gets right (8)


@dataclass(frozen=True)
class ForwardPass:
    """One house through the network, layer by layer."""

    house: int
    raw: list[float]  # area, bathrooms
    inputs: list[float]  # standardized
    z: list[list[float]]  # per layer: the weighted sums x · W + b
    a: list[list[float]]  # per layer: after the activation (the last: softmax)


@dataclass(frozen=True)
class View:
    hidden: int
    activation: str
    layers: list[Layer]
    sizes: list[int]
    n_parameters: int
    loss: float
    correct: int
    n: int
    houses: list[HouseRow]
    held_out: list[HouseRow]
    held_out_correct: int
    areas: list[float]
    bathrooms: list[float]
    p_good: list[list[float]]  # the output's region: p_good[i][j] for bathrooms[i], areas[j]
    neurons: list[NeuronPicture]
    forward: ForwardPass
    collapsed: Collapsed | None


def _rows(
    net: Network, params: list[Array], X: Array, labels: list[str], ids: list[int]
) -> list[HouseRow]:
    if not ids:
        return []
    p = net.predict(params, houses().scaler.transform(X))
    rows = []
    for i, house in enumerate(ids):
        predicted = classification.CLASSES[int(np.argmax(p[i]))]
        rows.append(
            HouseRow(
                house,
                float(X[i, 0]),
                float(X[i, 1]),
                labels[i],
                p[i].tolist(),
                predicted,
                predicted == labels[i],
            )
        )
    return rows


def _held_out(held_out: Sequence[tuple[int, str]]) -> tuple[Array, NDArray[np.intp]]:
    """The held-out houses' standardized inputs and label indices (Good 0, Bad 1)."""
    ids = [i for i, _ in held_out]
    if any(not classification.FIRST_HELD_OUT <= i < classification.N_HOUSES for i in ids):
        raise LessonError("held-out houses are rows 10–46")
    if any(label not in classification.CLASSES for _, label in held_out):
        raise LessonError(f"held-out labels are {' or '.join(classification.CLASSES)}")
    X = houses().scaler.transform(classification.houses().all_X[ids])
    y = np.array([classification.CLASSES.index(label) for _, label in held_out], dtype=np.intp)
    return X, y


def _grid(resolution: int) -> tuple[Array, Array, Array]:
    areas = np.linspace(*classification.AREA_RANGE, resolution)
    baths = np.linspace(*classification.BATH_RANGE, resolution)
    A, T = np.meshgrid(areas, baths)
    return areas, baths, houses().scaler.transform(np.column_stack([A.ravel(), T.ravel()]))


def _forward_pass(net: Network, params: list[Array], house: int) -> ForwardPass:
    h = houses()
    trace = net.forward(params, h.S[house : house + 1])
    z = [layer[0].tolist() for layer in trace.z]
    a = [layer[0].tolist() for layer in trace.a[:-1]] + [softmax(trace.z[-1], axis=1)[0].tolist()]
    return ForwardPass(house, h.X[house].tolist(), h.S[house].tolist(), z, a)


def _collapsed(net: Network, params: list[Array]) -> Collapsed | None:
    if net.activation != "identity" or net.n_hidden_layers == 0:
        return None
    W, b = collapse_linear(params)
    S = houses().S
    gap = float(np.max(np.abs(net.outputs(params, S) - (S @ W + b))))
    return Collapsed(W.tolist(), b.tolist(), gap, classification.houses().best_linear)


def view(
    hidden: int,
    activation: str,
    layers: Layers,
    *,
    house: int = 0,
    held_out: Sequence[tuple[int, str]] = (),
) -> View:
    """Everything Part 2's figures draw for one network on the ten houses."""
    net = network(hidden, activation)
    params = _flat(net, layers)
    if not 0 <= house < 10:
        raise LessonError("house must be one of the ten labelled houses, 0–9")
    h = houses()
    with np.errstate(all="ignore"):
        loss = _objective(hidden, activation).value(params)
        rows = _rows(net, params, h.X, h.labels, list(range(10)))
        all_X = classification.houses().all_X
        ids = [i for i, _ in held_out]
        if any(not classification.FIRST_HELD_OUT <= i < classification.N_HOUSES for i in ids):
            raise LessonError("held-out houses are rows 10–46")
        held = _rows(net, params, all_X[ids], [lab for _, lab in held_out], ids)
        areas, baths, S = _grid(OUTPUT_RESOLUTION)
        p_good = net.predict(params, S)[:, 0].reshape(len(baths), len(areas))
        neurons = []
        if hidden:
            _, _, S_small = _grid(NEURON_RESOLUTION)
            act = net.forward(params, S_small).a[0]
            for j in range(hidden):
                v = act[:, j].reshape(NEURON_RESOLUTION, NEURON_RESOLUTION)
                neurons.append(NeuronPicture(v.tolist(), float(v.min()), float(v.max())))
        result = View(
            hidden=hidden,
            activation=activation,
            layers=[Layer(W, b) for W, b in _layers(params)],
            sizes=list(net.sizes),
            n_parameters=net.parameter_count,
            loss=float(loss),
            correct=sum(r.correct for r in rows),
            n=len(rows),
            houses=rows,
            held_out=held,
            held_out_correct=sum(r.correct for r in held),
            areas=areas.tolist(),
            bathrooms=baths.tolist(),
            p_good=p_good.tolist(),
            neurons=neurons,
            forward=_forward_pass(net, params, house),
            collapsed=_collapsed(net, params),
        )
    if not np.isfinite(loss) or not np.all(np.isfinite(p_good)):
        raise LessonError(OVERFLOW, "overflow")
    return result


@dataclass(frozen=True)
class PathPoint:
    step: int
    loss: float
    correct: int
    held_out_correct: int | None = None  # of the held-out list sent, if one was


@dataclass(frozen=True)
class Trained:
    layers: list[Layer]
    steps_taken: int
    diverged: bool
    loss: float
    correct: int
    path: list[PathPoint]  # thinned to at most MAX_PATH_POINTS, first and last kept
    message: Message


def train(
    hidden: int,
    activation: str,
    layers: Layers,
    *,
    steps: int,
    learning_rate: float,
    held_out: Sequence[tuple[int, str]] = (),
    on_step: Callable[[int], None] | None = None,
) -> Trained:
    """``steps`` full-batch gradient-descent steps on the ten houses (cross-entropy).

    With a ``held_out`` list (house 10–46, label), each point of the path also counts how
    many of those houses the network gets right at that step: the two counts drifting
    apart as training goes on is what overfitting looks like.
    """
    if not 1 <= steps <= MAX_STEPS:
        raise LessonError(f"steps must be from 1 to {MAX_STEPS} per request")
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise LessonError("the learning rate must be a positive number")
    net = network(hidden, activation)
    obj = _objective(hidden, activation)
    held_X, held_y = _held_out(held_out)
    with np.errstate(all="ignore"):
        result = descend(
            obj, _flat(net, layers), steps=steps, learning_rate=learning_rate, on_step=on_step
        )
        if not result.snapshots:
            raise LessonError(OVERFLOW, "overflow")
        keep = np.unique(
            np.linspace(0, len(result.snapshots) - 1, MAX_PATH_POINTS).round().astype(int)
        )
        labels = np.argmax(obj.Y, axis=1)

        def n_right(params: list[Array], X: Array, y: NDArray[np.intp]) -> int:
            return int(np.sum(np.argmax(net.outputs(params, X), axis=1) == y))

        path = [
            PathPoint(
                int(k),
                result.snapshots[k].loss,
                n_right(result.snapshots[k].params, obj.X, labels),
                n_right(result.snapshots[k].params, held_X, held_y) if held_out else None,
            )
            for k in keep
        ]
    message = (
        Message("diverged_classify", {"steps": result.steps, "wanted": steps})
        if result.diverged
        else Message("steps_taken", {"steps": result.steps})
    )
    return Trained(
        layers=[Layer(W, b) for W, b in _layers(result.params)],
        steps_taken=result.steps,
        diverged=result.diverged,
        loss=float(result.loss),
        correct=path[-1].correct,
        path=path,
        message=message,
    )


@dataclass(frozen=True)
class Slope:
    """One parameter's gradient, by the chain rule and by nudging it."""

    layer: int  # 1 = input → hidden, 2 = hidden → output
    kind: str  # "weight" or "bias"
    source: int | None  # the input or hidden neuron it comes from (None for a bias)
    target: int  # the neuron it feeds
    value: float
    backprop: float  # dL/dparameter from the backward pass
    numeric: float  # (L(p + h) − L(p − h)) / 2h
    step: float  # what one GD step at this learning rate changes it by: −rate · backprop


@dataclass(frozen=True)
class Backprop:
    loss: float
    loss_after_step: float
    learning_rate: float
    deltas: list[list[float]]  # per layer: dL/dz of each neuron, summed over the houses
    slopes: list[Slope]
    max_difference: float  # largest |backprop − numeric| over all parameters


def backprop(hidden: int, activation: str, layers: Layers, *, learning_rate: float) -> Backprop:
    """One GD step, taken apart: the backward pass's gradient beside a measured one."""
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise LessonError("the learning rate must be a positive number")
    net = network(hidden, activation)
    obj = _objective(hidden, activation)
    params = _flat(net, layers)
    with np.errstate(all="ignore"):
        loss, grads = obj.value_and_grad(params)
        slopes = []
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            for index in np.ndindex(p.shape):
                up = [q.copy() for q in params]
                down = [q.copy() for q in params]
                up[i][index] += NUDGE
                down[i][index] -= NUDGE
                numeric = (obj.value(up) - obj.value(down)) / (2 * NUDGE)
                is_weight = i % 2 == 0
                slopes.append(
                    Slope(
                        layer=i // 2 + 1,
                        kind="weight" if is_weight else "bias",
                        source=int(index[0]) if is_weight else None,
                        target=int(index[-1]),
                        value=float(p[index]),
                        backprop=float(g[index]),
                        numeric=float(numeric),
                        step=float(-learning_rate * g[index]),
                    )
                )
        after = obj.value([p - learning_rate * g for p, g in zip(params, grads, strict=True)])
    # A bias is a weight on a constant 1, so its gradient is its neuron's dL/dz summed over
    # the houses: the "error signal" backpropagation hands to that neuron.
    deltas = [grads[i].tolist() for i in range(1, len(grads), 2)]
    numbers = [loss, after, *(s.backprop for s in slopes), *(s.numeric for s in slopes)]
    if not np.all(np.isfinite(numbers)):
        raise LessonError(OVERFLOW, "overflow")
    return Backprop(
        loss=float(loss),
        loss_after_step=float(after),
        learning_rate=learning_rate,
        deltas=deltas,
        slopes=slopes,
        max_difference=max(abs(s.backprop - s.numeric) for s in slopes),
    )


@dataclass(frozen=True)
class Fold:
    house: int
    label: str
    predicted: str
    correct: bool
    train_correct: int  # how many of the other nine this fold's network got right


def leave_one_out_fold(
    hidden: int,
    activation: str,
    *,
    seed: int,
    steps: int,
    learning_rate: float,
    house: int,
    on_step: Callable[[int], None] | None = None,
) -> Fold:
    """Train from the seed's start on the nine other houses, then predict ``house``.

    One fold per call keeps each request small; the page asks for the ten in turn.
    The scaling is fitted on the nine, as it would be for a house never seen.
    """
    if not 0 <= house < 10:
        raise LessonError("house must be one of the ten labelled houses, 0–9")
    if not 1 <= steps <= MAX_STEPS:
        raise LessonError(f"steps must be from 1 to {MAX_STEPS}")
    net = network(hidden, activation)
    h = houses()
    keep = np.arange(10) != house
    scaler = Standardizer.fit(h.X[keep])
    obj = Objective(
        scaler.transform(h.X[keep]), h.Y[keep], get_loss("cross-entropy", "classification"), net
    )
    with np.errstate(all="ignore"):
        result = descend(
            obj,
            net.init_params(seed),
            steps=steps,
            learning_rate=learning_rate,
            keep_snapshots=False,
            on_step=on_step,
        )
        p = net.predict(result.params, scaler.transform(h.X[house : house + 1]))[0]
        train_pred = np.argmax(net.outputs(result.params, obj.X), axis=1)
    if not np.all(np.isfinite(p)):
        raise LessonError(OVERFLOW, "overflow")
    predicted = classification.CLASSES[int(np.argmax(p))]
    return Fold(
        house,
        h.labels[house],
        predicted,
        predicted == h.labels[house],
        int(np.sum(train_pred == np.argmax(obj.Y, axis=1))),
    )


@dataclass(frozen=True)
class Curve:
    name: str
    z: list[float]
    value: list[float]
    slope: list[float]


def activation_curves(points: int = 81, reach: float = 4.0) -> list[Curve]:
    """Each activation and its slope over ``[-reach, reach]``, for the small plots."""
    z = np.linspace(-reach, reach, points)
    curves = []
    for name in ACTIVATIONS:
        f = get_activation(name)
        curves.append(Curve(name, z.tolist(), f.value(z).tolist(), f.derivative(z).tolist()))
    return curves
