"""Section 6: the Good/Bad classifier on the friend's ten houses.

Stateless like every router: a request carries the parameters (for raw
inputs), the settings and the learner's held-out labels; the answer is what
the figure draws. Held-out houses (rows 10–46 of the 47) are only ever
*evaluated*, never trained on.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

import numpy as np
from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field, field_validator

from nnguide.core import SoftmaxClassifier, descend
from nnguide.core.crossval import leave_one_out
from nnguide.web import classify_model as cm
from nnguide.web.schemas import Param, Rate, Steps, Strict

router = APIRouter(prefix="/api/classify", tags=["classification"])

LossName = Literal["cross-entropy", "mse"]
MAX_LOO_STEPS = 2000
OVERFLOW = "these parameters make the numbers overflow; choose smaller values"


class HeldOutLabel(Strict):
    house: int = Field(ge=cm.FIRST_HELD_OUT, le=cm.N_HOUSES - 1, description="row 10–46")
    label: Literal["Good", "Bad"]


Area = Annotated[float, Field(allow_inf_nan=False, ge=cm.AREA_RANGE[0], le=cm.AREA_RANGE[1])]
Baths = Annotated[float, Field(allow_inf_nan=False, ge=cm.BATH_RANGE[0], le=cm.BATH_RANGE[1])]


class EvaluateRequest(Strict):
    weights: list[Annotated[list[Param], Field(min_length=2, max_length=2)]] = Field(
        default_factory=lambda: [[0.0, 0.0], [0.0, 0.0]],
        min_length=2,
        max_length=2,
        description="weights[i][j]: from input i (area, bathrooms) to class j (Good, Bad)",
    )
    bias: list[Param] = Field(default_factory=lambda: [0.0, 0.0], min_length=2, max_length=2)
    loss: LossName = "cross-entropy"
    held_out: list[HeldOutLabel] = Field(default_factory=list, max_length=37)
    resolution: int = Field(41, ge=2, le=101, description="decision-region grid size")
    area_range: list[Area] = Field(
        default_factory=lambda: list(cm.AREA_RANGE),
        min_length=2,
        max_length=2,
        description="[low, high] sq ft of the rectangle the chart shows (grid and boundary)",
    )
    bathrooms_range: list[Baths] = Field(
        default_factory=lambda: list(cm.BATH_RANGE),
        min_length=2,
        max_length=2,
        description="[low, high] bathrooms of the rectangle the chart shows",
    )

    @field_validator("weights")
    @classmethod
    def _two_by_two(cls, w: list[list[float]]) -> list[list[float]]:
        if len(w) != 2 or any(len(row) != 2 for row in w):
            raise ValueError("weights must be 2 rows (area, bathrooms) of 2 values (Good, Bad)")
        return w

    @field_validator("area_range", "bathrooms_range")
    @classmethod
    def _increasing(cls, pair: list[float]) -> list[float]:
        if len(pair) != 2 or not pair[0] < pair[1]:
            raise ValueError("a range is [low, high] with low < high")
        return pair

    @field_validator("held_out")
    @classmethod
    def _distinct(cls, rows: list[HeldOutLabel]) -> list[HeldOutLabel]:
        if len({r.house for r in rows}) != len(rows):
            raise ValueError("each held-out house can be labelled only once")
        return rows


class TrainRequest(EvaluateRequest):
    learning_rate: Rate = 0.5
    standardize: bool = True
    steps: Steps = 1


class LooRequest(Strict):
    loss: LossName = "cross-entropy"
    learning_rate: Rate = 0.5
    standardize: bool = True
    steps: int = Field(1000, ge=1, le=MAX_LOO_STEPS)


class House(BaseModel):
    house: int
    area: float
    bathrooms: float
    price: float = Field(description="$1000s; shown to the learner, never a model input")
    label: str
    outputs: list[float]
    probabilities: list[float] = Field(description="[P(Good), P(Bad)]")
    predicted: str
    tie: bool = Field(description="P(Good) = P(Bad) exactly: undecided, scored as Good")
    correct: bool


class Grid(BaseModel):
    areas: list[float]
    bathrooms: list[float]
    p_good: list[list[float]] = Field(description="p_good[i][j] is for bathrooms[i], areas[j]")


class Evaluation(BaseModel):
    classes: list[str]
    features: list[str]
    weights: list[list[float]]
    bias: list[float]
    loss: float
    houses: list[House]
    correct: int
    accuracy: float
    best_linear_correct: int
    single_class: str | None
    ties: int = Field(description="how many of the ten houses are a 50/50 tie")
    held_out: list[House]
    held_out_correct: int
    held_out_accuracy: float | None
    grid: Grid
    boundary: list[list[float]] | None


class PathPoint(BaseModel):
    loss: float
    correct: int


class TrainResult(Evaluation):
    path: list[PathPoint]
    steps_taken: int
    diverged: bool
    message: str


class Candidate(BaseModel):
    house: int
    area: float
    bathrooms: float
    price: float
    suggested: str = Field(description="the label the made-up friend's rule gives this house")


class HousesInfo(BaseModel):
    classes: list[str]
    features: list[str]
    labelled: list[Candidate]
    labels: list[str]
    candidates: list[Candidate]
    friend_rule: str = Field(description="a made-up rule for her taste, to pre-fill the list")
    friend_rule_agrees: int = Field(description="how many of her ten labels the rule matches")
    friend_rule_differs: list[int] = Field(description="the labelled houses it gets wrong")
    best_linear_correct: int
    area_range: list[float]
    bathrooms_range: list[float]


class LooResult(BaseModel):
    correct: int
    n: int
    accuracy: float
    predictions: list[str]


def _params(req: EvaluateRequest) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(req.weights, dtype=np.float64), np.asarray(req.bias, dtype=np.float64)


def _body(req: EvaluateRequest, W: np.ndarray, b: np.ndarray) -> dict:
    held = [(r.house, r.label) for r in req.held_out]
    rect = (
        (req.area_range[0], req.area_range[1]),
        (req.bathrooms_range[0], req.bathrooms_range[1]),
    )
    body = cm.evaluate(W, b, req.loss, held, req.resolution, rect)
    if not cm.all_finite(body):
        raise HTTPException(422, OVERFLOW)
    return body


@router.get("/houses", response_model=HousesInfo)
def houses_info() -> dict:
    """The ten labelled houses and the 37 others the learner may label as a held-out list."""
    h = cm.houses()

    def card(i: int) -> dict:
        x = h.all_X[i]
        suggested = cm.friend_rule(x[1], h.prices[i])
        return {
            "house": i,
            "area": x[0],
            "bathrooms": x[1],
            "price": h.prices[i],
            "suggested": suggested,
        }

    labelled = [card(i) for i in range(cm.FIRST_HELD_OUT)]
    differs = [
        c["house"] for c, lab in zip(labelled, h.labels, strict=True) if c["suggested"] != lab
    ]
    return {
        "classes": cm.CLASSES,
        "features": cm.FEATURES,
        "labelled": labelled,
        "labels": h.labels,
        "candidates": [card(i) for i in range(cm.FIRST_HELD_OUT, cm.N_HOUSES)],
        "friend_rule": cm.FRIEND_RULE,
        "friend_rule_agrees": len(labelled) - len(differs),
        "friend_rule_differs": differs,
        "best_linear_correct": h.best_linear,
        "area_range": list(cm.AREA_RANGE),
        "bathrooms_range": list(cm.BATH_RANGE),
    }


@router.post("/evaluate", response_model=Evaluation)
def evaluate(req: EvaluateRequest) -> dict:
    """Probabilities, accuracy, loss and decision regions at the given parameters."""
    return _body(req, *_params(req))


def _message(steps: int, wanted: int, diverged: bool, path: list[dict]) -> str:
    if diverged:
        return (
            f"Diverged after {steps} of {wanted} steps: the learning rate is too large for "
            "these inputs, so each step overshoots. Lower it, or press Reset."
        )
    if len(path) > 1 and path[-1]["loss"] > path[0]["loss"]:
        return "The loss went up: the learning rate is too large and the steps overshoot."
    return f"{steps} step{'s' if steps != 1 else ''} taken."


@router.post("/train", response_model=TrainResult)
def train(req: TrainRequest) -> dict:
    """Run ``steps`` full-batch GD steps on the ten labelled houses only."""
    W, b = _params(req)
    sc = cm.scaler(req.standardize)
    obj = cm.objective(req.loss, sc)
    W_s, b_s = sc.params_to_scaled(W, b)
    result = descend(
        obj, W_s, b_s, steps=req.steps, lr_weights=req.learning_rate, lr_bias=req.learning_rate
    )
    if not result.snapshots:
        raise HTTPException(422, OVERFLOW)
    path = [
        {"loss": s.loss, "correct": cm.n_correct(obj.X, obj.Y, s.weights, s.bias)}
        for s in result.snapshots
    ]
    W_end, b_end = sc.params_to_raw(result.snapshots[-1].weights, result.snapshots[-1].bias)
    body = _body(req, W_end, b_end)
    return body | {
        "path": path,
        "steps_taken": result.steps,
        "diverged": result.diverged,
        "message": _message(result.steps, req.steps, result.diverged, path),
    }


@lru_cache(maxsize=64)
def _loo(loss: str, learning_rate: float, standardize: bool, steps: int) -> dict:
    h = cm.houses()

    def make() -> SoftmaxClassifier:
        return SoftmaxClassifier(
            loss=loss,
            classes=cm.CLASSES,
            learning_rate=learning_rate,
            max_steps=steps,
            standardize=standardize,
        )

    acc, pred = leave_one_out(make, h.X, np.asarray(h.labels))
    n = len(h.labels)
    return {"correct": round(acc * n), "n": n, "accuracy": acc, "predictions": pred.tolist()}


@router.post("/leave-one-out", response_model=LooResult)
def loo(req: LooRequest) -> dict:
    """Train ten times from zero, each time without one house, and predict the one left out."""
    return _loo(req.loss, req.learning_rate, req.standardize, req.steps)
