"""Saved models: a plain, versioned JSON file — no pickle, nothing executable.

A file is written to a temporary name beside the target and then renamed
over it, so a crash mid-write never leaves half a model behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnguide.core.softmax import softmax
from nnguide.errors import ModelFileError

FORMAT = "nnguide-model"
VERSION = 1
MAX_MODEL_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class SavedModel:
    """A trained linear layer for raw inputs: ``X @ weights + bias`` (softmax if classifying)."""

    task: str
    features: list[str]
    target: str
    weights: NDArray[np.float64]  # (n_features, n_outputs)
    bias: NDArray[np.float64]  # (n_outputs,)
    loss: str
    classes: list[str] | None = None

    def outputs(self, X: NDArray[np.float64]) -> NDArray[np.floating]:
        z = X @ self.weights + self.bias
        return softmax(z, axis=1) if self.task == "classification" else z

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "task": self.task,
            "features": self.features,
            "target": self.target,
            "classes": self.classes,
            "loss": self.loss,
            "weights": self.weights.tolist(),
            "bias": self.bias.tolist(),
        }


def save_model(model: SavedModel, path: str | Path) -> Path:
    path = Path(path)
    text = json.dumps(model.to_json(), indent=1, allow_nan=False)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise ModelFileError(f"{path}: the folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _fail(path: Path, why: str) -> ModelFileError:
    return ModelFileError(f"{path}: not a usable nnguide model file: {why}")


def _matrix(path: Path, value: Any, name: str, ndim: int) -> NDArray[np.float64]:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise _fail(path, f"{name!r} must be numbers") from None
    if arr.ndim != ndim or arr.size == 0:
        raise _fail(path, f"{name!r} has the wrong shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise _fail(path, f"{name!r} contains NaN or infinity")
    return arr


def load_model(path: str | Path) -> SavedModel:
    """Read and check a model file written by :func:`save_model`."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: no such model file")
    if path.stat().st_size > MAX_MODEL_BYTES:
        raise _fail(path, "the file is too large")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError) as err:  # bad UTF-8, bad JSON, NaN, absurd nesting
        raise _fail(path, f"it is not JSON ({err.__class__.__name__})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _fail(path, "it was not written by nnguide")
    if doc.get("version") != VERSION:
        raise _fail(
            path, f"version {doc.get('version')!r} is not supported (this nnguide reads {VERSION})"
        )
    task = doc.get("task")
    if task not in ("regression", "classification"):
        raise _fail(path, f"unknown task {task!r}")
    features = doc.get("features")
    if not (isinstance(features, list) and features and all(isinstance(f, str) for f in features)):
        raise _fail(path, "'features' must be a list of column names")
    weights = _matrix(path, doc.get("weights"), "weights", 2)
    bias = _matrix(path, doc.get("bias"), "bias", 1)
    if weights.shape[0] != len(features) or weights.shape[1] != bias.shape[0]:
        raise _fail(path, "'weights', 'bias' and 'features' do not fit together")
    classes = doc.get("classes")
    if task == "classification" and not (
        isinstance(classes, list)
        and len(classes) == bias.shape[0]
        and all(isinstance(c, str) for c in classes)
    ):
        raise _fail(path, "'classes' must name one class per output")
    target = doc.get("target")
    loss = doc.get("loss")
    if not isinstance(target, str) or not isinstance(loss, str):
        raise _fail(path, "'target' and 'loss' must be text")
    return SavedModel(
        task, features, target, weights, bias, loss, classes if task == "classification" else None
    )


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")
