"""Every analytic gradient against central finite differences."""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np
import pytest

from nnguide.core import CLASSIFICATION_LOSSES, REGRESSION_LOSSES, Objective, get_loss

EPS = 1e-6
RTOL = 1e-6
ATOL = 1e-9


def numeric_grad(f: Callable[[np.ndarray], float], x: np.ndarray) -> np.ndarray:
    """Central differences of a scalar function, one coordinate at a time."""
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + EPS
        up = f(x)
        x[idx] = old - EPS
        down = f(x)
        x[idx] = old
        g[idx] = (up - down) / (2 * EPS)
    return g


def _targets(task: str, rng: np.random.Generator, n: int, m: int) -> np.ndarray:
    if task == "regression":
        return rng.normal(size=(n, m))
    Y = np.zeros((n, m))
    Y[np.arange(n), rng.integers(0, m, size=n)] = 1.0
    return Y


LOSSES = [("regression", name) for name in REGRESSION_LOSSES] + [
    ("classification", name) for name in CLASSIFICATION_LOSSES
]


@pytest.mark.parametrize(("task", "name"), LOSSES)
@pytest.mark.parametrize("shape", [(1, 1), (7, 1), (6, 3), (5, 4)])
def test_loss_gradient_matches_finite_differences(task, name, shape):
    if task == "classification" and shape[1] == 1:
        shape = (shape[0], 2)
    rng = np.random.default_rng(zlib.crc32(repr((task, name, shape)).encode()))
    loss = get_loss(name, task)
    z = rng.normal(scale=2.0, size=shape)
    Y = _targets(task, rng, *shape)
    analytic = loss.grad(z, Y)
    numeric = numeric_grad(lambda zz: loss.value(zz, Y), z.copy())
    np.testing.assert_allclose(analytic, numeric, rtol=RTOL, atol=ATOL)
    value, grad = loss.value_and_grad(z, Y)
    assert value == pytest.approx(loss.value(z, Y), rel=1e-14)
    np.testing.assert_allclose(grad, analytic, rtol=1e-14, atol=1e-18)


@pytest.mark.parametrize(("task", "name"), LOSSES)
def test_objective_gradient_matches_finite_differences(task, name):
    rng = np.random.default_rng(7)
    n, d, m = 9, 3, (1 if task == "regression" else 3)
    X = rng.normal(size=(n, d))
    Y = _targets(task, rng, n, m)
    objective = Objective(X, Y, get_loss(name, task))
    W = rng.normal(scale=0.5, size=(d, m))
    b = rng.normal(scale=0.5, size=m)
    value, (gW, gb) = objective.value_and_grad([W, b])
    assert value == pytest.approx(objective.value([W, b]), rel=1e-14)
    np.testing.assert_allclose(
        gW, numeric_grad(lambda w: objective.value([w, b]), W.copy()), rtol=RTOL, atol=ATOL
    )
    np.testing.assert_allclose(
        gb, numeric_grad(lambda bb: objective.value([W, bb]), b.copy()), rtol=RTOL, atol=ATOL
    )


def test_objective_gradient_on_a_batch_is_the_gradient_on_those_rows():
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(12, 2)), rng.normal(size=(12, 1))
    loss = get_loss("mse", "regression")
    W, b = rng.normal(size=(2, 1)), rng.normal(size=1)
    rows = np.array([0, 5, 7, 11])
    value, (gW, gb) = Objective(X, Y, loss).value_and_grad([W, b], rows)
    alone = Objective(X[rows], Y[rows], loss)
    expected_value, (eW, eb) = alone.value_and_grad([W, b])
    assert value == pytest.approx(expected_value, rel=1e-14)
    np.testing.assert_allclose(gW, eW, rtol=1e-13)
    np.testing.assert_allclose(gb, eb, rtol=1e-13)
    np.testing.assert_allclose(
        gW, numeric_grad(lambda w: alone.value([w, b]), W.copy()), rtol=RTOL, atol=ATOL
    )


def test_mse_is_the_mean_over_all_elements():
    loss = get_loss("mse", "regression")
    z = np.array([[1.0, 2.0], [3.0, 4.0]])
    y = np.zeros((2, 2))
    assert loss.value(z, y) == pytest.approx((1 + 4 + 9 + 16) / 4, rel=1e-15)
    np.testing.assert_allclose(loss.grad(z, y), 2 * z / 4)


def test_cross_entropy_value():
    loss = get_loss("cross-entropy", "classification")
    z = np.array([[2.0, 4.0], [0.0, 0.0]])
    Y = np.array([[0.0, 1.0], [1.0, 0.0]])
    expected = -(np.log(0.8807970779778823) + np.log(0.5)) / 2
    assert loss.value(z, Y) == pytest.approx(expected, rel=1e-12)


def test_unknown_loss_and_task():
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        get_loss("hinge", "classification")
    with pytest.raises(ValueError, match="unknown loss 'cross-entropy' for regression"):
        get_loss("cross-entropy", "regression")
    with pytest.raises(ValueError, match="unknown task"):
        get_loss("mse", "ranking")
