"""A network: a stack of dense layers, from the inputs to one output per target or class.

Layer sizes ``(n_0, n_1, ..., n_L)`` run from ``n_0`` features through the
hidden layers to ``n_L`` outputs. Hidden layers share one activation; the
last layer is linear (its ``z`` is the network's output), and an ``output`` of
``"softmax"`` turns those scores into class probabilities when predicting.
The losses in :mod:`nnguide.core.losses` take that last ``z`` and apply the
softmax themselves, which keeps the gradient simple and stable.

A linear model is the network with no hidden layer: sizes ``(n_features, n_outputs)``.

Parameters travel as one flat list ``[W1, b1, W2, b2, ...]``, ``W_i`` of
shape (n_{i-1}, n_i) and ``b_i`` of shape (n_i,), so the descent loops treat
any depth alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from nnguide.core.activations import get_activation
from nnguide.core.layers import Dense
from nnguide.core.softmax import softmax

Array = NDArray[np.floating]
Params = Sequence[Array]

OUTPUTS = ("identity", "softmax")


def parameter_count(*sizes: int) -> int:
    """Learnable numbers in a network of the given layer sizes: Σᵢ (nᵢ · nᵢ₊₁ + nᵢ₊₁).

    ``parameter_count(2, 2)`` is a linear layer from 2 inputs to 2 classes (6);
    ``parameter_count(784, 128, 10)`` a network with one hidden layer (101,770).
    """
    if len(sizes) < 2 or any(int(n) < 1 for n in sizes):
        raise ValueError("parameter_count needs at least two layer sizes, each at least 1")
    return sum(int(a) * int(b) + int(b) for a, b in zip(sizes[:-1], sizes[1:], strict=False))


class Trace(NamedTuple):
    """What a forward pass keeps for the backward pass, one entry per layer.

    ``inputs[i]`` is what layer ``i`` received (the data for the first layer),
    ``z[i]`` its weighted sums and ``a[i]`` its activations; ``a[-1]`` is the
    network's output (the last layer is linear, so ``a[-1] is z[-1]``).
    """

    inputs: list[Array]
    z: list[Array]
    a: list[Array]

    @property
    def output(self) -> Array:
        return self.a[-1]


@dataclass(frozen=True)
class Network:
    """Dense layers of the given sizes, one activation for every hidden layer.

    Parameters
    ----------
    sizes : tuple of int
        ``(n_features, *hidden_sizes, n_outputs)``.
    activation : str
        The hidden layers' activation, by name (see :mod:`nnguide.core.activations`).
    output : {"identity", "softmax"}
        What :meth:`predict` applies to the last layer's scores.
    """

    sizes: tuple[int, ...]
    activation: str = "tanh"
    output: str = "identity"
    layers: tuple[Dense, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        sizes = tuple(int(n) for n in self.sizes)
        if len(sizes) < 2 or any(n < 1 for n in sizes):
            raise ValueError(f"layer sizes must be at least two whole numbers ≥ 1, got {sizes}")
        if self.output not in OUTPUTS:
            raise ValueError(f"unknown output {self.output!r}: choose 'identity' or 'softmax'")
        hidden, last = get_activation(self.activation), get_activation("identity")
        layers = tuple(
            Dense(n_in, n_out, last if i == len(sizes) - 2 else hidden)
            for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=False))
        )
        object.__setattr__(self, "sizes", sizes)
        object.__setattr__(self, "layers", layers)

    @classmethod
    def linear(cls, n_features: int, n_outputs: int, output: str = "identity") -> Network:
        """The network without a hidden layer: ``z = X @ W + b``."""
        return cls((n_features, n_outputs), "identity", output)

    @property
    def n_hidden_layers(self) -> int:
        return len(self.sizes) - 2

    @property
    def parameter_count(self) -> int:
        return parameter_count(*self.sizes)

    @property
    def shapes(self) -> list[tuple[int, ...]]:
        """The shape of each array in the flat parameter list."""
        return [s for d in self.layers for s in ((d.n_inputs, d.n_outputs), (d.n_outputs,))]

    def check_params(self, params: Params) -> None:
        """Refuse a parameter list whose number of arrays or shapes do not fit this network."""
        got = [np.shape(p) for p in params]
        if got != self.shapes:
            raise ValueError(
                f"parameters of shapes {got} do not fit a network of shapes {self.shapes}"
            )

    def init_params(
        self,
        random_state: int | np.random.Generator | None = None,
        init: str = "auto",
        dtype: Any = np.float64,
    ) -> list[Array]:
        """Seeded starting parameters, scaled to each layer's size (see :meth:`Dense.init`).

        All-zero weights are refused when there is a hidden layer: every hidden neuron
        would compute the same value and receive the same gradient, so they would stay
        identical forever (with tanh or ReLU they would not move at all) — the network
        could not learn anything a single neuron cannot.
        """
        if init == "zeros" and self.n_hidden_layers:
            raise ValueError(
                "a network with hidden layers cannot learn from all-zero weights: every hidden "
                "neuron would compute the same thing and get the same update (symmetry), so "
                "they never become different; start from random weights instead"
            )
        rng = np.random.default_rng(random_state)
        return [p for layer in self.layers for p in layer.init(rng, init, dtype)]

    # -- forward and backward -------------------------------------------------------------
    def forward(self, params: Params, X: Array) -> Trace:
        """Run ``X`` (n_samples, n_features) through every layer, keeping what backward needs."""
        inputs, zs, acts = [], [], []
        a = X
        for i, layer in enumerate(self.layers):
            inputs.append(a)
            z, a = layer.forward(a, params[2 * i], params[2 * i + 1])
            zs.append(z)
            acts.append(a)
        return Trace(inputs, zs, acts)

    def backward(self, params: Params, trace: Trace, grad_output: Array) -> list[Array]:
        """Backpropagation: the gradient of the loss for every array in ``params``.

        ``grad_output`` is ``dL/dz`` of the last layer (n_samples, n_outputs), as a loss
        returns it. Going from the last layer to the first, each layer turns the
        gradient on its outputs into gradients on its weights and biases and on its
        inputs — which are the previous layer's outputs (the chain rule, layer by layer).
        """
        grads: list[Any] = [None] * (2 * len(self.layers))
        g: Array | None = grad_output
        for i in range(len(self.layers) - 1, -1, -1):
            assert g is not None  # only the first layer skips the gradient on its inputs
            g, grads[2 * i], grads[2 * i + 1] = self.layers[i].backward(
                trace.inputs[i], params[2 * i], trace.z[i], trace.a[i], g, need_grad_X=i > 0
            )
        return grads

    def outputs(self, params: Params, X: Array) -> Array:
        """The last layer's scores ``z``, shape (n_samples, n_outputs), keeping nothing else."""
        a = X
        for i, layer in enumerate(self.layers):
            a = layer.activation.value(a @ params[2 * i] + params[2 * i + 1])
        return a

    def predict(self, params: Params, X: Array) -> Array:
        """The outputs, through softmax when ``output == "softmax"`` (probabilities)."""
        z = self.outputs(params, X)
        return softmax(z, axis=1) if self.output == "softmax" else z


def layer_pairs(params: Params) -> list[tuple[Array, Array]]:
    """``[W1, b1, W2, b2, ...]`` → ``[(W1, b1), (W2, b2), ...]``."""
    if len(params) % 2:
        raise ValueError("a parameter list holds a weight matrix and a bias vector per layer")
    return [(params[i], params[i + 1]) for i in range(0, len(params), 2)]


def collapse_linear(params: Params) -> tuple[Array, Array]:
    """The single linear layer equal to a stack of linear (identity-activation) layers.

    ``(X @ W1 + b1) @ W2 + b2 = X @ (W1 @ W2) + (b1 @ W2 + b2)``: two linear layers are
    one, and so, by induction, are any number. This is why a hidden layer needs a bent
    activation to draw anything but a straight boundary.

    Returns
    -------
    W : ndarray, shape (n_features, n_outputs)
    b : ndarray, shape (n_outputs,)
    """
    pairs = layer_pairs(params)
    W, b = np.asarray(pairs[0][0]), np.asarray(pairs[0][1])
    for W_next, b_next in pairs[1:]:
        W, b = W @ W_next, b @ W_next + b_next
    return W, b
