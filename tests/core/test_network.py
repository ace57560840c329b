"""The network: backpropagation against finite differences, collapse, counts, initialisation."""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnguide.core import (
    ACTIVATIONS,
    Dense,
    Network,
    Objective,
    collapse_linear,
    get_activation,
    get_loss,
    layer_pairs,
    numerical_gradient,
    one_hot,
    parameter_count,
    softmax,
)

RTOL, ATOL = 1e-5, 1e-8
LOSSES = [("regression", "mse"), ("classification", "cross-entropy"), ("classification", "mse")]
DEPTHS = {0: (), 1: (4,), 2: (5, 3)}

prop = settings(max_examples=40, deadline=None, derandomize=True, database=None)


def _problem(task: str, loss: str, hidden: tuple[int, ...], activation: str, seed: int):
    rng = np.random.default_rng(seed)
    n, d, m = 8, 3, 3
    X = rng.normal(size=(n, d))
    Y = rng.normal(size=(n, m)) if task == "regression" else one_hot(rng.integers(0, m, n), m)
    output = "identity" if task == "regression" else "softmax"
    net = Network((d, *hidden, m), activation, output)
    # Random starting biases too, so no ReLU sits exactly on its kink.
    params = [p + rng.normal(scale=0.3, size=p.shape) for p in net.init_params(seed)]
    return Objective(X, Y, get_loss(loss, task), net), params


@pytest.mark.parametrize(("task", "loss"), LOSSES, ids=lambda v: str(v))
@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_backprop_matches_finite_differences(task, loss, depth, activation):
    seed = zlib.crc32(f"{task}{loss}{depth}{activation}".encode())
    objective, params = _problem(task, loss, DEPTHS[depth], activation, seed)
    value, grads = objective.value_and_grad(params)
    assert value == pytest.approx(objective.value(params), rel=1e-14)
    numeric = numerical_gradient(objective.value, params)
    assert [g.shape for g in grads] == [p.shape for p in params]
    for analytic, measured in zip(grads, numeric, strict=True):
        np.testing.assert_allclose(analytic, measured, rtol=RTOL, atol=ATOL)


def test_backprop_on_a_batch_is_backprop_on_those_rows():
    objective, params = _problem("classification", "cross-entropy", (4,), "tanh", 3)
    rows = np.array([1, 4, 6])
    value, grads = objective.value_and_grad(params, rows)
    alone = Objective(objective.X[rows], objective.Y[rows], objective.loss, objective.network)
    expected_value, expected = alone.value_and_grad(params)
    assert value == expected_value
    for g, e in zip(grads, expected, strict=True):
        np.testing.assert_array_equal(g, e)


@pytest.mark.parametrize(("task", "loss"), LOSSES, ids=lambda v: str(v))
def test_the_linear_fast_path_is_the_general_path(task, loss):
    """Without a hidden layer the objective skips the trace; the numbers must not change."""
    objective, params = _problem(task, loss, (), "identity", 11)
    fast_value, fast = objective.value_and_grad(params)
    general = Objective(objective.X, objective.Y, objective.loss, objective.network)
    object.__setattr__(general, "_linear", False)
    value, grads = general.value_and_grad(params)
    assert fast_value == value
    for f, g in zip(fast, grads, strict=True):
        np.testing.assert_array_equal(f, g)


def test_identity_network_equals_its_collapsed_linear_model():
    rng = np.random.default_rng(5)
    X = rng.normal(scale=10, size=(50, 4))
    net = Network((4, 6, 5, 3), "identity", "softmax")
    params = [p + rng.normal(size=p.shape) for p in net.init_params(0)]
    W, b = collapse_linear(params)
    assert W.shape == (4, 3) and b.shape == (3,)
    np.testing.assert_allclose(net.outputs(params, X), X @ W + b, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(net.predict(params, X), softmax(X @ W + b, axis=1), atol=1e-10)
    # Two layers by hand: W = W1 W2, b = b1 W2 + b2.
    (W1, b1), (W2, b2) = layer_pairs(params[:4])
    W12, b12 = collapse_linear(params[:4])
    np.testing.assert_allclose(W12, W1 @ W2, rtol=1e-12)
    np.testing.assert_allclose(b12, b1 @ W2 + b2, rtol=1e-12)


def test_a_bent_activation_does_not_collapse():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(20, 2))
    net = Network((2, 4, 1), "tanh")
    params = net.init_params(1)
    W, b = collapse_linear(params)
    assert np.abs(net.outputs(params, X) - (X @ W + b)).max() > 1e-3


def test_forward_keeps_what_backward_needs():
    net = Network((3, 5, 4, 2), "relu", "softmax")
    params = net.init_params(2)
    X = np.random.default_rng(0).normal(size=(6, 3))
    trace = net.forward(params, X)
    assert [a.shape for a in trace.a] == [(6, 5), (6, 4), (6, 2)]
    assert trace.inputs[0] is X and trace.inputs[1] is trace.a[0]
    np.testing.assert_array_equal(trace.a[0], np.maximum(trace.z[0], 0))
    assert trace.output is trace.a[-1] and trace.a[-1] is trace.z[-1]  # the last layer is linear
    np.testing.assert_array_equal(net.outputs(params, X), trace.output)
    p = net.predict(params, X)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-15)


def test_parameter_count():
    assert parameter_count(784, 128, 10) == 101_770
    assert parameter_count(2, 2) == 6
    assert parameter_count(64, 10) == 650
    assert Network((2, 4, 2)).parameter_count == 2 * 4 + 4 + 4 * 2 + 2
    for bad in [(3,), (3, 0), (0, 2)]:
        with pytest.raises(ValueError):
            parameter_count(*bad)


@prop
@given(st.lists(st.integers(1, 9), min_size=2, max_size=5))
def test_parameter_count_is_the_size_of_the_parameter_list(sizes):
    net = Network(tuple(sizes), "tanh")
    params = net.init_params(0)
    assert sum(p.size for p in params) == parameter_count(*sizes) == net.parameter_count
    assert [p.shape for p in params] == net.shapes
    assert len(net.layers) == len(sizes) - 1 == len(params) // 2


def test_initialisation_is_seeded_and_scaled_to_the_layer():
    big = Network((400, 300, 10), "tanh")
    a, b = big.init_params(7), big.init_params(7)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert np.any(big.init_params(8)[0] != a[0])
    assert np.all(a[1] == 0) and np.all(a[3] == 0)  # biases start at zero
    limit = np.sqrt(6 / (400 + 300))  # Glorot uniform for tanh
    assert np.abs(a[0]).max() <= limit and np.abs(a[0]).max() > 0.99 * limit
    assert a[0].std() == pytest.approx(limit / np.sqrt(3), rel=0.02)
    he = Network((400, 300, 10), "relu").init_params(7)
    assert he[0].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)  # He normal for ReLU
    assert he[2].std() == pytest.approx(np.sqrt(2 / (300 + 10)), rel=0.05)  # linear output layer
    assert Network((4, 3), "tanh").init_params(0, dtype=np.float32)[0].dtype == np.float32


def test_all_zero_weights_are_refused_with_a_hidden_layer():
    with pytest.raises(ValueError, match="cannot learn from all-zero weights.*symmetry"):
        Network((2, 3, 2), "tanh").init_params(0, init="zeros")
    W, b = Network((2, 2)).init_params(0, init="zeros")  # harmless without a hidden layer
    assert not W.any() and not b.any()
    with pytest.raises(ValueError, match="unknown init 'ones'"):
        Network((2, 2)).init_params(0, init="ones")


def test_zero_weights_really_cannot_learn():
    """Why the rule: from all-zero tanh weights, no hidden weight ever gets a gradient."""
    objective, _ = _problem("classification", "cross-entropy", (4,), "tanh", 0)
    zeros = [np.zeros(s) for s in objective.network.shapes]
    _, grads = objective.value_and_grad(zeros)
    assert not grads[0].any() and not grads[1].any() and not grads[2].any()


def test_bad_shapes_and_settings():
    with pytest.raises(ValueError, match="layer sizes"):
        Network((3,))
    with pytest.raises(ValueError, match="unknown output"):
        Network((3, 2), output="sigmoid")
    with pytest.raises(ValueError, match="unknown activation"):
        Network((3, 2, 2), activation="swish")
    net = Network((3, 2, 2))
    net.check_params(net.init_params(0))
    with pytest.raises(ValueError, match="do not fit"):
        net.check_params([np.zeros((3, 2)), np.zeros(2)])


def test_dense_layer_skips_the_input_gradient_of_the_first_layer():
    layer = Dense(3, 2, get_activation("tanh"))
    rng = np.random.default_rng(0)
    X, (W, b) = rng.normal(size=(4, 3)), layer.init(rng, "auto")
    z, a = layer.forward(X, W, b)
    g_X, g_W, g_b = layer.backward(X, W, z, a, np.ones_like(a), need_grad_X=False)
    assert g_X is None and g_W.shape == (3, 2) and g_b.shape == (2,)
    assert layer.parameter_count == 8
