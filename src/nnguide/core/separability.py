"""How well can *any* straight line split two classes of points in the plane?

A line's labelling of the points only changes when its direction passes
perpendicular to the segment between two points. So it is enough to try one
direction inside each arc between those critical angles and, along each, every
threshold between consecutive projections. With n points that is O(n³ log n)
work and gives the exact best accuracy of a linear classifier.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def best_linear_accuracy(X: ArrayLike, labels: ArrayLike) -> int:
    """The most points any line classifies correctly (two classes, two features).

    Parameters
    ----------
    X : array_like, shape (n_samples, 2)
    labels : array_like, shape (n_samples,) with exactly two distinct values

    Returns
    -------
    int
        The largest number of correctly classified points.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(labels)
    classes = np.unique(y)
    if X.ndim != 2 or X.shape[1] != 2 or len(classes) != 2 or len(y) != len(X):
        raise ValueError("best_linear_accuracy needs 2 features and exactly 2 classes")
    positive = y == classes[0]
    n = len(X)
    diffs = (X[:, None, :] - X[None, :, :]).reshape(-1, 2)
    diffs = diffs[np.any(diffs != 0, axis=1)]
    # A direction u is critical when u ⟂ (xi − xj): angle of the difference + 90°.
    critical = np.mod(np.arctan2(diffs[:, 1], diffs[:, 0]) + np.pi / 2, np.pi)
    critical = np.unique(np.concatenate([critical, [0.0, np.pi]]))
    mids = (critical[:-1] + critical[1:]) / 2
    angles = np.concatenate([mids, mids + np.pi])
    best = max(int(positive.sum()), n - int(positive.sum()))
    for theta in angles:
        proj = X @ np.array([np.cos(theta), np.sin(theta)])
        order = np.argsort(proj, kind="stable")
        pos_sorted = positive[order]
        # Everything above the threshold is predicted "positive".
        pos_above = np.concatenate([np.cumsum(pos_sorted[::-1])[::-1], [0]])
        neg_below = np.concatenate([[0], np.cumsum(~pos_sorted)])
        best = max(best, int(np.max(pos_above + neg_below)))
    return best
