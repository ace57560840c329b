"""``Classifier``: decision regions and training for any two-feature data, any number of classes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import traitlets
from numpy.typing import ArrayLike

from nnguide.core import SoftmaxClassifier, Standardizer
from nnguide.core.network import Network
from nnguide.lessons import regions as lesson
from nnguide.widgets.base import GuideWidget, pointer
from nnguide.widgets.dispatch import Endpoint
from nnguide.widgets.inputs import columns, values
from nnguide.widgets.requests import Describe, RegionsEvaluateRequest, RegionsTrainRequest

#: The learning rates the widget offers (section 6's menu).
RATES = (1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 0.001, 0.01, 0.1, 0.5, 1.0, 3.0, 10.0)


class Classifier(GuideWidget):
    """A softmax classifier on two features: train it and watch its decision regions (section 6).

    Parameters
    ----------
    X : array_like, shape (n_samples, 2)
        Two features per point: a list of pairs, a numpy array or a two-column DataFrame.
    y : array_like, shape (n_samples,)
        A label per point (numbers or text); each distinct label is one class (2 to 10).
    features : pair of str, optional
        Axis names; by default the DataFrame's columns, else "x1" and "x2".
    model : SoftmaxClassifier, optional
        A fitted nnguide classifier to start from instead of all-zero weights.
    loss : {"cross-entropy", "mse"}
    learning_rate : float
        One of the rates the widget offers (default 0.5).
    standardize : bool
        Train on standardized inputs (default).

    Attributes
    ----------
    steps : int
        Steps taken since the last reset.
    weights, bias : ndarray
        The model's parameters now, (2, n_classes) and (n_classes,), for raw inputs.
    model : SoftmaxClassifier
        The model now, as a fitted estimator: ``w.model.predict(X)``.
    """

    loss = traitlets.Enum(lesson.LOSSES, default_value="cross-entropy").tag(sync=True)
    learning_rate = traitlets.Float(0.5).tag(sync=True)
    standardize = traitlets.Bool(True).tag(sync=True)
    steps = traitlets.Int(0).tag(sync=True)

    def __init__(
        self,
        X: ArrayLike,
        y: ArrayLike,
        *,
        features: tuple[str, str] | None = None,
        model: SoftmaxClassifier | None = None,
        **kwargs: Any,
    ) -> None:
        x_arr, x_names = columns(X)
        y_arr, _ = values(y)
        names = features or (x_names if x_names and len(x_names) == 2 else ("x1", "x2"))
        classes = None
        if model is not None:
            classes = self._check_model(model, x_arr.shape[-1] if x_arr.ndim == 2 else 0)
        self.data = lesson.make_data(x_arr, y_arr, names, classes)
        self.class_values = classes if classes is not None else np.unique(y_arr).tolist()
        self.info = lesson.describe(self.data)
        k = self.data.n_classes
        if model is not None:
            self.weights, self.bias = model.weights_.astype(float), model.bias_.astype(float)
        else:
            self.weights, self.bias = np.zeros((2, k)), np.zeros(k)
        self._fitted = model is not None
        self._curve: list[float] = []
        self._last: Any = None
        super().__init__(**kwargs)
        self._view = {
            "name": "classifier",
            "dir": "widgets",
            "keys": {"loss": "loss", "lr": "learning_rate", "std": "standardize", "steps": "steps"},
            "registry": {
                "loss": {
                    "section": "classifier",
                    "type": "choice",
                    "default": pointer("regions.train:loss", "default"),
                    "choices": pointer("regions.train:loss", "enum"),
                },
                "lr": {
                    "section": "classifier",
                    "type": "choice",
                    "default": pointer("regions.train:learning_rate", "default"),
                    "choices": list(RATES),
                },
                "std": {
                    "section": "classifier",
                    "type": "bool",
                    "default": pointer("regions.train:standardize", "default"),
                },
                "steps": {
                    "section": "classifier",
                    "type": "int",
                    "default": 0,
                    "min": 0,
                    "max": 10**9,
                },
            },
        }

    @staticmethod
    def _check_model(model: Any, n_features: int) -> list[Any]:
        if not isinstance(model, SoftmaxClassifier) or not hasattr(model, "weights_"):
            raise ValueError("model must be a fitted nnguide SoftmaxClassifier")
        if model.weights_.shape[0] != 2 or n_features != 2:
            raise ValueError("model and X must both have two features")
        return list(model.classes_.tolist())

    @traitlets.validate("learning_rate")
    def _rate(self, proposal: Any) -> float:
        value = float(proposal["value"])
        if value not in RATES:
            raise traitlets.TraitError(f"learning_rate must be one of {', '.join(map(str, RATES))}")
        return value

    def _rect(self, req: RegionsEvaluateRequest) -> lesson.Rect:
        return ((req.x_range[0], req.x_range[1]), (req.y_range[0], req.y_range[1]))

    def _remember(self, result: lesson.Evaluation) -> None:
        self.weights, self.bias = np.array(result.weights), np.array(result.bias)
        self._last = result

    def _evaluate(self, req: RegionsEvaluateRequest) -> lesson.Evaluation:
        result = lesson.evaluate(
            self.data,
            req.weights,
            req.bias,
            loss=req.loss,
            resolution=req.resolution,
            rect=self._rect(req),
        )
        if not np.array_equal(result.weights, self.weights):
            self._curve = [result.loss]  # a new start (Reset): the loss curve starts here
        self._remember(result)
        return result

    def _train(self, req: RegionsTrainRequest) -> lesson.TrainResult:
        result = lesson.train(
            self.data,
            req.weights,
            req.bias,
            steps=req.steps,
            learning_rate=req.learning_rate,
            standardize=req.standardize,
            loss=req.loss,
            resolution=req.resolution,
            rect=self._rect(req),
        )
        self._curve = (self._curve or [result.path[0].loss]) + [p.loss for p in result.path[1:]]
        self._remember(result)
        return result

    def _start(self, _req: Describe) -> dict[str, Any]:
        return {
            "weights": self.weights.tolist(),
            "bias": self.bias.tolist(),
            "fitted": self._fitted,
        }

    def _endpoints(self) -> Mapping[str, Endpoint]:
        k = {"n_classes": self.data.n_classes}
        return {
            "regions.describe": Endpoint(Describe, lambda _req: self.info),
            "regions.start": Endpoint(Describe, self._start),
            "regions.evaluate": Endpoint(RegionsEvaluateRequest, self._evaluate, context=k),
            "regions.train": Endpoint(RegionsTrainRequest, self._train, context=k),
        }

    @property
    def model(self) -> SoftmaxClassifier:
        est = SoftmaxClassifier(
            loss=self.loss,
            classes=self.class_values,
            learning_rate=self.learning_rate,
            standardize=self.standardize,
            max_steps=self.steps,
        )
        est.classes_ = np.asarray(self.class_values)
        k = self.data.n_classes
        params = [self.weights.copy(), self.bias.copy()]
        est._set_learned(Network.linear(2, k, "softmax"), params, Standardizer.identity(2))
        est.n_features_in_ = 2
        z = self.data.X @ self.weights + self.bias
        from nnguide.core import get_loss

        est.loss_ = float(get_loss(self.loss, "classification").value(z, self.data.Y))
        est.loss_curve_ = list(self._curve) or [est.loss_]
        est.n_iter_ = self.steps
        est.diverged_ = bool(getattr(self._last, "diverged", False))
        return est
