"""``Neuron`` and ``GradientDescent``: sections 3 and 4 of the guide on the notebook's own data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import traitlets
from numpy.typing import ArrayLike

from nnguide.core import LinearRegressor, Standardizer
from nnguide.core.network import Network
from nnguide.lessons import neuron as lesson
from nnguide.web.routers import regression as http
from nnguide.widgets.base import GuideWidget
from nnguide.widgets.dispatch import Endpoint
from nnguide.widgets.inputs import columns, values
from nnguide.widgets.requests import Describe

#: The page names a bundled house set; a widget's data replaces it.
REFUSED = frozenset({"dataset"})
CONTEXT = {"n_inputs": 1, "data_name": "this widget's data"}


def _data(X: ArrayLike, y: ArrayLike, feature: str | None, target: str | None) -> lesson.Data:
    x_arr, x_names = columns(X)
    y_arr, y_name = values(y)
    if x_names is not None and len(x_names) != 1:
        raise ValueError(f"a neuron here has one input: X has {len(x_names)} columns")
    name = feature or (x_names[0] if x_names else "x")
    return lesson.make_data(x_arr, y_arr, name, target or y_name or "y")


class _RegressionWidget(GuideWidget):
    weight = traitlets.Float(0.0).tag(sync=True)
    bias = traitlets.Float(0.0).tag(sync=True)

    def __init__(
        self,
        X: ArrayLike,
        y: ArrayLike,
        *,
        feature: str | None = None,
        target: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.data = _data(X, y, feature, target)
        self.info = lesson.describe(self.data)
        start = (float(kwargs.get("weight", 0.0)), float(kwargs.get("bias", 0.0)))
        # The ranges around the best line, widened to take in the starting point.
        self.weight_range = (
            min(self.info.weight_range[0], start[0]),
            max(self.info.weight_range[1], start[0]),
        )
        self.bias_range = (
            min(self.info.bias_range[0], start[1]),
            max(self.info.bias_range[1], start[1]),
        )
        super().__init__(**kwargs)

    @traitlets.validate("weight", "bias")
    def _in_range(self, proposal: Any) -> float:
        name = proposal["trait"].name
        lo, hi = self.weight_range if name == "weight" else self.bias_range
        value = float(proposal["value"])
        if not lo <= value <= hi:
            raise traitlets.TraitError(f"{name} must be from {lo:g} to {hi:g}, got {value:g}")
        return value

    def _describe(self, _req: Describe) -> dict[str, Any]:
        from nnguide.web.answers import answer

        body = answer(self.info)
        body["weight_range"], body["bias_range"] = list(self.weight_range), list(self.bias_range)
        return body

    def _evaluate(self, req: http.EvaluateRequest) -> lesson.Evaluation:
        return lesson.evaluate(
            self.data,
            req.weights,
            req.bias,
            lr_weights=req.learning_rate_weights,
            lr_bias=req.learning_rate_bias,
            standardize=req.standardize,
            line_x=req.line_x,
        )

    def _endpoints(self) -> Mapping[str, Endpoint]:
        return {
            "regression.dataset": Endpoint(Describe, self._describe, refused=REFUSED),
            "regression.evaluate": Endpoint(
                http.EvaluateRequest, self._evaluate, refused=REFUSED, context=CONTEXT
            ),
        }

    def _registry_point(self) -> dict[str, Any]:
        return {
            "weight": {
                "section": self._view_name_,
                "type": "number",
                "default": 0.0,
                "min": self.weight_range[0],
                "max": self.weight_range[1],
            },
            "bias": {
                "section": self._view_name_,
                "type": "number",
                "default": 0.0,
                "min": self.bias_range[0],
                "max": self.bias_range[1],
            },
        }

    @property
    def mse(self) -> float:
        """The mean squared error at the current weight and bias."""
        return lesson.evaluate(self.data, [self.weight], self.bias).mse

    @property
    def model(self) -> LinearRegressor:
        """The line as a fitted nnguide estimator: ``model.predict(X)``, ``coef_``, ``score``."""
        est = LinearRegressor(solver="gd")
        W, b = np.array([[self.weight]]), np.array([self.bias])
        est._set_learned(Network.linear(1, 1), [W, b], Standardizer.identity(1))
        est.n_features_in_, est.n_outputs_1d_ = 1, True
        est.loss_ = self.mse
        est.loss_curve_, est.n_iter_, est.diverged_ = [est.loss_], 0, False
        return est


class Neuron(_RegressionWidget):
    """One input, one weight, one bias: move the sliders and watch the error (section 3).

    Parameters
    ----------
    X : array_like, shape (n_samples,) or (n_samples, 1)
        The input: a list, a numpy array, a pandas Series or one-column DataFrame.
    y : array_like, shape (n_samples,)
        The target.
    feature, target : str, optional
        Axis names; by default the pandas names, else "x" and "y".
    weight, bias : float
        Where the sliders start (default 0). Set them later to move the sliders:
        ``w.weight = 0.2``.

    Attributes
    ----------
    mse : float
        The error at the current weight and bias.
    model : LinearRegressor
        The line as a fitted estimator.
    """

    _view_name_ = "neuron"

    def __init__(self, X: ArrayLike, y: ArrayLike, **kwargs: Any) -> None:
        super().__init__(X, y, **kwargs)
        self._view = {
            "name": "neuron",
            "dir": "widgets",
            "keys": {"weight": "weight", "bias": "bias"},
            "registry": self._registry_point(),
        }


class GradientDescent(_RegressionWidget):
    """Gradient descent on the notebook's data: GD buttons, the error map and log (section 4).

    Parameters
    ----------
    X, y, feature, target
        As :class:`Neuron`.
    weight, bias : float
        Where descent starts (default 0); setting them later starts a new path there.
    standardize : bool
        Walk on standardized inputs (default) or raw ones.
    learning_rate : float
        The rate for both parameters on standardized inputs (default 0.1).
    learning_rate_weights, learning_rate_bias : float
        The two rates on raw inputs (defaults suited to the data's scale).

    Attributes
    ----------
    steps : int
        Steps taken since the last reset.
    model : LinearRegressor
        The line gradient descent has reached, as a fitted estimator.
    """

    _view_name_ = "descent"
    steps = traitlets.Int(0).tag(sync=True)
    standardize = traitlets.Bool(True).tag(sync=True)
    learning_rate = traitlets.Float(0.1).tag(sync=True)
    learning_rate_weights = traitlets.Float(1e-3).tag(sync=True)
    learning_rate_bias = traitlets.Float(0.1).tag(sync=True)

    RATE_LIMITS = {
        "learning_rate": (1e-6, 100.0),
        "learning_rate_weights": (1e-15, 1e6),
        "learning_rate_bias": (1e-6, 100.0),
    }

    def __init__(self, X: ArrayLike, y: ArrayLike, **kwargs: Any) -> None:
        data = _data(X, y, kwargs.get("feature"), kwargs.get("target"))
        # On raw inputs the weight's gradient grows with x², so its step shrinks with it.
        mean_square = float(np.mean(data.X[:, 0] ** 2)) or 1.0
        kwargs.setdefault("learning_rate_weights", min(1.0, 0.1 / mean_square))
        super().__init__(X, y, **kwargs)
        registry = self._registry_point()
        limits = self.RATE_LIMITS
        registry.update(
            {
                "steps": {
                    "section": "descent",
                    "type": "int",
                    "default": 0,
                    "min": 0,
                    "max": 10**9,
                },
                "std": {"section": "descent", "type": "bool", "default": True},
                "lr": {"section": "descent", "type": "number", "default": 0.1},
                "lrw": {
                    "section": "descent",
                    "type": "number",
                    "default": self.learning_rate_weights,
                },
                "lrb": {"section": "descent", "type": "number", "default": 0.1},
            }
        )
        for key, trait in (
            ("lr", "learning_rate"),
            ("lrw", "learning_rate_weights"),
            ("lrb", "learning_rate_bias"),
        ):
            registry[key]["min"], registry[key]["max"] = limits[trait]
        self._view = {
            "name": "descent",
            "dir": "widgets",
            "keys": {
                "weight": "weight",
                "bias": "bias",
                "steps": "steps",
                "std": "standardize",
                "lr": "learning_rate",
                "lrw": "learning_rate_weights",
                "lrb": "learning_rate_bias",
            },
            "registry": registry,
        }
        self._path: list[float] = []

    @traitlets.validate("learning_rate", "learning_rate_weights", "learning_rate_bias")
    def _rate(self, proposal: Any) -> float:
        name = proposal["trait"].name
        lo, hi = self.RATE_LIMITS[name]
        value = float(proposal["value"])
        if not lo <= value <= hi:
            raise traitlets.TraitError(f"{name} must be from {lo:g} to {hi:g}, got {value:g}")
        return value

    def _train(self, req: http.TrainRequest) -> lesson.TrainResult:
        result = lesson.train(
            self.data,
            req.weights,
            req.bias,
            steps=req.steps,
            lr_weights=req.learning_rate_weights,
            lr_bias=req.learning_rate_bias,
            standardize=req.standardize,
            line_x=req.line_x,
        )
        # The error after each step, for model.loss_curve_; a walk from another point starts anew.
        starts_here = self._path and np.isclose(result.path[0].mse, self._path[-1])
        self._path = (self._path if starts_here else [result.path[0].mse]) + [
            p.mse for p in result.path[1:]
        ]
        return result

    def _landscape(self, req: http.LandscapeRequest) -> lesson.Landscape:
        return lesson.landscape(
            self.data,
            (req.weight_min, req.weight_max),
            (req.bias_min, req.bias_max),
            req.resolution,
        )

    def _endpoints(self) -> Mapping[str, Endpoint]:
        return {
            **super()._endpoints(),
            "regression.train": Endpoint(
                http.TrainRequest, self._train, refused=REFUSED, context=CONTEXT
            ),
            "regression.landscape": Endpoint(
                http.LandscapeRequest, self._landscape, refused=REFUSED
            ),
        }

    @property
    def model(self) -> LinearRegressor:
        est = super().model
        est.set_params(
            standardize=self.standardize,
            learning_rate=self.learning_rate,
            learning_rate_weights=None if self.standardize else self.learning_rate_weights,
            learning_rate_bias=None if self.standardize else self.learning_rate_bias,
            max_steps=self.steps,
        )
        est.n_iter_ = self.steps
        if self.steps and self._path:
            est.loss_curve_ = self._path[-(self.steps + 1) :]
        return est
