"""Sections 1–5: a linear neuron on the houses — evaluate, step gradient descent, map the error.

Stateless: each request carries the parameters; the answer is everything a
figure draws. All parameters are for the raw inputs (area in sq ft,
bathrooms, price in $1000s), whatever the learner chose for training.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal

import numpy as np
from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, model_validator

from nnguide.core import Objective, Standardizer, descend, get_loss, least_squares, loss_grid
from nnguide.data import load_dataset
from nnguide.web.schemas import Param, Rate, Steps, Strict

router = APIRouter(prefix="/api/regression", tags=["regression"])

#: Requests this small are answered on the event loop: a few milliseconds at most, cheaper
#: than a hop to the thread pool. Longer runs go to a thread so the loop keeps accepting.
INLINE_STEPS = 200

HouseSet = Literal["houses-3", "houses-10", "portland"]


@cache
def _data(name: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    selection = load_dataset(name).select("price")
    return selection.X, selection.y, selection.features


class Params(Strict):
    dataset: HouseSet = "houses-3"
    weights: list[Param] = Field(min_length=1, max_length=2, description="one weight per input")
    bias: Param = 0.0

    @model_validator(mode="after")
    def _fits_dataset(self) -> Params:
        n = len(_data(self.dataset)[2])
        if len(self.weights) != n:
            raise ValueError(f"{self.dataset} has {n} input(s), so it needs {n} weight(s)")
        return self


class EvaluateRequest(Params):
    learning_rate_weights: Rate = 1e-8
    learning_rate_bias: Rate = 0.5
    standardize: bool = False


class TrainRequest(EvaluateRequest):
    steps: Steps = 1


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


class PathPoint(BaseModel):
    weights: list[float]
    bias: float
    mse: float


class TrainResult(Evaluation):
    path: list[PathPoint]
    steps_taken: int
    diverged: bool
    message: str


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


class LandscapeRequest(Strict):
    dataset: Literal["houses-3"] = "houses-3"
    weight_min: Param = 0.0
    weight_max: Param = 0.4
    bias_min: Param = 0.0
    bias_max: Param = 460.0
    resolution: int = Field(61, ge=2, le=201)

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
    max_steps: Steps = 5000
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


@cache
def _scaler(dataset: str, standardize: bool) -> Standardizer:
    X = _data(dataset)[0]
    return Standardizer.fit(X) if standardize else Standardizer.identity(X.shape[1])


@cache
def _objective(dataset: str, standardize: bool) -> Objective:
    X, y, _ = _data(dataset)
    scaler = _scaler(dataset, standardize)
    return Objective(scaler.transform(X), y[:, None], get_loss("mse", "regression"))


def _evaluation(req: EvaluateRequest, W: np.ndarray, b: np.ndarray) -> dict:
    X, y, features = _data(req.dataset)
    pred = X @ W[:, 0] + b[0]
    err = y - pred
    # Loss and gradient for raw inputs come from the core, as everywhere else.
    mse, grad_W, grad_B = _objective(req.dataset, False).value_and_grad(W, b)
    grad_w, grad_b = grad_W[:, 0], float(grad_B[0])
    # The step GD will take: computed in the training space, then expressed for raw inputs
    # (on raw inputs, the training space is the raw one and its gradient is the one above).
    scaler = _scaler(req.dataset, req.standardize)
    W_s, b_s = scaler.params_to_scaled(W, b)
    if req.standardize:
        _, gW_s, gb_s = _objective(req.dataset, True).value_and_grad(W_s, b_s)
    else:
        gW_s, gb_s = grad_W, grad_B
    W_next, b_next = scaler.params_to_raw(
        W_s - req.learning_rate_weights * gW_s, b_s - req.learning_rate_bias * gb_s
    )
    values = [mse, *grad_w, grad_b, *pred, *W_next.ravel(), *b_next]
    if not np.all(np.isfinite(values)):
        raise HTTPException(
            422, "these parameters make the numbers overflow; choose smaller values"
        )
    return {
        "features": features,
        "weights": W[:, 0].tolist(),
        "bias": float(b[0]),
        "rows": [
            {"inputs": x.tolist(), "actual": a, "prediction": p, "error": e, "squared": e * e}
            for x, a, p, e in zip(X, y.tolist(), pred.tolist(), err.tolist(), strict=True)
        ],
        "mse": mse,
        "gradient": {"weights": grad_w.tolist(), "bias": float(grad_b)},
        "next_step": {"weights": (W_next - W)[:, 0].tolist(), "bias": float(b_next[0] - b[0])},
    }


def _params(req: Params) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(req.weights, dtype=np.float64)[:, None], np.array([req.bias])


@router.post("/evaluate", response_model=Evaluation)
async def evaluate(req: EvaluateRequest) -> dict:
    """Predictions, per-row errors, MSE and gradient at the given weights and bias."""
    return _evaluation(req, *_params(req))


@router.post("/train", response_model=TrainResult)
async def train(req: TrainRequest) -> dict:
    """Run ``steps`` gradient-descent steps from the given point and return the path taken."""
    if req.steps <= INLINE_STEPS:
        return _train(req)
    return await run_in_threadpool(_train, req)


def _train(req: TrainRequest) -> dict:
    W, b = _params(req)
    scaler = _scaler(req.dataset, req.standardize)
    objective = _objective(req.dataset, req.standardize)
    W_s, b_s = scaler.params_to_scaled(W, b)
    result = descend(
        objective,
        W_s,
        b_s,
        steps=req.steps,
        lr_weights=req.learning_rate_weights,
        lr_bias=req.learning_rate_bias,
    )
    path = []
    if result.snapshots:  # every point back to raw inputs at once: W / scale, b - mean·W
        W_all = np.stack([snap.weights[:, 0] for snap in result.snapshots]) / scaler.scale
        b_all = np.array([snap.bias[0] for snap in result.snapshots]) - W_all @ scaler.mean
        path = [
            {"weights": w, "bias": bias, "mse": snap.loss}
            for w, bias, snap in zip(W_all.tolist(), b_all.tolist(), result.snapshots, strict=True)
        ]
    if not path:  # the starting point itself overflows
        raise HTTPException(
            422, "these parameters make the numbers overflow; choose smaller values"
        )
    last = path[-1]
    W_end = np.asarray(last["weights"])[:, None]
    b_end = np.array([last["bias"]])
    body = _evaluation(req, W_end, b_end)
    if result.diverged:
        message = (
            f"Diverged after {result.steps} of {req.steps} steps: the learning rate is too large, "
            "so each step overshoots and the error grows. Lower it, or press Reset."
        )
    elif len(path) > 1 and path[-1]["mse"] > path[0]["mse"] * (1 + 1e-9):
        message = "The error went up: the learning rate is too large and the steps overshoot."
    elif (
        len(path) > 2
        and abs(path[-1]["mse"] - path[0]["mse"]) <= 1e-9 * path[0]["mse"]
        and abs(path[1]["bias"] - path[0]["bias"]) > 1e-6 * (1 + abs(path[0]["bias"]))
    ):
        message = (
            "The error is not going down: each step jumps across the valley and lands just as "
            "high on the other side. Lower the learning rate."
        )
    else:
        message = f"{result.steps} step{'s' if result.steps != 1 else ''} taken."
    return body | {
        "path": path,
        "steps_taken": result.steps,
        "diverged": result.diverged,
        "message": message,
    }


@router.post("/predict", response_model=Predictions)
async def predict(req: PredictRequest) -> dict:
    """Prices for any inputs under the given weights and bias."""
    out = np.asarray(req.inputs) @ np.asarray(req.weights) + req.bias
    if not np.all(np.isfinite(out)):
        raise HTTPException(422, "these values make the prediction overflow")
    return {"predictions": out.tolist()}


def _race(req: CompareRequest, standardize: bool, lr_w: float, lr_b: float) -> dict:
    scaler = _scaler(req.dataset, standardize)
    W_s, b_s = scaler.params_to_scaled(*_params(req))
    result = descend(
        _objective(req.dataset, standardize),
        W_s,
        b_s,
        steps=req.max_steps,
        lr_weights=lr_w,
        lr_bias=lr_b,
        keep_snapshots=False,
    )
    curve = np.asarray(result.loss_curve)
    firsts = [int(np.argmax(curve < t)) if np.any(curve < t) else None for t in req.targets]
    return {
        "steps_to_target": firsts,
        "final_mse": result.loss_curve[-1] if result.loss_curve else 0.0,
        "diverged": result.diverged,
    }


@router.post("/compare", response_model=Comparison)
def compare(req: CompareRequest) -> dict:
    """Steps gradient descent needs to get below each target: raw inputs vs standardized."""
    return {
        "targets": req.targets,
        "raw": _race(req, False, req.raw_learning_rate_weights, req.raw_learning_rate_bias),
        "standardized": _race(
            req, True, req.standardized_learning_rate, req.standardized_learning_rate
        ),
    }


@router.get("/datasets/{dataset}", response_model=DatasetInfo)
def dataset_info(dataset: HouseSet) -> dict:
    """The houses to draw, and the best parameters (least squares), with and without bias."""
    X, y, features = _data(dataset)
    W, b = least_squares(X, y)
    w0, *_ = np.linalg.lstsq(X, y, rcond=None)
    return {
        "dataset": dataset,
        "features": features,
        "target": "price",
        "price_per_area": float(y.sum() / X[:, 0].sum()),
        "inputs": X.tolist(),
        "actual": y.tolist(),
        "optimum": {
            "weights": W[:, 0].tolist(),
            "bias": float(b[0]),
            "mse": float(np.mean((X @ W[:, 0] + b[0] - y) ** 2)),
        },
        "no_bias_optimum": {
            "weights": w0.tolist(),
            "bias": 0.0,
            "mse": float(np.mean((X @ w0 - y) ** 2)),
        },
    }


@router.post("/landscape", response_model=Landscape)
def landscape(req: LandscapeRequest) -> dict:
    """The error map: MSE over a grid of (weight, bias) for the one-input houses."""
    X, y, _ = _data(req.dataset)
    ws = np.linspace(req.weight_min, req.weight_max, req.resolution)
    bs = np.linspace(req.bias_min, req.bias_max, req.resolution)
    grid = loss_grid(X[:, 0], y, ws, bs)
    if not np.all(np.isfinite(grid)):
        raise HTTPException(422, "this range makes the error overflow; choose a smaller range")
    return {
        "weights": ws.tolist(),
        "biases": bs.tolist(),
        "mse": grid.tolist(),
        "mse_max": float(grid.max()),
    }
