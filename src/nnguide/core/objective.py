"""What gradient descent minimises: a network's loss on some data, with its gradient.

The descent loops in :mod:`nnguide.core.descent` only need
``value_and_grad(params, rows)``; anything with that method can be trained.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from nnguide.core.losses import Loss
from nnguide.core.network import Network

Array = NDArray[np.floating]
Rows = NDArray[np.intp] | slice | None

#: :meth:`Objective.value` scores this many rows at a time: the hidden layers' activations
#: exist for one chunk, never for all the data (60,000 MNIST rows through 128 ReLU neurons
#: would be 31 MB at once, 75 batches' worth). Up to this many rows it is one pass, exactly
#: as before.
VALUE_CHUNK_ROWS = 2048


class Differentiable(Protocol):
    """Anything gradient descent can minimise."""

    def value_and_grad(
        self, params: Sequence[Array], rows: Rows = None
    ) -> tuple[float, list[Array]]: ...

    def value(self, params: Sequence[Array], rows: Rows = None) -> float: ...


@dataclass(frozen=True)
class Objective:
    """The data, the loss and the network whose parameters gradient descent moves.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    Y : ndarray, shape (n_samples, n_outputs)
        Targets; one-hot rows for classification.
    loss : Loss
    network : Network, optional
        Default: no hidden layer, one linear layer from ``n_features`` to ``n_outputs``
        (parameters ``[W, b]``).
    """

    X: Array
    Y: Array
    loss: Loss
    network: Network = field(default=None)  # type: ignore[assignment]
    _linear: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.network is None:
            object.__setattr__(self, "network", Network.linear(self.X.shape[1], self.Y.shape[1]))
        object.__setattr__(self, "_linear", self.network.n_hidden_layers == 0)

    def _data(self, rows: Rows) -> tuple[Array, Array]:
        if rows is None:
            return self.X, self.Y
        if isinstance(rows, slice):
            return self.X[rows], self.Y[rows]
        return self.X.take(rows, axis=0), self.Y.take(rows, axis=0)  # faster than X[rows]

    def value_and_grad(
        self, params: Sequence[Array], rows: Rows = None
    ) -> tuple[float, list[Array]]:
        """The loss at ``params`` and its gradient, on all rows or on a batch of them.

        Forward through the network, ``dL/dz`` from the loss, then back through the
        layers (see :meth:`Network.backward`). Without a hidden layer this is
        ``z = X @ W + b``, ``dL/dW = X.T @ dL/dz``, ``dL/db = Σ dL/dz``.

        Returns
        -------
        value : float
        grads : list of ndarray, one per array in ``params``, same shapes
        """
        X, Y = self._data(rows)
        if self._linear:
            # The same arithmetic as the general path, minus its bookkeeping: with no hidden
            # layer, each step is a handful of numpy calls on tiny arrays, and the Python
            # around them would cost a quarter of the step (the guide's slider requests).
            W, b = params
            value, dz = self.loss.value_and_grad(X @ W + b, Y)
            return value, [X.T @ dz, dz.sum(axis=0)]
        trace = self.network.forward(params, X)
        value, dz = self.loss.value_and_grad(trace.output, Y)
        return value, self.network.backward(params, trace, dz)

    def value(self, params: Sequence[Array], rows: Rows = None) -> float:
        """The loss alone (a forward pass, nothing kept).

        More than :data:`VALUE_CHUNK_ROWS` rows are scored in chunks of that many: every
        loss is a mean over the rows, so the chunks' losses weighted by their row counts
        give the same number (up to rounding) while only one chunk's activations exist.
        """
        X, Y = self._data(rows)
        n = X.shape[0]
        if n <= VALUE_CHUNK_ROWS:
            return self.loss.value(self.network.outputs(params, X), Y)
        total = 0.0
        for s in range(0, n, VALUE_CHUNK_ROWS):
            x, y = X[s : s + VALUE_CHUNK_ROWS], Y[s : s + VALUE_CHUNK_ROWS]
            total += self.loss.value(self.network.outputs(params, x), y) * x.shape[0]
        return total / n
