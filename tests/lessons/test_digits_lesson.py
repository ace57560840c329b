"""Section 8's lesson: the page and the library train the very same digit model."""

from __future__ import annotations

import numpy as np

from nnguide.core import SoftmaxClassifier
from nnguide.core.split import train_test_split
from nnguide.data import load_dataset
from nnguide.lessons import digits as lesson
from nnguide.lessons.presets import DIGITS


def test_the_page_in_chunks_and_one_fit_call_train_identical_weights() -> None:
    p = lesson.digits_problem()
    W, b = lesson.zeros(p)
    # The page trains in stateless requests: here three uneven chunks of the 972 steps.
    step = 0
    for chunk in (100, 27 * 13, DIGITS.steps - 100 - 27 * 13):
        res = lesson.train("digits", [W, b], step=step, steps=chunk, seed=DIGITS.seed)
        W, b, step = np.asarray(res.weights), np.asarray(res.bias), res.step
    s = load_dataset("digits").select()
    train, test = train_test_split(len(s.y), DIGITS.test_size, seed=DIGITS.seed, labels=s.y)
    model = SoftmaxClassifier(
        learning_rate=DIGITS.learning_rate,
        max_steps=DIGITS.steps,
        batch_size=DIGITS.batch_size,
        standardize="shared",
        random_state=DIGITS.seed,
    ).fit(s.X[train], s.y[train])
    # The page's weights are for scaled pixels; the estimator reports them for raw ones.
    np.testing.assert_allclose(model.coef_.T, W / p.scaler.scale[:, None], rtol=0, atol=1e-12)
    assert model.score(s.X[test], s.y[test]) == res.history[-1].test_accuracy == 0.96


def test_batches_follow_the_core_scheduler() -> None:
    from nnguide.core.descent import batch_rows

    p = lesson.digits_problem()
    for step in (0, 26, 27, 1000):
        np.testing.assert_array_equal(
            lesson.batch_rows(p, step, 50, 3), batch_rows(p.n_train, 50, 3, step)
        )


def test_every_admitted_training_request_stays_within_the_counted_budget() -> None:
    from nnguide.lessons.limits import MAX_STEPS_PER_REQUEST

    for hidden in (0, *lesson.HIDDEN_CHOICES):
        for batch in (1, 16, 50, 500, 1347):
            most = lesson.max_steps("digits", hidden, batch)
            assert 1 <= most <= MAX_STEPS_PER_REQUEST
            assert lesson.work("digits", hidden, most, batch) <= lesson.MAX_WORK
            if most < MAX_STEPS_PER_REQUEST:  # one more step would not fit
                assert lesson.work("digits", hidden, most + 1, batch) > lesson.MAX_WORK


def test_a_request_past_the_budget_is_refused_before_any_work() -> None:
    import pytest

    from nnguide.lessons import LessonError

    p = lesson.digits_problem()
    most = lesson.max_steps("digits", 0, p.n_train)
    with pytest.raises(LessonError, match=f"at most {most} steps"):
        lesson.train("digits", list(lesson.zeros(p)), step=0, steps=most + 1, batch_size=p.n_train)
