"""The digit-recognition problems behind section 8: data, split, and evaluation.

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

import math
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from numpy.typing import NDArray

from nnguide.core import Standardizer
from nnguide.core.descent import Objective
from nnguide.core.losses import get_loss
from nnguide.core.softmax import log_softmax
from nnguide.core.split import train_test_split
from nnguide.presets import DIGITS, MNIST, Preset

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


def _one_hot(y: NDArray[np.intp], dtype: type) -> NDArray[np.floating]:
    Y: NDArray[np.floating] = np.zeros((len(y), N_CLASSES), dtype)
    Y[np.arange(len(y)), y] = 1
    return Y


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
            _one_hot(y_tr, dtype),
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


def _loss_and_accuracy(X, y, W, b) -> tuple[float, float, NDArray[np.floating]]:  # noqa: ANN001
    logp = log_softmax(np.asarray(X @ W + b, np.float64), axis=1)
    loss = float(-logp[np.arange(len(y)), y].mean())
    return loss, float(np.mean(np.argmax(logp, axis=1) == y)), logp


def evaluate(p: Problem, W: NDArray[np.floating], b: NDArray[np.floating]) -> Evaluation:
    train_loss, train_acc, _ = _loss_and_accuracy(p.train.X, p.y_train, W, b)
    test_loss, test_acc, logp = _loss_and_accuracy(p.X_test, p.y_test, W, b)
    return Evaluation(train_loss, test_loss, train_acc, test_acc, logp)


def batch_rows(p: Problem, step: int, batch_size: int, seed: int) -> NDArray[np.intp]:
    """The rows of global step ``step``: epoch ``e`` shuffles with seed ``(seed, e)``.

    Any server can resume training from any step, so the API stays stateless.
    """
    per_epoch = math.ceil(p.n_train / batch_size)
    epoch, j = divmod(step, per_epoch)
    order = _order(p.name, p.n_train, seed, epoch)
    return order[j * batch_size : (j + 1) * batch_size]


@lru_cache(maxsize=64)
def _cached_order(name: str, n: int, seed: int, epoch: int) -> NDArray[np.intp]:
    return np.random.default_rng([seed, epoch]).permutation(n)


def _order(name: str, n: int, seed: int, epoch: int) -> NDArray[np.intp]:
    if epoch > 1000:  # do not fill the cache with far-off epochs
        return np.random.default_rng([seed, epoch]).permutation(n)
    return _cached_order(name, n, seed, epoch)
