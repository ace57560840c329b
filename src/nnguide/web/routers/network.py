"""Part 2: a hidden layer on the ten labelled houses — train, look inside, backpropagate.

Stateless like every router: a request carries the network (its size, its
activation and its parameters, one ``{weights, bias}`` per layer, for the
standardized inputs); the answer is what the figures draw.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field, field_validator

from nnguide.lessons import network as lesson
from nnguide.web import compute
from nnguide.web.answers import answer
from nnguide.web.schemas import MessageCode, Param, Rate, Strict

router = APIRouter(prefix="/api/network", tags=["hidden layers"])

ActivationName = Literal["identity", "sigmoid", "tanh", "relu"]
Hidden = Annotated[int, Field(ge=0, le=lesson.MAX_HIDDEN, description="hidden neurons, 0–8")]
Seed = Annotated[int, Field(ge=0, le=2**32 - 1)]
HouseIndex = Annotated[int, Field(ge=0, le=9, description="one of the ten labelled houses")]


class LayerIn(Strict):
    weights: list[Annotated[list[Param], Field(min_length=1, max_length=lesson.MAX_HIDDEN)]] = (
        Field(min_length=1, max_length=lesson.MAX_HIDDEN, description="(inputs, neurons)")
    )
    bias: list[Param] = Field(min_length=1, max_length=lesson.MAX_HIDDEN)

    @field_validator("weights")
    @classmethod
    def _rectangular(cls, rows: list[list[float]]) -> list[list[float]]:
        if len({len(row) for row in rows}) > 1:
            raise ValueError("every row of weights needs the same length (one per neuron)")
        return rows


class Shape(Strict):
    hidden: Hidden = 3
    activation: ActivationName = "tanh"


class NetworkIn(Shape):
    layers: list[LayerIn] = Field(min_length=1, max_length=2)

    def pairs(self) -> list[tuple[list[list[float]], list[float]]]:
        return [(layer.weights, layer.bias) for layer in self.layers]


class HeldOutLabel(Strict):
    house: int = Field(ge=10, le=46, description="row 10–46 of the 47 houses")
    label: Literal["Good", "Bad"]


class WithHeldOut(NetworkIn):
    held_out: list[HeldOutLabel] = Field(default_factory=list, max_length=37)

    @field_validator("held_out")
    @classmethod
    def _distinct(cls, rows: list[HeldOutLabel]) -> list[HeldOutLabel]:
        if len({r.house for r in rows}) != len(rows):
            raise ValueError("each held-out house can be labelled only once")
        return rows

    def held(self) -> list[tuple[int, str]]:
        return [(r.house, r.label) for r in self.held_out]


class ViewRequest(WithHeldOut):
    house: HouseIndex = 0


class StartRequest(Shape):
    seed: Seed = 0


class TrainRequest(WithHeldOut):
    """``held_out``: count, at every point of the path, how many of these it gets right."""

    steps: int = Field(1, ge=1, le=lesson.MAX_STEPS)
    learning_rate: Rate = 1.0


class BackpropRequest(NetworkIn):
    learning_rate: Rate = 1.0


class FoldRequest(Shape):
    seed: Seed = 0
    steps: int = Field(1000, ge=1, le=lesson.MAX_STEPS)
    learning_rate: Rate = 1.0
    house: HouseIndex


class Layer(BaseModel):
    weights: list[list[float]]
    bias: list[float]


class HouseRow(BaseModel):
    house: int
    area: float
    bathrooms: float
    label: str
    probabilities: list[float]
    predicted: str
    correct: bool


class NeuronPicture(BaseModel):
    values: list[list[float]]
    low: float
    high: float


class Collapsed(BaseModel):
    weights: list[list[float]] = Field(description="W₁W₂")
    bias: list[float] = Field(description="b₁W₂ + b₂")
    max_difference: float
    best_linear_correct: int


class ForwardPass(BaseModel):
    house: int
    raw: list[float]
    inputs: list[float]
    z: list[list[float]]
    a: list[list[float]]


class View(BaseModel):
    hidden: int
    activation: str
    layers: list[Layer]
    sizes: list[int]
    n_parameters: int
    loss: float
    correct: int
    n: int
    houses: list[HouseRow]
    held_out: list[HouseRow]
    held_out_correct: int
    areas: list[float]
    bathrooms: list[float]
    p_good: list[list[float]]
    neurons: list[NeuronPicture]
    forward: ForwardPass
    collapsed: Collapsed | None


class PathPoint(BaseModel):
    step: int
    loss: float
    correct: int
    held_out_correct: int | None = Field(None, description="of the held-out list, if one was sent")


class Trained(BaseModel):
    layers: list[Layer]
    steps_taken: int
    diverged: bool
    loss: float
    correct: int
    path: list[PathPoint]
    message: str
    message_code: MessageCode


class Slope(BaseModel):
    layer: int
    kind: str
    source: int | None
    target: int
    value: float
    backprop: float
    numeric: float
    step: float


class Backprop(BaseModel):
    loss: float
    loss_after_step: float
    learning_rate: float
    deltas: list[list[float]]
    slopes: list[Slope]
    max_difference: float


class Fold(BaseModel):
    house: int
    label: str
    predicted: str
    correct: bool
    train_correct: int


class Curve(BaseModel):
    name: str
    z: list[float]
    value: list[float]
    slope: list[float]


@router.post("/start", response_model=list[Layer])
@compute.offload
def start(req: StartRequest) -> list[dict[str, Any]]:
    """Seeded starting weights for a network of this size (Glorot; He for ReLU)."""
    return [answer(layer) for layer in lesson.start(req.hidden, req.activation, req.seed)]


@router.post("/view", response_model=View)
@compute.offload
def view(req: ViewRequest) -> dict[str, Any]:
    """The network on the ten houses: regions, each hidden neuron, one house through it."""
    return answer(
        lesson.view(req.hidden, req.activation, req.pairs(), house=req.house, held_out=req.held())
    )


@router.post("/train", response_model=Trained)
@compute.offload
def train(req: TrainRequest) -> dict[str, Any]:
    """``steps`` full-batch gradient-descent steps (at most 1,000 per request)."""
    return answer(
        lesson.train(
            req.hidden,
            req.activation,
            req.pairs(),
            steps=req.steps,
            learning_rate=req.learning_rate,
            held_out=req.held(),
            on_step=compute.checkpoint,
        )
    )


@router.post("/backprop", response_model=Backprop)
@compute.offload
def backprop(req: BackpropRequest) -> dict[str, Any]:
    """Every parameter's gradient by the backward pass, beside the slope measured by nudging it."""
    return answer(
        lesson.backprop(req.hidden, req.activation, req.pairs(), learning_rate=req.learning_rate)
    )


@router.post("/leave-one-out", response_model=Fold)
@compute.offload
def leave_one_out(req: FoldRequest) -> dict[str, Any]:
    """One fold: train on the nine other houses from the seed's start, predict this one."""
    return answer(
        lesson.leave_one_out_fold(
            req.hidden,
            req.activation,
            seed=req.seed,
            steps=req.steps,
            learning_rate=req.learning_rate,
            house=req.house,
            on_step=compute.checkpoint,
        )
    )


@router.get("/activations", response_model=list[Curve])
@compute.offload
def activations() -> list[dict[str, Any]]:
    """Each activation function and its slope, for the small plots."""
    return [answer(c) for c in lesson.activation_curves()]
