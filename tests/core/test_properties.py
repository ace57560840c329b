"""Hypothesis properties of softmax, the losses, gradient descent and standardization."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnguide.core import Objective, Standardizer, descend, get_loss, log_softmax, softmax

# Fixed examples by default, so a failure reproduces; NNGUIDE_HYPOTHESIS_EXAMPLES=5000 explores.
EXAMPLES = int(os.environ.get("NNGUIDE_HYPOTHESIS_EXAMPLES", "60"))
RANDOM = "NNGUIDE_HYPOTHESIS_EXAMPLES" in os.environ
prop = settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, database=None)

scores = st.lists(
    st.floats(-1000, 1000, allow_nan=False, allow_infinity=False), min_size=1, max_size=60
)


@prop
@given(scores)
def test_softmax_is_a_probability_distribution(z):
    p = softmax(z)
    assert p.shape == (len(z),)
    assert np.all(np.isfinite(p))
    assert np.all((p >= 0) & (p <= 1))
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    # the largest score gets the largest probability
    assert p[int(np.argmax(z))] == p.max()


@prop
@given(scores, st.floats(-1000, 1000, allow_nan=False))
def test_softmax_is_shift_invariant(z, c):
    z = np.asarray(z)
    np.testing.assert_allclose(softmax(z + c), softmax(z), rtol=0, atol=1e-9)


@prop
@given(scores)
def test_log_softmax_is_the_log_of_softmax(z):
    logp = log_softmax(z)
    assert np.all(np.isfinite(logp)) and np.all(logp <= 1e-12)
    np.testing.assert_allclose(np.exp(logp), softmax(z), rtol=0, atol=1e-12)


@prop
@given(
    arrays(
        np.float64, st.tuples(st.integers(1, 8), st.integers(1, 6)), elements=st.floats(-1e3, 1e3)
    )
)
def test_softmax_rows_each_sum_to_one(z):
    p = softmax(z, axis=1)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(softmax(z.T, axis=0), p.T, rtol=1e-15, atol=0)


@pytest.mark.parametrize(
    ("z", "expected"),
    [
        ([1000, -1000], [1.0, 0.0]),
        ([1000, 1000], [0.5, 0.5]),
        ([-1000, -1000, -1000, -1000], [0.25] * 4),
        ([-1000, -999], [1 / (1 + np.e), np.e / (1 + np.e)]),
        ([1e308, 0], [1.0, 0.0]),
    ],
)
def test_softmax_never_overflows(z, expected):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = softmax(np.asarray(z, dtype=np.float64))
    np.testing.assert_allclose(p, expected, rtol=1e-12, atol=1e-300)


def test_softmax_of_a_large_list():
    rng = np.random.default_rng(0)
    z = rng.uniform(-1000, 1000, size=200_000)
    p = softmax(z)
    assert np.all(np.isfinite(p))
    assert p.sum() == pytest.approx(1.0, abs=1e-9)
    uniform = softmax(np.full(200_000, 123.0))
    np.testing.assert_allclose(uniform, 1 / 200_000, rtol=1e-12)


def test_softmax_keeps_float32_and_rejects_empty():
    p = softmax(np.array([1000.0, -1000.0, 0.0], dtype=np.float32))
    assert p.dtype == np.float32 and np.all(np.isfinite(p))
    assert softmax([1, 2]).dtype == np.float64
    with pytest.raises(ValueError):
        softmax([])


# --- losses -------------------------------------------------------------------------------

shapes = st.tuples(st.integers(1, 6), st.integers(2, 4))


@st.composite
def outputs_and_targets(draw):
    n, m = draw(shapes)
    z = draw(arrays(np.float64, (n, m), elements=st.floats(-500, 500)))
    labels = draw(arrays(np.intp, n, elements=st.integers(0, m - 1)))
    Y = np.eye(m)[labels]
    y_reg = draw(arrays(np.float64, (n, m), elements=st.floats(-1e3, 1e3)))
    return z, Y, y_reg


@prop
@given(outputs_and_targets())
def test_losses_are_never_negative(data):
    z, Y, y_reg = data
    for name in ("cross-entropy", "mse"):
        value = get_loss(name, "classification").value(z, Y)
        assert np.isfinite(value) and value >= 0
    value = get_loss("mse", "regression").value(z, y_reg)
    assert np.isfinite(value) and value >= 0
    assert get_loss("mse", "regression").value(y_reg, y_reg) == 0


# --- gradient descent ---------------------------------------------------------------------


@st.composite
def regression_problems(draw):
    n = draw(st.integers(2, 12))
    d = draw(st.integers(1, 3))
    m = draw(st.integers(1, 2))
    X = draw(arrays(np.float64, (n, d), elements=st.floats(-10, 10)))
    Y = draw(arrays(np.float64, (n, m), elements=st.floats(-100, 100)))
    return X, Y


@prop
@given(regression_problems(), st.floats(0.05, 1.0))
def test_gradient_descent_on_mse_never_increases_the_loss(problem, fraction):
    X, Y = problem
    n, m = Y.shape
    # MSE's Hessian in (W, b) is 2 A.T A / (n m) with A = [X 1]; any rate ≤ 1/L is safe.
    A = np.column_stack([X, np.ones(n)])
    L = 2 * np.linalg.eigvalsh(A.T @ A).max() / (n * m)
    lr = fraction / L
    objective = Objective(X, Y, get_loss("mse", "regression"))
    W0, b0 = np.zeros((X.shape[1], m)), np.zeros(m)
    result = descend(objective, [W0, b0], steps=30, learning_rate=lr)
    curve = np.asarray(result.loss_curve)
    assert not result.diverged and result.steps == 30
    assert np.all(np.diff(curve) <= 1e-9 * max(1.0, curve[0]))


@prop
@given(regression_problems(), st.floats(0.05, 1.0))
def test_gradient_descent_on_cross_entropy_never_increases_the_loss(problem, fraction):
    X, _ = problem
    n = X.shape[0]
    labels = np.arange(n) % 3
    Y = np.eye(3)[labels]
    # Softmax cross-entropy's Hessian is at most A.T A / n (the softmax Jacobian is ≤ 1/2 I).
    A = np.column_stack([X, np.ones(n)])
    L = np.linalg.eigvalsh(A.T @ A).max() / n
    lr = fraction / L
    objective = Objective(X, Y, get_loss("cross-entropy", "classification"))
    result = descend(
        objective, [np.zeros((X.shape[1], 3)), np.zeros(3)], steps=30, learning_rate=lr
    )
    curve = np.asarray(result.loss_curve)
    assert not result.diverged
    assert np.all(np.diff(curve) <= 1e-12)


# --- standardization ----------------------------------------------------------------------


@st.composite
def scaled_models(draw):
    n = draw(st.integers(2, 10))
    d = draw(st.integers(1, 4))
    m = draw(st.integers(1, 3))
    scales = draw(arrays(np.float64, d, elements=st.sampled_from([1e-3, 1.0, 10.0, 1e3])))
    # Values on a 0.1 grid: a column is either exactly constant or spread well past rounding.
    X = draw(arrays(np.float64, (n, d), elements=st.integers(-1000, 1000))) / 10 * scales
    W = draw(arrays(np.float64, (d, m), elements=st.floats(-10, 10)))
    b = draw(arrays(np.float64, m, elements=st.floats(-10, 10)))
    return X, W, b


@prop
@given(scaled_models())
def test_standardizer_round_trip_and_same_outputs(model):
    X, W, b = model
    scaler = Standardizer.fit(X)
    assert np.all(scaler.scale > 0)
    W_s, b_s = scaler.params_to_scaled(W, b)
    W_back, b_back = scaler.params_to_raw(W_s, b_s)
    np.testing.assert_allclose(W_back, W, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(b_back, b, rtol=1e-9, atol=1e-7)
    raw = X @ W + b
    tol = 1e-9 * (1 + np.abs(X).max() * np.abs(W).max() + np.abs(b).max())
    np.testing.assert_allclose(scaler.transform(X) @ W_s + b_s, raw, rtol=0, atol=tol)
    # ...and the other way round, from parameters chosen on the standardized scale.
    W_r, b_r = scaler.params_to_raw(W, b)
    np.testing.assert_allclose(X @ W_r + b_r, scaler.transform(X) @ W + b, rtol=0, atol=tol)


def test_standardizer_statistics_and_constant_columns():
    X = np.array([[1.0, 5.0], [3.0, 5.0]])
    scaler = Standardizer.fit(X)
    np.testing.assert_array_equal(scaler.mean, [2.0, 5.0])
    np.testing.assert_array_equal(scaler.scale, [1.0, 1.0])  # std 1, and constant → 1
    np.testing.assert_array_equal(scaler.transform(X), [[-1.0, 0.0], [1.0, 0.0]])
    # A constant whose mean is inexact in binary (3 × 0.003 / 3 ≠ 0.003) is still constant.
    C = np.full((3, 1), 0.003)
    assert C.std() > 0  # what fooled a `std > 0` test
    scaler = Standardizer.fit(C)
    np.testing.assert_array_equal(scaler.scale, [1.0])
    assert np.abs(scaler.transform(C)).max() < 1e-15
    ident = Standardizer.identity(2)
    np.testing.assert_array_equal(ident.transform(X), X)
