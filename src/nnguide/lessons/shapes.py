"""Section 7: how many numbers a network of a given shape has to learn.

A dense layer from ``n`` inputs to ``m`` outputs learns ``n·m`` weights (one
per connection) and ``m`` biases (one per output neuron).
"""

from __future__ import annotations

from dataclasses import dataclass

from nnguide.core import parameter_count

MAX_SIDE = 1000


@dataclass(frozen=True)
class Count:
    features: int
    classes: int
    weights: int
    biases: int
    parameters: int


def count(features: int, classes: int) -> Count:
    """Weights (n·m), biases (m) and their total for a softmax layer of this shape."""
    total = parameter_count(features, classes)
    return Count(features, classes, features * classes, classes, total)
