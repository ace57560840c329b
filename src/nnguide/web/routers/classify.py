"""Section 6: the Good/Bad classifier on the friend's ten houses.

Stateless like every router: a request carries the parameters (for raw
inputs), the settings and the learner's held-out labels; the answer is what
the figure draws. Held-out houses (rows 10–46 of the 47) are only ever
*evaluated*, never trained on.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field, field_validator, model_validator

from nnguide.lessons import classification as cm
from nnguide.lessons.limits import MAX_LOO_STEPS
from nnguide.web import compute
from nnguide.web.answers import answer
from nnguide.web.schemas import MAX_STEPS_PER_REQUEST, MessageCode, Param, Rate, Steps, Strict

router = APIRouter(prefix="/api/classify", tags=["classification"])

LossName = Literal["cross-entropy", "mse"]
#: A replayed history holds at most this many runs of steps with one set of settings.
MAX_SEGMENTS = 40


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


class Segment(Strict):
    steps: Steps
    learning_rate: Rate = 0.5
    standardize: bool = True
    loss: LossName = "cross-entropy"


class TrainRequest(EvaluateRequest):
    learning_rate: Rate = 0.5
    standardize: bool = True
    steps: Steps = 1
    schedule: list[Segment] | None = Field(
        None,
        min_length=1,
        max_length=MAX_SEGMENTS,
        description=(
            "replay a history: these runs one after another (each from where the last ended), "
            "instead of `steps` at the given settings; `loss` still names the loss reported"
        ),
    )

    @model_validator(mode="after")
    def _bounded_work(self) -> TrainRequest:
        total = sum(s.steps for s in self.schedule) if self.schedule else self.steps
        if total > MAX_STEPS_PER_REQUEST:
            raise ValueError(f"a schedule may hold at most {MAX_STEPS_PER_REQUEST} steps in all")
        return self


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
    predicted_counts: list[int] = Field(description="of the ten houses, how many each class got")
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
    message_code: MessageCode


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


def _segments(req: TrainRequest) -> list[cm.Segment] | None:
    """The request's schedule as the lesson's segments (None: no schedule)."""
    if not req.schedule:
        return None
    return [cm.Segment(s.steps, s.learning_rate, s.standardize, s.loss) for s in req.schedule]


def _view(req: EvaluateRequest) -> dict[str, Any]:
    """The request's view settings as the lesson's keyword arguments."""
    return {
        "loss": req.loss,
        "held_out": [(r.house, r.label) for r in req.held_out],
        "resolution": req.resolution,
        "rect": (tuple(req.area_range), tuple(req.bathrooms_range)),
    }


@router.get("/houses", response_model=HousesInfo)
@compute.offload
def houses_info() -> dict[str, Any]:
    """The ten labelled houses and the 37 others the learner may label as a held-out list."""
    return answer(cm.houses_info())


@router.post("/evaluate", response_model=Evaluation)
@compute.offload
def evaluate(req: EvaluateRequest) -> dict[str, Any]:
    """Probabilities, accuracy, loss and decision regions at the given parameters."""
    return answer(cm.evaluate(req.weights, req.bias, **_view(req)))


@router.post("/train", response_model=TrainResult)
@compute.offload
def train(req: TrainRequest) -> dict[str, Any]:
    """Run ``steps`` full-batch GD steps on the ten labelled houses only."""
    return answer(
        cm.train(
            req.weights,
            req.bias,
            steps=req.steps,
            learning_rate=req.learning_rate,
            standardize=req.standardize,
            on_step=compute.checkpoint,
            schedule=[
                cm.Segment(s.steps, s.learning_rate, s.standardize, s.loss) for s in req.schedule
            ]
            if req.schedule
            else None,
            **_view(req),
        )
    )


@router.post("/leave-one-out", response_model=LooResult)
@compute.offload
def loo(req: LooRequest) -> dict[str, Any]:
    """Train ten times from zero, each time without one house, and predict the one left out."""
    return answer(
        cm.leave_one_out_accuracy(
            req.loss, req.learning_rate, req.standardize, req.steps, compute.checkpoint
        )
    )
