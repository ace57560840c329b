"""Activations: values, slopes against finite differences, stability, lookup by name."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnguide.core import ACTIVATIONS, get_activation

NAMES = list(ACTIVATIONS)
EPS = 1e-6

prop = settings(max_examples=60, deadline=None, derandomize=True, database=None)


def _points() -> np.ndarray:
    # Away from ReLU's kink at 0, where the slope jumps and no difference quotient settles.
    z = np.linspace(-6, 6, 49)
    return np.concatenate([z[np.abs(z) > 1e-3], [-30.0, -0.5, 0.25, 30.0]])


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_finite_differences(name):
    f = get_activation(name)
    z = _points()
    numeric = (f.value(z + EPS) - f.value(z - EPS)) / (2 * EPS)
    np.testing.assert_allclose(f.derivative(z), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_backward_is_the_chain_rule(name):
    f = get_activation(name)
    rng = np.random.default_rng(1)
    z = rng.normal(scale=3, size=(7, 4))
    grad_a = rng.normal(size=(7, 4))
    np.testing.assert_allclose(
        f.backward(z, f.value(z), grad_a), grad_a * f.derivative(z), rtol=1e-13, atol=1e-15
    )


def test_known_values():
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(get_activation("identity").value(z), z)
    np.testing.assert_array_equal(get_activation("relu").value(z), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(get_activation("tanh").value(z), np.tanh(z), rtol=1e-15)
    np.testing.assert_allclose(
        get_activation("sigmoid").value(z), 1 / (1 + np.exp(-z)), rtol=1e-15, atol=0
    )
    assert get_activation("sigmoid").derivative(np.array([0.0]))[0] == 0.25
    assert get_activation("tanh").derivative(np.array([0.0]))[0] == 1.0
    # ReLU's slope at exactly 0 is taken as 0.
    np.testing.assert_array_equal(get_activation("relu").derivative(z), [0.0, 0.0, 1.0])


def test_sigmoid_is_stable_at_the_extremes():
    z = np.array([-1000.0, -745.0, -40.0, 0.0, 40.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = get_activation("sigmoid").value(z)
    assert s[0] == 0.0 and s[-1] == 1.0
    # Tiny outputs keep their relative precision: σ(-40) = e^-40 / (1 + e^-40).
    assert s[2] == pytest.approx(np.exp(-40.0), rel=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_float32_stays_float32(name):
    f = get_activation(name)
    z = np.array([[-3.0, 0.5, 200.0]], dtype=np.float32)
    a = f.value(z)
    assert a.dtype == np.float32
    assert f.derivative(z).dtype == np.float32
    assert f.backward(z, a, np.ones_like(z)).dtype == np.float32


def test_unknown_activation():
    with pytest.raises(ValueError, match="unknown activation 'swish'.*'tanh'"):
        get_activation("swish")
    with pytest.raises(ValueError, match="unknown activation"):
        get_activation(["tanh"])  # type: ignore[arg-type]


finite = arrays(np.float64, st.integers(1, 30), elements=st.floats(-700, 700))


@prop
@given(finite)
def test_sigmoid_properties(z):
    s = get_activation("sigmoid").value(z)
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(s + get_activation("sigmoid").value(-z), 1.0, atol=1e-15)


@prop
@given(finite)
def test_tanh_is_odd_and_relu_is_never_negative(z):
    t = get_activation("tanh")
    np.testing.assert_array_equal(t.value(-z), -t.value(z))
    assert np.all(get_activation("relu").value(z) >= 0)
    for name in NAMES:  # every slope is finite and, for these four, never negative
        d = get_activation(name).derivative(z)
        assert np.all(np.isfinite(d)) and np.all(d >= 0)
