"""Section 8: softmax regression reads handwritten digits — train, inspect, draw.

Stateless like every router: a request carries the weights and how many
steps were taken so far; the answer is the new weights and everything the
page draws. Weights are for scaled pixels: each pixel less its training average,
divided by one spread shared by all pixels (see ``digits_problem``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field, model_validator

from nnguide.errors import DataError
from nnguide.lessons import digits as lesson
from nnguide.lessons.digits import N_CLASSES, SHAPES
from nnguide.web import compute
from nnguide.web.answers import answer
from nnguide.web.responses import ErrorBody
from nnguide.web.schemas import MessageCode, Param, Rate, Steps, Strict

router = APIRouter(
    prefix="/api/digits",
    tags=["digits"],
    responses={404: {"model": ErrorBody, "description": "MNIST asked for but not on this server"}},
)

DatasetName = Literal["digits", "mnist"]
#: Finite; checked against the dataset's range in the validators below.
Pixel = Annotated[float, Field(allow_inf_nan=False, ge=-1e6, le=1e6)]
T = TypeVar("T")


def _on(name: str, run: Callable[[], T]) -> T:
    """Run a lesson call; a dataset that is not on this server is a 404, not a crash."""
    try:
        return run()
    except DataError as err:
        raise HTTPException(404, f"{name} is not available on this server: {err}") from None


Activation = Literal["sigmoid", "tanh", "relu"]


class LayerIn(Strict):
    weights: list[Annotated[list[Param], Field(min_length=1, max_length=lesson.MAX_HIDDEN)]] = (
        Field(min_length=1, max_length=lesson.MAX_HIDDEN, description="(inputs, neurons)")
    )
    bias: list[Param] = Field(min_length=1, max_length=lesson.MAX_HIDDEN)


class StartRequest(Strict):
    dataset: DatasetName = "digits"
    hidden: int = Field(lesson.DIGITS_DEEP.hidden[0], ge=0, le=lesson.MAX_HIDDEN)
    activation: Activation = "relu"
    seed: int = Field(0, ge=0, le=2**32 - 1)


class Layer(BaseModel):
    weights: list[list[float]]
    bias: list[float]


class Model(Strict):
    dataset: DatasetName = "digits"
    weights: list[Annotated[list[Param], Field(min_length=1, max_length=10)]] | None = Field(
        None,
        min_length=1,
        max_length=784,
        description="one row of 10 weights per pixel; omit to start from zeros",
    )
    bias: list[Param] | None = Field(
        None, min_length=1, max_length=10, description="10 biases; omit to start from zeros"
    )
    hidden: int = Field(
        0, ge=0, le=lesson.MAX_HIDDEN, description="hidden neurons (0: section 8's model)"
    )
    activation: Activation = "relu"
    layers: list[LayerIn] | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="with a hidden layer: [{weights, bias}] for pixels → hidden → digits",
    )

    @model_validator(mode="after")
    def _shapes(self) -> Model:
        n = SHAPES[self.dataset][0] ** 2
        if self.hidden:
            if self.dataset != "digits":
                raise ValueError("a hidden layer is offered for the 8×8 digits only")
            if self.layers is None or self.weights is not None or self.bias is not None:
                raise ValueError("with a hidden layer, send layers (from /api/digits/start)")
            return self
        if self.layers is not None:
            raise ValueError("layers are for a model with a hidden layer (hidden > 0)")
        if (self.weights is None) != (self.bias is None):
            raise ValueError("send both weights and bias, or neither to start from zeros")
        if self.weights is not None and (
            len(self.weights) != n or any(len(r) != N_CLASSES for r in self.weights)
        ):
            raise ValueError(f"weights must be {n} rows (one per pixel) of {N_CLASSES} numbers")
        if self.bias is not None and len(self.bias) != N_CLASSES:
            raise ValueError(f"bias must be {N_CLASSES} numbers, one per digit")
        return self

    def params(self) -> list[Any]:
        """``[W, b]`` (zeros when omitted), or ``[W₁, b₁, W₂, b₂]`` with a hidden layer."""
        if self.layers is not None:
            return [p for layer in self.layers for p in (layer.weights, layer.bias)]
        if self.weights is None or self.bias is None:
            return lesson.untrained(self.dataset)
        return [self.weights, self.bias]


class TrainRequest(Model):
    step: int = Field(0, ge=0, le=1_000_000_000, description="steps already taken")
    steps: Steps = 1
    learning_rate: Rate | None = Field(None, description="default: the tuned one")
    batch_size: int | None = Field(None, ge=1, le=60_000)
    seed: int = Field(0, ge=0, le=2**32 - 1)
    n_misclassified: int = Field(8, ge=0, le=32)


class PredictRequest(Model):
    image: list[Pixel] | None = Field(
        None,
        min_length=1,
        max_length=784,
        description="64 intensities 0–16 (digits) or 784 of 0–255 or 0–1 (mnist)",
    )
    ink: list[Annotated[list[Pixel], Field(min_length=1, max_length=128)]] | None = Field(
        None,
        min_length=1,
        max_length=128,
        description="a drawing: a square grid (8–128 cells a side) of coverage 0–1",
    )
    pixel_max: Literal[1, 16, 255] | None = Field(
        None, description="the image's brightest value: 16 (digits), 255 or 1 (mnist)"
    )

    @model_validator(mode="after")
    def _one_input(self) -> PredictRequest:
        side, top = SHAPES[self.dataset]
        if (self.image is None) == (self.ink is None):
            raise ValueError("send either image or ink")
        values = self.image if self.image is not None else [v for r in self.ink or [] for v in r]
        if self.image is not None:
            if len(self.image) != side * side:
                raise ValueError(
                    f"a {self.dataset} image has exactly {side * side} pixels, "
                    f"got {len(self.image)}"
                )
            top = float(self.pixel_max or top)
            if self.pixel_max is not None and top not in (SHAPES[self.dataset][1], 1.0):
                raise ValueError(f"pixel_max for {self.dataset} is {SHAPES[self.dataset][1]:g}")
            if self.pixel_max == 1 and self.dataset == "digits":
                raise ValueError("pixel_max for digits is 16")
            if min(self.image) < 0 or max(self.image) > top:
                raise ValueError(f"pixel intensities must be from 0 to {top:g}")
        else:
            assert self.ink is not None
            n = len(self.ink)
            if not 8 <= n <= 128 or any(len(r) != n for r in self.ink):
                raise ValueError("ink must be a square grid, 8 to 128 cells a side")
            if min(values) < 0 or max(values) > 1:
                raise ValueError("ink coverage must be from 0 to 1")
        return self


class Point(BaseModel):
    step: int
    epoch: float
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float


class Misclassified(BaseModel):
    index: int
    image: list[float]
    label: int
    predicted: int
    probabilities: list[float]
    top_guesses: list[int] = Field(description="the two most probable digits, best first")


class TrainResult(BaseModel):
    dataset: str
    weights: list[list[float]] | None = Field(description="section 8's model; null with layers")
    bias: list[float] | None
    layers: list[Layer] | None = Field(description="with a hidden layer: its parameters")
    step: int
    steps_taken: int
    diverged: bool
    message: str
    message_code: MessageCode
    history: list[Point]
    batch_losses: list[list[float]] = Field(description="[step, loss] pairs, at most 200")
    confusion: list[list[int]] = Field(description="test set: row = true digit, column = guess")
    misclassified: list[Misclassified]


class Prediction(BaseModel):
    probabilities: list[float]
    predicted: int
    image: list[float] = Field(description="the image the model saw, in the dataset's scale")
    tie: bool = Field(description="the top probability is shared: no digit stands out")


class DeepPreset(BaseModel):
    hidden: int
    activation: str
    learning_rate: float
    batch_size: int
    epochs: int
    steps_per_epoch: int
    n_parameters: int
    max_steps_per_request: int
    hidden_sizes: list[int]


class Info(BaseModel):
    dataset: str
    side: int
    pixel_max: float
    n_train: int
    n_test: int
    steps_per_epoch: int
    pixel_spread: float = Field(
        description="every pixel, less its training average, is divided by this one number"
    )
    learning_rate: float
    batch_size: int
    epochs: int
    seed: int
    start: Point
    start_confusion: list[list[int]] = Field(
        description="the untrained model's confusion matrix on the test set"
    )
    start_probabilities: list[float] = Field(
        description="what the untrained model says for any picture: 0.1 for every digit"
    )
    start_predicted: int = Field(description="the untrained model's answer: the tie goes to 0")
    start_tie: bool = Field(description="no digit stands out before training: a tie")
    n_features: int = Field(description="pixels per picture: one input each")
    n_classes: int
    n_parameters: int = Field(description="weights and biases the model learns")
    max_steps_per_request: int = Field(description="at the tuned batch size")
    deep: DeepPreset | None = Field(description="Part 2's hidden-layer model (8×8 digits)")
    mnist_available: bool


@router.get("/info", response_model=Info)
@compute.offload
def info(dataset: DatasetName = "digits") -> dict[str, Any]:
    """Sizes, tuned training settings, and the untrained model's scores and confusion matrix.

    All-zero weights give every digit the same score; ``argmax`` breaks the tie
    towards 0, so the untrained model reads every test picture as a 0.
    """
    return answer(_on(dataset, lambda: lesson.info(dataset)))


@router.post("/start", response_model=list[Layer])
@compute.offload
def start(req: StartRequest) -> list[dict[str, Any]]:
    """Starting parameters: zeros without a hidden layer, seeded Glorot/He with one."""
    layers = _on(
        req.dataset, lambda: lesson.start(req.dataset, req.hidden, req.activation, req.seed)
    )
    return [answer(layer) for layer in layers]


@router.post("/train", response_model=TrainResult)
@compute.offload
def train(req: TrainRequest) -> dict[str, Any]:
    """Take ``steps`` SGD steps from ``step``, reporting scores at up to 20 points on the way."""
    result = _on(
        req.dataset,
        lambda: lesson.train(
            req.dataset,
            req.params(),
            hidden=req.hidden,
            activation=req.activation,
            step=req.step,
            steps=req.steps,
            learning_rate=req.learning_rate,
            batch_size=req.batch_size,
            seed=req.seed,
            n_misclassified=req.n_misclassified,
            on_step=compute.checkpoint,
        ),
    )
    return answer(result)


@router.post("/predict", response_model=Prediction)
@compute.offload
def predict(req: PredictRequest) -> dict[str, Any]:
    """Ten probabilities for one image, or for a drawing prepared like the training images."""
    result = _on(
        req.dataset,
        lambda: lesson.predict(
            req.dataset,
            req.params(),
            hidden=req.hidden,
            activation=req.activation,
            image=req.image,
            ink=req.ink,
            unit_pixels=req.pixel_max == 1,
        ),
    )
    return answer(result)
