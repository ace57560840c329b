"""Section 7: how many numbers a network of a given shape has to learn."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel

from nnguide.core import parameter_count

router = APIRouter(prefix="/api/shapes", tags=["shapes"])

MAX_SIDE = 1000


class Count(BaseModel):
    features: int
    classes: int
    weights: int
    biases: int
    parameters: int


@router.get("/parameters", response_model=Count)
async def parameters(
    features: int = Query(ge=1, le=MAX_SIDE, description="number of inputs, n"),
    classes: int = Query(ge=1, le=MAX_SIDE, description="number of classes (outputs), m"),
) -> dict[str, int]:
    """Weights (n·m), biases (m) and their total n·m + m for a softmax layer of this shape."""
    return {
        "features": features,
        "classes": classes,
        "weights": features * classes,
        "biases": classes,
        "parameters": parameter_count(features, classes),
    }
