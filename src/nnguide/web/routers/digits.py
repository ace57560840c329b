"""Section 8: softmax regression reads handwritten digits — train, inspect, draw.

Stateless like every router: a request carries the weights and how many
steps were taken so far; the answer is the new weights and everything the
page draws. Weights are for scaled pixels: each pixel less its training average,
divided by one spread shared by all pixels (see ``digits_problem``).
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field, model_validator

from nnguide.core.descent import sgd_on_batches
from nnguide.core.drawing import to_digits_image, to_mnist_image
from nnguide.core.softmax import softmax
from nnguide.errors import DataError
from nnguide.web.digits_problem import N_CLASSES, SHAPES, Problem, batch_rows, evaluate, problem
from nnguide.web.responses import ErrorBody
from nnguide.web.schemas import Param, Rate, Steps, Strict

router = APIRouter(
    prefix="/api/digits",
    tags=["digits"],
    responses={404: {"model": ErrorBody, "description": "MNIST asked for but not on this server"}},
)

DatasetName = Literal["digits", "mnist"]
#: Finite; checked against the dataset's range in the validators below.
Pixel = Annotated[float, Field(allow_inf_nan=False, ge=-1e6, le=1e6)]
MAX_HISTORY = 20  # evaluation points per request
MAX_BATCH_POINTS = 200
#: Multiply-adds of the forward pass per request (steps × batch × pixels), about a second.
MAX_WORK = 1_000_000_000


def _load(name: str) -> Problem:
    try:
        return problem(name)
    except DataError as err:
        raise HTTPException(404, f"MNIST is not available on this server: {err}") from None


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

    @model_validator(mode="after")
    def _shapes(self) -> Model:
        n = SHAPES[self.dataset][0] ** 2
        if (self.weights is None) != (self.bias is None):
            raise ValueError("send both weights and bias, or neither to start from zeros")
        if self.weights is not None and (
            len(self.weights) != n or any(len(r) != N_CLASSES for r in self.weights)
        ):
            raise ValueError(f"weights must be {n} rows (one per pixel) of {N_CLASSES} numbers")
        if self.bias is not None and len(self.bias) != N_CLASSES:
            raise ValueError(f"bias must be {N_CLASSES} numbers, one per digit")
        return self

    def arrays(self, dtype: type) -> tuple[np.ndarray, np.ndarray]:
        n = SHAPES[self.dataset][0] ** 2
        if self.weights is None or self.bias is None:
            return np.zeros((n, N_CLASSES), dtype), np.zeros(N_CLASSES, dtype)
        return np.asarray(self.weights, dtype), np.asarray(self.bias, dtype)


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
        if not all(np.isfinite(values)):
            raise ValueError("the image contains a value that is not a finite number")
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


class TrainResult(BaseModel):
    dataset: str
    weights: list[list[float]]
    bias: list[float]
    step: int
    steps_taken: int
    diverged: bool
    message: str
    history: list[Point]
    batch_losses: list[list[float]] = Field(description="[step, loss] pairs, at most 200")
    confusion: list[list[int]] = Field(description="test set: row = true digit, column = guess")
    misclassified: list[Misclassified]


class Prediction(BaseModel):
    probabilities: list[float]
    predicted: int
    image: list[float] = Field(description="the image the model saw, in the dataset's scale")


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
    mnist_available: bool


def _point(p: Problem, W: np.ndarray, b: np.ndarray, step: int, batch_size: int) -> dict:
    ev = evaluate(p, W, b)
    per_epoch = -(-p.n_train // batch_size)
    return {
        "step": step,
        "epoch": step / per_epoch,
        "train_loss": ev.train_loss,
        "test_loss": ev.test_loss,
        "train_accuracy": ev.train_accuracy,
        "test_accuracy": ev.test_accuracy,
    }


def _confusion(p: Problem, pred: np.ndarray) -> list[list[int]]:
    """Test-set counts: row = true digit, column = the model's answer."""
    confusion = np.zeros((N_CLASSES, N_CLASSES), int)
    np.add.at(confusion, (p.y_test, pred), 1)
    return confusion.tolist()


def _mnist_available() -> bool:
    try:
        problem("mnist")
    except DataError:
        return False
    return True


@router.get("/info", response_model=Info)
def info(dataset: DatasetName = "digits") -> dict:
    """Sizes, tuned training settings, and the untrained model's scores and confusion matrix.

    All-zero weights give every digit the same score; ``argmax`` breaks the tie
    towards 0, so the untrained model reads every test picture as a 0.
    """
    p = _load(dataset)
    W, b = Model(dataset=dataset, weights=None, bias=None).arrays(np.float64)
    pr = p.preset
    return {
        "dataset": p.name,
        "side": p.side,
        "pixel_max": p.pixel_max,
        "n_train": p.n_train,
        "n_test": len(p.y_test),
        "steps_per_epoch": -(-p.n_train // pr.batch_size),
        "pixel_spread": p.spread,
        "learning_rate": pr.learning_rate,
        "batch_size": pr.batch_size,
        "epochs": pr.epochs,
        "seed": pr.seed,
        "start": _point(p, W, b, 0, pr.batch_size),
        "start_confusion": _confusion(p, np.argmax(evaluate(p, W, b).test_logp, axis=1)),
        "mnist_available": dataset == "mnist" or _mnist_available(),
    }


@router.post("/train", response_model=TrainResult)
def train(req: TrainRequest) -> dict:
    """Take ``steps`` SGD steps from ``step``, reporting scores at up to 20 points on the way."""
    p = _load(req.dataset)
    dtype = p.train.X.dtype.type
    W, b = req.arrays(dtype)
    lr = req.learning_rate or p.preset.learning_rate
    bs = min(req.batch_size or p.preset.batch_size, p.n_train)
    if req.steps * bs * p.n_features > MAX_WORK:
        raise HTTPException(
            422,
            f"too much work for one request: at most {MAX_WORK // p.n_features:,} "
            "images (steps × batch size); take fewer steps or smaller batches",
        )
    # Each point scores every image; on full MNIST that costs more than the steps, so fewer.
    points = MAX_HISTORY if p.n_train * p.n_features <= 10_000_000 else 2
    n_marks = min(req.steps, points) + 1
    marks = np.unique(np.linspace(0, req.steps, n_marks).round()).astype(int)
    history, losses, taken, diverged = [], [], 0, False
    for a, z in zip(marks[:-1], marks[1:], strict=True):
        batches = (batch_rows(p, req.step + k, bs, req.seed) for k in range(a, z))
        res = sgd_on_batches(p.train, W, b, batches, lr_weights=lr, lr_bias=lr, final_loss=False)
        losses += [[req.step + taken + i + 1, v] for i, v in enumerate(res.loss_curve)]
        taken += res.steps
        W, b = res.weights, res.bias
        if res.diverged:
            diverged = True
            break
        history.append(_point(p, W, b, req.step + taken, bs))
    ev = evaluate(p, W, b)
    if diverged or not np.isfinite(ev.train_loss) or not np.isfinite(ev.test_loss):
        history.append(_point(p, W, b, req.step + taken, bs))
        diverged = True
    stride = max(1, len(losses) // MAX_BATCH_POINTS)
    pred = np.argmax(ev.test_logp, axis=1)
    wrong = np.flatnonzero(pred != p.y_test)[: req.n_misclassified]
    body = {
        "dataset": p.name,
        "weights": np.asarray(W, np.float64).tolist(),
        "bias": np.asarray(b, np.float64).tolist(),
        "step": req.step + taken,
        "steps_taken": taken,
        "diverged": diverged,
        "message": (
            f"Stopped after {taken} of {req.steps} steps: the numbers blew up. "
            "The learning rate is too large; lower it and press Reset."
            if diverged
            else f"{taken} step{'s' if taken != 1 else ''} taken."
        ),
        "history": history,
        "batch_losses": losses[::stride],
        "confusion": _confusion(p, pred),
        "misclassified": [
            {
                "index": int(i),
                "image": p.raw_test[i].tolist(),
                "label": int(p.y_test[i]),
                "predicted": int(pred[i]),
                "probabilities": np.exp(ev.test_logp[i]).tolist(),
            }
            for i in wrong
        ],
    }
    _check_finite(body["weights"], body["bias"], body["history"], body["batch_losses"])
    return body


def _check_finite(*parts: object) -> None:
    flat = np.asarray(
        [v for part in parts for v in _numbers(part)],
        dtype=np.float64,
    )
    if flat.size and not np.all(np.isfinite(flat)):
        raise HTTPException(422, "these weights make the numbers overflow; press Reset")


def _numbers(obj: object) -> list[float]:
    if isinstance(obj, dict):
        return [v for x in obj.values() for v in _numbers(x)]
    if isinstance(obj, list):
        return [v for x in obj for v in _numbers(x)]
    return [float(obj)] if isinstance(obj, int | float) else []


@router.post("/predict", response_model=Prediction)
def predict(req: PredictRequest) -> dict:
    """Ten probabilities for one image, or for a drawing prepared like the training images."""
    p = _load(req.dataset)
    if req.ink is not None:
        ink = np.asarray(req.ink, np.float64)
        raw = to_digits_image(ink) if p.name == "digits" else to_mnist_image(ink)
    else:
        raw = np.asarray(req.image, np.float64)
        if req.pixel_max == 1:
            raw = raw * p.pixel_max
    W, b = req.arrays(np.float64)
    z = p.scaler.transform(raw[None, :].astype(p.scaler.mean.dtype)).astype(np.float64) @ W + b
    probs = softmax(z, axis=1)[0]
    if not np.all(np.isfinite(probs)):
        raise HTTPException(422, "these weights make the numbers overflow; press Reset")
    return {
        "probabilities": probs.tolist(),
        "predicted": int(np.argmax(probs)),
        "image": raw.tolist(),
    }
