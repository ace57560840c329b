"""A reproducible train/test split, stratified when labels are given."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def train_test_split(
    n_samples: int, test_size: float, *, seed: int = 0, labels: ArrayLike | None = None
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Row indices for training and testing.

    With ``labels``, each class contributes the same fraction to the test set
    (rounded), so class proportions match in both parts.

    Returns
    -------
    train, test : ndarray of int, sorted
    """
    if not 0 <= test_size < 1:
        raise ValueError("test_size must be in [0, 1)")
    all_rows = np.arange(n_samples)
    if test_size == 0:
        return all_rows, np.array([], dtype=np.intp)
    rng = np.random.default_rng(seed)
    if labels is None:
        groups = [all_rows]
    else:
        y = np.asarray(labels)
        groups = [all_rows[y == c] for c in np.unique(y)]
    test_parts = []
    for rows in groups:
        k = int(round(len(rows) * test_size))
        k = min(k, len(rows) - 1) if len(rows) > 1 else 0
        test_parts.append(rng.permutation(rows)[:k])
    test = np.sort(np.concatenate(test_parts)).astype(np.intp)
    train = np.setdiff1d(all_rows, test).astype(np.intp)
    return train, test
