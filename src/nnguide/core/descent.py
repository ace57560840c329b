"""Gradient descent on a linear layer ``z = X @ W + b`` with a named loss.

Two loops, one idea: move every parameter a small step against its gradient.

* :func:`descend` — full batch, one snapshot per step (the point reached, its
  loss and its gradient), for the page to animate and for the learner to see
  which way each parameter is about to move.
* :func:`sgd` — mini-batch, vectorised, no per-sample Python work; it records
  the loss of each batch and is what trains the digits network.

Both stop at the first sign of divergence and hand back the last finite
parameters with ``diverged=True``: a too-large learning rate is a lesson, not
a crash.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import numpy as np
from numpy.typing import NDArray

from nnguide.core.losses import Loss

Array = NDArray[np.floating]
Rows = NDArray[np.intp]

#: A loss or parameter beyond this magnitude counts as diverged; it is far past any
#: sensible value and still well inside float32's range, so nothing overflows first.
DIVERGENCE_LIMIT = 1e30
#: ...and so does a loss that has grown this many times larger than where training started.
DIVERGENCE_GROWTH = 1e6


@dataclass(frozen=True)
class Objective:
    """The data and the loss that gradient descent minimises.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    Y : ndarray, shape (n_samples, n_outputs)
        Targets; one-hot rows for classification.
    loss : Loss
    """

    X: Array
    Y: Array
    loss: Loss

    def value_and_grad(
        self, W: Array, b: Array, rows: NDArray[np.intp] | slice | None = None
    ) -> tuple[float, Array, Array]:
        """Loss at ``(W, b)`` and its gradient, on all rows or on a batch of them.

        With ``z = X @ W + b`` the chain rule gives ``dL/dW = X.T @ dL/dz`` and
        ``dL/db = sum of dL/dz over the samples``.
        """
        if rows is None:
            X, Y = self.X, self.Y
        elif isinstance(rows, slice):
            X, Y = self.X[rows], self.Y[rows]
        else:  # ``take`` gathers rows faster than fancy indexing
            X, Y = self.X.take(rows, axis=0), self.Y.take(rows, axis=0)
        z = X @ W + b
        value, dz = self.loss.value_and_grad(z, Y)
        return value, X.T @ dz, dz.sum(axis=0)

    def value(self, W: Array, b: Array) -> float:
        return self.loss.value(self.X @ W + b, self.Y)


@dataclass(frozen=True)
class Snapshot:
    """One point on the descent path: parameters, their loss, and the gradient there."""

    step: int
    weights: Array
    bias: Array
    loss: float
    grad_weights: Array
    grad_bias: Array


@dataclass
class DescentResult:
    weights: Array
    bias: Array
    loss: float
    steps: int
    diverged: bool
    loss_curve: list[float] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)


def _is_bad(value: float, *arrays: Array, start: float | None = None) -> bool:
    # Written as "not (x <= limit)" so that NaN, which fails every comparison, counts as bad;
    # one reduction per array keeps this check cheap next to the step itself.
    if not abs(value) <= DIVERGENCE_LIMIT:
        return True
    if start is not None and value > DIVERGENCE_GROWTH * (start + 1.0):
        return True
    return any(not np.abs(a).max() <= DIVERGENCE_LIMIT for a in arrays)


def descend(
    objective: Objective,
    weights: Array,
    bias: Array,
    *,
    steps: int,
    lr_weights: float,
    lr_bias: float,
    keep_snapshots: bool = True,
    on_step: Callable[[int], None] | None = None,
) -> DescentResult:
    """Full-batch gradient descent for ``steps`` steps.

    ``snapshots[0]`` is the starting point; ``snapshots[k]`` the point after
    ``k`` steps. ``loss_curve[k]`` is its loss. Training stops early, with
    ``diverged=True`` and the last good point, if the loss or a parameter
    leaves the finite range or the loss grows a million-fold.
    """
    W = np.array(weights, dtype=objective.X.dtype)
    b = np.array(bias, dtype=objective.X.dtype)
    loss, gW, gb = objective.value_and_grad(W, b)
    if _is_bad(loss, W, b, gW, gb):
        return DescentResult(W, b, float("nan"), 0, True)
    snap = Snapshot(0, W, b, loss, gW, gb)
    result = DescentResult(W, b, loss, 0, False, [loss], [snap] if keep_snapshots else [])
    for k in range(1, steps + 1):
        W_new = W - lr_weights * gW
        b_new = b - lr_bias * gb
        new_loss, new_gW, new_gb = objective.value_and_grad(W_new, b_new)
        # The loss alone is checked each step: a NaN or infinite parameter makes the outputs,
        # and so the loss, non-finite (even times a zero input, as inf·0 is NaN); with the
        # loss finite and bounded, the gradient is finite too.
        if _is_bad(new_loss, start=result.loss_curve[0]):
            result.diverged = True
            break
        W, b, loss, gW, gb = W_new, b_new, new_loss, new_gW, new_gb
        result.weights, result.bias, result.loss, result.steps = W, b, loss, k
        result.loss_curve.append(loss)
        if keep_snapshots:
            result.snapshots.append(Snapshot(k, W, b, loss, gW, gb))
        if on_step is not None:
            on_step(k)
    return result


def shuffled_batches(n_samples: int, batch_size: int, rng: np.random.Generator) -> Iterator[Rows]:
    """Row indices, batch after batch, forever: each epoch a fresh random order."""
    while True:
        order = rng.permutation(n_samples)
        for start in range(0, n_samples, batch_size):
            yield order[start : start + batch_size]


def sgd(
    objective: Objective,
    weights: Array,
    bias: Array,
    *,
    steps: int,
    batch_size: int,
    lr_weights: float,
    lr_bias: float,
    rng: np.random.Generator,
    on_step: Callable[[int], None] | None = None,
    final_loss: bool = True,
) -> DescentResult:
    """Mini-batch stochastic gradient descent for ``steps`` batches.

    Each epoch visits the rows in a fresh random order, in contiguous batches
    of ``batch_size`` (the last may be smaller). ``loss_curve[k]`` is the loss
    on batch ``k`` before its step; the work per step is two matrix products.
    ``loss`` is the loss on all rows at the end; a caller that measures it
    itself can skip that extra pass over the data with ``final_loss=False``
    (``loss`` is then the last batch's loss).
    """
    batches = islice(shuffled_batches(objective.X.shape[0], batch_size, rng), steps)
    return sgd_on_batches(
        objective,
        weights,
        bias,
        batches,
        lr_weights=lr_weights,
        lr_bias=lr_bias,
        on_step=on_step,
        final_loss=final_loss,
    )


def sgd_on_batches(
    objective: Objective,
    weights: Array,
    bias: Array,
    batches: Iterable[Rows],
    *,
    lr_weights: float,
    lr_bias: float,
    on_step: Callable[[int], None] | None = None,
    final_loss: bool = True,
) -> DescentResult:
    """One SGD step per batch of row indices, in the order given (see :func:`sgd`).

    For callers that choose the batches themselves, e.g. to resume training
    part-way through an epoch.
    """
    X = objective.X
    W = np.array(weights, dtype=X.dtype)
    b = np.array(bias, dtype=X.dtype)
    result = DescentResult(W, b, float("nan"), 0, False)
    curve = result.loss_curve
    for k, rows in enumerate(batches, start=1):
        loss, gW, gb = objective.value_and_grad(W, b, rows)
        if not math.isfinite(loss) or loss > DIVERGENCE_LIMIT:
            result.diverged = True
            break
        W_new = W - lr_weights * gW
        b_new = b - lr_bias * gb
        # One sum per array is the cheapest finiteness test: any NaN or infinity makes it
        # non-finite (so do values near float32's limit, which are far past divergence).
        if not (math.isfinite(W_new.sum()) and math.isfinite(b_new.sum())):
            result.diverged = True
            break
        W, b = W_new, b_new
        curve.append(loss)
        if on_step is not None:
            on_step(k)
    result.weights, result.bias, result.steps = W, b, len(curve)
    if final_loss or not curve:
        result.loss = objective.value(W, b)
    else:
        result.loss = curve[-1]
    if not np.isfinite(result.loss):
        result.diverged = True
    return result
