"""The softmax calculator: any 1–20 finite numbers → probabilities."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from nnguide.lessons import softmax as lesson
from nnguide.web.answers import answer
from nnguide.web.schemas import Param, Strict

router = APIRouter(prefix="/api", tags=["softmax"])


class SoftmaxRequest(Strict):
    values: list[Param] = Field(min_length=1, max_length=20, description="1 to 20 numbers")


class SoftmaxResult(BaseModel):
    values: list[float]
    exponentials_shifted: list[float] = Field(
        description="exp(value − max): the unnormalised shares, computed without overflow"
    )
    exponentials_sum: float
    probabilities: list[float]
    probability_sum: float = Field(description="the probabilities added up: 1, up to rounding")
    largest: int = Field(description="index of the largest probability")
    smallest: int = Field(description="index of the smallest probability")
    ratio: float | None = Field(
        description="P(largest) / P(smallest) = e^(difference); null when beyond 1e300"
    )
    difference: float = Field(description="largest value − smallest value")


@router.post("/softmax", response_model=SoftmaxResult)
async def compute(req: SoftmaxRequest) -> dict[str, Any]:
    """Softmax of the values, ``exp(v_i) / Σ exp(v_j)``, shifted by the max: no overflow."""
    return answer(lesson.table(req.values))


@router.get("/softmax/reference", response_model=list[SoftmaxResult])
async def reference() -> list[dict[str, Any]]:
    """The SPEC's reference rows, computed."""
    return [answer(row) for row in lesson.reference()]
