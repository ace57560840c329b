"""One-hot rows, accuracy and the confusion matrix, cross-checked with scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score
from sklearn.metrics import confusion_matrix as sk_confusion_matrix

from nnguide.core import accuracy, confusion_matrix, one_hot
from nnguide.core.metrics import class_indices

prop = settings(max_examples=60, deadline=None, derandomize=True, database=None)


def test_one_hot_in_the_order_of_the_classes():
    np.testing.assert_array_equal(
        one_hot(["Bad", "Good", "Good"], ["Good", "Bad"]), [[0, 1], [1, 0], [1, 0]]
    )
    Y = one_hot(np.array([2, 0]), 3, dtype=np.float32)
    assert Y.dtype == np.float32
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0]])
    assert one_hot([], 4).shape == (0, 4)


def test_labels_outside_the_classes_are_refused():
    with pytest.raises(ValueError, match="labels not among the classes: Maybe"):
        one_hot(["Good", "Maybe"], ["Good", "Bad"])
    with pytest.raises(ValueError, match="not among the classes 0–9: 10"):
        one_hot([3, 10], 10)
    with pytest.raises(ValueError, match="not among the classes 0–2: -1"):
        class_indices([-1, 0], 3)
    with pytest.raises(ValueError, match="not among the classes"):
        class_indices([0.5], 3)


def test_accuracy():
    assert accuracy(["a", "b", "a", "a"], ["a", "b", "b", "a"]) == 0.75
    with pytest.raises(ValueError):
        accuracy([1, 2], [1])
    with pytest.raises(ValueError):
        accuracy([], [])


def test_confusion_matrix_rows_are_the_truth():
    cm = confusion_matrix(["Good", "Good", "Bad"], ["Good", "Bad", "Bad"], ["Good", "Bad"])
    np.testing.assert_array_equal(cm, [[1, 1], [0, 1]])
    assert cm.dtype == np.intp


labels = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=80)


@prop
@given(labels)
def test_metrics_agree_with_scikit_learn(pairs):
    t, p = np.array(pairs).T
    cm = confusion_matrix(t, p, 5)
    np.testing.assert_array_equal(cm, sk_confusion_matrix(t, p, labels=range(5)))
    assert cm.sum() == len(t)
    assert np.trace(cm) / len(t) == pytest.approx(accuracy(t, p)) == accuracy_score(t, p)
    Y = one_hot(t, 5)
    np.testing.assert_array_equal(Y.sum(axis=1), 1)
    np.testing.assert_array_equal(np.argmax(Y, axis=1), t)
