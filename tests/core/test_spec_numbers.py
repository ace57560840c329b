"""Every number in SPEC, reproduced by the core with explicit tolerances."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import linprog

from nnguide.core import (
    LinearRegressor,
    Objective,
    SoftmaxClassifier,
    best_linear_accuracy,
    get_loss,
    least_squares,
    loss_grid,
    softmax,
)
from nnguide.data import load_dataset


@pytest.fixture(scope="module")
def labelled():
    return load_dataset("houses-labelled").select()


# --- §1 price per square foot -------------------------------------------------------------


def test_price_per_square_foot(houses3):
    dollars = houses3.y * 1000
    rate = dollars.sum() / houses3.X[:, 0].sum()
    assert rate == pytest.approx(180.01, abs=0.005)
    assert round(rate) == 180
    assert round(rate) * 2000 == 360_000
    assert round(rate * 2000, -3) == 360_000
    # In $1000s the same model is the weight 0.180.
    assert round(rate / 1000, 3) == 0.180


# --- §2 the error table -------------------------------------------------------------------


def test_error_table_for_w_0_180(houses3):
    x, y = houses3.X[:, 0], houses3.y
    pred = 0.180 * x
    diff = y - pred
    sq = diff**2
    np.testing.assert_allclose(pred, [378.72, 288.0, 432.0], atol=1e-9)
    assert np.round(pred).tolist() == [379, 288, 432]
    assert np.round(diff).tolist() == [21, 42, -63]
    assert np.round(sq).tolist() == [449, 1756, 3969]
    assert round(sq.mean()) == 2058
    assert sq.mean() == pytest.approx(2057.7341, abs=1e-4)


def test_error_table_mse_through_the_library(houses3):
    objective = Objective(houses3.X, houses3.y[:, None], get_loss("mse", "regression"))
    mse = objective.value([np.array([[0.180]]), np.array([0.0])])
    assert mse == pytest.approx(2057.7341, abs=1e-4)
    grid = loss_grid(houses3.X[:, 0], houses3.y, [0.180], [0.0])
    assert grid.shape == (1, 1)
    assert grid[0, 0] == pytest.approx(2057.7341, abs=1e-4)


def test_best_weight_without_bias(houses3):
    x, y = houses3.X[:, 0], houses3.y
    # Minimise mean((w x − y)²) over w alone: a 1-D least squares through the origin.
    w, *_ = np.linalg.lstsq(x[:, None], y, rcond=None)
    assert w[0] == pytest.approx(0.17689, abs=5e-6)
    mse = np.mean((w[0] * x - y) ** 2)
    assert mse == pytest.approx(2016.7, abs=0.05)
    # The error map along b = 0 agrees, and no weight on a fine grid beats it.
    weights = np.linspace(0.0, 0.4, 40_001)
    row = loss_grid(x, y, weights, [0.0])[0]
    assert weights[np.argmin(row)] == pytest.approx(0.17689, abs=1e-5)
    assert row.min() == pytest.approx(2016.7, abs=0.05)


# --- §3 the true minimum ------------------------------------------------------------------


def test_least_squares_minimum_one_input(houses3):
    W, b = least_squares(houses3.X, houses3.y)
    assert W.shape == (1, 1) and b.shape == (1,)
    assert W[0, 0] == pytest.approx(0.058488, abs=5e-7)
    assert b[0] == pytest.approx(247.263, abs=5e-4)
    mse = np.mean((houses3.X @ W + b - houses3.y[:, None]) ** 2)
    assert mse == pytest.approx(447.29, abs=0.005)
    assert mse < 799  # the learner's challenge can be met


def test_linear_regressor_exact_one_input(houses3):
    model = LinearRegressor().fit(houses3.X, houses3.y)
    assert model.coef_ == pytest.approx([0.058488], abs=5e-7)
    assert model.intercept_ == pytest.approx(247.263, abs=5e-4)
    assert model.loss_ == pytest.approx(447.29, abs=0.005)
    assert model.n_iter_ == 0 and model.diverged_ is False


def test_error_map_minimum_is_the_least_squares_point(houses3):
    x, y = houses3.X[:, 0], houses3.y
    weights = np.linspace(0.05, 0.07, 201)
    biases = np.linspace(230, 265, 351)
    grid = loss_grid(x, y, weights, biases)
    assert grid.shape == (351, 201)
    i, j = np.unravel_index(np.argmin(grid), grid.shape)
    assert weights[j] == pytest.approx(0.058488, abs=2e-4)
    assert biases[i] == pytest.approx(247.263, abs=0.2)
    assert grid.min() >= 447.29 - 0.005


# --- §5 two inputs ------------------------------------------------------------------------


def test_least_squares_two_inputs(houses10):
    W, b = least_squares(houses10.X, houses10.y)
    assert W[:, 0] == pytest.approx([0.18613, -10.0124], abs=5e-5)
    assert b[0] == pytest.approx(3.5754, abs=5e-5)
    mse = np.mean((houses10.X @ W[:, 0] + b[0] - houses10.y) ** 2)
    assert mse == pytest.approx(1406.05, abs=0.005)


def test_gradient_descent_reaches_the_two_input_optimum(houses10):
    model = LinearRegressor(solver="gd", learning_rate=0.5, max_steps=300).fit(
        houses10.X, houses10.y
    )
    assert not model.diverged_
    assert model.coef_ == pytest.approx([0.18613, -10.0124], abs=5e-5)
    assert model.intercept_ == pytest.approx(3.5754, abs=5e-5)
    assert model.loss_ == pytest.approx(1406.05, abs=0.005)


# --- §6 softmax ---------------------------------------------------------------------------

SOFTMAX_TABLE = [
    ([1], ["1.0000"]),
    ([1, 1], ["0.5000", "0.5000"]),
    ([0, 1], ["0.2689", "0.7311"]),
    ([2, 4], ["0.1192", "0.8808"]),
    ([5, 10], ["0.0067", "0.9933"]),
    ([-1, 0, 1], ["0.0900", "0.2447", "0.6652"]),
    ([1, 2, 4], ["0.0420", "0.1142", "0.8438"]),
]


@pytest.mark.parametrize(("scores", "expected"), SOFTMAX_TABLE, ids=lambda v: str(v))
def test_softmax_table_correctly_rounded(scores, expected):
    p = softmax(scores)
    assert [f"{v:.4f}" for v in p] == expected
    np.testing.assert_allclose(p, [float(e) for e in expected], rtol=0, atol=5e-5)
    assert p.sum() == pytest.approx(1.0, abs=1e-15)


def test_four_is_twice_two_but_e_squared_times_as_likely():
    p = softmax([1, 2, 4])
    assert p[2] / p[1] == pytest.approx(np.e**2, rel=1e-12)
    assert p[2] / p[1] == pytest.approx(7.389, abs=5e-4)


# --- §6 the 8-of-10 linear ceiling --------------------------------------------------------


def test_no_line_gets_more_than_8_of_the_10_houses(labelled):
    assert best_linear_accuracy(labelled.X, labelled.y) == 8


def _separable(X: np.ndarray, positive: np.ndarray) -> bool:
    """Is there (w, b) with s_i (w·x_i + b) ≥ 1 for every point? An LP feasibility check."""
    s = np.where(positive, 1.0, -1.0)
    A = -s[:, None] * np.column_stack([X, np.ones(len(X))])
    res = linprog(
        np.zeros(X.shape[1] + 1),
        A_ub=A,
        b_ub=-np.ones(len(X)),
        bounds=[(None, None)] * (X.shape[1] + 1),
        method="highs",
    )
    return res.status == 0


def test_linear_ceiling_cross_checked_by_linear_programming(labelled):
    X = (labelled.X - labelled.X.mean(axis=0)) / labelled.X.std(axis=0)  # affine: same lines
    positive = labelled.y == "Good"
    assert not _separable(X, positive)
    nines = [rows for rows in itertools.combinations(range(10), 9)]
    assert not any(_separable(X[list(r)], positive[list(r)]) for r in nines)
    eights = [list(r) for r in itertools.combinations(range(10), 8)]
    separable_eights = [r for r in eights if _separable(X[r], positive[r])]
    assert separable_eights, "some line must classify 8 houses correctly"


def test_linear_ceiling_brute_force_over_lines(labelled):
    """Independent of the library's sweep: try lines through pairs of points, nudged."""
    X = (labelled.X - labelled.X.mean(axis=0)) / labelled.X.std(axis=0)
    positive = labelled.y == "Good"
    best = 0
    for i, j in itertools.combinations(range(10), 2):
        d = X[j] - X[i]
        normal = np.array([-d[1], d[0]])
        for angle in (-1e-6, 1e-6):
            c, s = np.cos(angle), np.sin(angle)
            n = np.array([c * normal[0] - s * normal[1], s * normal[0] + c * normal[1]])
            for shift in (-1e-7, 1e-7):
                side = X @ n - (X[i] @ n + shift) > 0
                best = max(best, int(np.sum(side == positive)), int(np.sum(side != positive)))
    assert best == 8


def test_best_linear_accuracy_on_easy_cases():
    X = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=float)
    assert best_linear_accuracy(X, ["a", "a", "b", "b"]) == 4  # separable
    assert best_linear_accuracy(X, ["a", "b", "b", "a"]) == 3  # XOR
    with pytest.raises(ValueError):
        best_linear_accuracy(X[:, :1], ["a", "a", "b", "b"])
    with pytest.raises(ValueError):
        best_linear_accuracy(X, ["a", "b", "c", "a"])


def test_a_trained_softmax_classifier_stays_under_the_ceiling(labelled):
    model = SoftmaxClassifier(learning_rate=1.0, max_steps=500, classes=labelled.classes)
    model.fit(labelled.X, labelled.y)
    correct = int(round(model.score(labelled.X, labelled.y) * 10))
    assert 6 <= correct <= 8
