"""Part 2's lesson: a hidden layer on the ten labelled houses."""

from __future__ import annotations

import numpy as np
import pytest

from nnguide.lessons import LessonError
from nnguide.lessons import network as lesson

#: The page's defaults: 3 tanh neurons, seed 0, learning rate 1.
HIDDEN, ACTIVATION, SEED, RATE = 3, "tanh", 0, 1.0


def _pairs(layers):
    return [(layer.weights, layer.bias) for layer in layers]


def _trained(hidden=HIDDEN, activation=ACTIVATION, seed=SEED, steps=1000, rate=RATE):
    start = lesson.start(hidden, activation, seed)
    return lesson.train(hidden, activation, _pairs(start), steps=steps, learning_rate=rate)


def test_the_default_network_gets_all_ten_houses_right() -> None:
    result = _trained()
    assert not result.diverged
    assert result.correct == 10
    view = lesson.view(HIDDEN, ACTIVATION, _pairs(result.layers))
    assert view.correct == 10 and view.n == 10
    assert view.loss == pytest.approx(result.loss)


def test_a_straight_line_cannot_do_it_but_the_hidden_layer_can() -> None:
    linear = _trained(hidden=0, steps=1000)
    assert linear.correct <= 8  # the best straight line gets 8 of 10
    assert _trained(hidden=3).correct == 10


def test_the_same_seed_and_steps_give_the_same_network() -> None:
    a, b = _trained(steps=300), _trained(steps=300)
    assert a.layers == b.layers
    # ...and 300 + 300 steps in two requests equal 600 in one: a link can replay exactly.
    split = lesson.train(HIDDEN, ACTIVATION, _pairs(a.layers), steps=300, learning_rate=RATE)
    whole = _trained(steps=600)
    np.testing.assert_allclose(split.layers[0].weights, whole.layers[0].weights, rtol=1e-12)


def test_leave_one_out_falls_while_training_accuracy_is_perfect() -> None:
    folds = [
        lesson.leave_one_out_fold(
            HIDDEN, ACTIVATION, seed=SEED, steps=1000, learning_rate=RATE, house=i
        )
        for i in range(10)
    ]
    held = sum(f.correct for f in folds)
    assert held <= 6, f"leave-one-out {held} of 10"
    assert all(f.train_correct >= 8 for f in folds)


def test_the_held_out_list_falls_as_training_accuracy_rises() -> None:
    """Overfitting in numbers: the path counts a held-out list at every step it keeps."""
    from nnguide.lessons import classification

    held = [(c.house, c.suggested) for c in classification.houses_info().candidates]
    start = _pairs(lesson.start(HIDDEN, ACTIVATION, SEED))
    result = lesson.train(HIDDEN, ACTIVATION, start, steps=1000, learning_rate=RATE, held_out=held)
    first, last = result.path[0], result.path[-1]
    assert last.correct == 10 and first.correct < 10
    assert last.held_out_correct is not None and first.held_out_correct is not None
    assert last.held_out_correct < first.held_out_correct  # it fell while training rose
    # Each count is the view's count for the same network.
    view = lesson.view(HIDDEN, ACTIVATION, _pairs(result.layers), held_out=held)
    assert view.held_out_correct == last.held_out_correct
    assert view.correct == last.correct
    # Without a list the path has no held-out counts.
    assert _trained(steps=5).path[-1].held_out_correct is None
    with pytest.raises(LessonError, match="rows 10–46"):
        lesson.train(HIDDEN, ACTIVATION, start, steps=1, learning_rate=RATE, held_out=[(3, "Good")])


def test_identity_layers_collapse_into_one_linear_layer() -> None:
    result = _trained(activation="identity", steps=1000, rate=0.5)
    view = lesson.view(HIDDEN, "identity", _pairs(result.layers))
    assert view.collapsed is not None
    assert view.collapsed.max_difference < 1e-10
    W1, b1 = np.asarray(result.layers[0].weights), np.asarray(result.layers[0].bias)
    W2, b2 = np.asarray(result.layers[1].weights), np.asarray(result.layers[1].bias)
    np.testing.assert_allclose(view.collapsed.weights, W1 @ W2, rtol=1e-12)
    np.testing.assert_allclose(view.collapsed.bias, b1 @ W2 + b2, rtol=1e-12)
    assert view.correct <= view.collapsed.best_linear_correct == 8


def test_a_bent_activation_has_no_collapsed_layer() -> None:
    view = lesson.view(HIDDEN, ACTIVATION, _pairs(lesson.start(HIDDEN, ACTIVATION, SEED)))
    assert view.collapsed is None


def test_each_hidden_neuron_has_its_picture_and_the_output_its_region() -> None:
    view = lesson.view(4, "relu", _pairs(lesson.start(4, "relu", 1)))
    assert len(view.neurons) == 4
    for picture in view.neurons:
        values = np.asarray(picture.values)
        assert values.shape == (lesson.NEURON_RESOLUTION, lesson.NEURON_RESOLUTION)
        assert values.min() >= 0  # ReLU never goes below zero
        assert picture.low == values.min() and picture.high == values.max()
    p = np.asarray(view.p_good)
    assert p.shape == (len(view.bathrooms), len(view.areas))
    assert np.all((p >= 0) & (p <= 1))


def test_the_forward_pass_of_one_house_is_the_matrix_products() -> None:
    start = lesson.start(HIDDEN, ACTIVATION, SEED)
    view = lesson.view(HIDDEN, ACTIVATION, _pairs(start), house=4)
    f = view.forward
    W1, b1 = np.asarray(start[0].weights), np.asarray(start[0].bias)
    W2, b2 = np.asarray(start[1].weights), np.asarray(start[1].bias)
    z1 = np.asarray(f.inputs) @ W1 + b1
    np.testing.assert_allclose(f.z[0], z1, rtol=1e-12)
    np.testing.assert_allclose(f.a[0], np.tanh(z1), rtol=1e-12)
    z2 = np.tanh(z1) @ W2 + b2
    np.testing.assert_allclose(f.z[1], z2, rtol=1e-12)
    np.testing.assert_allclose(f.a[1], np.exp(z2) / np.exp(z2).sum(), rtol=1e-12)
    assert sum(f.a[1]) == pytest.approx(1.0)
    assert f.raw == lesson.houses().X[4].tolist()
    np.testing.assert_allclose(f.inputs, lesson.houses().scaler.transform(lesson.houses().X[4]))


@pytest.mark.parametrize("activation", ["identity", "sigmoid", "tanh", "relu"])
def test_backprop_agrees_with_the_measured_slopes(activation: str) -> None:
    start = lesson.start(HIDDEN, activation, 2)
    bp = lesson.backprop(HIDDEN, activation, _pairs(start), learning_rate=0.5)
    assert len(bp.slopes) == 2 * 3 + 3 + 3 * 2 + 2
    assert bp.max_difference < 1e-7
    assert bp.loss_after_step < bp.loss  # a small enough step goes downhill
    # A bias's gradient is its neuron's error signal summed over the houses.
    biases = [s.backprop for s in bp.slopes if s.kind == "bias"]
    assert biases == pytest.approx([d for layer in bp.deltas for d in layer])


def test_activation_curves_hold_value_and_slope() -> None:
    curves = {c.name: c for c in lesson.activation_curves()}
    assert set(curves) == {"identity", "sigmoid", "tanh", "relu"}
    z = np.asarray(curves["tanh"].z)
    np.testing.assert_allclose(curves["tanh"].slope, 1 - np.tanh(z) ** 2, rtol=1e-12)
    assert curves["relu"].value[0] == 0 and curves["relu"].slope[-1] == 1


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: lesson.network(9, "tanh"), "from 0 to 8"),
        (lambda: lesson.network(3, "swish"), "unknown activation"),
        (lambda: lesson.view(3, "tanh", [([[1.0]], [0.0])]), "do not fit"),
        (lambda: lesson.view(3, "tanh", _pairs(lesson.start(3, "tanh", 0)), house=10), "0–9"),
        (
            lambda: lesson.train(
                3, "tanh", _pairs(lesson.start(3, "tanh", 0)), steps=0, learning_rate=1.0
            ),
            "steps",
        ),  # fmt: skip
        (
            lambda: lesson.train(
                3, "tanh", _pairs(lesson.start(3, "tanh", 0)), steps=5, learning_rate=float("nan")
            ),
            "positive",
        ),  # fmt: skip
    ],
)
def test_bad_requests_are_lesson_errors(call, fragment: str) -> None:
    with pytest.raises(LessonError, match=fragment):
        call()


def test_a_huge_learning_rate_diverges_and_keeps_finite_weights() -> None:
    start = lesson.start(HIDDEN, "relu", SEED)
    result = lesson.train(HIDDEN, "relu", _pairs(start), steps=200, learning_rate=1e6)
    assert result.diverged
    assert result.message.code == "diverged_classify"
    assert all(np.all(np.isfinite(layer.weights)) for layer in result.layers)


def test_ragged_weights_are_a_lesson_error() -> None:
    with pytest.raises(LessonError, match="shape|fit"):
        lesson.view(3, "tanh", [([[1.0, 2.0, 3.0], [1.0]], [0.0, 0.0, 0.0]), ([[1.0]], [0.0])])
