"""A trained model to take away: the JSON file ``nnguide fit --save`` writes, or a script.

:class:`PortableModel` is any trained network for **raw** inputs, as a list of layers
``[(W₁, b₁), …, (W_L, b_L)]`` (any scaling already folded in), the hidden layers'
activation, and what the outputs mean (the task, the target, the classes). A linear model
is the one-layer case. Both the page's workbench and ``nnguide export`` describe a model
this way, and both take it away in the same two forms:

* :func:`model_json` — the versioned model file of :mod:`nnguide.data.modelfile`
  (version 2: a list of layers and their activation);
* :func:`python_script` — a self-contained script that needs only numpy, with every weight
  written out in full (``repr`` of a float reads back as the same float), which prints the
  same predictions as ``nnguide predict MODEL DATA``.

:meth:`PortableModel.outputs` is the one forward pass: the script spells out exactly the
same numpy operations in the same order, so its numbers are the page's, bit for bit.
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

from nnguide.core.activations import get_activation
from nnguide.core.softmax import softmax
from nnguide.data.modelfile import SavedModel
from nnguide.errors import ModelFileError

Array = NDArray[np.floating]

#: ``nnguide export --format``
FORMATS = ("python", "json")


@dataclass(frozen=True)
class PortableModel:
    """A trained network for raw inputs: ``layers[i] = (W, b)``, ``W`` (n_i, n_{i+1})."""

    task: str
    features: list[str]
    target: str
    layers: list[tuple[Array, Array]]
    activation: str = "identity"
    loss: str = "mse"
    classes: list[str] | None = None

    @property
    def n_hidden_layers(self) -> int:
        return len(self.layers) - 1

    def scores(self, X: Array) -> Array:
        """The last layer's outputs, shape (n_samples, n_outputs).

        ``a ← f(a @ W + b)`` through the hidden layers, then ``a @ W + b``: the same
        operations, in the same order, as the exported script and ``nnguide predict``.
        """
        f = get_activation(self.activation)
        a: Array = np.asarray(X, dtype=np.float64)
        for W, b in self.layers[:-1]:
            a = f.value(a @ W + b)
        W, b = self.layers[-1]
        return np.asarray(a @ W + b, dtype=np.float64)

    def outputs(self, X: Array) -> Array:
        """Class probabilities (softmax of the scores) for a classifier, else the values."""
        z = self.scores(X)
        return softmax(z, axis=1) if self.task == "classification" else z

    @classmethod
    def from_saved(cls, saved: SavedModel) -> PortableModel:
        """A model file's model in this form."""
        return cls(
            task=saved.task,
            features=list(saved.features),
            target=saved.target,
            layers=[
                (np.asarray(W, np.float64), np.asarray(b, np.float64)) for W, b in saved.layers
            ],
            activation=saved.activation,
            loss=saved.loss,
            classes=list(saved.classes) if saved.classes is not None else None,
        )

    def saved(self) -> SavedModel:
        """The :class:`~nnguide.data.modelfile.SavedModel` ``nnguide fit --save`` would write."""
        return SavedModel(
            task=self.task,
            features=list(self.features),
            target=self.target,
            layers=[(np.asarray(W, np.float64), np.asarray(b, np.float64)) for W, b in self.layers],
            loss=self.loss,
            classes=self.classes,
            activation=self.activation if self.n_hidden_layers else "identity",
        )


def model_json(model: PortableModel) -> dict[str, Any]:
    """The model file's contents, as ``nnguide fit --save`` writes them."""
    doc: dict[str, Any] = model.saved().to_json()
    return doc


def model_text(model: PortableModel) -> str:
    """The model file's text, byte for byte as :func:`~nnguide.data.modelfile.save_model`
    writes it."""
    return json.dumps(model_json(model), indent=1, allow_nan=False)


# -- the script ------------------------------------------------------------------------------


def _literal(values: Any) -> str:
    """A nested list of floats as Python source; ``repr`` round-trips every float exactly."""
    if isinstance(values, list | tuple):
        return "[" + ", ".join(_literal(v) for v in values) + "]"
    return repr(float(values))


def _matrix(name: str, values: Array) -> str:
    rows = ",\n    ".join(_literal(row) for row in np.asarray(values).tolist())
    return f"{name} = np.array([\n    {rows},\n])"


#: The hidden layers' activation, written exactly as nnguide.core.activations computes it.
_ACTIVATIONS = {
    "identity": "    return z",
    "tanh": "    return np.tanh(z)",
    "relu": "    return np.maximum(z, 0.0)",
    "sigmoid": (
        "    # 1 / (1 + e^-z), written so that exp never overflows\n"
        "    e = np.exp(-np.abs(z))\n"
        "    return np.where(z >= 0, 1.0, e) / (1.0 + e)"
    ),
}

_TEMPLATE = '''\
#!/usr/bin/env python3
"""{title}

Exported by nnguide {version}{source}. Needs only numpy. The inputs are raw values,
as in the data: any scaling used in training is folded into the first layer's weights.

    python {filename} DATA.csv          one prediction per row, as `nnguide predict` prints them
    python {filename} DATA.csv --json   the same as JSON, as `nnguide predict --json` prints them

DATA.csv needs a header row naming at least these columns: {feature_list}.
"""

import csv
import json
import sys

import numpy as np

TASK = {task!r}
FEATURES = {features!r}
TARGET = {target!r}
CLASSES = {classes!r}

# Layer by layer: outputs = f(inputs @ W + b), with f = {activation} between layers{last_note}.
{layers}
LAYERS = [{layer_names}]


def activation(z):
{activation_body}


def scores(X):
    """The last layer's outputs for raw inputs X of shape (n_rows, n_features)."""
    a = X
    for W, b in LAYERS[:-1]:
        a = activation(a @ W + b)
    W, b = LAYERS[-1]
    return a @ W + b


def softmax(z):
    """Probabilities per row; shifting by the row's maximum keeps exp from overflowing."""
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def predict(X):
    """{predict_doc}"""
    z = scores(np.asarray(X, dtype=np.float64))
    return softmax(z) if TASK == "classification" else z


def read_features(path):
    """The FEATURES columns of a CSV file with a header row, as an (n_rows, n_features) array."""
    with (sys.stdin if path == "-" else open(path, newline="", encoding="utf-8-sig")) as fh:
        rows = csv.reader(fh)
        header = [name.strip() for name in next(rows, [])]
        missing = [name for name in FEATURES if name not in header]
        if missing:
            sys.exit(f"{{path}}: no column {{missing[0]!r}}; columns are {{', '.join(header)}}")
        where = [header.index(name) for name in FEATURES]
        X = []
        for row in rows:
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                sys.exit(f"{{path}}, line {{rows.line_num}}: {{len(row)}} values "
                         f"but the header has {{len(header)}} columns")
            values = []
            for name, i in zip(FEATURES, where):
                try:
                    value = float(row[i])
                except ValueError:
                    value = float("nan")
                if not np.isfinite(value):
                    sys.exit(f"{{path}}, line {{rows.line_num}}: column {{name!r}} has a value "
                             f"that is not a number: {{row[i].strip()!r}}")
                values.append(value)
            X.append(values)
    if not X:
        sys.exit(f"{{path}}: the file has a header but no data rows")
    return np.array(X, dtype=np.float64)


def main(argv):
    if len(argv) not in (1, 2) or (len(argv) == 2 and argv[1] != "--json"):
        sys.exit(f"usage: python {{sys.argv[0]}} DATA.csv [--json]")
    outputs = predict(read_features(argv[0]))
    as_json = len(argv) == 2
    if TASK == "classification":
        labels = [CLASSES[i] for i in np.argmax(outputs, axis=1)]
        if as_json:
            print(json.dumps({{"format": "nnguide-predict/1", "classes": CLASSES,
                              "predictions": labels, "probabilities": outputs.tolist()}}))
            return
        print("row  " + "prediction  " + "  ".join(f"P({{c}})" for c in CLASSES))
        for i, (label, probs) in enumerate(zip(labels, outputs)):
            print(f"{{i:>3}}  {{label:<10}}  " + "  ".join(f"{{p:.4f}}" for p in probs))
    else:
        values = outputs[:, 0] if outputs.shape[1] == 1 else outputs
        if as_json:
            print(json.dumps({{"format": "nnguide-predict/1", "target": TARGET,
                              "predictions": values.tolist()}}))
            return
        print(f"row  predicted {{TARGET}}")
        for i, value in enumerate(values.tolist()):
            shown = f"{{value:,.6g}}" if isinstance(value, float) else value
            print(f"{{i:>3}}  {{shown}}")


if __name__ == "__main__":
    main(sys.argv[1:])
'''


def python_script(model: PortableModel, *, filename: str = "model.py", source: str = "") -> str:
    """A self-contained numpy script that reproduces ``model``'s predictions exactly.

    ``source`` names the data it was trained on, for the docstring.
    """
    from nnguide import __version__

    if model.activation not in _ACTIVATIONS:
        raise ModelFileError(f"unknown activation {model.activation!r}")
    what = (
        f"{model.target} ({', '.join(model.classes or [])})"
        if model.task == "classification"
        else model.target
    )
    kind = "softmax classifier" if model.task == "classification" else "regression"
    depth = (
        f", {model.n_hidden_layers} hidden layer{'s' if model.n_hidden_layers > 1 else ''}"
        if model.n_hidden_layers
        else ""
    )
    blocks, names = [], []
    for i, (W, b) in enumerate(model.layers, start=1):
        bias = _literal(np.asarray(b).tolist())
        blocks.append(_matrix(f"W{i}", W) + f"\nb{i} = np.array({bias})")
        names.append(f"(W{i}, b{i})")
    features = ", ".join(model.features)
    return _TEMPLATE.format(
        title=f"Predict {what} from {features}: a {kind}{depth}.",
        version=__version__,
        source=f" from a model trained on {source}" if source else "",
        filename=filename,
        feature_list=features if len(features) <= 200 else f"{features[:200]}…",
        task=model.task,
        features=list(model.features),
        target=model.target,
        classes=model.classes,
        activation=model.activation if model.n_hidden_layers else "none (one layer)",
        last_note=" (the last layer has none)" if model.n_hidden_layers else "",
        layers="\n".join(blocks),
        layer_names=", ".join(names),
        activation_body=_ACTIVATIONS[model.activation if model.n_hidden_layers else "identity"],
        predict_doc=(
            "One probability per class (columns in CLASSES order) for each row of raw inputs."
            if model.task == "classification"
            else f"The predicted {model.target} for each row of raw inputs, shape (n_rows, 1)."
        ),
    )


def reload_snippet(model: PortableModel, filename: str = "model.json") -> str:
    """Python that loads the downloaded model file with nnguide and predicts with it."""
    outputs = "probabilities" if model.task == "classification" else "predictions"
    lines = [
        "# pip install nnguide; then, beside the file you downloaded:",
        "import numpy as np",
        "from nnguide.data.modelfile import load_model",
        "",
        f'model = load_model("{filename}")',
        f"X = np.array([[{', '.join('0.0' for _ in model.features)}]])"
        f"  # one row: {', '.join(model.features)}",
        f"{outputs} = model.outputs(X)",
        f"print({outputs})",
        "",
        "# or from a terminal:",
        f"#   nnguide predict {filename} data.csv",
    ]
    return "\n".join(lines) + "\n"


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` as the model file is written: to a temporary file beside
    it, then renamed over it, so a crash never leaves half a file."""
    fd, tmp = tempfile.mkstemp(prefix=".nnguide-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise ModelFileError(f"{path}: cannot write the file ({err.strerror or err})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
