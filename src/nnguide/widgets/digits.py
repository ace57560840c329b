"""``DigitsPad``: draw a digit, and a fitted nnguide classifier reads it live (sections 8, 13)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from nnguide.core import MLPClassifier, SoftmaxClassifier
from nnguide.lessons import digits as lesson
from nnguide.lessons.messages import LessonError
from nnguide.web.routers import digits as http
from nnguide.widgets.base import GuideWidget
from nnguide.widgets.dispatch import Endpoint
from nnguide.widgets.requests import Describe

SETS = {side * side: name for name, (side, _) in lesson.SHAPES.items()}  # 64 → digits, 784 → mnist
#: The model's parameters stay in the kernel: the page sends a drawing and nothing else.
MODEL_FIELDS = frozenset({"weights", "bias", "hidden", "activation", "layers"})


class DigitsPad(GuideWidget):
    """A drawing pad: the model's ten probabilities follow your pen.

    Parameters
    ----------
    model : SoftmaxClassifier or MLPClassifier
        Fitted on 8×8 digits (64 pixels, 0–16) or MNIST (784 pixels, 0–255) with the classes
        0 to 9, as ``nnguide fit digits``, ``SoftmaxClassifier().fit(X, y)`` or
        ``MLPClassifier(hidden_layer_sizes=(32,)).fit(X, y)`` makes it; any number of hidden
        layers. The drawing is prepared like the training images (cropped, centred, scaled)
        in the kernel, and the whole network reads it: the pad shows
        ``model.predict_proba`` of that image.
    """

    def __init__(self, model: SoftmaxClassifier | MLPClassifier, **kwargs: Any) -> None:
        if (
            not isinstance(model, SoftmaxClassifier | MLPClassifier)
            or getattr(model, "coefs_", None) is None
        ):
            raise ValueError("model must be a fitted nnguide SoftmaxClassifier or MLPClassifier")
        n = int(model.n_features_in_)
        if n not in SETS:
            raise ValueError(
                f"the model reads {n} pixels: DigitsPad knows 64 (8×8) and 784 (28×28)"
            )
        if [str(c) for c in model.classes_.tolist()] != [str(d) for d in range(lesson.N_CLASSES)]:
            raise ValueError("the model's classes must be the digits 0 to 9, in order")
        self.dataset = SETS[n]
        self.model = model
        super().__init__(**kwargs)
        self._view = {"name": "pad", "dir": "widgets", "keys": {}, "registry": {}}

    @property
    def sizes(self) -> list[int]:
        """Every layer's size, pixels to digits: ``[64, 10]``, ``[64, 32, 10]``…"""
        return [int(W.shape[0]) for W in self.model.coefs_] + [lesson.N_CLASSES]

    def _read(self, raw: np.ndarray) -> lesson.Prediction:
        """What the model says of one prepared image (in the dataset's own pixel scale)."""
        try:
            with np.errstate(all="ignore"):
                probs = np.asarray(self.model.predict_proba(raw[None, :]), np.float64)[0]
        except ValueError as err:  # the model was refitted on other data since
            raise LessonError(str(err)) from None
        if not np.all(np.isfinite(probs)):
            raise LessonError("the model's numbers overflow on this drawing", "overflow")
        return lesson.Prediction(
            probs.tolist(), int(np.argmax(probs)), raw.tolist(), lesson.is_tie(probs)
        )

    def _describe(self, _req: Describe) -> dict[str, Any]:
        from nnguide.web.answers import answer

        side, pixel_max = lesson.SHAPES[self.dataset]
        return {
            "dataset": self.dataset,
            "side": side,
            "pixel_max": pixel_max,
            "classes": [str(d) for d in range(lesson.N_CLASSES)],
            "sizes": self.sizes,
            "blank": answer(self._read(np.zeros(side * side))),
        }

    def _predict(self, req: http.PredictRequest) -> lesson.Prediction:
        raw = lesson.prepare(
            req.dataset, image=req.image, ink=req.ink, unit_pixels=req.pixel_max == 1
        )
        return self._read(raw)

    def _endpoints(self) -> Mapping[str, Endpoint]:
        return {
            "pad.describe": Endpoint(Describe, self._describe),
            "digits.predict": Endpoint(
                http.PredictRequest,
                self._predict,
                bound=lambda: {"dataset": self.dataset},
                # The model passed in is the model: its layers are not the page's to choose.
                refused=MODEL_FIELDS,
            ),
        }
