"""Gradient descent on any list of parameter arrays.

Two loops, one idea: move every parameter a small step against its gradient,
``p ← p - lr · dL/dp``. The loops never look inside the parameters: a linear
model's ``[W, b]`` and a deep network's ``[W1, b1, W2, b2, ...]`` are trained
alike, by anything with ``value_and_grad(params, rows=None)`` (an
:class:`~nnguide.core.objective.Objective`).

* :func:`descend` — full batch, one snapshot per step (the point reached, its
  loss and its gradient), for the page to animate and for the learner to see
  which way each parameter is about to move.
* :func:`sgd` — mini-batch, vectorised, no per-sample Python work; it records
  the loss of each batch and is what trains the digits networks.

The learning rate is one number for every array, or one per array (the
guide's raw-input lesson moves the weights with 1e-8 and the bias with 0.5).

Both loops follow one divergence rule (:func:`is_diverged`) and stop at the
first sign of it, handing back the last parameters that passed it with
``diverged=True``: a too-large learning rate is a lesson, not a crash.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnguide.core.network import layer_pairs
from nnguide.core.objective import Differentiable, Objective

Array = NDArray[np.floating]
Rows = NDArray[np.intp]
LearningRate = float | Sequence[float]

__all__ = [
    "DIVERGENCE_GROWTH",
    "DIVERGENCE_LIMIT",
    "DescentResult",
    "Objective",
    "Snapshot",
    "descend",
    "is_diverged",
    "sgd",
    "sgd_on_batches",
    "batch_rows",
    "epoch_order",
    "shuffled_batches",
]

#: A loss beyond this magnitude counts as diverged; it is far past any sensible value and
#: still well inside float32's range, so nothing overflows first.
DIVERGENCE_LIMIT = 1e30
#: ...and so does a loss that has grown this many times larger than where training started.
DIVERGENCE_GROWTH = 1e6


def is_diverged(loss: float, start: float | None = None) -> bool:
    """The one divergence rule of both loops.

    A loss has diverged when it is not a finite number, when it is beyond
    :data:`DIVERGENCE_LIMIT`, or when it has grown more than :data:`DIVERGENCE_GROWTH`
    times past the loss at the start (``start``; plus one, so a start at zero still
    allows small losses). Parameters need no check of their own: a NaN or infinite
    parameter makes the outputs, and so the loss, non-finite (even times a zero
    input, since ``inf · 0`` is NaN), and a finite bounded loss has a finite gradient.
    """
    # Written as "not (x <= limit)" so that NaN, which fails every comparison, counts.
    if not abs(loss) <= DIVERGENCE_LIMIT:
        return True
    return start is not None and loss > DIVERGENCE_GROWTH * (abs(start) + 1.0)


@dataclass(frozen=True)
class Snapshot:
    """One point on the descent path: parameters, their loss, and the gradient there.

    ``params`` and ``grads`` are flat lists ``[W1, b1, W2, b2, ...]``; :attr:`layers`
    and :attr:`grad_layers` pair them up per layer.
    """

    step: int
    params: list[Array]
    loss: float
    grads: list[Array]

    @property
    def layers(self) -> list[tuple[Array, Array]]:
        return layer_pairs(self.params)

    @property
    def grad_layers(self) -> list[tuple[Array, Array]]:
        return layer_pairs(self.grads)


@dataclass
class DescentResult:
    """Where training ended (``params`` and their ``loss``), the way there, and if it diverged."""

    params: list[Array]
    loss: float
    steps: int
    diverged: bool
    loss_curve: list[float] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)

    @property
    def layers(self) -> list[tuple[Array, Array]]:
        return layer_pairs(self.params)


def _rates(learning_rate: LearningRate, n_arrays: int) -> list[float]:
    if isinstance(learning_rate, int | float | np.number):
        return [float(learning_rate)] * n_arrays
    rates = [float(r) for r in learning_rate]
    if len(rates) != n_arrays:
        raise ValueError(f"{len(rates)} learning rates given for {n_arrays} parameter arrays")
    return rates


def _start(objective: Differentiable, params: Sequence[Any]) -> list[Array]:
    """Private float copies of the starting parameters, in the data's dtype when known."""
    dtype = getattr(getattr(objective, "X", None), "dtype", None)
    out = []
    for p in params:
        a = np.asarray(p)
        out.append(
            np.array(a, dtype=np.result_type(a.dtype, np.float32) if dtype is None else dtype)
        )
    return out


def _step(P: list[Array], rates: list[float], G: list[Array]) -> list[Array]:
    """``p ← p - lr · dL/dp`` for every array: new arrays, the old ones stay as they were."""
    if len(P) == 2:  # one layer, spelled out: a comprehension costs 0.4 µs of a 6 µs step
        return [P[0] - rates[0] * G[0], P[1] - rates[1] * G[1]]
    return [p - r * g for p, r, g in zip(P, rates, G, strict=True)]


def _step_into(P: list[Array], rates: list[float], G: list[Array]) -> list[Array]:
    """The same step written into the gradient arrays, which become the new parameters.

    For gradients the loop owns and needs no more: no new arrays, one pass fewer over each
    (``g ← -lr · g``, then ``g ← g + p``: bit for bit ``p - lr · g``).
    """
    out = []
    for p, r, g in zip(P, rates, G, strict=True):
        if g.dtype == p.dtype and g.shape == p.shape:
            g *= -r
            g += p
            out.append(g)
        else:  # a wider gradient (float64 targets for float32 data) widens p, as _step does
            out.append(p - r * g)
    return out


def _fresh_gradients(objective: Differentiable) -> bool:
    """Whether ``objective`` hands back new gradient arrays on every call, shared with
    nothing: :class:`Objective`'s own ``value_and_grad`` does (a subclass that overrides it,
    or any other objective, may not, so its gradients are never written to)."""
    return getattr(type(objective), "value_and_grad", None) is Objective.value_and_grad


def _all_finite(arrays: Iterable[Array]) -> bool:
    # One sum per array is the cheapest test: any NaN or infinity makes it non-finite.
    return all(math.isfinite(a.sum()) for a in arrays)


def descend(
    objective: Differentiable,
    params: Sequence[Array],
    *,
    steps: int,
    learning_rate: LearningRate,
    keep_snapshots: bool = True,
    on_step: Callable[[int], None] | None = None,
) -> DescentResult:
    """Full-batch gradient descent for ``steps`` steps.

    Parameters
    ----------
    objective : Objective
        Anything with ``value_and_grad(params, rows=None) -> (loss, grads)``.
    params : list of ndarray
        Starting parameters ``[W1, b1, ...]``; copied, never changed.
    steps : int
    learning_rate : float or sequence of float
        One rate for every array, or one per array of ``params``.
    keep_snapshots : bool
        Record a :class:`Snapshot` per step (the page's path); off for plain training.
    on_step : callable, optional
        Called with the step number after each step.

    Returns
    -------
    DescentResult
        ``snapshots[0]`` is the starting point, ``snapshots[k]`` the point after ``k``
        steps, and ``loss_curve[k]`` its loss. Training stops early, with
        ``diverged=True`` and the last good point, when :func:`is_diverged` says so.
    """
    P = _start(objective, params)
    rates = _rates(learning_rate, len(P))
    loss, G = objective.value_and_grad(P)
    if is_diverged(loss) or not _all_finite(P) or not _all_finite(G):
        return DescentResult(P, float("nan"), 0, True)
    start = loss
    result = DescentResult(P, loss, 0, False, [loss], [Snapshot(0, P, loss, G)])
    if not keep_snapshots:
        result.snapshots = []
    curve, snapshots = result.loss_curve, result.snapshots
    for k in range(1, steps + 1):
        P_new = _step(P, rates, G)
        new_loss, new_G = objective.value_and_grad(P_new)
        if is_diverged(new_loss, start):
            result.diverged = True
            break
        P, loss, G = P_new, new_loss, new_G
        curve.append(loss)
        if keep_snapshots:
            snapshots.append(Snapshot(k, P, loss, G))
        if on_step is not None:
            on_step(k)
    result.params, result.loss, result.steps = P, loss, len(curve) - 1
    return result


def epoch_order(n_samples: int, seed: int, epoch: int) -> Rows:
    """The order in which epoch ``epoch`` visits the rows: a permutation seeded by (seed, epoch).

    Seeding each epoch on its own (rather than drawing epochs one after another from one
    generator) lets any process start at any step: the page's training, split into many
    stateless requests, and one ``fit`` call take exactly the same batches.
    """
    if epoch <= _CACHED_EPOCHS:
        return _cached_order(n_samples, seed, epoch)
    return np.random.default_rng([seed, epoch]).permutation(n_samples)


_CACHED_EPOCHS = 1000


@lru_cache(maxsize=64)
def _cached_order(n_samples: int, seed: int, epoch: int) -> Rows:
    order = np.random.default_rng([seed, epoch]).permutation(n_samples)
    order.flags.writeable = False
    return order


def batch_rows(n_samples: int, batch_size: int, seed: int, step: int) -> Rows:
    """The rows of global step ``step`` (0-based): contiguous batches of each epoch's order.

    An epoch has ``ceil(n_samples / batch_size)`` steps; its last batch may be smaller.
    """
    per_epoch = -(-n_samples // batch_size)
    epoch, j = divmod(step, per_epoch)
    return epoch_order(n_samples, seed, epoch)[j * batch_size : (j + 1) * batch_size]


def shuffled_batches(n_samples: int, batch_size: int, seed: int, start: int = 0) -> Iterator[Rows]:
    """Row indices, batch after batch, forever, from global step ``start`` on."""
    step = start
    while True:
        yield batch_rows(n_samples, batch_size, seed, step)
        step += 1


def random_seed() -> int:
    """A fresh seed from the operating system's entropy, for runs that ask for none."""
    return int(np.random.default_rng().integers(2**32))


def sgd(
    objective: Objective,
    params: Sequence[Array],
    *,
    steps: int,
    batch_size: int,
    learning_rate: LearningRate,
    seed: int | None = None,
    on_step: Callable[[int], None] | None = None,
    final_loss: bool = True,
) -> DescentResult:
    """Mini-batch stochastic gradient descent for ``steps`` batches.

    Each epoch visits the rows in a fresh random order seeded by ``(seed, epoch)``
    (see :func:`batch_rows`; ``None``: a fresh seed), in contiguous batches
    of ``batch_size`` (the last may be smaller). ``loss_curve[k]`` is the loss
    on batch ``k`` before its step. ``loss`` is the loss on all rows at the end;
    a caller that measures it itself can skip that extra pass over the data with
    ``final_loss=False`` (``loss`` is then the last batch's loss).
    """
    seed = random_seed() if seed is None else seed
    batches = islice(shuffled_batches(objective.X.shape[0], batch_size, seed), steps)
    return sgd_on_batches(
        objective,
        params,
        batches,
        learning_rate=learning_rate,
        on_step=on_step,
        final_loss=final_loss,
    )


def sgd_on_batches(
    objective: Differentiable,
    params: Sequence[Array],
    batches: Iterable[Rows],
    *,
    learning_rate: LearningRate,
    on_step: Callable[[int], None] | None = None,
    final_loss: bool = True,
) -> DescentResult:
    """One SGD step per batch of row indices, in the order given (see :func:`sgd`).

    For callers that choose the batches themselves, e.g. to resume training
    part-way through an epoch.

    Divergence follows :func:`is_diverged`, with the first batch's loss as the start.
    A batch's loss is measured at the parameters *before* its step, so when it breaks
    the rule, the step that led there is undone as well: the result holds the last
    parameters whose loss passed, and ``len(loss_curve) == steps`` always.
    """
    P = _start(objective, params)
    rates = _rates(learning_rate, len(P))
    step = _step_into if _fresh_gradients(objective) else _step
    prev = P
    curve: list[float] = []
    start: float | None = None
    diverged = False
    for k, rows in enumerate(batches, start=1):
        loss, G = objective.value_and_grad(P, rows)
        if start is None:
            start = loss
        if is_diverged(loss, start):
            if curve:  # the loss at P blew up: the step to P was the bad one
                P = prev
                curve.pop()
            diverged = True
            break
        curve.append(loss)
        prev, P = P, step(P, rates, G)  # new arrays: the last ones stay as they were
        if on_step is not None:
            on_step(k)
    end: float | None = None
    if curve and not diverged:  # the last step's parameters have no batch loss yet
        end = objective.value(P) if final_loss else None
        if (end is not None and is_diverged(end, start)) or not _all_finite(P):
            P, diverged, end = prev, True, None
            curve.pop()
    if final_loss or not curve:
        value = end if end is not None else objective.value(P)
    else:
        value = curve[-1]
    return DescentResult(P, value, len(curve), diverged or not math.isfinite(value), curve)
