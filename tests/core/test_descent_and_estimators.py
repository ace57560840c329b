"""Gradient descent (full batch and mini-batch), divergence, splitting, the estimator API."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import r2_score

from nnguide.core import (
    DIVERGENCE_LIMIT,
    DescentResult,
    LinearRegressor,
    Network,
    Objective,
    SoftmaxClassifier,
    accuracy,
    descend,
    get_loss,
    is_diverged,
    least_squares,
    sgd,
    sgd_on_batches,
)
from nnguide.core.split import train_test_split
from nnguide.data import load_dataset

MIN_MSE_3 = 447.29097426870


def _mse_objective(sel) -> Objective:
    return Objective(sel.X, sel.y[:, None], get_loss("mse", "regression"))


# --- full-batch descent and its snapshots -------------------------------------------------


def test_descend_snapshots_follow_the_update_rule_with_separate_rates(houses3):
    objective = _mse_objective(houses3)
    lr_w, lr_b = 5e-9, 0.5
    result = descend(
        objective, [np.zeros((1, 1)), np.zeros(1)], steps=5, learning_rate=[lr_w, lr_b]
    )
    assert result.steps == 5 and not result.diverged
    assert [s.step for s in result.snapshots] == list(range(6))
    assert result.loss_curve == [s.loss for s in result.snapshots]
    first = result.snapshots[0]
    np.testing.assert_array_equal(first.params[0], [[0.0]])
    # Starting at zero, the MSE is the mean squared price and the bias gradient −2·mean(y).
    assert first.loss == pytest.approx(np.mean(houses3.y**2), rel=1e-14)
    assert first.grads[1][0] == pytest.approx(-2 * houses3.y.mean(), rel=1e-14)
    for before, after in zip(result.snapshots, result.snapshots[1:], strict=False):
        (W0, b0), (gW0, gb0) = before.layers[0], before.grad_layers[0]
        (W1, b1) = after.layers[0]
        np.testing.assert_allclose(W1, W0 - lr_w * gW0)
        np.testing.assert_allclose(b1, b0 - lr_b * gb0)
        value, grads = objective.value_and_grad(after.params)
        assert after.loss == pytest.approx(value, rel=1e-14)
        for got, expected in zip(after.grads, grads, strict=True):
            np.testing.assert_allclose(got, expected, rtol=1e-14)
    for got, last in zip(result.params, result.snapshots[-1].params, strict=True):
        np.testing.assert_array_equal(got, last)


def test_raw_inputs_with_separate_rates_converge_slowly_and_scaling_is_far_faster(houses3):
    # Our MSE gradient carries the 2 of the square, so (5e-9, 0.5) here is the original
    # guide's (1e-8, 1) on a loss without it.
    raw = LinearRegressor(
        solver="gd",
        standardize=False,
        learning_rate_weights=5e-9,
        learning_rate_bias=0.5,
        max_steps=1000,
    ).fit(houses3.X, houses3.y)
    curve = np.asarray(raw.loss_curve_)
    assert not raw.diverged_ and len(curve) == 1001
    assert np.all(np.diff(curve) <= 0)
    assert raw.loss_ > 480  # still far from the minimum after 1,000 steps
    scaled = LinearRegressor(solver="gd", learning_rate=0.1, max_steps=100)
    scaled.fit(houses3.X, houses3.y)
    assert scaled.loss_ == pytest.approx(MIN_MSE_3, abs=1e-6)  # there after 100
    assert scaled.coef_ == pytest.approx([0.058488], abs=5e-7)


def test_on_step_is_called_once_per_step(houses3):
    seen: list[int] = []
    LinearRegressor(solver="gd", max_steps=7).fit(houses3.X, houses3.y, on_step=seen.append)
    assert seen == list(range(1, 8))


def test_zero_steps_reports_the_starting_point(houses3):
    model = LinearRegressor(solver="gd", max_steps=0).fit(houses3.X, houses3.y)
    assert model.n_iter_ == 0 and model.loss_curve_ == [model.loss_]
    assert model.loss_ == pytest.approx(np.mean(houses3.y**2), rel=1e-14)  # all-zero start
    np.testing.assert_array_equal(model.coef_, [0.0])
    assert model.intercept_ == 0.0


# --- divergence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"standardize": False, "learning_rate": 1e-6},
        {"standardize": True, "learning_rate": 5.0},
        {"standardize": False, "learning_rate_weights": 1e-8, "learning_rate_bias": 1.0},
    ],
    ids=["raw-rate-too-large", "scaled-rate-too-large", "raw-original-rates"],
)
def test_too_large_a_rate_diverges_cleanly(houses3, params):
    model = LinearRegressor(solver="gd", max_steps=5000, **params).fit(houses3.X, houses3.y)
    assert model.diverged_ is True
    assert 0 < model.n_iter_ < 5000
    curve = np.asarray(model.loss_curve_)
    assert len(curve) == model.n_iter_ + 1
    assert np.all(np.isfinite(curve))
    assert curve[-1] > curve[0]  # it was getting worse
    assert model.loss_ == curve[-1]
    assert np.all(np.isfinite(model.coef_)) and np.isfinite(model.intercept_)
    # The reported parameters are the last finite point: their loss is the last on the curve.
    pred = model.predict(houses3.X)
    assert np.mean((pred - houses3.y) ** 2) == pytest.approx(curve[-1], rel=1e-9)


def test_descend_keeps_the_last_finite_snapshot(houses3):
    objective = _mse_objective(houses3)
    result = descend(objective, [np.zeros((1, 1)), np.zeros(1)], steps=1000, learning_rate=1e-6)
    assert result.diverged and result.steps < 1000
    assert len(result.snapshots) == result.steps + 1
    for got, last in zip(result.params, result.snapshots[-1].params, strict=True):
        np.testing.assert_array_equal(got, last)
    assert result.loss == result.snapshots[-1].loss == result.loss_curve[-1]


def test_a_non_finite_start_is_diverged_at_once(houses3):
    result = descend(
        _mse_objective(houses3), [np.full((1, 1), np.inf), np.zeros(1)], steps=5, learning_rate=0.1
    )
    assert isinstance(result, DescentResult)
    assert result.diverged and result.steps == 0 and result.loss_curve == []


def test_sgd_divergence_keeps_finite_parameters(houses10):
    model = LinearRegressor(
        solver="gd", standardize=False, learning_rate=1e-5, batch_size=3, max_steps=2000
    )
    model.fit(houses10.X, houses10.y)
    assert model.diverged_ is True and model.n_iter_ < 2000
    assert np.all(np.isfinite(model.loss_curve_))
    assert np.all(np.isfinite(model.coef_))


# --- mini-batch ---------------------------------------------------------------------------


class RecordingObjective(Objective):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        object.__setattr__(self, "batches", [])

    def value_and_grad(self, params, rows=None):
        self.batches.append(None if rows is None else np.array(rows))
        return super().value_and_grad(params, rows)


def test_sgd_visits_every_row_once_per_epoch(houses10):
    objective = RecordingObjective(
        houses10.X / 1000, houses10.y[:, None], get_loss("mse", "regression")
    )
    result = sgd(
        objective,
        [np.zeros((2, 1)), np.zeros(1)],
        steps=8,
        batch_size=3,
        learning_rate=0.01,
        seed=0,
    )
    assert result.steps == 8 and len(result.loss_curve) == 8
    sizes = [len(b) for b in objective.batches]
    assert sizes == [3, 3, 3, 1, 3, 3, 3, 1]
    for epoch in (objective.batches[:4], objective.batches[4:]):
        assert sorted(np.concatenate(epoch).tolist()) == list(range(10))
    assert objective.batches[0].tolist() != objective.batches[4].tolist()  # reshuffled


def test_sgd_is_reproducible_with_a_seed_and_gets_close(houses10):
    def fit(seed):
        return LinearRegressor(
            solver="gd", learning_rate=0.02, batch_size=4, max_steps=3000, random_state=seed
        ).fit(houses10.X, houses10.y)

    a, b, c = fit(1), fit(1), fit(2)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert a.loss_curve_ == b.loss_curve_
    assert a.loss_curve_ != c.loss_curve_
    assert not a.diverged_ and a.n_iter_ == 3000
    W, bias = least_squares(houses10.X, houses10.y)
    best = np.mean((houses10.X @ W[:, 0] + bias[0] - houses10.y) ** 2)
    assert best == pytest.approx(1406.05, abs=0.005)
    assert best <= a.loss_ < 1.05 * best


def test_a_batch_as_large_as_the_data_is_full_batch(houses10):
    full = LinearRegressor(solver="gd", max_steps=50).fit(houses10.X, houses10.y)
    same = LinearRegressor(solver="gd", max_steps=50, batch_size=10).fit(houses10.X, houses10.y)
    assert full.loss_curve_ == same.loss_curve_


def test_softmax_sgd_on_digits_reaches_the_known_accuracy():
    sel = load_dataset("digits").select()
    train, test = train_test_split(len(sel.y), 0.25, seed=0, labels=sel.y)
    model = SoftmaxClassifier(
        learning_rate=0.1, batch_size=64, max_steps=600, random_state=0, classes=sel.classes
    )
    model.fit(sel.X[train], sel.y[train])
    assert model.weights_.shape == (64, 10)
    assert not model.diverged_
    assert model.score(sel.X[test], sel.y[test]) >= 0.93


# --- split --------------------------------------------------------------------------------


def test_split_is_stratified_disjoint_and_reproducible():
    labels = np.array(["a"] * 40 + ["b"] * 20)
    train, test = train_test_split(60, 0.25, seed=3, labels=labels)
    assert len(test) == 15 and len(train) == 45
    assert np.sum(labels[test] == "a") == 10 and np.sum(labels[test] == "b") == 5
    assert np.intersect1d(train, test).size == 0
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(60))
    assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)
    again = train_test_split(60, 0.25, seed=3, labels=labels)
    np.testing.assert_array_equal(again[1], test)
    other = train_test_split(60, 0.25, seed=4, labels=labels)
    assert other[1].tolist() != test.tolist()


def test_split_keeps_every_class_in_training_and_handles_edges():
    labels = np.array(["x", "y", "y", "y"])
    train, test = train_test_split(4, 0.5, seed=0, labels=labels)
    assert "x" in labels[train].tolist()
    assert len(test) == 2 and set(labels[test]) == {"y"}
    train, test = train_test_split(5, 0.0)
    assert train.tolist() == [0, 1, 2, 3, 4] and test.size == 0
    train, test = train_test_split(10, 0.3, seed=1)
    assert len(test) == 3
    for bad in (-0.1, 1.0, 2.0):
        with pytest.raises(ValueError):
            train_test_split(10, bad)


# --- the estimator API --------------------------------------------------------------------


def test_scikit_learn_style_api(houses10):
    model = LinearRegressor(solver="gd", learning_rate=0.2, max_steps=10)
    assert model.get_params()["learning_rate"] == 0.2
    assert model.set_params(max_steps=20) is model and model.max_steps == 20
    with pytest.raises(ValueError, match="unknown parameter"):
        model.set_params(momentum=0.9)
    assert model.fit(houses10.X, houses10.y) is model
    assert model.coef_.shape == (2,) and isinstance(model.intercept_, float)
    assert model.weights_.shape == (2, 1) and model.bias_.shape == (1,)
    assert model.n_iter_ == 20 and len(model.loss_curve_) == 21
    assert model.predict(houses10.X).shape == (10,)
    Y = np.column_stack([houses10.y, 2 * houses10.y])
    multi = LinearRegressor().fit(houses10.X, Y)
    assert multi.coef_.shape == (2, 2) and multi.intercept_.shape == (2,)
    assert multi.predict(houses10.X).shape == (10, 2)
    np.testing.assert_allclose(multi.coef_[1], 2 * multi.coef_[0], rtol=1e-10)


def test_regression_score_is_r2_like_scikit_learn(houses10):
    model = LinearRegressor().fit(houses10.X, houses10.y)
    assert model.score(houses10.X, houses10.y) == pytest.approx(
        r2_score(houses10.y, model.predict(houses10.X)), abs=1e-12
    )
    Y = np.column_stack([houses10.y, houses10.X[:, 0] ** 1.5])
    multi = LinearRegressor().fit(houses10.X, Y)
    assert multi.score(houses10.X, Y) == pytest.approx(
        r2_score(Y, multi.predict(houses10.X)), abs=1e-12
    )
    flat = np.full(10, 250.0)  # nothing to explain: a perfect fit scores 1, as in sklearn
    constant = LinearRegressor().fit(houses10.X, flat)
    assert constant.score(houses10.X, flat) == r2_score(flat, constant.predict(houses10.X)) == 1.0


def test_classifier_api_and_class_order():
    sel = load_dataset("houses-labelled").select()
    model = SoftmaxClassifier(classes=["Good", "Bad"], max_steps=200).fit(sel.X, sel.y)
    assert model.classes_.tolist() == ["Good", "Bad"]
    assert model.coef_.shape == (2, 2) and model.intercept_.shape == (2,)
    proba = model.predict_proba(sel.X)
    assert proba.shape == (10, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-12)
    assert model.predict(sel.X).tolist() == [["Good", "Bad"][i] for i in np.argmax(proba, axis=1)]
    assert model.score(sel.X, sel.y) == accuracy(sel.y, model.predict(sel.X))
    np.testing.assert_array_equal(model.one_hot(["Bad", "Good"]), [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="labels not among the classes: Maybe"):
        model.one_hot(["Maybe"])
    default = SoftmaxClassifier(max_steps=5).fit(sel.X, sel.y)
    assert default.classes_.tolist() == ["Bad", "Good"]  # sorted when not given
    mse = SoftmaxClassifier(loss="mse", learning_rate=1.0, max_steps=300).fit(sel.X, sel.y)
    assert np.all(np.diff(mse.loss_curve_) <= 1e-12) and mse.loss_ < mse.loss_curve_[0]


def test_float32_inputs_train_in_float32(houses10):
    X32 = houses10.X.astype(np.float32)
    model = LinearRegressor(solver="gd", learning_rate=0.5, max_steps=300).fit(X32, houses10.y)
    assert model.weights_.dtype == np.float32
    assert model.coef_ == pytest.approx([0.18613, -10.0124], rel=1e-3)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"solver": "newton"}, "unknown solver"),
        ({"learning_rate": float("nan")}, "learning rates must be positive"),
        ({"learning_rate": 0.0}, "learning rates must be positive"),
        ({"learning_rate_bias": -1.0}, "learning rates must be positive"),
        ({"max_steps": -1}, "max_steps"),
        ({"max_steps": 2.5}, "max_steps"),
        ({"batch_size": 0}, "batch_size"),
        ({"init": "ones"}, "unknown init"),
    ],
)
def test_bad_hyperparameters_are_refused(houses3, params, message):
    with pytest.raises(ValueError, match=message):
        LinearRegressor(**({"solver": "gd"} | params)).fit(houses3.X, houses3.y)


def test_bad_data_is_refused(houses3):
    with pytest.raises(ValueError, match="2-dimensional"):
        LinearRegressor().fit(houses3.X[:, 0], houses3.y)
    with pytest.raises(ValueError, match="NaN"):
        LinearRegressor().fit(np.array([[1.0], [np.nan]]), [1.0, 2.0])
    with pytest.raises(ValueError, match="rows"):
        LinearRegressor().fit(houses3.X, houses3.y[:2])
    with pytest.raises(ValueError, match="exact solver is for regression"):
        SoftmaxClassifier(max_steps=1).set_params(solver="exact").fit(houses3.X, ["a", "b", "a"])
    with pytest.raises(ValueError, match="at least two classes; y has 1 class"):
        SoftmaxClassifier().fit(houses3.X, ["a", "a", "a"])
    model = LinearRegressor().fit(houses3.X, houses3.y)
    with pytest.raises(ValueError, match="X has 2 features, but LinearRegressor is expecting 1"):
        model.predict(np.ones((2, 2)))


def test_normal_init_is_seeded(houses10):
    def fit(seed):
        return SoftmaxClassifier(init="normal", random_state=seed, max_steps=0).fit(
            houses10.X, np.arange(10) % 2
        )

    a, b = fit(5), fit(5)
    np.testing.assert_array_equal(a.weights_, b.weights_)
    assert np.any(a.weights_ != 0)
    assert np.any(fit(6).weights_ != a.weights_)


# --- one divergence rule for both loops ---------------------------------------------------


def test_the_divergence_rule():
    assert not is_diverged(5.0) and not is_diverged(5.0, start=1.0)
    assert is_diverged(float("nan")) and is_diverged(float("inf")) and is_diverged(-float("inf"))
    assert is_diverged(2 * DIVERGENCE_LIMIT) and not is_diverged(DIVERGENCE_LIMIT)
    # A million-fold growth over the start (plus one, so a zero start still allows a little).
    assert is_diverged(3.1e6, start=2.0) and not is_diverged(2.9e6, start=2.0)
    assert is_diverged(1.1e6, start=0.0) and not is_diverged(0.9e6, start=0.0)


@pytest.mark.parametrize("seed", range(5))
def test_sgd_stops_when_the_loss_grows_a_million_fold(seed):
    """`nnguide fit houses-labelled --no-standardize --lr 1e6 --batch-size 1` used to end with
    `diverged: false` at a loss of 5e12: SGD only checked for non-finite numbers."""
    sel = load_dataset("houses-labelled").select()
    model = SoftmaxClassifier(
        standardize=False, learning_rate=1e6, batch_size=1, max_steps=1000, random_state=seed
    ).fit(sel.X, sel.y)
    assert model.diverged_ is True and model.n_iter_ < 1000
    assert len(model.loss_curve_) == model.n_iter_
    assert all(v <= 1e6 * (model.loss_curve_[0] + 1) for v in model.loss_curve_)
    assert np.all(np.isfinite(model.weights_)) and np.isfinite(model.loss_)


def test_sgd_hands_back_the_parameters_before_the_step_that_blew_up(houses10):
    objective = Objective(houses10.X, houses10.y[:, None], get_loss("mse", "regression"))
    start = [np.zeros((2, 1)), np.zeros(1)]
    batches = [np.arange(i % 10, i % 10 + 1) for i in range(200)]
    result = sgd_on_batches(objective, start, batches, learning_rate=1e-6)
    assert result.diverged and 0 < result.steps < 200
    assert len(result.loss_curve) == result.steps
    # Replaying exactly that many batches lands on the same parameters, without divergence.
    again = sgd_on_batches(objective, start, batches[: result.steps], learning_rate=1e-6)
    assert not again.diverged and again.loss_curve == result.loss_curve
    for a, b in zip(result.params, again.params, strict=True):
        np.testing.assert_array_equal(a, b)
    # ...and the next batch's loss at those parameters passed the rule; the one after did not.
    first = result.loss_curve[0]
    assert not is_diverged(objective.value(result.params, batches[result.steps]), first)
    nxt = sgd_on_batches(objective, start, batches[: result.steps + 1], learning_rate=1e-6)
    assert is_diverged(objective.value(nxt.params, batches[result.steps + 1]), first)


def test_sgd_checks_the_last_step_too(houses10):
    """The last step's parameters have no next batch to be judged by: the end checks them."""
    objective = Objective(houses10.X, houses10.y[:, None], get_loss("mse", "regression"))
    start = [np.zeros((2, 1)), np.zeros(1)]
    # One step at a rate of 1 on areas in the thousands lands far out, but finite.
    judged = sgd_on_batches(objective, start, [np.arange(10)], learning_rate=1.0)
    assert judged.diverged and judged.steps == 0 and judged.loss_curve == []
    assert judged.loss == objective.value(start)
    # Without the full-data loss at the end, only non-finite numbers can be caught there.
    quick = sgd_on_batches(objective, start, [np.arange(10)], learning_rate=1.0, final_loss=False)
    assert not quick.diverged and quick.steps == 1 and quick.loss == quick.loss_curve[0]
    with np.errstate(over="ignore"):  # the step overflows to infinity on purpose
        blown = sgd_on_batches(
            objective, start, [np.arange(10)], learning_rate=1e308, final_loss=False
        )
    assert blown.diverged and blown.steps == 0
    assert all(np.all(np.isfinite(p)) for p in blown.params)


# --- learning rates per parameter array ---------------------------------------------------


def test_one_learning_rate_per_array(houses10):
    net = Network((2, 3, 1), "tanh")
    objective = Objective(
        houses10.X / 1000, houses10.y[:, None] / 100, get_loss("mse", "regression"), net
    )
    start = net.init_params(0)
    rates = [0.1, 0.0, 0.1, 0.0]  # biases frozen
    result = descend(objective, start, steps=20, learning_rate=rates)
    assert result.loss < result.loss_curve[0]
    np.testing.assert_array_equal(result.params[1], start[1])
    np.testing.assert_array_equal(result.params[3], start[3])
    assert np.any(result.params[0] != start[0])
    assert [len(s.layers) for s in result.snapshots[:1]] == [2]
    run = sgd(objective, start, steps=8, batch_size=4, learning_rate=rates, seed=0)
    np.testing.assert_array_equal(run.params[3], start[3])
    with pytest.raises(ValueError, match="3 learning rates given for 4 parameter arrays"):
        descend(objective, start, steps=1, learning_rate=[0.1, 0.1, 0.1])
    for p, original in zip(start, net.init_params(0), strict=True):  # never changed in place
        np.testing.assert_array_equal(p, original)


def test_descend_trains_a_hidden_layer(houses10):
    net = Network((2, 4, 1), "tanh")
    X = (houses10.X - houses10.X.mean(0)) / houses10.X.std(0)
    y = (houses10.y - houses10.y.mean()) / houses10.y.std()
    objective = Objective(X, y[:, None], get_loss("mse", "regression"), net)
    result = descend(objective, net.init_params(0), steps=500, learning_rate=0.1)
    assert not result.diverged and result.steps == 500
    assert result.loss < 0.5 * result.loss_curve[0]
    # The linear optimum, 1406.05 in ($1000)², is MSE 0.245 in these units; a hidden layer
    # bends the surface and goes below it.
    assert result.loss < 1406.05 / houses10.y.var()
    last = result.snapshots[-1]
    assert [W.shape for W, _ in last.layers] == [(2, 4), (4, 1)]
    assert [g.shape for g in last.grads] == [p.shape for p in last.params]


def test_parameters_follow_the_data_type(houses10):
    """float32 data trains in float32 even from float64 starting values (and is not changed)."""
    X32 = (houses10.X / 1000).astype(np.float32)
    objective = Objective(
        X32, houses10.y[:, None].astype(np.float32) / 100, get_loss("mse", "regression")
    )
    start = [np.zeros((2, 1)), np.zeros(1)]
    for result in (
        descend(objective, start, steps=3, learning_rate=0.1),
        sgd(objective, start, steps=3, batch_size=4, learning_rate=0.1, seed=0),
    ):
        assert [p.dtype for p in result.params] == [np.float32, np.float32]
    assert start[0].dtype == np.float64
    ints = descend(
        Objective(houses10.X, houses10.y[:, None], get_loss("mse", "regression")),
        [np.zeros((2, 1), int), np.zeros(1, int)],
        steps=1,
        learning_rate=1e-8,
    )
    assert [p.dtype for p in ints.params] == [np.float64, np.float64]
