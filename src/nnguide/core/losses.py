"""Loss functions as small named objects: a value and a derivative.

Only the name (``"mse"``, ``"cross-entropy"``) crosses the API, the CLI or a
URL; :func:`get_loss` turns it back into the object.

Every loss here takes the network's raw outputs ``z`` (shape
``(n_samples, n_outputs)``) and returns ``dL/dz``, so the model code only
has to chain that through ``z = X @ W + b``. Every loss is a mean over the
rows (samples), each row weighing the same, so a loss over many rows can be
measured a chunk of rows at a time (:meth:`Objective.value` does).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnguide.core.softmax import log_softmax, softmax

Array = NDArray[np.floating]


@dataclass(frozen=True)
class Loss(ABC):
    """A loss on the outputs of a linear layer, optionally after softmax."""

    name: str
    label: str

    @abstractmethod
    def value(self, z: Array, y: Array) -> float:
        """The loss, a non-negative number."""

    @abstractmethod
    def grad(self, z: Array, y: Array) -> Array:
        """``dL/dz``, same shape as ``z``."""

    def value_and_grad(self, z: Array, y: Array) -> tuple[float, Array]:
        return self.value(z, y), self.grad(z, y)


class MeanSquaredError(Loss):
    """Mean of the squared differences over *all* elements (PyTorch/Keras convention).

    ``L = mean((z - y)**2)`` so ``dL/dz = 2 (z - y) / z.size``.
    """

    def value(self, z: Array, y: Array) -> float:
        return float(np.mean((z - y) ** 2))

    def grad(self, z: Array, y: Array) -> Array:
        return 2.0 * (z - y) / z.size

    def value_and_grad(self, z: Array, y: Array) -> tuple[float, Array]:
        d = z - y  # computed once for both; vdot is the cheapest sum of squares
        return float(np.vdot(d, d)) / d.size, (2.0 / d.size) * d


class SoftmaxMeanSquaredError(Loss):
    """MSE between softmax probabilities and one-hot targets (the companion notebook's loss).

    With ``p = softmax(z)``: ``dL/dp = 2 (p - y) / p.size`` and the softmax
    Jacobian gives ``dL/dz = p * (dL/dp - sum(dL/dp * p))`` row by row.
    """

    def value(self, z: Array, y: Array) -> float:
        return float(np.mean((softmax(z) - y) ** 2))

    def grad(self, z: Array, y: Array) -> Array:
        p = softmax(z)
        dp = 2.0 * (p - y) / p.size
        return p * (dp - np.sum(dp * p, axis=1, keepdims=True))

    def value_and_grad(self, z: Array, y: Array) -> tuple[float, Array]:
        p = softmax(z)
        dp = 2.0 * (p - y) / p.size
        return float(np.mean((p - y) ** 2)), p * (dp - np.sum(dp * p, axis=1, keepdims=True))


class SoftmaxCrossEntropy(Loss):
    """Cross-entropy of softmax probabilities against one-hot targets, averaged over samples.

    ``L = -mean(sum(y * log softmax(z)))``; the softmax and the log cancel so
    neatly that ``dL/dz = (p - y) / n_samples``.
    """

    def value(self, z: Array, y: Array) -> float:
        return float(-np.sum(y * log_softmax(z)) / z.shape[0])

    def grad(self, z: Array, y: Array) -> Array:
        return (softmax(z) - y) / z.shape[0]

    def value_and_grad(self, z: Array, y: Array) -> tuple[float, Array]:
        logp = log_softmax(z)
        return float(-(y * logp).sum() / z.shape[0]), (np.exp(logp) - y) / z.shape[0]


REGRESSION_LOSSES: dict[str, Loss] = {"mse": MeanSquaredError("mse", "mean squared error")}
CLASSIFICATION_LOSSES: dict[str, Loss] = {
    "cross-entropy": SoftmaxCrossEntropy("cross-entropy", "cross-entropy"),
    "mse": SoftmaxMeanSquaredError("mse", "mean squared error on the probabilities"),
}


def get_loss(name: str, task: str) -> Loss:
    """Look a loss up by its name for a task (``"regression"`` or ``"classification"``)."""
    table = REGRESSION_LOSSES if task == "regression" else CLASSIFICATION_LOSSES
    if task not in ("regression", "classification"):
        raise ValueError(f"unknown task {task!r}: choose 'regression' or 'classification'")
    try:
        return table[name]
    except KeyError:
        choices = ", ".join(repr(k) for k in table)
        raise ValueError(f"unknown loss {name!r} for {task}: choose {choices}") from None
