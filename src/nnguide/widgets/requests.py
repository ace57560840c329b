"""Request models for the calls only a widget makes, from the HTTP API's own building blocks.

The regression widgets validate with the HTTP API's request models themselves
(``nnguide.web.routers.regression``); the calls here have no page section yet:
describing a widget's data, and the classifier for any two-feature data with
any number of classes. They share the API's rules: finite, bounded numbers
(``Param``, ``Rate``, ``Steps``), strict types and no unknown fields (``Strict``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from nnguide.lessons import regions
from nnguide.web.schemas import Param, Rate, Steps, Strict


class Describe(Strict):
    """No arguments: the widget's data is already in the kernel."""


class RegionsEvaluateRequest(Strict):
    weights: list[Annotated[list[Param], Field(min_length=2, max_length=regions.MAX_CLASSES)]] = (
        Field(
            min_length=2,
            max_length=2,
            description="weights[i][j]: from feature i to class j",
        )
    )
    bias: list[Param] = Field(min_length=2, max_length=regions.MAX_CLASSES)
    loss: Literal["cross-entropy", "mse"] = "cross-entropy"
    resolution: int = Field(61, ge=2, le=101, description="decision-region grid size")
    x_range: list[Param] = Field(min_length=2, max_length=2, description="[low, high], feature 1")
    y_range: list[Param] = Field(min_length=2, max_length=2, description="[low, high], feature 2")

    @field_validator("x_range", "y_range")
    @classmethod
    def _increasing(cls, pair: list[float]) -> list[float]:
        if not pair[0] < pair[1]:
            raise ValueError("a range is [low, high] with low < high")
        return pair

    @model_validator(mode="after")
    def _one_per_class(self, info: ValidationInfo) -> RegionsEvaluateRequest:
        k = (info.context or {}).get("n_classes") or len(self.bias)
        if len(self.bias) != k or any(len(row) != k for row in self.weights):
            raise ValueError(
                f"this data has {k} classes: bias needs {k} numbers, each row of weights {k}"
            )
        return self


class RegionsTrainRequest(RegionsEvaluateRequest):
    learning_rate: Rate = 0.5
    standardize: bool = True
    steps: Steps = 1
