"""The training loop's economies: steps written into the gradients, the loss in chunks.

Both must leave every number as it was (bit for bit where the arithmetic is the same) and
keep training's memory to a few batches of activations, whatever the size of the data.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import nnguide.core.objective as objective_module
from nnguide.core import Network, Objective, get_loss, sgd, sgd_on_batches
from nnguide.core.descent import batch_rows


class OverridingObjective(Objective):
    """Overrides value_and_grad: the loop cannot know its gradients are fresh arrays."""

    def value_and_grad(self, params, rows=None):
        return super().value_and_grad(params, rows)


def _digits_problem(dtype, loss="cross-entropy"):
    from nnguide.data import load_dataset

    sel = load_dataset("digits").select()
    X = ((sel.X - sel.X.mean(axis=0)) / sel.X.std()).astype(dtype)
    Y = (sel.y[:, None] == np.unique(sel.y)).astype(dtype)
    return X, Y, get_loss(loss, "classification"), Network((64, 32, 10), "relu", "softmax")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_steps_into_the_gradients_equal_the_plain_step_bit_for_bit(dtype):
    X, Y, loss, net = _digits_problem(dtype)
    start = net.init_params(0, dtype=dtype)
    kept = [p.copy() for p in start]
    fast = sgd(
        Objective(X, Y, loss, net), start, steps=200, batch_size=16, learning_rate=0.2, seed=0
    )
    plain = sgd(
        OverridingObjective(X, Y, loss, net),
        start,
        steps=200,
        batch_size=16,
        learning_rate=0.2,
        seed=0,
    )
    assert fast.loss_curve == plain.loss_curve and fast.loss == plain.loss
    for a, b, s, k in zip(fast.params, plain.params, start, kept, strict=True):
        assert a.dtype == dtype
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(s, k)  # the caller's start is never written to


def test_float64_targets_for_float32_data_still_widen_the_parameters():
    X, Y, loss, net = _digits_problem(np.float32)
    objective = Objective(X, Y.astype(np.float64), loss, net)
    batches = [batch_rows(len(X), 16, 0, k) for k in range(3)]
    result = sgd_on_batches(objective, net.init_params(0), batches, learning_rate=0.2)
    assert all(p.dtype == np.float64 for p in result.params)


@pytest.mark.parametrize("loss", ["cross-entropy", "mse"])
def test_the_loss_in_chunks_is_the_loss_in_one_pass(monkeypatch, loss):
    X, Y, loss_fn, net = _digits_problem(np.float64, loss)
    objective = Objective(X, Y, loss_fn, net)
    params = net.init_params(1)
    whole = objective.value(params)
    rows = np.arange(5, 1000, 3)
    some = objective.value(params, rows)
    monkeypatch.setattr(objective_module, "VALUE_CHUNK_ROWS", 100)  # 1,797 rows: 18 chunks
    assert objective.value(params) == pytest.approx(whole, rel=1e-12)
    assert objective.value(params, rows) == pytest.approx(some, rel=1e-12)


def test_training_keeps_a_few_batches_of_activations_whatever_the_data_size():
    n, d, hidden, k, batch = 40_000, 50, 64, 10, 50
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, d)).astype(np.float32)
    Y = np.eye(k, dtype=np.float32)[rng.integers(0, k, n)]
    net = Network((d, hidden, k), "relu", "softmax")
    objective = Objective(X, Y, get_loss("cross-entropy", "classification"), net)
    start = net.init_params(0, dtype=np.float32)
    sgd(objective, start, steps=5, batch_size=batch, learning_rate=0.01, seed=0)  # warm
    one_pass = n * hidden * 4  # the hidden activations of all the data at once: 10 MB
    for final_loss in (False, True):
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        sgd(
            objective,
            start,
            steps=200,
            batch_size=batch,
            learning_rate=0.01,
            seed=0,
            final_loss=final_loss,
        )
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        # The steps: parameters, gradients and a batch's activations, well under 1 MB; the
        # full-data loss at the end: one chunk of 2,048 rows at a time.
        assert peak < (1_000_000 if not final_loss else one_pass / 4), (final_loss, peak)
