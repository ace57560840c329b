"""``Network``: the shape explorer (section 7) — features and classes in, parameters counted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import traitlets

from nnguide.lessons import shapes as lesson
from nnguide.web.routers import shapes as http
from nnguide.widgets.base import GuideWidget
from nnguide.widgets.dispatch import Endpoint


class Network(GuideWidget):
    """The computation graph of a one-layer softmax network, and how many numbers it learns.

    The page's own section 7, in a notebook: set ``features`` and ``classes`` here or with the
    steppers. (The core's networks have no hidden layers yet, so neither does this graph.)

    Parameters
    ----------
    features : int
        Inputs, 1 to 1000 (default 2).
    classes : int
        Outputs, one per class, 1 to 1000 (default 2).
    """

    features = traitlets.Int(2).tag(sync=True)
    classes = traitlets.Int(2).tag(sync=True)

    def __init__(self, features: int = 2, classes: int = 2, **kwargs: Any) -> None:
        super().__init__(features=features, classes=classes, **kwargs)
        # The page's registry declares s_n and s_m (with the API's range); here traits hold them.
        self._view = {
            "name": "shapes",
            "dir": "sections",
            "keys": {"s_n": "features", "s_m": "classes"},
            "registry": {},
        }

    @traitlets.validate("features", "classes")
    def _size(self, proposal: Any) -> int:
        value = proposal["value"]
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 1 <= value <= lesson.MAX_SIDE
        ):
            name = proposal["trait"].name
            raise traitlets.TraitError(f"{name} must be a whole number from 1 to {lesson.MAX_SIDE}")
        return value

    @property
    def parameters(self) -> int:
        """Weights and biases a network of this shape learns."""
        return lesson.count(self.features, self.classes).parameters

    def _endpoints(self) -> Mapping[str, Endpoint]:
        def count(req: http.Shape) -> lesson.Count:
            return lesson.count(req.features, req.classes, lesson.parse_hidden(req.hidden))

        return {"shapes.parameters": Endpoint(http.Shape, count)}
