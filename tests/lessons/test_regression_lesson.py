"""Sections 1–5's lesson: what the figures show, checked against the core directly."""

from __future__ import annotations

import numpy as np
import pytest

from nnguide.lessons import LessonError
from nnguide.lessons import regression as lesson


@pytest.mark.parametrize(
    ("dataset", "weights", "bias", "lr_w", "lr_b", "standardize"),
    [
        ("houses-3", [0.1], 100.0, 1e-8, 0.5, False),
        ("houses-3", [0.1], 100.0, 0.1, 0.1, True),
        ("houses-10", [0.05, 10.0], 50.0, 0.1, 0.1, True),
        ("portland", [0.1, 5.0], 20.0, 1e-8, 0.5, False),
    ],
)
def test_next_step_is_the_step_gradient_descent_takes(
    dataset: str, weights: list[float], bias: float, lr_w: float, lr_b: float, standardize: bool
) -> None:
    kwargs = dict(lr_weights=lr_w, lr_bias=lr_b, standardize=standardize)
    here = lesson.evaluate(dataset, weights, bias, **kwargs)
    walked = lesson.train(dataset, weights, bias, steps=1, **kwargs)
    moved_w = np.subtract(walked.path[1].weights, walked.path[0].weights)
    np.testing.assert_allclose(here.next_step.weights, moved_w, rtol=1e-9, atol=1e-15)
    assert here.next_step.bias == pytest.approx(walked.path[1].bias - walked.path[0].bias)


def test_raw_gradient_matches_a_finite_difference() -> None:
    here = lesson.evaluate("houses-3", [0.1], 100.0)
    h = 1e-4
    up = lesson.evaluate("houses-3", [0.1], 100.0 + h).mse
    down = lesson.evaluate("houses-3", [0.1], 100.0 - h).mse
    assert here.gradient.bias == pytest.approx((up - down) / (2 * h), rel=1e-6)


def test_the_spec_numbers_come_through_the_lesson() -> None:
    assert round(lesson.evaluate("houses-3", [0.180], 0.0).mse) == 2058
    info = lesson.dataset_info("houses-3")
    assert info.optimum.mse == pytest.approx(447.29, abs=0.005)
    assert info.no_bias_optimum.weights[0] == pytest.approx(0.17689, abs=5e-6)
    assert info.no_bias_optimum.mse == pytest.approx(2016.7, abs=0.05)
    assert info.goal == 799


@pytest.mark.parametrize(
    ("mse", "code"),
    [
        (900_000, "nowhere"),
        (150_000, "far_off"),
        (799.11, "goal"),
        (799.0, "goal"),
        (798.57, "goal_reached"),
        (700, "nice"),
        (550, "great"),
        (480, "excellent"),
        (447.3, "outstanding"),
    ],
)
def test_feedback_codes_follow_the_thresholds(mse: float, code: str) -> None:
    assert lesson.feedback(mse) == code


def test_a_path_reports_when_it_first_got_below_the_goal() -> None:
    result = lesson.train("houses-3", [0.0], 0.0, steps=50, lr_weights=1e-8, lr_bias=0.5)
    k = result.first_below_goal
    assert k is not None and k > 0
    assert result.path[k].mse < 799 <= result.path[k - 1].mse


def test_divergence_is_a_message_code_with_its_numbers() -> None:
    result = lesson.train("houses-3", [0.0], 0.0, steps=200, lr_weights=1e-8, lr_bias=1.0)
    assert result.diverged
    assert result.message.code == "diverged"
    assert result.message.params == {"steps": result.steps_taken, "wanted": 200}
    assert "Diverged after" in result.message.english()


def test_a_race_from_an_overflowing_start_is_refused_not_reported_as_zero_error() -> None:
    # weight and bias 1e12: the starting MSE is ~2.6e30, past the divergence limit; the race
    # once reported final_mse 0.0 here.
    with pytest.raises(LessonError, match="overflow"):
        lesson.compare("houses-3", [1e12], 1e12)


def test_a_race_counts_steps_to_each_target() -> None:
    race = lesson.compare("houses-3", [0.0], 0.0, max_steps=5000)
    assert race.standardized.steps_to_target[0] is not None
    for k in race.raw.steps_to_target + race.standardized.steps_to_target:
        assert k is None or k >= 1


def test_wrong_number_of_weights_is_a_lesson_error() -> None:
    with pytest.raises(LessonError, match="needs 2 weight"):
        lesson.evaluate("houses-10", [0.1], 0.0)
