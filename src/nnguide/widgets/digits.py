"""``DigitsPad``: draw a digit, and a fitted nnguide classifier reads it live (section 8)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from nnguide.core import SoftmaxClassifier
from nnguide.lessons import digits as lesson
from nnguide.web.routers import digits as http
from nnguide.widgets.base import GuideWidget
from nnguide.widgets.dispatch import Endpoint
from nnguide.widgets.requests import Describe

SETS = {side * side: name for name, (side, _) in lesson.SHAPES.items()}  # 64 → digits, 784 → mnist


class DigitsPad(GuideWidget):
    """A drawing pad: the model's ten probabilities follow your pen.

    Parameters
    ----------
    model : SoftmaxClassifier
        Fitted on 8×8 digits (64 pixels, 0–16) or MNIST (784 pixels, 0–255) with the classes
        0 to 9, as ``nnguide fit digits`` or ``SoftmaxClassifier().fit(X, y)`` makes it. The
        drawing is prepared like the training images (cropped, centred, scaled) in the kernel.
    """

    def __init__(self, model: SoftmaxClassifier, **kwargs: Any) -> None:
        if not isinstance(model, SoftmaxClassifier) or not hasattr(model, "weights_"):
            raise ValueError("model must be a fitted nnguide SoftmaxClassifier")
        n = model.weights_.shape[0]
        if n not in SETS:
            raise ValueError(
                f"the model reads {n} pixels: DigitsPad knows 64 (8×8) and 784 (28×28)"
            )
        if [str(c) for c in model.classes_.tolist()] != [str(d) for d in range(lesson.N_CLASSES)]:
            raise ValueError("the model's classes must be the digits 0 to 9, in order")
        self.dataset = SETS[n]
        self.model = model
        # The lesson reads a drawing with weights for its scaled pixels; the same model, moved
        # there once (softmax(scaled @ W_s + b_s) = softmax(raw @ W + b)).
        scaler = lesson.problem(self.dataset).scaler
        W_s, b_s = scaler.params_to_scaled(
            model.weights_.astype(np.float64), model.bias_.astype(np.float64)
        )
        self._bound = {"dataset": self.dataset, "weights": W_s.tolist(), "bias": b_s.tolist()}
        super().__init__(**kwargs)
        self._view = {"name": "pad", "dir": "widgets", "keys": {}, "registry": {}}

    def _describe(self, _req: Describe) -> dict[str, Any]:
        from nnguide.web.answers import answer

        side, pixel_max = lesson.SHAPES[self.dataset]
        W, b = np.asarray(self._bound["weights"]), np.asarray(self._bound["bias"])
        blank = lesson.predict(self.dataset, [W, b], image=[0.0] * (side * side))
        return {
            "dataset": self.dataset,
            "side": side,
            "pixel_max": pixel_max,
            "classes": [str(d) for d in range(lesson.N_CLASSES)],
            "blank": answer(blank),
        }

    def _predict(self, req: http.PredictRequest) -> lesson.Prediction:
        return lesson.predict(
            req.dataset, req.params(), image=req.image, ink=req.ink, unit_pixels=req.pixel_max == 1
        )

    def _endpoints(self) -> Mapping[str, Endpoint]:
        return {
            "pad.describe": Endpoint(Describe, self._describe),
            "digits.predict": Endpoint(
                http.PredictRequest,
                self._predict,
                bound=lambda: self._bound,
                # One layer, as the model passed in: there is no hidden layer to choose.
                refused=frozenset({"hidden", "activation", "layers"}),
            ),
        }
