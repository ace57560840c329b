"""Section 7: how many numbers a network of a given shape has to learn."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from nnguide.lessons import shapes as lesson
from nnguide.web.answers import answer

router = APIRouter(prefix="/api/shapes", tags=["shapes"])


class Count(BaseModel):
    features: int
    classes: int
    weights: int
    biases: int
    parameters: int


@router.get("/parameters", response_model=Count)
async def parameters(
    features: int = Query(ge=1, le=lesson.MAX_SIDE, description="number of inputs, n"),
    classes: int = Query(ge=1, le=lesson.MAX_SIDE, description="number of classes (outputs), m"),
) -> dict[str, Any]:
    """Weights (n·m), biases (m) and their total n·m + m for a softmax layer of this shape."""
    return answer(lesson.count(features, classes))
