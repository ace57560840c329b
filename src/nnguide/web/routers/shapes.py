"""Section 7: how many numbers a network of a given shape has to learn."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from nnguide.lessons import shapes as lesson
from nnguide.web.answers import answer

router = APIRouter(prefix="/api/shapes", tags=["shapes"])


class LayerCount(BaseModel):
    inputs: int
    outputs: int
    weights: int
    biases: int


class Count(BaseModel):
    features: int
    classes: int
    hidden: list[int]
    sizes: list[int] = Field(description="every layer's size, from the inputs to the outputs")
    layers: list[LayerCount]
    weights: int
    biases: int
    parameters: int = Field(description="Σ (nᵢ·nᵢ₊₁ + nᵢ₊₁) over consecutive layers")


class Shape(BaseModel):
    """A query, so not strict: its numbers arrive as text (a widget sends JSON numbers)."""

    model_config = ConfigDict(extra="forbid")

    features: int = Field(ge=1, le=lesson.MAX_SIDE, description="number of inputs, n")
    classes: int = Field(ge=1, le=lesson.MAX_SIDE, description="number of classes (outputs), m")
    hidden: str = Field(
        "", max_length=40, description="hidden layer sizes separated by commas, e.g. 8 or 8,4"
    )


@router.get("/parameters", response_model=Count)
async def parameters(shape: Annotated[Shape, Query()]) -> dict[str, Any]:
    """Weights, biases and their total for a network of this shape (n·m + m if no hidden layer)."""
    return answer(lesson.count(shape.features, shape.classes, lesson.parse_hidden(shape.hidden)))
