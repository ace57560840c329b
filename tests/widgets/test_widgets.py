"""The widgets from Python: inputs of every kind, state through traits, fitted estimators out."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import traitlets

from nnguide.core import LinearRegressor, MLPClassifier, SoftmaxClassifier
from nnguide.core.softmax import softmax
from nnguide.lessons import digits, neuron, regions
from nnguide.lessons.messages import LessonError
from nnguide.widgets import Classifier, DigitsPad, GradientDescent, Network, Neuron

X3, Y3 = [1400, 1600, 2600], [280, 300, 450]


@pytest.mark.parametrize(
    "make",
    [
        lambda: (X3, Y3),
        lambda: (np.array(X3, dtype=np.int64), np.array(Y3, dtype=np.float32)),
        lambda: (np.array(X3)[:, None], np.array(Y3)[:, None]),
        lambda: (pd.Series(X3, name="area"), pd.Series(Y3, name="price")),
        lambda: (pd.DataFrame({"area": X3}), pd.DataFrame({"price": Y3})),
    ],
    ids=["lists", "numpy", "columns", "series", "frames"],
)
def test_neuron_takes_lists_arrays_and_pandas(make) -> None:  # noqa: ANN001
    X, y = make()
    w = Neuron(X, y)
    info = w.call("regression.dataset")
    assert info["inputs"] == [[1400.0], [1600.0], [2600.0]] and info["actual"] == Y3
    if isinstance(X, pd.Series | pd.DataFrame):
        assert info["features"] == ["area"] and info["target"] == "price"
    else:
        assert info["features"] == ["x"] and info["target"] == "y"


def test_pandas_column_names_name_the_classifier_axes() -> None:
    df = pd.DataFrame({"petal": [1.0, 2.0, 3.0, 4.0], "sepal": [1.0, 0.0, 1.0, 0.0]})
    c = Classifier(df, pd.Series(["a", "a", "b", "b"]))
    info = c.call("regions.describe")
    assert info["features"] == ["petal", "sepal"] and info["classes"] == ["a", "b"]
    assert info["counts"] == [2, 2]


@pytest.mark.parametrize(
    ("X", "y", "words"),
    [
        ([1.0, float("nan"), 3.0], [1.0, 2.0, 3.0], "finite"),
        ([1.0, 2.0, 3.0], [1.0, 2.0], "one number per row"),
        ([[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0], "one input"),
        ([1.0], [1.0], "2 to"),
        ([5.0, 5.0, 5.0], [1.0, 2.0, 3.0], "same number"),
        ([1e13, 1.0], [1.0, 2.0], "within"),
        (list(range(neuron.MAX_ROWS + 1)), list(range(neuron.MAX_ROWS + 1)), "2 to"),
    ],
)
def test_neuron_refuses_data_it_cannot_draw(X, y, words: str) -> None:  # noqa: ANN001
    with pytest.raises((LessonError, ValueError), match=words):
        Neuron(X, y)


@pytest.mark.parametrize(
    ("X", "y", "words"),
    [
        ([[0.0, 1.0], [1.0, float("inf")]], [0, 1], "finite"),
        ([[0.0, 1.0, 2.0], [1.0, 0.0, 2.0]], [0, 1], "two features"),
        ([[0.0, 1.0], [1.0, 0.0]], [0, 0], "distinct classes"),
        ([[0.0, 1.0]] * 11, list(range(11)), "distinct classes"),
        ([[0.0, 1.0], [1.0, 0.0]], [0, 1, 1], "one label per row"),
    ],
)
def test_classifier_refuses_data_it_cannot_draw(X, y, words: str) -> None:  # noqa: ANN001
    with pytest.raises((LessonError, ValueError), match=words):
        Classifier(X, y)


def test_state_is_readable_and_settable_from_python() -> None:
    w = Neuron(X3, Y3)
    assert (w.weight, w.bias) == (0.0, 0.0)
    w.weight = 0.15
    w.bias = 50
    assert w.mse == pytest.approx(200.0)  # errors 20, 10, 10
    lo, hi = w.weight_range
    with pytest.raises(traitlets.TraitError, match="weight must be from"):
        w.weight = hi * 10 + 1
    assert w.weight == 0.15
    # The view's registry gives the sliders the same range Python checks.
    assert w._view["registry"]["weight"]["min"] == lo and w._view["registry"]["weight"]["max"] == hi


def test_a_start_outside_the_suggested_range_widens_it() -> None:
    w = Neuron(X3, Y3, weight=50.0, bias=-4000.0)
    assert w.weight_range[1] == 50.0 and w.bias_range[0] == -4000.0
    assert w.call("regression.dataset")["weight_range"][1] == 50.0


def test_neuron_model_is_the_line_on_the_sliders() -> None:
    w = Neuron(X3, Y3, weight=0.15, bias=50.0)
    model = w.model
    assert isinstance(model, LinearRegressor)
    assert model.predict([[2000.0]]) == pytest.approx([350.0])
    assert model.coef_ == pytest.approx([0.15]) and model.intercept_ == pytest.approx(50.0)


def test_gradient_descent_model_after_training_matches_the_walk() -> None:
    g = GradientDescent(X3, Y3)
    args = {"weights": [0.0], "bias": 0.0, "steps": 200, "standardize": True}
    end = g.call("regression.train", **args, learning_rate_weights=0.1, learning_rate_bias=0.1)
    g.weight, g.bias, g.steps = end["weights"][0], end["bias"], 200
    model = g.model
    assert model.n_iter_ == 200 and len(model.loss_curve_) == 201
    assert model.loss_curve_[-1] == pytest.approx(end["mse"]) and model.loss_ == pytest.approx(
        end["mse"]
    )
    best = LinearRegressor().fit(np.array(X3)[:, None], Y3)
    assert model.coef_ == pytest.approx(best.coef_, rel=1e-3)


def test_gradient_descent_default_raw_rates_suit_the_data() -> None:
    g = GradientDescent(X3, Y3)
    assert g.learning_rate_weights == pytest.approx(0.1 / np.mean(np.square(X3)))
    with pytest.raises(traitlets.TraitError, match="learning_rate"):
        g.learning_rate = 0.0


def test_classifier_trains_in_the_kernel_and_hands_back_a_fitted_estimator() -> None:
    rng = np.random.default_rng(3)
    labels = np.repeat(["ant", "bee", "cat"], 25)
    X = rng.normal(scale=0.5, size=(75, 2)) + np.repeat([[0, 0], [3, 0], [0, 3]], 25, axis=0)
    c = Classifier(X, labels)
    info = c.call("regions.describe")
    zeros = {
        "weights": [[0] * 3] * 2,
        "bias": [0] * 3,
        "x_range": info["rect"][0],
        "y_range": info["rect"][1],
    }
    first = c.call("regions.evaluate", **zeros)
    assert first["correct"] == 25 and first["predicted_counts"] == [75, 0, 0]  # ties: the first
    trained = c.call("regions.train", **zeros, steps=200)
    c.steps = 200
    model = c.model
    assert isinstance(model, SoftmaxClassifier)
    assert list(model.classes_) == ["ant", "bee", "cat"]
    assert (
        model.score(X, labels) == pytest.approx(trained["accuracy"]) and trained["accuracy"] > 0.95
    )
    assert model.n_iter_ == 200 and len(model.loss_curve_) == 201
    assert model.predict_proba(X).shape == (75, 3)
    # The same answer as the core's own estimator trained the same way.
    core = SoftmaxClassifier(learning_rate=0.5, max_steps=200).fit(X, labels)
    assert model.weights_ == pytest.approx(core.weights_, rel=1e-6, abs=1e-9)


def test_classifier_starts_from_a_fitted_model() -> None:
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 1])
    fitted = SoftmaxClassifier(max_steps=300).fit(X, y)
    c = Classifier(X, y, model=fitted)
    start = c.call("regions.start")
    assert start["fitted"]
    np.testing.assert_allclose(start["weights"], fitted.weights_)
    assert c.model.score(X, y) == fitted.score(X, y)
    with pytest.raises(ValueError, match="fitted"):
        Classifier(X, y, model=SoftmaxClassifier())


def test_regions_grid_is_the_models_prediction_everywhere() -> None:
    data = regions.make_data([[0.0, 0.0], [2.0, 0.0], [1.0, 2.0]], ["a", "b", "c"])
    W = np.array([[-1.0, 1.0, 0.0], [0.0, 0.0, 1.5]])
    b = np.array([1.0, -1.0, -1.5])
    ev = regions.evaluate(data, W, b, resolution=5, rect=((0.0, 2.0), (0.0, 2.0)))
    for i, yv in enumerate(ev.grid.ys):
        for j, xv in enumerate(ev.grid.xs):
            z = np.array([xv, yv]) @ W + b
            assert ev.grid.predicted[i][j] == int(np.argmax(z))


def test_network_counts_and_checks_its_shape() -> None:
    n = Network(features=64, classes=10)
    assert (
        n.parameters == 650
        and n.call("shapes.parameters", features=64, classes=10)["parameters"] == 650
    )
    with pytest.raises(traitlets.TraitError, match="1 to 1000"):
        n.features = 0
    with pytest.raises(traitlets.TraitError):
        n.classes = 2.5


def test_network_counts_hidden_layers_like_the_lesson_and_the_page() -> None:
    from nnguide.lessons import shapes

    n = Network(features=2, classes=2, hidden=(8, 4))
    assert n.hidden == [8, 4] and n.sizes == [2, 8, 4, 2]
    assert n.parameters == 70 == shapes.count(2, 2, [8, 4]).parameters  # 24 + 36 + 10
    answer = n.call("shapes.parameters", features=2, classes=2, hidden="8,4")
    assert answer["parameters"] == 70 and answer["sizes"] == [2, 8, 4, 2]
    n.hidden = [128]
    n.features, n.classes = 784, 10
    assert n.parameters == 101_770
    n.hidden = []
    assert n.parameters == 7_850 == Network(features=784, classes=10).parameters
    n.hidden = [np.int64(1000)] * shapes.MAX_HIDDEN_LAYERS  # numpy's whole numbers too
    assert n.hidden == [1000] * 6 and all(type(h) is int for h in n.hidden)
    assert n._view["keys"] == {"p_n": "features", "p_h": "hidden", "p_m": "classes"}


@pytest.mark.parametrize(
    ("hidden", "words"),
    [
        ([0], "from 1 to 1000 neurons, not 0"),
        ([8, 1001], "from 1 to 1000 neurons, not 1001"),
        ([4] * 7, "at most 6 layers, not 7"),
        ([2.5], "whole numbers, e.g. [8, 4] ([] for none), not 2.5"),
        ([True], "whole numbers"),
        (["8"], "whole numbers"),
        ("8,4", "whole numbers"),
        (8, "expected a list"),
        (None, "expected a list"),
    ],
)
def test_network_refuses_hidden_layers_the_api_refuses(hidden, words: str) -> None:  # noqa: ANN001
    from nnguide.lessons import shapes
    from nnguide.lessons.messages import LessonError

    with pytest.raises(traitlets.TraitError, match=re.escape(words)):
        Network(hidden=hidden)
    n = Network(hidden=[3])
    with pytest.raises(traitlets.TraitError):
        n.hidden = hidden
    assert n.hidden == [3] and n.parameters == 17  # the last good shape stays
    if isinstance(hidden, list) and all(type(h) is int for h in hidden):
        with pytest.raises(LessonError):  # the lesson refuses it too
            shapes.parse_hidden(",".join(map(str, hidden)))


def test_digits_pad_reads_a_drawing_like_the_model_does() -> None:
    from nnguide.data.digits import digits_arrays

    X, y = digits_arrays()
    model = SoftmaxClassifier(standardize="shared", max_steps=100).fit(X, y)
    pad = DigitsPad(model)
    # A training image sent as a picture: the pad's answer is the model's own.
    answer = pad.call("digits.predict", image=X[5].tolist())
    assert answer["probabilities"] == pytest.approx(
        model.predict_proba(X[5:6])[0].tolist(), abs=1e-9
    )
    ink = np.zeros((56, 56))
    ink[8:48, 26:31] = 1.0  # a stroke down the middle: a 1
    drawn = pad.call("digits.predict", ink=ink.tolist())
    image = np.array(drawn["image"])[None, :]
    assert drawn["predicted"] == int(model.predict(image)[0])
    assert digits.SHAPES["digits"][0] == pad.call("pad.describe")["side"]
    with pytest.raises(ValueError, match="64"):
        DigitsPad(SoftmaxClassifier(max_steps=1).fit(np.eye(3), [0, 1, 2]))
    with pytest.raises(ValueError, match="0 to 9"):
        DigitsPad(SoftmaxClassifier(max_steps=1).fit(X[:20], y[:20] % 3))


def _forward(model: MLPClassifier, X: np.ndarray) -> np.ndarray:
    """predict_proba with numpy alone, as core/mlp.py's docstring writes it."""
    act = {"relu": lambda z: np.maximum(z, 0.0), "tanh": np.tanh}[model.activation]
    a = X
    for W, b in zip(model.coefs_[:-1], model.intercepts_[:-1], strict=True):
        a = act(a @ W + b)
    return softmax(a @ model.coefs_[-1] + model.intercepts_[-1], axis=1)


def _stroke(side: int = 56) -> list[list[float]]:
    ink = np.zeros((side, side))
    ink[8:48, 26:31] = 1.0  # a stroke down the middle: a 1
    ink[8:14, 18:31] = 1.0  # with a flag
    return ink.tolist()


@pytest.mark.parametrize("hidden", [(16,), (12, 8)], ids=["one-hidden", "two-hidden"])
def test_digits_pad_reads_a_drawing_with_a_networks_hidden_layers(hidden) -> None:  # noqa: ANN001
    from nnguide.data.digits import digits_arrays

    X, y = digits_arrays()
    model = MLPClassifier(
        hidden_layer_sizes=hidden, activation="tanh", standardize="shared",
        learning_rate=0.1, max_steps=60, random_state=0,
    ).fit(X, y)  # fmt: skip
    pad = DigitsPad(model)
    assert pad.dataset == "digits" and pad.sizes == [64, *hidden, 10]
    assert pad.call("pad.describe")["sizes"] == [64, *hidden, 10]
    # A training image as sent: the whole network's answer.
    answer = pad.call("digits.predict", image=X[7].tolist())
    assert np.allclose(answer["probabilities"], model.predict_proba(X[7:8])[0], rtol=0, atol=1e-9)
    # A drawing: prepared as before (the same image as section 8's pad), read by every layer.
    drawn = pad.call("digits.predict", ink=_stroke())
    image = np.array(drawn["image"])[None, :]
    assert np.array_equal(image[0], np.array(digits.prepare("digits", ink=_stroke())))
    assert np.allclose(drawn["probabilities"], model.predict_proba(image)[0], rtol=0, atol=1e-9)
    assert np.allclose(drawn["probabilities"], _forward(model, image)[0], rtol=0, atol=1e-9)
    assert drawn["predicted"] == int(model.predict(image)[0])
    assert sum(drawn["probabilities"]) == pytest.approx(1.0, abs=1e-12)
    # An empty pad: what the model says for no ink at all.
    blank = pad.call("pad.describe")["blank"]["probabilities"]
    assert np.allclose(blank, model.predict_proba(np.zeros((1, 64)))[0], rtol=0, atol=1e-9)


def test_digits_pad_takes_a_network_for_mnist_sized_images() -> None:
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 255, size=(60, 784))
    model = MLPClassifier(hidden_layer_sizes=(20, 12), max_steps=5, random_state=1).fit(
        X, np.arange(60) % 10
    )
    pad = DigitsPad(model)
    info = pad.call("pad.describe")
    assert (pad.dataset, info["side"], info["pixel_max"]) == ("mnist", 28, 255.0)
    drawn = pad.call("digits.predict", ink=_stroke())
    image = np.array(drawn["image"])
    assert image.shape == (784,) and image.max() <= 255
    assert np.allclose(
        drawn["probabilities"], model.predict_proba(image[None, :])[0], rtol=0, atol=1e-9
    )
    assert np.allclose(drawn["probabilities"], _forward(model, image[None, :])[0], atol=1e-9)


def test_digits_pad_refuses_what_is_not_a_fitted_digit_classifier() -> None:
    from nnguide.core import MLPRegressor

    with pytest.raises(ValueError, match="fitted nnguide SoftmaxClassifier or MLPClassifier"):
        DigitsPad(MLPClassifier())
    with pytest.raises(ValueError, match="fitted nnguide SoftmaxClassifier or MLPClassifier"):
        DigitsPad(MLPRegressor(max_steps=1).fit(np.eye(64), np.arange(64.0)))
    with pytest.raises(ValueError, match="fitted nnguide"):
        DigitsPad("model")  # type: ignore[arg-type]
    X = np.random.default_rng(0).uniform(0, 16, size=(30, 64))
    with pytest.raises(ValueError, match="0 to 9"):
        DigitsPad(MLPClassifier(hidden_layer_sizes=4, max_steps=1).fit(X, np.arange(30) % 3))
    with pytest.raises(ValueError, match="knows 64"):
        DigitsPad(
            MLPClassifier(hidden_layer_sizes=4, max_steps=1).fit(X[:, :50], np.arange(30) % 10)
        )
    # The network is the model's: the page cannot swap in layers of its own.
    pad = DigitsPad(MLPClassifier(hidden_layer_sizes=4, max_steps=1).fit(X, np.arange(30) % 10))
    for field in ("layers", "hidden", "activation", "weights", "bias"):
        with pytest.raises(ValueError, match=field):
            pad.call("digits.predict", ink=_stroke(), **{field: 1})


def test_a_widget_speaks_a_language_it_has_a_catalog_for() -> None:
    assert Neuron(X3, Y3).lang == "en"
    assert Neuron(X3, Y3, lang="ar").lang == "ar"
    with pytest.raises(traitlets.TraitError, match="lang must be one of en, .*fr"):
        Neuron(X3, Y3, lang="xx")
