"""Turn a drawing into the kind of image a digit model was trained on.

The 8×8 digits were made from 32×32 black-and-white scans: each 8×8 pixel
counts the inked pixels in a 4×4 block of the scan, so its intensity runs
from 0 to 16. Every one of the 1,797 digits spans all 8 rows, and almost all
of them the middle 4 to 6 columns only: the outer columns are nearly always
blank. MNIST digits were scaled to fit a 20×20 box and centred in a 28×28
image, grey 0–255. A learner's drawing is shaped the same way, so the model
sees the kind of picture it learned from and no ink lands where the training
pictures never had any.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating]

#: A cell counts as inked when at least this much of it is covered.
INK_THRESHOLD = 0.25
#: Width limits for a drawing on the 32×32 scan, as shares of its width (measured on
#: the set, counting a pixel as inked from 4 of 16): most 1s span 4 to 6 columns, so a
#: narrow drawing is widened to at least 3 columns' worth; 97.5% of all digits span at
#: most 6 of the 8 columns (none spans 8), so a wide one is squeezed to 6 and centred,
#: which keeps the outer columns blank as in training.
DIGITS_MIN_WIDTH = 0.375
DIGITS_MAX_WIDTH = 0.75


def _crop(ink: Array) -> Array | None:
    rows = np.flatnonzero(ink.max(axis=1) >= INK_THRESHOLD)
    cols = np.flatnonzero(ink.max(axis=0) >= INK_THRESHOLD)
    if rows.size == 0:
        return None
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _area_matrix(n_out: int, n_in: int) -> Array:
    """``M[i, j]``: the share of target cell ``i`` that source cell ``j`` covers (rows sum to 1)."""
    width = n_in / n_out
    lo = np.arange(n_out)[:, None] * width
    j = np.arange(n_in)[None, :]
    overlap = np.clip(np.minimum(lo + width, j + 1) - np.maximum(lo, j), 0.0, None)
    return overlap / width


def _fit_into(ink: Array, out_h: int, out_w: int, size: int) -> Array:
    """Resize ``ink`` to ``out_h`` × ``out_w`` cells, centred on a ``size``² canvas.

    Each target cell takes the mean of the source area it covers (area averaging),
    so thin strokes survive the shrink.
    """
    h, w = ink.shape
    pooled = _area_matrix(out_h, h) @ ink @ _area_matrix(out_w, w).T
    canvas = np.zeros((size, size))
    top, left = (size - out_h) // 2, (size - out_w) // 2
    canvas[top : top + out_h, left : left + out_w] = pooled
    return canvas


def to_digits_image(ink: Array) -> Array:
    """A drawing as the 64 intensities (0–16) of the 8×8 digits, row by row.

    Parameters
    ----------
    ink : ndarray, shape (height, width)
        How much of each cell of the drawing is covered, 0–1.
    """
    cropped = _crop(np.asarray(ink, dtype=np.float64))
    if cropped is None:
        return np.zeros(64)
    h, w = cropped.shape
    # Full height, like every training digit; the width keeps the drawing's proportions
    # within the limits the set shows.
    width = min(max(round(32 * w / h), round(32 * DIGITS_MIN_WIDTH)), round(32 * DIGITS_MAX_WIDTH))
    bitmap = _fit_into(cropped, 32, width, 32) >= INK_THRESHOLD
    return bitmap.reshape(8, 4, 8, 4).sum(axis=(1, 3)).astype(np.float64).ravel()


def to_mnist_image(ink: Array) -> Array:
    """A drawing as the 784 grey levels (0–255) of an MNIST digit: 20×20 box, centred in 28×28."""
    cropped = _crop(np.asarray(ink, dtype=np.float64))
    if cropped is None:
        return np.zeros(784)
    h, w = cropped.shape
    scale = 20 / max(h, w)
    grey = _fit_into(cropped, max(1, round(h * scale)), max(1, round(w * scale)), 28)
    grey = np.clip(grey, 0.0, 1.0)
    return np.round(grey * 255.0).ravel()
