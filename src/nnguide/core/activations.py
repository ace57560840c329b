"""Activation functions as small named objects: a value and a derivative.

A hidden neuron computes ``z = x @ w + b`` and then ``a = f(z)``. Without a
bent ``f`` (the identity) stacked layers collapse into one linear layer, so
``f`` is what lets a network draw anything but a straight line.

Only the name (``"tanh"``) crosses the API, the CLI or a URL;
:func:`get_activation` turns it back into the object. Every function keeps
the dtype of its input (float32 stays float32).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating]


@dataclass(frozen=True)
class Activation(ABC):
    """An elementwise function ``a = f(z)`` and its slope ``f'(z)``."""

    name: str
    label: str

    @abstractmethod
    def value(self, z: Array) -> Array:
        """``f(z)``, same shape as ``z``."""

    @abstractmethod
    def derivative(self, z: Array) -> Array:
        """``f'(z)``, the slope at each element of ``z``."""

    def backward(self, z: Array, a: Array, grad_a: Array) -> Array:
        """Chain rule through the activation: ``dL/dz = dL/da · f'(z)``.

        ``a = f(z)`` is passed too, because some slopes are cheapest from the
        output (``tanh' = 1 - a²``, ``sigmoid' = a (1 - a)``).
        """
        return grad_a * self.derivative(z)


class Identity(Activation):
    """``f(z) = z``: no bend at all; the slope is 1 everywhere."""

    def value(self, z: Array) -> Array:
        return z

    def derivative(self, z: Array) -> Array:
        return np.ones_like(z)

    def backward(self, z: Array, a: Array, grad_a: Array) -> Array:
        return grad_a  # times a slope of 1


class Sigmoid(Activation):
    """``f(z) = 1 / (1 + e^(-z))``, squashing any number into (0, 1); ``f' = f (1 - f)``.

    Computed from ``e^(-|z|)``, which never overflows: for ``z ≥ 0`` it is
    ``1 / (1 + e^(-z))``, for ``z < 0`` the same value written as
    ``e^z / (1 + e^z)``, so tiny outputs keep their relative precision too.
    """

    def value(self, z: Array) -> Array:
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0, e) / (1.0 + e)

    def derivative(self, z: Array) -> Array:
        s = self.value(z)
        return s * (1.0 - s)

    def backward(self, z: Array, a: Array, grad_a: Array) -> Array:
        return grad_a * (a * (1.0 - a))


class Tanh(Activation):
    """``f(z) = tanh z``, squashing into (-1, 1) and centred on 0; ``f' = 1 - f²``."""

    def value(self, z: Array) -> Array:
        return np.tanh(z)

    def derivative(self, z: Array) -> Array:
        t = np.tanh(z)
        return 1.0 - t * t

    def backward(self, z: Array, a: Array, grad_a: Array) -> Array:
        return grad_a * (1.0 - a * a)


class ReLU(Activation):
    """``f(z) = max(z, 0)``: the slope is 1 where ``z > 0`` and 0 elsewhere.

    At ``z = 0`` exactly the slope is taken as 0 (any value in [0, 1] is a valid
    subgradient; 0 is the common choice).
    """

    def value(self, z: Array) -> Array:
        return np.maximum(z, 0.0)

    def derivative(self, z: Array) -> Array:
        return (z > 0).astype(z.dtype)

    def backward(self, z: Array, a: Array, grad_a: Array) -> Array:
        return grad_a * (z > 0)


ACTIVATIONS: dict[str, Activation] = {
    "identity": Identity("identity", "identity (no activation)"),
    "sigmoid": Sigmoid("sigmoid", "sigmoid"),
    "tanh": Tanh("tanh", "tanh"),
    "relu": ReLU("relu", "ReLU"),
}


def get_activation(name: str) -> Activation:
    """Look an activation up by its name: ``"identity"``, ``"sigmoid"``, ``"tanh"``, ``"relu"``."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        choices = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}: choose {choices}") from None
