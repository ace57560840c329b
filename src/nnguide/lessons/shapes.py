"""Section 7 and Part 2: how many numbers a network of a given shape has to learn.

A dense layer from ``n`` inputs to ``m`` outputs learns ``n·m`` weights (one
per connection) and ``m`` biases (one per output neuron); a network adds its
layers up: Σ (nᵢ·nᵢ₊₁ + nᵢ₊₁) over consecutive layer sizes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nnguide.core import parameter_count
from nnguide.lessons.messages import LessonError

MAX_SIDE = 1000
MAX_HIDDEN_LAYERS = 6


@dataclass(frozen=True)
class LayerCount:
    inputs: int
    outputs: int
    weights: int
    biases: int


@dataclass(frozen=True)
class Count:
    features: int
    classes: int
    hidden: list[int]
    sizes: list[int]
    layers: list[LayerCount]
    weights: int
    biases: int
    parameters: int


def parse_hidden(text: str) -> list[int]:
    """``"8,4"`` → ``[8, 4]``; ``""`` → ``[]`` (no hidden layer)."""
    parts = [p.strip() for p in text.split(",")] if text.strip() else []
    if any(not p.isdigit() for p in parts):
        raise LessonError("hidden layers are sizes separated by commas, e.g. 8 or 8,4")
    sizes = [int(p) for p in parts]
    if len(sizes) > MAX_HIDDEN_LAYERS:
        raise LessonError(f"at most {MAX_HIDDEN_LAYERS} hidden layers")
    if any(not 1 <= n <= MAX_SIDE for n in sizes):
        raise LessonError(f"each hidden layer has from 1 to {MAX_SIDE} neurons")
    return sizes


def count(features: int, classes: int, hidden: Sequence[int] = ()) -> Count:
    """Weights, biases and their total for a network from ``features`` to ``classes``."""
    sizes = [features, *hidden, classes]
    if any(not 1 <= n <= MAX_SIDE for n in sizes):
        raise LessonError(f"every layer has from 1 to {MAX_SIDE} neurons")
    layers = [LayerCount(a, b, a * b, b) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    return Count(
        features=features,
        classes=classes,
        hidden=list(hidden),
        sizes=sizes,
        layers=layers,
        weights=sum(layer.weights for layer in layers),
        biases=sum(layer.biases for layer in layers),
        parameters=parameter_count(*sizes),
    )
