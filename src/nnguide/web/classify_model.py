"""The Good/Bad classifier behind section 6: data, evaluation, decision regions.

The model is ``z = x @ W + b`` with ``W`` of shape (2 inputs, 2 classes) and
``p = softmax(z)``. Every parameter crossing the API is for the raw inputs
(area in sq ft, bathrooms); standardization only changes where GD walks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from nnguide.core import Objective, Standardizer, best_linear_accuracy, get_loss, softmax
from nnguide.data import load_dataset
from nnguide.data.bundled import HOUSE_CLASSES

Array = NDArray[np.float64]
CLASSES: list[str] = list(HOUSE_CLASSES)  # output 0 is "Good", output 1 is "Bad"
FEATURES = ["area", "bathrooms"]
#: The friend's ten labelled houses are rows 0–9 of the 47; the other 37 can be held out.
FIRST_HELD_OUT, N_HOUSES = 10, 47
#: The widest rectangle a figure may ask for: every one of the 47 houses fits inside.
AREA_RANGE = (700.0, 4700.0)
BATH_RANGE = (0.5, 5.5)
Rect = tuple[tuple[float, float], tuple[float, float]]  # (area lo, hi), (bathrooms lo, hi)

#: A made-up rule for the friend's taste, offered to pre-fill the hidden list. It is ours, not
#: hers, and it reads the price, which the model never sees.
FRIEND_RULE = "Good when the house has at least 3 bathrooms and costs under $450,000"
RULE_MIN_BATHROOMS, RULE_MAX_PRICE = 3, 450.0  # price in $1000s


def friend_rule(bathrooms: float, price: float) -> str:
    """The made-up rule: "Good" with 3+ bathrooms and a price under $450k, else "Bad"."""
    good = bathrooms >= RULE_MIN_BATHROOMS and price < RULE_MAX_PRICE
    return CLASSES[0] if good else CLASSES[1]


@dataclass(frozen=True)
class Houses:
    X: Array  # (10, 2)
    labels: list[str]
    Y: Array  # one-hot (10, 2)
    all_X: Array  # (47, 2)
    prices: Array  # (47,) in $1000s
    best_linear: int


@cache
def houses() -> Houses:
    sel = load_dataset("houses-labelled").select()
    portland = load_dataset("portland")
    all_X = np.column_stack([portland.numeric("area"), portland.numeric("bathrooms")])
    labels = [str(v) for v in sel.y.tolist()]
    Y = np.array([[1.0 if lab == c else 0.0 for c in CLASSES] for lab in labels])
    return Houses(
        sel.X, labels, Y, all_X, portland.numeric("price"), best_linear_accuracy(sel.X, sel.y)
    )


def scaler(standardize: bool) -> Standardizer:
    X = houses().X
    return Standardizer.fit(X) if standardize else Standardizer.identity(X.shape[1])


def objective(loss: str, sc: Standardizer) -> Objective:
    h = houses()
    return Objective(sc.transform(h.X), h.Y, get_loss(loss, "classification"))


def n_correct(
    X: NDArray[np.floating],
    Y: NDArray[np.floating],
    W: NDArray[np.floating],
    b: NDArray[np.floating],
) -> int:
    """How many rows have their label as the most probable class (ties go to "Good")."""
    return int(np.sum(np.argmax(X @ W + b, axis=1) == np.argmax(Y, axis=1)))


def _rows(X: Array, W: Array, b: Array, labels: list[str], indices: list[int]) -> list[dict]:
    if not indices:
        return []
    z = X @ W + b
    p = softmax(z, axis=1)
    rows = []
    for i, house in enumerate(indices):
        predicted = CLASSES[int(np.argmax(z[i]))]  # a tie goes to the first class, "Good"
        rows.append(
            {
                "house": house,
                "area": float(X[i, 0]),
                "bathrooms": float(X[i, 1]),
                "price": float(houses().prices[house]),
                "label": labels[i],
                "outputs": z[i].tolist(),
                "probabilities": p[i].tolist(),
                "predicted": predicted,
                "tie": bool(z[i, 0] == z[i, 1]),
                "correct": predicted == labels[i],
            }
        )
    return rows


def boundary(W: Array, b: Array, rect: Rect = (AREA_RANGE, BATH_RANGE)) -> list[list[float]] | None:
    """Where P(Good) = P(Bad): the line d·x + c = 0, clipped to the chart's rectangle."""
    d = W[:, 0] - W[:, 1]
    c = float(b[0] - b[1])
    (a0, a1), (t0, t1) = rect
    points: list[tuple[float, float]] = []
    if d[1] != 0:  # crossings of the left and right edges
        for a in (a0, a1):
            t = -(c + d[0] * a) / d[1]
            if t0 <= t <= t1:
                points.append((a, t))
    if d[0] != 0:  # crossings of the bottom and top edges
        for t in (t0, t1):
            a = -(c + d[1] * t) / d[0]
            if a0 <= a <= a1:
                points.append((a, t))
    unique = sorted({(round(a, 9), round(t, 9)) for a, t in points})
    if len(unique) < 2 or not np.all(np.isfinite(unique)):
        return None
    return [list(unique[0]), list(unique[-1])]


def grid(W: Array, b: Array, resolution: int, rect: Rect = (AREA_RANGE, BATH_RANGE)) -> dict:
    """P(Good) on a resolution × resolution grid over ``rect``, the rectangle the chart shows."""
    areas = np.linspace(*rect[0], resolution)
    baths = np.linspace(*rect[1], resolution)
    A, T = np.meshgrid(areas, baths)
    z = np.stack([A.ravel(), T.ravel()], axis=1) @ W + b
    p_good = softmax(z, axis=1)[:, 0].reshape(A.shape)
    return {"areas": areas.tolist(), "bathrooms": baths.tolist(), "p_good": p_good.tolist()}


def evaluate(
    W: Array,
    b: Array,
    loss: str,
    held_out: Sequence[tuple[int, str]],
    resolution: int,
    rect: Rect = (AREA_RANGE, BATH_RANGE),
) -> dict:
    """Everything the figure draws for the model (W, b) on raw inputs.

    ``ties`` counts the ten houses where P(Good) = P(Bad) exactly (all of them at zero
    weights and biases): the model cannot decide, and the tie is scored as "Good".
    """
    h = houses()
    z = h.X @ W + b
    value = get_loss(loss, "classification").value(z, h.Y)
    rows = _rows(h.X, W, b, h.labels, list(range(len(h.X))))
    correct = sum(r["correct"] for r in rows)
    indices = [i for i, _ in held_out]
    held = _rows(h.all_X[indices], W, b, [lab for _, lab in held_out], indices)
    held_correct = sum(r["correct"] for r in held)
    predicted = {r["predicted"] for r in rows}
    return {
        "classes": CLASSES,
        "features": FEATURES,
        "weights": W.tolist(),
        "bias": b.tolist(),
        "loss": value,
        "houses": rows,
        "correct": correct,
        "accuracy": correct / len(rows),
        "best_linear_correct": h.best_linear,
        "single_class": predicted.pop() if len(predicted) == 1 else None,
        "ties": sum(r["tie"] for r in rows),
        "held_out": held,
        "held_out_correct": held_correct,
        "held_out_accuracy": held_correct / len(held) if held else None,
        "grid": grid(W, b, resolution, rect),
        "boundary": boundary(W, b, rect),
    }


def all_finite(value: object) -> bool:
    """True when no float anywhere inside ``value`` is NaN or infinite."""
    if isinstance(value, float):
        return bool(np.isfinite(value))
    if isinstance(value, dict):
        return all(all_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(all_finite(v) for v in value)
    return True
