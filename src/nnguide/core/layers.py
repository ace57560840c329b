"""A dense layer: every input connected to every output, then an activation.

For a batch ``X`` of shape (n_samples, n_inputs), weights ``W`` of shape
(n_inputs, n_outputs) and biases ``b`` of shape (n_outputs,):

    z = X @ W + b        (one row per sample, one column per neuron)
    a = f(z)

The layer holds no numbers of its own: parameters are passed in, so a whole
network's parameters can live in one flat list ``[W1, b1, W2, b2, ...]`` that
gradient descent updates without knowing what they mean.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnguide.core.activations import Activation

Array = NDArray[np.floating]

#: Starting weights, by name. "auto" picks Glorot or He from the activation.
INITS = ("auto", "glorot", "he", "normal", "zeros")


@dataclass(frozen=True)
class Dense:
    """A fully connected layer of ``n_outputs`` neurons over ``n_inputs`` inputs."""

    n_inputs: int
    n_outputs: int
    activation: Activation

    @property
    def parameter_count(self) -> int:
        """One weight per input per neuron, one bias per neuron."""
        return self.n_inputs * self.n_outputs + self.n_outputs

    def forward(self, X: Array, W: Array, b: Array) -> tuple[Array, Array]:
        """``(z, a)``: the weighted sums and the activations, each (n_samples, n_outputs)."""
        z = X @ W + b
        return z, self.activation.value(z)

    def backward(
        self, X: Array, W: Array, z: Array, a: Array, grad_a: Array, *, need_grad_X: bool = True
    ) -> tuple[Array | None, Array, Array]:
        """Gradients of the loss, given ``dL/da`` (n_samples, n_outputs).

        The chain rule through ``a = f(z)`` and ``z = X @ W + b``:

        * ``dL/dz = dL/da · f'(z)`` (elementwise);
        * ``dL/dW = X.T @ dL/dz`` — each weight's slope sums, over the samples,
          its input times the error signal of its neuron;
        * ``dL/db = dL/dz`` summed over the samples (a bias is a weight on a constant 1);
        * ``dL/dX = dL/dz @ W.T`` — how the loss depends on this layer's inputs,
          which is ``dL/da`` for the layer before. Skipped for the first layer,
          whose inputs are the data.

        Returns
        -------
        grad_X : ndarray, shape (n_samples, n_inputs), or None
        grad_W : ndarray, shape (n_inputs, n_outputs)
        grad_b : ndarray, shape (n_outputs,)
        """
        dz = self.activation.backward(z, a, grad_a)
        grad_X = dz @ W.T if need_grad_X else None
        return grad_X, X.T @ dz, dz.sum(axis=0)

    def init(self, rng: np.random.Generator, how: str, dtype: Any = np.float64) -> list[Array]:
        """Starting ``[W, b]``, drawn from ``rng``; biases always start at zero.

        * ``"glorot"``: uniform in ±√(6 / (n_inputs + n_outputs)), which keeps the spread of
          the signal about the same going forward and backward through tanh, sigmoid or
          identity layers (Glorot & Bengio, 2010);
        * ``"he"``: normal with standard deviation √(2 / n_inputs), the same idea for ReLU,
          which zeroes half its inputs (He et al., 2015);
        * ``"auto"``: He for ReLU, Glorot otherwise;
        * ``"normal"``: normal with standard deviation 0.01, whatever the size;
        * ``"zeros"``: all zero (only harmless without hidden layers; see ``Network``).
        """
        shape = (self.n_inputs, self.n_outputs)
        if how == "auto":
            how = "he" if self.activation.name == "relu" else "glorot"
        if how == "zeros":
            W = np.zeros(shape)
        elif how == "normal":
            W = rng.normal(0.0, 0.01, size=shape)
        elif how == "glorot":
            limit = math.sqrt(6.0 / (self.n_inputs + self.n_outputs))
            W = rng.uniform(-limit, limit, size=shape)
        elif how == "he":
            W = rng.normal(0.0, math.sqrt(2.0 / self.n_inputs), size=shape)
        else:
            choices = ", ".join(repr(k) for k in INITS)
            raise ValueError(f"unknown init {how!r}: choose {choices}")
        return [W.astype(dtype), np.zeros(self.n_outputs, dtype)]
