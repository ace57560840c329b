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

from nnguide.core.activations import ACTIVATIONS, get_activation
from nnguide.core.softmax import softmax
from nnguide.errors import ModelFileError

FORMAT = "nnguide-model"
#: Version 2 stores a list of layers (a network with hidden layers, or one linear layer);
#: version 1 (nnguide 0.1) stored one linear layer as "weights" and "bias" and still loads.
VERSION = 2
READS = (1, 2)
MAX_MODEL_BYTES = 64 * 1024 * 1024
MAX_LAYERS = 16

Layer = tuple[NDArray[np.float64], NDArray[np.float64]]


@dataclass(frozen=True)
class SavedModel:
    """A trained network for raw inputs, layer by layer.

    Each hidden layer computes ``a = f(a @ W + b)`` with the model's activation ``f``;
    the last layer's ``a @ W + b`` are the outputs (through softmax if classifying).
    A linear model is the one-layer case: ``X @ weights + bias``.
    """

    task: str
    features: list[str]
    target: str
    layers: list[Layer]  # [(W (n_in, n_out), b (n_out,)), ...] from the inputs on
    loss: str
    classes: list[str] | None = None
    activation: str = "identity"

    @property
    def weights(self) -> NDArray[np.float64]:
        """The first layer's weights (all of them, for a linear model)."""
        return self.layers[0][0]

    @property
    def bias(self) -> NDArray[np.float64]:
        return self.layers[-1][1]

    @property
    def hidden_sizes(self) -> list[int]:
        return [int(W.shape[1]) for W, _ in self.layers[:-1]]

    def scores(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        """The last layer's outputs, shape (n_samples, n_outputs)."""
        f = get_activation(self.activation)
        a: NDArray[np.floating] = np.asarray(X, dtype=np.float64)
        for W, b in self.layers[:-1]:
            a = f.value(a @ W + b)
        W, b = self.layers[-1]
        return np.asarray(a @ W + b, dtype=np.float64)

    def outputs_from_scores(self, z: NDArray[np.float64]) -> NDArray[np.floating]:
        """Probabilities (softmax of each row) for a classifier; the scores themselves else."""
        return softmax(z, axis=1) if self.task == "classification" else z

    def outputs(self, X: NDArray[np.float64]) -> NDArray[np.floating]:
        return self.outputs_from_scores(self.scores(X))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "task": self.task,
            "features": self.features,
            "target": self.target,
            "classes": self.classes,
            "loss": self.loss,
            "activation": self.activation,
            "layers": [{"weights": W.tolist(), "bias": b.tolist()} for W, b in self.layers],
        }


#: The longest file name most file systems take (ext4, XFS, APFS, NTFS: 255 bytes).
NAME_MAX = 255


def check_save_target(path: str | Path) -> Path:
    """Refuse a ``--save`` target that cannot be written, before any training is done.

    The folder must exist and take a new file (this is tried: permissions, read-only
    and pseudo file systems such as /proc all show up), the name must be short enough,
    and an existing target must be a regular file (a folder, a device or a pipe is never
    replaced).
    """
    path = Path(path)
    text = str(path)
    if not path.name or text.endswith(("/", os.sep)):
        raise ModelFileError(f"{text}: names a folder; give a file name such as model.json")
    size = len(os.fsencode(path.name))
    if size > NAME_MAX:
        raise ModelFileError(
            f"{text[:40]}…: the file name is {size} bytes long; the limit is {NAME_MAX}"
        )
    directory = path.parent
    if not directory.is_dir():
        raise ModelFileError(f"{path}: the folder {directory} does not exist")
    if path.is_dir():
        raise ModelFileError(f"{path}: is a folder; give a file name, e.g. {path / 'model.json'}")
    if path.exists() and not path.is_file():
        raise ModelFileError(f"{path}: exists and is not a regular file; it will not be replaced")
    try:
        fd, probe = tempfile.mkstemp(prefix=".nnguide-", suffix=".tmp", dir=directory)
    except OSError as err:
        raise ModelFileError(
            f"{path}: cannot write in the folder {directory} ({err.strerror or err})"
        ) from None
    os.close(fd)
    Path(probe).unlink(missing_ok=True)
    return path


def save_model(model: SavedModel, path: str | Path) -> Path:
    """Write ``model`` to ``path`` atomically: a temporary file beside it, then a rename."""
    path = check_save_target(path)
    try:
        text = json.dumps(model.to_json(), indent=1, allow_nan=False)
    except ValueError:
        raise ModelFileError(f"{path}: the model has weights that are not finite") from None
    fd, tmp = tempfile.mkstemp(prefix=".nnguide-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise ModelFileError(f"{path}: cannot write the model ({err.strerror or err})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _fail(path: Path, why: str) -> ModelFileError:
    return ModelFileError(f"{path}: not a usable nnguide model file: {why}")


def _all_numbers(value: Any, depth: int) -> bool:
    """``value`` is a list nested ``depth`` deep of JSON numbers (true/false and text are not)."""
    if depth == 0:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, list) and all(_all_numbers(v, depth - 1) for v in value)


def _matrix(path: Path, value: Any, name: str, ndim: int) -> NDArray[np.float64]:
    if not _all_numbers(value, ndim):
        shape = "a list of rows, one per feature" if ndim == 2 else "a list, one per output"
        raise _fail(path, f"{name!r} must be numbers, as {shape}")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except OverflowError:  # a JSON integer with hundreds of digits
        raise _fail(path, f"{name!r} has a number too large for float64") from None
    except ValueError:  # ragged rows
        raise _fail(path, f"{name!r} must be numbers, in rows of equal length") from None
    if arr.ndim != ndim or arr.size == 0:
        raise _fail(path, f"{name!r} has the wrong shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise _fail(path, f"{name!r} contains NaN or infinity")
    return arr


def _names(path: Path, value: Any, key: str) -> list[str]:
    if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
        raise _fail(path, f"{key!r} must be a list of names")
    if len(set(value)) != len(value):
        twice = next(v for i, v in enumerate(value) if v in value[:i])
        raise _fail(path, f"{key!r} names {twice!r} twice")
    return value


def load_model(path: str | Path) -> SavedModel:
    """Read and check a model file written by :func:`save_model` (any nnguide since 0.1)."""
    path = Path(path)
    if not path.exists():
        raise ModelFileError(f"{path}: no such model file")
    if not path.is_file():
        raise ModelFileError(f"{path}: not a model file (a folder, device or pipe)")
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_MODEL_BYTES + 1)
    except OSError as err:
        raise ModelFileError(
            f"{path}: cannot read the model file ({err.strerror or err})"
        ) from None
    if len(raw) > MAX_MODEL_BYTES:
        raise _fail(path, "the file is too large")
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError) as err:  # bad UTF-8, bad JSON, NaN, absurd nesting
        raise _fail(path, f"it is not JSON ({err.__class__.__name__})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _fail(path, "it was not written by nnguide")
    version = doc.get("version")
    if type(version) is not int or version not in READS:  # true == 1 in Python; not here
        shown = json.dumps(version)  # as the file has it: true, "1", 3
        raise _fail(path, f"version {shown} is not supported (this nnguide reads 1 and 2)")
    task = doc.get("task")
    if task not in ("regression", "classification"):
        raise _fail(path, f"unknown task {task!r}")
    features = _names(path, doc.get("features"), "features")
    if version == 1:
        layers = [(_matrix(path, doc.get("weights"), "weights", 2),
                   _matrix(path, doc.get("bias"), "bias", 1))]  # fmt: skip
        activation = "identity"
    else:
        layers = _layers(path, doc.get("layers"))
        named = doc.get("activation")
        if not isinstance(named, str) or named not in ACTIVATIONS:
            raise _fail(path, f"unknown activation {named!r}")
        activation = named
    sizes = [len(features)] + [W.shape[1] for W, _ in layers]
    for (W, b), n_in, n_out in zip(layers, sizes[:-1], sizes[1:], strict=True):
        if W.shape != (n_in, n_out) or b.shape != (n_out,):
            what = "'weights', 'bias'" if version == 1 else "the layers' weights and biases"
            raise _fail(path, f"{what} and 'features' do not fit together")
    n_outputs = sizes[-1]
    classes: list[str] | None = None
    if task == "classification":
        value = doc.get("classes")
        if not (isinstance(value, list) and len(value) == n_outputs):
            raise _fail(path, "'classes' must name one class per output")
        classes = _names(path, value, "classes")
    target = doc.get("target")
    loss = doc.get("loss")
    if not isinstance(target, str) or not isinstance(loss, str):
        raise _fail(path, "'target' and 'loss' must be text")
    return SavedModel(task, features, target, layers, loss, classes, activation)


def _layers(path: Path, value: Any) -> list[Layer]:
    if not (isinstance(value, list) and 1 <= len(value) <= MAX_LAYERS):
        raise _fail(path, f"'layers' must be a list of 1 to {MAX_LAYERS} layers")
    layers = []
    for i, layer in enumerate(value, start=1):
        if not (isinstance(layer, dict) and set(layer) == {"weights", "bias"}):
            raise _fail(path, f"layer {i} must have exactly 'weights' and 'bias'")
        layers.append(
            (
                _matrix(path, layer["weights"], f"layer {i} weights", 2),
                _matrix(path, layer["bias"], f"layer {i} bias", 1),
            )
        )
    return layers


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")
