"""Hidden-layer estimators: past the linear ceiling, raw-input parameters, the digits goal."""

from __future__ import annotations

import numpy as np
import pytest

from nnguide.core import (
    LinearRegressor,
    MLPClassifier,
    MLPRegressor,
    SoftmaxClassifier,
    get_activation,
    softmax,
)
from nnguide.core.crossval import leave_one_out
from nnguide.core.split import train_test_split
from nnguide.data import load_dataset

CLASSES = ["Good", "Bad"]


@pytest.fixture(scope="module")
def labelled():
    return load_dataset("houses-labelled").select()


def _houses_mlp(hidden: int, seed: int = 0, **kw) -> MLPClassifier:
    settings = dict(activation="tanh", learning_rate=1.0, max_steps=2000, classes=CLASSES)
    return MLPClassifier(hidden_layer_sizes=(hidden,), random_state=seed, **(settings | kw))


def _correct(model, sel) -> int:
    return int(round(model.score(sel.X, sel.y) * len(sel.y)))


# --- beyond a straight line ---------------------------------------------------------------


@pytest.mark.parametrize("hidden", [3, 4])
def test_a_hidden_layer_gets_all_ten_houses_right(labelled, hidden):
    """The best straight line gets 8 of 10; 3–4 tanh neurons get all ten, from any seed here."""
    scores = [
        _correct(_houses_mlp(hidden, seed).fit(labelled.X, labelled.y), labelled)
        for seed in range(5)
    ]
    assert scores == [10] * 5


def test_fewer_neurons_draw_fewer_bends(labelled):
    one = [
        _correct(_houses_mlp(1, seed).fit(labelled.X, labelled.y), labelled) for seed in range(5)
    ]
    two = [
        _correct(_houses_mlp(2, seed).fit(labelled.X, labelled.y), labelled) for seed in range(5)
    ]
    assert max(one) <= 8 < max(two) <= 9  # as scikit-learn's MLPClassifier finds (SPEC, Part 2)


def test_identity_activation_stays_under_the_linear_ceiling(labelled):
    model = _houses_mlp(4, activation="identity", learning_rate=0.5, max_steps=5000)
    model.fit(labelled.X, labelled.y)
    assert not model.diverged_ and _correct(model, labelled) <= 8


def test_leave_one_out_falls_the_network_memorised(labelled):
    train = _correct(_houses_mlp(3).fit(labelled.X, labelled.y), labelled)
    loo, _ = leave_one_out(lambda: _houses_mlp(3), labelled.X, labelled.y)
    assert train == 10 and round(loo * 10) <= 6


# --- learned attributes, for raw inputs ---------------------------------------------------


def _numpy_forward(model, X, activation):
    a = np.asarray(X, dtype=np.float64)
    for W, b in zip(model.coefs_[:-1], model.intercepts_[:-1], strict=True):
        a = get_activation(activation).value(a @ W + b)
    return a @ model.coefs_[-1] + model.intercepts_[-1]


@pytest.mark.parametrize("standardize", [True, False, "shared"])
@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_a_plain_forward_pass_on_raw_inputs_reproduces_the_probabilities(
    labelled, standardize, activation
):
    model = MLPClassifier(
        hidden_layer_sizes=(4, 3),
        activation=activation,
        standardize=standardize,
        learning_rate=0.5 if standardize else 1e-7,
        max_steps=200,
        random_state=0,
    ).fit(labelled.X, labelled.y)
    assert [W.shape for W in model.coefs_] == [(2, 4), (4, 3), (3, 2)]
    assert [b.shape for b in model.intercepts_] == [(4,), (3,), (2,)]
    z = _numpy_forward(model, labelled.X, activation)
    np.testing.assert_allclose(softmax(z, axis=1), model.predict_proba(labelled.X), atol=1e-12)
    assert model.n_iter_ == 200 and len(model.loss_curve_) == 201 and not model.diverged_
    assert model.loss_ == model.loss_curve_[-1]


def test_regressor_reports_raw_parameters_and_raw_losses(houses10):
    model = MLPRegressor(
        hidden_layer_sizes=(5,),
        activation="tanh",
        learning_rate=0.05,
        max_steps=2000,
        random_state=0,
    ).fit(houses10.X, houses10.y)
    pred = model.predict(houses10.X)
    np.testing.assert_allclose(_numpy_forward(model, houses10.X, "tanh")[:, 0], pred, rtol=1e-12)
    # Trained on standardized prices, reported in ($1000)²: the loss of the predictions.
    assert model.loss_ == pytest.approx(np.mean((pred - houses10.y) ** 2), rel=1e-9)
    assert model.loss_ < 1406.05  # a hidden layer beats the best plane through ten houses
    assert model.loss_curve_[0] > 10 * model.loss_
    raw = MLPRegressor(
        hidden_layer_sizes=(5,),
        standardize_target=False,
        learning_rate=0.05,
        max_steps=50,
        random_state=0,
    ).fit(houses10.X, houses10.y)
    assert raw.diverged_  # prices in the hundreds overshoot at once without scaling


def test_several_outputs(houses10):
    Y = np.column_stack([houses10.y, houses10.X[:, 0] / 10])
    model = MLPRegressor(hidden_layer_sizes=(6,), activation="tanh", max_steps=3000, random_state=1)
    model.fit(houses10.X, Y)
    assert model.predict(houses10.X).shape == (10, 2)
    assert model.loss_ == pytest.approx(np.mean((model.predict(houses10.X) - Y) ** 2), rel=1e-9)
    assert model.score(houses10.X, Y) > 0.9


# --- a linear model is the network without a hidden layer ---------------------------------


def test_no_hidden_layer_is_exactly_softmax_regression(labelled):
    settings = dict(learning_rate=1.0, max_steps=500, classes=CLASSES)
    mlp = MLPClassifier(hidden_layer_sizes=(), init="zeros", **settings).fit(labelled.X, labelled.y)
    linear = SoftmaxClassifier(**settings).fit(labelled.X, labelled.y)
    assert mlp.loss_curve_ == linear.loss_curve_
    np.testing.assert_array_equal(mlp.coefs_[0], linear.weights_)
    np.testing.assert_array_equal(mlp.intercepts_[0], linear.bias_)
    assert 6 <= _correct(mlp, labelled) <= 8


def test_no_hidden_layer_reproduces_the_two_input_optimum(houses10):
    mlp = MLPRegressor(
        hidden_layer_sizes=(),
        init="zeros",
        standardize_target=False,
        learning_rate=0.5,
        max_steps=300,
    ).fit(houses10.X, houses10.y)
    linear = LinearRegressor(solver="gd", learning_rate=0.5, max_steps=300)
    linear.fit(houses10.X, houses10.y)
    assert mlp.loss_curve_ == linear.loss_curve_
    assert mlp.coefs_[0][:, 0] == pytest.approx([0.18613, -10.0124], abs=5e-5)
    assert mlp.intercepts_[0][0] == pytest.approx(3.5754, abs=5e-5)
    assert mlp.loss_ == pytest.approx(1406.05, abs=0.005)
    assert linear.coefs_[0] is linear.weights_ and linear.coef_.shape == (2,)


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"init": "zeros"}, "cannot learn from all-zero weights"),
        ({"hidden_layer_sizes": (3, 0)}, "hidden_layer_sizes must be whole numbers"),
        ({"hidden_layer_sizes": 2.5}, "hidden_layer_sizes must be whole numbers"),
        ({"activation": "swish"}, "unknown activation"),
        ({"learning_rate": -1.0}, "learning rates must be positive"),
        ({"loss": "hinge"}, "unknown loss"),
        ({"init": "ones"}, "unknown init"),
    ],
)
def test_bad_settings_are_refused_at_fit(labelled, params, message):
    model = MLPClassifier(**({"hidden_layer_sizes": (3,)} | params))  # storing never fails
    with pytest.raises(ValueError, match=message):
        model.fit(labelled.X, labelled.y)


def test_a_too_large_rate_diverges_cleanly(labelled):
    # (tanh would saturate and keep the loss bounded; ReLU lets the outputs run away)
    model = _houses_mlp(4, activation="relu", learning_rate=1e4, standardize=False, max_steps=500)
    model.fit(labelled.X, labelled.y)
    assert model.diverged_ and model.n_iter_ < 500
    assert np.all(np.isfinite(model.loss_curve_)) and np.isfinite(model.loss_)
    assert all(np.all(np.isfinite(W)) for W in model.coefs_)


def test_integer_sizes_and_numpy_integers(labelled):
    a = MLPClassifier(hidden_layer_sizes=3, activation="tanh", random_state=0, max_steps=10)
    b = MLPClassifier(
        hidden_layer_sizes=(np.int64(3),), activation="tanh", random_state=0, max_steps=10
    )
    a.fit(labelled.X, labelled.y)
    b.fit(labelled.X, labelled.y)
    assert a.network_.sizes == b.network_.sizes == (2, 3, 2)
    assert a.loss_curve_ == b.loss_curve_


# --- digits, deeper -----------------------------------------------------------------------


def test_digits_with_one_hidden_layer_pass_the_linear_model():
    from nnguide.lessons.presets import DIGITS_DEEP as P

    sel = load_dataset("digits").select()
    train, test = train_test_split(len(sel.y), P.test_size, seed=P.seed, labels=sel.y)
    scores = []
    for seed in range(3):
        model = MLPClassifier(
            hidden_layer_sizes=P.hidden,
            activation=P.activation,
            learning_rate=P.learning_rate,
            batch_size=P.batch_size,
            max_steps=P.steps,
            standardize="shared",
            random_state=seed,
        ).fit(sel.X[train], sel.y[train])
        assert not model.diverged_
        scores.append(model.score(sel.X[test], sel.y[test]))
    # Softmax regression reaches 96.0% on this split. The hidden layer: 98.0% from the
    # default seed 0, 98.2% and 98.0% from seeds 1 and 2 (a seed's luck moves a single run
    # by about half a point: 97.1–98.2% over seeds 0–4).
    assert scores[0] >= 0.975
    assert np.mean(scores) >= 0.975 and min(scores) > 0.97
