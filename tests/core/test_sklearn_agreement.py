"""Converged solutions agree with scikit-learn.

Tolerances: least squares agrees to 1e-8 relative (both are exact solvers);
gradient descent on standardized inputs to 1e-7 relative on coefficients;
softmax probabilities to 1e-6 absolute against unpenalized LogisticRegression.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, LogisticRegression

from nnguide.core import LinearRegressor, SoftmaxClassifier
from nnguide.data import load_dataset


def unpenalized_logistic(X: np.ndarray, y: np.ndarray) -> LogisticRegression:
    """Unpenalized multinomial logistic regression, without deprecation noise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        model = LogisticRegression(C=np.inf, max_iter=10_000, tol=1e-12)
        return model.fit(X, y)


def _regression_sets():
    rng = np.random.default_rng(11)
    X = rng.normal(size=(40, 3)) * [1.0, 100.0, 0.01] + [0.0, 500.0, 3.0]
    Y = X @ rng.normal(size=(3, 2)) + rng.normal(size=(40, 2)) + [1.0, -2.0]
    sets = {name: load_dataset(name).select() for name in ("houses-3", "houses-10", "portland")}
    return {n: (s.X, s.y) for n, s in sets.items()} | {"synthetic-2-outputs": (X, Y)}


REGRESSION_SETS = _regression_sets()


@pytest.mark.parametrize("name", REGRESSION_SETS)
def test_exact_solver_matches_linear_regression(name):
    X, y = REGRESSION_SETS[name]
    ours = LinearRegressor(solver="exact").fit(X, y)
    theirs = LinearRegression().fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-8, atol=1e-8)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-10)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), abs=1e-10)


@pytest.mark.parametrize("name", REGRESSION_SETS)
def test_standardized_gradient_descent_matches_linear_regression(name):
    X, y = REGRESSION_SETS[name]
    ours = LinearRegressor(solver="gd", standardize=True, learning_rate=0.5, max_steps=2000)
    ours.fit(X, y)
    theirs = LinearRegression().fit(X, y)
    assert not ours.diverged_
    assert ours.n_iter_ == 2000
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-7, atol=1e-7)


def _overlapping_three_classes() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    centers = np.array([[0.0, 0.0], [1.5, 0.5], [0.5, 1.5]])
    y = np.repeat([0, 1, 2], 50)
    X = centers[y] + rng.normal(size=(150, 2))
    X = X * [1.0, 100.0] + [50.0, 0.0]  # very different feature scales
    return X, np.array(["red", "green", "blue"])[y]


def test_softmax_matches_logistic_regression_on_houses_labelled():
    sel = load_dataset("houses-labelled").select()
    ours = SoftmaxClassifier(learning_rate=1.0, max_steps=1000, classes=sel.classes)
    ours.fit(sel.X, sel.y)
    theirs = unpenalized_logistic(sel.X, sel.y)
    order = [list(theirs.classes_).index(c) for c in ours.classes_]
    np.testing.assert_allclose(
        ours.predict_proba(sel.X), theirs.predict_proba(sel.X)[:, order], rtol=0, atol=1e-6
    )
    # Two classes: sklearn keeps one weight vector, for its second class ("Good") against
    # the first; softmax keeps one per class, and only their difference matters.
    good, bad = list(ours.classes_).index("Good"), list(ours.classes_).index("Bad")
    diff = ours.weights_[:, good] - ours.weights_[:, bad]
    np.testing.assert_allclose(diff, theirs.coef_[0], rtol=1e-4)
    assert ours.bias_[good] - ours.bias_[bad] == pytest.approx(theirs.intercept_[0], rel=1e-4)
    assert ours.score(sel.X, sel.y) == pytest.approx(theirs.score(sel.X, sel.y))


def test_softmax_matches_multinomial_logistic_regression_on_three_classes():
    X, y = _overlapping_three_classes()
    ours = SoftmaxClassifier(learning_rate=1.0, max_steps=1000).fit(X, y)
    theirs = unpenalized_logistic(X, y)
    assert list(ours.classes_) == list(theirs.classes_) == ["blue", "green", "red"]
    p_ours, p_theirs = ours.predict_proba(X), theirs.predict_proba(X)
    np.testing.assert_allclose(p_ours, p_theirs, rtol=0, atol=1e-6)
    # Softmax weights are defined up to a shared shift; compare them centred per feature.
    centred = ours.coef_ - ours.coef_.mean(axis=0)
    np.testing.assert_allclose(centred, theirs.coef_ - theirs.coef_.mean(axis=0), rtol=1e-4)
    accuracy = ours.score(X, y)
    assert accuracy == pytest.approx(theirs.score(X, y))
    assert 0.5 < accuracy < 0.8  # genuinely overlapping: the optimum is finite
