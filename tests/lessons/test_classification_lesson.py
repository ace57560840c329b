"""Section 6's lesson: the classifier, its path and leave-one-out."""

from __future__ import annotations

import numpy as np
import pytest

from nnguide.core import SoftmaxClassifier
from nnguide.core.crossval import leave_one_out
from nnguide.lessons import classification as lesson


@pytest.mark.parametrize(
    ("loss", "rate", "standardize", "steps"),
    [
        ("cross-entropy", 0.5, True, 1000),
        ("cross-entropy", 5.0, True, 300),
        ("mse", 1.0, True, 1000),
        ("cross-entropy", 1e-7, False, 500),
        ("mse", 1e-6, False, 200),
    ],
)
def test_ten_folds_at_once_predict_as_ten_separate_fits(loss, rate, standardize, steps) -> None:
    h = lesson.houses()

    def make() -> SoftmaxClassifier:
        return SoftmaxClassifier(
            loss=loss,
            classes=lesson.CLASSES,
            learning_rate=rate,
            max_steps=steps,
            standardize=standardize,
        )

    accuracy, predictions = leave_one_out(make, h.X, np.asarray(h.labels))
    result = lesson.leave_one_out_accuracy(loss, rate, standardize, steps)
    assert result.predictions == predictions.tolist()
    assert result.accuracy == accuracy and result.n == 10


def test_the_path_counts_right_answers_at_every_step() -> None:
    start = np.zeros((2, 2)), np.zeros(2)
    result = lesson.train(*start, steps=50, learning_rate=1.0)
    h = lesson.houses()
    sc = lesson.scaler(True)
    again = lesson.train(*start, steps=1, learning_rate=1.0)
    W, b = sc.params_to_scaled(np.asarray(again.weights), np.asarray(again.bias))
    assert result.path[1].correct == lesson.n_correct(sc.transform(h.X), h.Y, W, b)
    assert result.path[0].correct == 7  # every tie goes to "Good": the seven Good houses
