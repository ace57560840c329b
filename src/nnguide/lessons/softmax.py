"""The softmax calculator: any few numbers → probabilities, step by step.

Softmax turns scores into probabilities: ``p_i = exp(z_i) / Σ exp(z_j)``.
Computed shifted by the largest score, ``exp(z_i − max)``, so nothing
overflows; the shift cancels in the division, so the probabilities are the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnguide.core import softmax

#: The reference table of SPEC §6, shown on the page as clickable rows.
REFERENCE: list[list[float]] = [[1], [1, 1], [0, 1], [2, 4], [5, 10], [-1, 0, 1], [1, 2, 4]]
#: Beyond this gap between the largest and smallest score, e^gap is past 1e300: not shown.
MAX_RATIO_GAP = 690.0


@dataclass(frozen=True)
class SoftmaxTable:
    values: list[float]
    exponentials_shifted: list[float]  # exp(value − max): unnormalised shares, no overflow
    exponentials_sum: float
    probabilities: list[float]
    probability_sum: float  # 1, up to rounding: the table's "sum" row
    largest: int  # index of the largest probability
    smallest: int  # index of the smallest probability
    ratio: float | None  # P(largest) / P(smallest) = e^(difference); None beyond 1e300
    difference: float  # largest value − smallest value


def table(values: list[float]) -> SoftmaxTable:
    """Softmax of ``values`` with the intermediate column the page shows."""
    z = np.asarray(values, dtype=np.float64)
    shifted = np.exp(z - z.max())
    p = softmax(z)
    hi, lo = int(np.argmax(z)), int(np.argmin(z))
    gap = float(z[hi] - z[lo])
    return SoftmaxTable(
        values=z.tolist(),
        exponentials_shifted=shifted.tolist(),
        exponentials_sum=float(shifted.sum()),
        probabilities=p.tolist(),
        probability_sum=float(p.sum()),
        largest=hi,
        smallest=lo,
        ratio=math.exp(gap) if gap < MAX_RATIO_GAP else None,
        difference=gap,
    )


def reference() -> list[SoftmaxTable]:
    """The SPEC's reference rows, computed."""
    return [table(row) for row in REFERENCE]
