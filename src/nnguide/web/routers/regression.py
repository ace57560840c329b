"""Sections 1–5: a linear neuron on the houses — evaluate, step gradient descent, map the error.

Stateless: each request carries the parameters; the answer is everything a
figure draws. All parameters are for the raw inputs (area in sq ft,
bathrooms, price in $1000s), whatever the learner chose for training.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field, ValidationInfo, model_validator

from nnguide.lessons import regression as lesson
from nnguide.lessons.limits import MAX_LANDSCAPE_RESOLUTION, MAX_RACE_STEPS
from nnguide.web import compute
from nnguide.web.answers import answer
from nnguide.web.schemas import MAX_STEPS_PER_REQUEST, MessageCode, Param, Rate, Steps, Strict

router = APIRouter(prefix="/api/regression", tags=["regression"])

#: Requests this small are answered on the event loop: a few milliseconds at most, cheaper
#: than a hop to the thread pool. Longer runs go to a thread so the loop keeps accepting.
INLINE_STEPS = 200

#: A replayed history holds at most this many runs of steps with one set of rates.
MAX_SEGMENTS = 40

HouseSet = Literal["houses-3", "houses-10", "portland"]


class Params(Strict):
    dataset: HouseSet = "houses-3"
    weights: list[Param] = Field(min_length=1, max_length=2, description="one weight per input")
    bias: Param = 0.0

    @model_validator(mode="after")
    def _fits_dataset(self, info: ValidationInfo) -> Params:
        # A notebook widget brings its own data instead of a dataset name: the context says
        # how many inputs that data has (see nnguide.widgets.dispatch).
        context = info.context or {}
        n = context.get("n_inputs") or lesson.n_inputs(self.dataset)
        if len(self.weights) != n:
            data = context.get("data_name") or self.dataset
            raise ValueError(f"{data} has {n} input(s), so it needs {n} weight(s)")
        return self


class EvaluateRequest(Params):
    learning_rate_weights: Rate = 1e-8
    learning_rate_bias: Rate = 0.5
    standardize: bool = False
    line_x: list[Param] | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="one-input sets: also give the model's line at these two areas",
    )


class Segment(Strict):
    steps: Steps
    learning_rate_weights: Rate = 1e-8
    learning_rate_bias: Rate = 0.5
    standardize: bool = False


class TrainRequest(EvaluateRequest):
    steps: Steps = 1
    schedule: list[Segment] | None = Field(
        None,
        min_length=1,
        max_length=MAX_SEGMENTS,
        description=(
            "replay a history: these runs one after another (each from where the last ended), "
            "instead of `steps` at the given rates; the given rates still set next_step"
        ),
    )

    @model_validator(mode="after")
    def _bounded_work(self) -> TrainRequest:
        if self.total_steps > MAX_STEPS_PER_REQUEST:
            raise ValueError(f"a schedule may hold at most {MAX_STEPS_PER_REQUEST} steps in all")
        return self

    @property
    def total_steps(self) -> int:
        return sum(s.steps for s in self.schedule) if self.schedule else self.steps


class Row(BaseModel):
    inputs: list[float]
    actual: float
    prediction: float
    error: float = Field(description="actual − prediction")
    squared: float


class Step(BaseModel):
    weights: list[float]
    bias: float


class Evaluation(BaseModel):
    features: list[str]
    weights: list[float]
    bias: float
    rows: list[Row]
    mse: float
    gradient: Step = Field(description="dMSE/dparameter at this point, for raw inputs")
    next_step: Step = Field(description="how much the next GD step changes each parameter")
    goal: float = Field(description="section 3's challenge: get the error below this")
    feedback: str = Field(description="section 3's verdict on this error, as a code")
    feedback_threshold: float = Field(description="the error the feedback code refers to")
    line: list[list[float]] | None = Field(
        None, description="[[x, prediction], …] at line_x (one-input sets; else null)"
    )


class PathPoint(BaseModel):
    weights: list[float]
    bias: float
    mse: float


class TrainResult(Evaluation):
    path: list[PathPoint]
    steps_taken: int
    diverged: bool
    message: str
    message_code: MessageCode
    first_below_goal: int | None = Field(description="first step of the path below the goal")
    lowest_step: int = Field(description="the step of the path with the lowest error")


class Optimum(BaseModel):
    weights: list[float]
    bias: float
    mse: float


class DatasetInfo(BaseModel):
    dataset: str
    price_per_area: float = Field(description="total price / total area, $1000s per sq ft")
    features: list[str]
    target: str
    inputs: list[list[float]]
    actual: list[float]
    optimum: Optimum
    no_bias_optimum: Optimum
    goal: float
    rounded_price_per_area: float = Field(
        description="price_per_area rounded to whole dollars per sq ft: the guide's first weight"
    )


class LandscapeRequest(Strict):
    dataset: Literal["houses-3"] = "houses-3"
    weight_min: Param = 0.0
    weight_max: Param = 0.4
    bias_min: Param = 0.0
    bias_max: Param = 460.0
    resolution: int = Field(61, ge=2, le=MAX_LANDSCAPE_RESOLUTION)

    @model_validator(mode="after")
    def _ordered(self) -> LandscapeRequest:
        if not (self.weight_min < self.weight_max and self.bias_min < self.bias_max):
            raise ValueError("each range needs min < max")
        return self


class Landscape(BaseModel):
    weights: list[float]
    biases: list[float]
    mse: list[list[float]] = Field(description="mse[i][j] is for biases[i], weights[j]")
    mse_max: float


class PredictRequest(Strict):
    weights: list[Param] = Field(min_length=1, max_length=2)
    bias: Param = 0.0
    inputs: list[Annotated[list[Param], Field(min_length=1, max_length=2)]] = Field(
        min_length=1, max_length=100
    )

    @model_validator(mode="after")
    def _shapes(self) -> PredictRequest:
        if any(len(row) != len(self.weights) for row in self.inputs):
            raise ValueError("each row of inputs needs one value per weight")
        return self


class Predictions(BaseModel):
    predictions: list[float]


class CompareRequest(Params):
    targets: list[Param] = Field([799.0, 500.0, 450.0], min_length=1, max_length=10)
    max_steps: int = Field(5000, ge=1, le=MAX_RACE_STEPS, description="steps each race may take")
    raw_learning_rate_weights: Rate = 1e-8
    raw_learning_rate_bias: Rate = 0.5
    standardized_learning_rate: Rate = 0.1


class Race(BaseModel):
    steps_to_target: list[int | None] = Field(
        description="for each target, the first step with MSE below it (null: not reached)"
    )
    final_mse: float
    diverged: bool


class Comparison(BaseModel):
    targets: list[float]
    raw: Race
    standardized: Race


@router.post("/evaluate", response_model=Evaluation)
async def evaluate(req: EvaluateRequest) -> dict[str, Any]:
    """Predictions, per-row errors, MSE and gradient at the given weights and bias."""
    return answer(
        lesson.evaluate(
            req.dataset,
            req.weights,
            req.bias,
            lr_weights=req.learning_rate_weights,
            lr_bias=req.learning_rate_bias,
            standardize=req.standardize,
            line_x=req.line_x,
        )
    )


@router.post("/train", response_model=TrainResult)
async def train(req: TrainRequest) -> dict[str, Any]:
    """Run ``steps`` gradient-descent steps from the given point and return the path taken."""
    if req.total_steps <= INLINE_STEPS:
        return _train(req)
    return await compute.run(_train, req)


def _train(req: TrainRequest) -> dict[str, Any]:
    return answer(
        lesson.train(
            req.dataset,
            req.weights,
            req.bias,
            steps=req.steps,
            lr_weights=req.learning_rate_weights,
            lr_bias=req.learning_rate_bias,
            standardize=req.standardize,
            line_x=req.line_x,
            on_step=compute.checkpoint,
            schedule=[
                lesson.Segment(
                    s.steps, s.learning_rate_weights, s.learning_rate_bias, s.standardize
                )
                for s in req.schedule
            ]
            if req.schedule
            else None,
        )
    )


@router.post("/predict", response_model=Predictions)
async def predict(req: PredictRequest) -> dict[str, Any]:
    """Prices for any inputs under the given weights and bias."""
    return {"predictions": lesson.predict(req.weights, req.bias, req.inputs)}


@router.post("/compare", response_model=Comparison)
@compute.offload
def compare(req: CompareRequest) -> dict[str, Any]:
    """Steps gradient descent needs to get below each target: raw inputs vs standardized."""
    return answer(
        lesson.compare(
            req.dataset,
            req.weights,
            req.bias,
            targets=req.targets,
            max_steps=req.max_steps,
            raw_lr_weights=req.raw_learning_rate_weights,
            raw_lr_bias=req.raw_learning_rate_bias,
            standardized_lr=req.standardized_learning_rate,
            on_step=compute.checkpoint,
        )
    )


@router.get("/datasets/{dataset}", response_model=DatasetInfo)
@compute.offload
def dataset_info(dataset: HouseSet) -> dict[str, Any]:
    """The houses to draw, and the best parameters (least squares), with and without bias."""
    return answer(lesson.dataset_info(dataset))


@router.post("/landscape", response_model=Landscape)
@compute.offload
def landscape(req: LandscapeRequest) -> dict[str, Any]:
    """The error map: MSE over a grid of (weight, bias) for the one-input houses."""
    return answer(
        lesson.landscape(
            req.dataset,
            (req.weight_min, req.weight_max),
            (req.bias_min, req.bias_max),
            req.resolution,
        )
    )
