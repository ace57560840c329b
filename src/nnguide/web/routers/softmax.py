"""Section 6's softmax calculator: any 1–20 finite numbers → probabilities."""

from __future__ import annotations

import math

import numpy as np
from fastapi import APIRouter
from pydantic import BaseModel, Field

from nnguide.core import softmax
from nnguide.web.schemas import Param, Strict

router = APIRouter(prefix="/api", tags=["softmax"])

#: The reference table of SPEC §6, shown on the page as clickable rows.
REFERENCE: list[list[float]] = [[1], [1, 1], [0, 1], [2, 4], [5, 10], [-1, 0, 1], [1, 2, 4]]


class SoftmaxRequest(Strict):
    values: list[Param] = Field(min_length=1, max_length=20, description="1 to 20 numbers")


class SoftmaxResult(BaseModel):
    values: list[float]
    exponentials_shifted: list[float] = Field(
        description="exp(value − max): the unnormalised shares, computed without overflow"
    )
    probabilities: list[float]
    largest: int = Field(description="index of the largest probability")
    smallest: int = Field(description="index of the smallest probability")
    ratio: float | None = Field(
        description="P(largest) / P(smallest) = e^(difference); null when beyond 1e300"
    )


@router.post("/softmax", response_model=SoftmaxResult)
def compute(req: SoftmaxRequest) -> dict:
    """Softmax of the values, ``exp(v_i) / Σ exp(v_j)``, shifted by the max: no overflow."""
    z = np.asarray(req.values, dtype=np.float64)
    p = softmax(z)
    hi, lo = int(np.argmax(z)), int(np.argmin(z))
    gap = float(z[hi] - z[lo])
    return {
        "values": z.tolist(),
        "exponentials_shifted": np.exp(z - z.max()).tolist(),
        "probabilities": p.tolist(),
        "largest": hi,
        "smallest": lo,
        "ratio": math.exp(gap) if gap < 690 else None,
    }


@router.get("/softmax/reference", response_model=list[SoftmaxResult])
def reference() -> list[dict]:
    """The SPEC's reference rows, computed."""
    return [compute(SoftmaxRequest(values=row)) for row in REFERENCE]
