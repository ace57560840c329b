"""Turn a drawing into the kind of image a digit model was trained on.

The 8×8 digits were made from 32×32 black-and-white scans of digits that
had been scaled to fill the box: each 8×8 pixel counts the inked pixels in
a 4×4 block of the scan, so its intensity runs from 0 to 16. MNIST digits
were scaled to fit a 20×20 box and centred in a 28×28 image, grey 0–255.
A learner's drawing goes through the same steps, so the model sees what it
learned from.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating]

#: A cell counts as inked when at least this much of it is covered.
INK_THRESHOLD = 0.25
#: The 8×8 digits are stretched sideways: even a "1" spans about 5 of the 8 columns
#: (measured on the set), so a narrow drawing is widened to at least this share of the box.
DIGITS_MIN_WIDTH = 0.625


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


def _fit_into(ink: Array, box: int, size: int, min_width: float = 0.0) -> Array:
    """Scale ``ink`` so its longer side is ``box`` cells, centred on a ``size``² canvas.

    Each target cell takes the mean of the source area it covers (area averaging),
    so thin strokes survive the shrink. A drawing narrower than ``min_width`` of
    the box is stretched sideways to that width.
    """
    h, w = ink.shape
    scale = box / max(h, w)
    out_h, out_w = max(1, round(h * scale)), max(1, round(w * scale))
    out_w = min(box, max(out_w, round(min_width * box)))
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
    bitmap = _fit_into(cropped, 32, 32, min_width=DIGITS_MIN_WIDTH) >= INK_THRESHOLD
    return bitmap.reshape(8, 4, 8, 4).sum(axis=(1, 3)).astype(np.float64).ravel()


def to_mnist_image(ink: Array) -> Array:
    """A drawing as the 784 grey levels (0–255) of an MNIST digit: 20×20 box, centred in 28×28."""
    cropped = _crop(np.asarray(ink, dtype=np.float64))
    if cropped is None:
        return np.zeros(784)
    grey = np.clip(_fit_into(cropped, 20, 28), 0.0, 1.0)
    return np.round(grey * 255.0).ravel()
