"""Section 8: softmax regression reads handwritten digits — data, training, drawing.

Stateless like every lesson: training takes the weights and how many steps
were taken so far, and returns the new weights and everything the page draws;
any process can resume training from any step (see :func:`batch_rows`).

The model is softmax regression on scaled pixels, ``z = ((x - mean) / spread) @ W + b``:
``mean`` is each pixel's average over the training images, and ``spread`` is
*one* number for every pixel, the standard deviation of all training pixel
values together (about 6 of 16 on the 8×8 digits).

One shared spread, not each pixel's own, because all pixels measure the same
thing (ink). Per-pixel standardization divides a pixel near the edge, inked in
a handful of training images, by its tiny spread (0.06 for pixel_2_0): a drawing
that touches it gets a z-score near 250, and the large weight learned there
outvotes the whole rest of the picture. With a shared spread, full ink is
worth at most about 2.7 anywhere, and every weight is in the same unit, so the
weight pictures the page draws compare pixels fairly: each says how strongly
ink on that pixel votes for a digit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from nnguide.core import Standardizer
from nnguide.core.descent import Objective, sgd_on_batches
from nnguide.core.descent import batch_rows as core_batch_rows
from nnguide.core.drawing import to_digits_image, to_mnist_image
from nnguide.core.losses import get_loss
from nnguide.core.metrics import confusion_matrix, one_hot
from nnguide.core.network import Network
from nnguide.core.softmax import log_softmax, softmax
from nnguide.core.split import train_test_split
from nnguide.lessons.limits import MAX_STEPS_PER_REQUEST
from nnguide.lessons.messages import LessonError, Message
from nnguide.lessons.presets import DIGITS, DIGITS_DEEP, MNIST, Preset

N_CLASSES = 10
SHAPES = {"digits": (8, 16.0), "mnist": (28, 255.0)}  # side, brightest pixel


@dataclass(frozen=True)
class Problem:
    name: str
    side: int
    pixel_max: float
    preset: Preset
    scaler: Standardizer
    train: Objective  # scaled training images, one-hot labels
    y_train: NDArray[np.intp]
    X_test: NDArray[np.floating]  # scaled like the training images
    y_test: NDArray[np.intp]
    raw_test: NDArray[np.floating]  # as stored: 0–16 or 0–255

    @property
    def n_features(self) -> int:
        return self.side * self.side

    @property
    def spread(self) -> float:
        """The one number every pixel is divided by (after its mean is taken off)."""
        return float(self.scaler.scale[0])

    @property
    def n_train(self) -> int:
        return int(self.y_train.shape[0])


def shared_spread_scaler(X: NDArray[np.floating]) -> Standardizer:
    """Each column's own mean, and one spread for all: the std of every value in ``X``."""
    return Standardizer.fit(X, shared=True)


def _build(name: str, X_tr, y_tr, X_te, y_te, preset: Preset, dtype: type) -> Problem:  # noqa: ANN001
    scaler = shared_spread_scaler(np.asarray(X_tr, dtype))
    side, pixel_max = SHAPES[name]
    return Problem(
        name=name,
        side=side,
        pixel_max=pixel_max,
        preset=preset,
        scaler=scaler,
        train=Objective(
            scaler.transform(np.asarray(X_tr, dtype)).astype(dtype),
            one_hot(y_tr, N_CLASSES, dtype),
            get_loss("cross-entropy", "classification"),
        ),
        y_train=np.asarray(y_tr, np.intp),
        X_test=scaler.transform(np.asarray(X_te, dtype)).astype(dtype),
        y_test=np.asarray(y_te, np.intp),
        raw_test=np.asarray(X_te, np.float64),
    )


@cache
def digits_problem() -> Problem:
    from nnguide.data.digits import digits_arrays

    X, y = digits_arrays()
    train, test = train_test_split(len(y), DIGITS.test_size, seed=DIGITS.seed, labels=y)
    return _build("digits", X[train], y[train], X[test], y[test], DIGITS, np.float64)


@cache
def mnist_problem() -> Problem:
    """MNIST's own 60,000/10,000 split; raises DataError when the files are not here."""
    from nnguide.data.mnist import load_mnist

    m = load_mnist()
    return _build("mnist", m.X_train, m.y_train, m.X_test, m.y_test, MNIST, np.float32)


def problem(name: str) -> Problem:
    return digits_problem() if name == "digits" else mnist_problem()


@dataclass(frozen=True)
class Evaluation:
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float
    test_logp: NDArray[np.floating]  # (n_test, 10) log-probabilities


Params = Sequence[NDArray[np.floating]]


@cache
def network(name: str, hidden: int = 0, activation: str = "identity") -> Network:
    """Pixels → ``hidden`` neurons (0: none, section 8's model) → ten digit scores."""
    if hidden and name != "digits":
        raise LessonError("a hidden layer is offered for the 8×8 digits only")
    if not 0 <= hidden <= MAX_HIDDEN:
        raise LessonError(f"a hidden layer has from 1 to {MAX_HIDDEN} neurons")
    n = SHAPES[name][0] ** 2
    sizes = (n, hidden, N_CLASSES) if hidden else (n, N_CLASSES)
    try:
        return Network(sizes, activation if hidden else "identity", "softmax")
    except ValueError as err:
        raise LessonError(str(err)) from None


@cache
def _objective(name: str, hidden: int, activation: str) -> Objective:
    p = problem(name)
    if not hidden:
        return p.train
    return Objective(p.train.X, p.train.Y, p.train.loss, network(name, hidden, activation))


def _loss_and_accuracy(
    net: Network, params: Params, X: NDArray[np.floating], y: NDArray[np.intp]
) -> tuple[float, float, NDArray[np.floating]]:
    logp = log_softmax(np.asarray(net.outputs(params, X), np.float64), axis=1)
    loss = float(-logp[np.arange(len(y)), y].mean())
    return loss, float(np.mean(np.argmax(logp, axis=1) == y)), logp


#: Training scores use at most this many training images (all 1,347 of the 8×8 digits; the
#: first 10,000 of MNIST's 60,000, which keeps one history point near 30 ms).
EVAL_TRAIN_ROWS = 10_000


def evaluate(p: Problem, params: Params, net: Network | None = None) -> Evaluation:
    """Loss and accuracy on the training and test images (section 8's model by default)."""
    net = net or network(p.name)
    rows = slice(0, EVAL_TRAIN_ROWS)
    train_loss, train_acc, _ = _loss_and_accuracy(net, params, p.train.X[rows], p.y_train[rows])
    test_loss, test_acc, logp = _loss_and_accuracy(net, params, p.X_test, p.y_test)
    return Evaluation(train_loss, test_loss, train_acc, test_acc, logp)


def batch_rows(p: Problem, step: int, batch_size: int, seed: int) -> NDArray[np.intp]:
    """The rows of global step ``step``, as the core's SGD takes them (epoch seeded by
    ``(seed, epoch)``): any server can resume training from any step, so the API stays
    stateless, and ``nnguide fit digits`` takes the very same batches."""
    return core_batch_rows(p.n_train, batch_size, seed, step)


def steps_per_epoch(n_train: int, batch_size: int) -> int:
    return -(-n_train // batch_size)


def confusion(y_true: NDArray[np.intp], y_pred: NDArray[np.intp]) -> list[list[int]]:
    """Counts: row = true digit, column = the model's answer."""
    return confusion_matrix(y_true, y_pred, N_CLASSES).tolist()


def untrained(name: str) -> list[NDArray[np.floating]]:
    """``[W, b]`` of zeros for a one-layer model of a data set, sized without loading it."""
    n = SHAPES[name][0] ** 2
    return [np.zeros((n, N_CLASSES)), np.zeros(N_CLASSES)]


def zeros(p: Problem, dtype: type = np.float64) -> tuple[NDArray[np.floating], ...]:
    """The untrained model: every weight and bias 0."""
    return np.zeros((p.n_features, N_CLASSES), dtype), np.zeros(N_CLASSES, dtype)


@dataclass(frozen=True)
class Point:
    step: int
    epoch: float
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float


def _point(p: Problem, ev: Evaluation, step: int, batch_size: int) -> Point:
    return Point(
        step,
        step / steps_per_epoch(p.n_train, batch_size),
        ev.train_loss,
        ev.test_loss,
        ev.train_accuracy,
        ev.test_accuracy,
    )


@dataclass(frozen=True)
class Info:
    dataset: str
    side: int
    pixel_max: float
    n_train: int
    n_test: int
    steps_per_epoch: int
    pixel_spread: float  # every pixel, less its training average, is divided by this
    learning_rate: float
    batch_size: int
    epochs: int
    seed: int
    start: Point
    start_confusion: list[list[int]]  # the untrained model's, on the test set
    start_probabilities: list[float]  # what the untrained model says for any picture
    start_predicted: int  # and its answer: the tie goes to the first digit, 0
    start_tie: bool  # no digit stands out: the answer is only the tie-break
    n_features: int  # pixels per picture, one input each
    n_classes: int
    n_parameters: int  # weights and biases of this softmax layer
    max_steps_per_request: int  # at the tuned batch size (see MAX_WORK)
    deep: DeepPreset | None  # Part 2's hidden-layer model (8×8 digits only)
    mnist_available: bool


@dataclass(frozen=True)
class DeepPreset:
    hidden: int
    activation: str
    learning_rate: float
    batch_size: int
    epochs: int
    steps_per_epoch: int
    n_parameters: int
    max_steps_per_request: int
    hidden_sizes: list[int]  # the sizes a learner may pick


HIDDEN_CHOICES = [16, 32, 64, 128, 256]


def _deep_preset(p: Problem) -> DeepPreset | None:
    if p.name != "digits":
        return None
    pr = DIGITS_DEEP
    hidden = pr.hidden[0]
    return DeepPreset(
        hidden=hidden,
        activation=pr.activation,
        learning_rate=pr.learning_rate,
        batch_size=pr.batch_size,
        epochs=pr.epochs,
        steps_per_epoch=steps_per_epoch(p.n_train, pr.batch_size),
        n_parameters=network(p.name, hidden, pr.activation).parameter_count,
        max_steps_per_request=max_steps(p.name, hidden, pr.batch_size),
        hidden_sizes=HIDDEN_CHOICES,
    )


def mnist_available() -> bool:
    from nnguide.errors import DataError

    try:
        problem("mnist")
    except DataError:
        return False
    return True


def info(name: str) -> Info:
    """Sizes, tuned training settings, and the untrained model's scores and confusion matrix.

    All-zero weights give every digit the same score; ``argmax`` breaks the tie
    towards 0, so the untrained model reads every test picture as a 0.
    """
    p = problem(name)
    W, b = zeros(p)
    ev = evaluate(p, [W, b])
    pr = p.preset
    start = softmax(b[None, :], axis=1)[0]
    return Info(
        dataset=p.name,
        side=p.side,
        pixel_max=p.pixel_max,
        n_train=p.n_train,
        n_test=len(p.y_test),
        steps_per_epoch=steps_per_epoch(p.n_train, pr.batch_size),
        pixel_spread=p.spread,
        learning_rate=pr.learning_rate,
        batch_size=pr.batch_size,
        epochs=pr.epochs,
        seed=pr.seed,
        start=_point(p, ev, 0, pr.batch_size),
        start_confusion=confusion(p.y_test, np.argmax(ev.test_logp, axis=1)),
        start_probabilities=start.tolist(),
        start_predicted=int(np.argmax(start)),
        start_tie=is_tie(start),
        n_features=p.n_features,
        max_steps_per_request=max_steps(p.name, 0, pr.batch_size),
        deep=_deep_preset(p),
        n_classes=N_CLASSES,
        n_parameters=network(p.name).parameter_count,
        mnist_available=name == "mnist" or mnist_available(),
    )


@dataclass(frozen=True)
class Misclassified:
    index: int
    image: list[float]
    label: int
    predicted: int
    probabilities: list[float]
    top_guesses: list[int]  # the two most probable digits, most probable first


def top_guesses(probabilities: NDArray[np.floating], k: int = 2) -> list[int]:
    """The ``k`` most probable classes, most probable first (ties: the lower digit first)."""
    return [int(i) for i in np.argsort(-probabilities, kind="stable")[:k]]


@dataclass(frozen=True)
class TrainResult:
    dataset: str
    weights: list[list[float]] | None  # section 8's model (no hidden layer)
    bias: list[float] | None
    layers: list[Layer] | None  # with a hidden layer: [(W₁, b₁), (W₂, b₂)]
    step: int
    steps_taken: int
    diverged: bool
    message: Message
    history: list[Point]
    batch_losses: list[list[float]]  # [step, loss] pairs, at most MAX_BATCH_POINTS
    confusion: list[list[int]]  # test set: row = true digit, column = guess
    misclassified: list[Misclassified]


MAX_HISTORY = 20  # evaluation points per request
MAX_BATCH_POINTS = 200
MAX_HIDDEN = 256
#: One request's counted work, in multiply-add equivalents: about 100 ms of CPU at the
#: ~5 GMAC/s this project's 2-core machine sustains on these small matrices (measured in
#: benchmarks/request_cost.py). A training step costs 3 multiply-adds per weight per image
#: (forward, backward to the weights, backward to the inputs) plus STEP_OVERHEAD for the
#: Python and numpy calls around it; each point of the history scores every image once.
MAX_WORK = 500_000_000
STEP_OVERHEAD = 75_000


def _weights(name: str, hidden: int) -> int:
    sizes = network(name, hidden, "relu" if hidden else "identity").sizes
    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=False))


def step_work(name: str, hidden: int, batch_size: int) -> int:
    """The counted cost of one SGD step on ``batch_size`` images."""
    return 3 * batch_size * _weights(name, hidden) + STEP_OVERHEAD


def point_work(name: str, hidden: int) -> int:
    """The counted cost of one history point: every training and test image, forward."""
    p = problem(name)
    return (min(p.n_train, EVAL_TRAIN_ROWS) + len(p.y_test)) * _weights(name, hidden)


def max_steps(name: str, hidden: int, batch_size: int) -> int:
    """The most steps one request may take (with at least its final history point)."""
    spare = MAX_WORK - point_work(name, hidden)
    return max(1, min(MAX_STEPS_PER_REQUEST, spare // step_work(name, hidden, batch_size)))


def history_points(name: str, hidden: int, steps: int, batch_size: int) -> int:
    """How many history points fit in what the steps leave of the budget (1 to MAX_HISTORY)."""
    spare = MAX_WORK - steps * step_work(name, hidden, batch_size)
    return int(max(1, min(MAX_HISTORY, steps, spare // point_work(name, hidden))))


def work(name: str, hidden: int, steps: int, batch_size: int) -> int:
    """The counted cost of a request: its steps and its history points."""
    points = history_points(name, hidden, steps, batch_size)
    return steps * step_work(name, hidden, batch_size) + points * point_work(name, hidden)


@dataclass(frozen=True)
class Layer:
    weights: list[list[float]]
    bias: list[float]


def start(name: str, hidden: int, activation: str, seed: int) -> list[Layer]:
    """Starting parameters: zeros for section 8's model, seeded Glorot/He with a hidden layer."""
    net = network(name, hidden, activation)
    params = net.init_params(seed, init="zeros" if not hidden else "auto")
    return [Layer(params[i].tolist(), params[i + 1].tolist()) for i in range(0, len(params), 2)]


def check_params(
    name: str, hidden: int, activation: str, params: Params
) -> list[NDArray[np.floating]]:
    """The parameters as arrays of the dataset's dtype, refused if they do not fit."""
    net = network(name, hidden, activation)
    dtype = problem(name).train.X.dtype
    try:
        arrays = [np.asarray(a, dtype) for a in params]
        net.check_params(arrays)
    except ValueError as err:
        raise LessonError(str(err)) from None
    return arrays


def train(
    name: str,
    params: Params,
    *,
    step: int,
    steps: int,
    hidden: int = 0,
    activation: str = "identity",
    learning_rate: float | None = None,
    batch_size: int | None = None,
    seed: int = 0,
    n_misclassified: int = 8,
    on_step: Callable[[int], None] | None = None,
) -> TrainResult:
    """Take ``steps`` SGD steps from global step ``step``, scoring up to 20 points on the way.

    ``params`` is ``[W, b]`` for section 8's model, ``[W₁, b₁, W₂, b₂]`` with a hidden layer.
    """
    p = problem(name)
    net = network(name, hidden, activation)
    P = check_params(name, hidden, activation, params)
    preset = DIGITS_DEEP if hidden else p.preset
    lr = learning_rate or preset.learning_rate
    bs = min(batch_size or preset.batch_size, p.n_train)
    if steps > max_steps(name, hidden, bs):
        raise LessonError(
            f"too much work for one request: at most {max_steps(name, hidden, bs):,} steps "
            f"of batch size {bs} for this model; take fewer steps or smaller batches"
        )
    obj = _objective(name, hidden, activation)
    # Each point scores every image: as many points as the budget leaves room for.
    points = history_points(name, hidden, steps, bs)
    marks = np.unique(np.linspace(0, steps, min(steps, points) + 1).round()).astype(int)
    history: list[Point] = []
    losses: list[list[float]] = []
    taken, diverged = 0, False
    with np.errstate(all="ignore"):
        for a, z in zip(marks[:-1], marks[1:], strict=True):
            batches = (batch_rows(p, step + k, bs, seed) for k in range(a, z))
            res = sgd_on_batches(
                obj, P, batches, learning_rate=lr, final_loss=False, on_step=on_step
            )
            losses += [[step + taken + i + 1, v] for i, v in enumerate(res.loss_curve)]
            taken += res.steps
            P = res.params
            if res.diverged:
                diverged = True
                break
            history.append(_point(p, evaluate(p, P, net), step + taken, bs))
        ev = evaluate(p, P, net)
    if diverged or not np.isfinite(ev.train_loss) or not np.isfinite(ev.test_loss):
        history.append(_point(p, ev, step + taken, bs))
        diverged = True
    stride = max(1, len(losses) // MAX_BATCH_POINTS)
    pred = np.argmax(ev.test_logp, axis=1)
    wrong = np.flatnonzero(pred != p.y_test)[:n_misclassified]
    layers = [
        Layer(np.asarray(P[i], np.float64).tolist(), np.asarray(P[i + 1], np.float64).tolist())
        for i in range(0, len(P), 2)
    ]
    result = TrainResult(
        dataset=p.name,
        weights=None if hidden else layers[0].weights,
        bias=None if hidden else layers[0].bias,
        layers=layers if hidden else None,
        step=step + taken,
        steps_taken=taken,
        diverged=diverged,
        message=(
            Message("diverged_digits", {"steps": taken, "wanted": steps})
            if diverged
            else Message("steps_taken", {"steps": taken})
        ),
        history=history,
        batch_losses=losses[::stride],
        confusion=confusion(p.y_test, pred),
        misclassified=[
            Misclassified(
                int(i),
                p.raw_test[i].tolist(),
                int(p.y_test[i]),
                int(pred[i]),
                np.exp(ev.test_logp[i]).tolist(),
                top_guesses(ev.test_logp[i]),
            )
            for i in wrong
        ],
    )
    numbers = [v for arr in P for v in np.ravel(arr)] + list(np.ravel(result.batch_losses))
    numbers += [v for pt in history for v in vars(pt).values()]
    if not np.all(np.isfinite(np.asarray(numbers, dtype=np.float64))):
        raise LessonError("these weights make the numbers overflow; press Reset", "overflow")
    return result


def is_tie(probabilities: NDArray[np.floating]) -> bool:
    """True when the most probable class is shared: the answer is only argmax's tie-break."""
    top = np.max(probabilities)
    return bool(np.count_nonzero(probabilities == top) > 1)


@dataclass(frozen=True)
class Prediction:
    probabilities: list[float]
    predicted: int
    image: list[float]  # the image the model saw, in the dataset's scale
    tie: bool  # the top probability is shared: no digit stands out


def prepare(
    name: str,
    *,
    image: list[float] | None = None,
    ink: list[list[float]] | None = None,
    unit_pixels: bool = False,
) -> NDArray[np.floating]:
    """One image as the training images are (0–16 or 0–255): a drawing (``ink``, a square
    grid of coverage 0–1) cropped, centred and scaled, or ``image`` as sent."""
    if ink is not None:
        grid = np.asarray(ink, np.float64)
        return to_digits_image(grid) if name == "digits" else to_mnist_image(grid)
    if image is not None:
        return np.asarray(image, np.float64) * (SHAPES[name][1] if unit_pixels else 1.0)
    raise LessonError("send either image or ink")


def predict(
    name: str,
    params: Params,
    *,
    hidden: int = 0,
    activation: str = "identity",
    image: list[float] | None = None,
    ink: list[list[float]] | None = None,
    unit_pixels: bool = False,
) -> Prediction:
    """Ten probabilities for one image, or for a drawing prepared like the training images.

    ``unit_pixels``: the image's intensities run 0–1 instead of the dataset's own scale.
    """
    p = problem(name)
    net = network(name, hidden, activation)
    P = [np.asarray(a, np.float64) for a in check_params(name, hidden, activation, params)]
    raw = prepare(name, image=image, ink=ink, unit_pixels=unit_pixels)
    scaled = p.scaler.transform(raw[None, :].astype(p.scaler.mean.dtype)).astype(np.float64)
    with np.errstate(all="ignore"):
        probs = net.predict(P, scaled)[0]
    if not np.all(np.isfinite(probs)):
        raise LessonError("these weights make the numbers overflow; press Reset", "overflow")
    return Prediction(probs.tolist(), int(np.argmax(probs)), raw.tolist(), is_tie(probs))
