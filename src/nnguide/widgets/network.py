"""``Network``: the shape explorer (section 11) — features, hidden layers and classes in,
the network drawn and its parameters counted."""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import traitlets

from nnguide.lessons import shapes as lesson
from nnguide.web.routers import shapes as http
from nnguide.widgets.base import GuideWidget
from nnguide.widgets.dispatch import Endpoint


class Network(GuideWidget):
    """The layers of a network of a given shape, and how many numbers it learns.

    The page's shape explorer of section 11, in a notebook: set ``features``, ``hidden`` and
    ``classes`` here or in its boxes, and the graph and the parameter count follow. Hidden
    layers are those of the core's :class:`~nnguide.core.MLPClassifier`
    (``hidden_layer_sizes``); with none, it is section 7's softmax layer.

    Parameters
    ----------
    features : int
        Inputs, 1 to 1000 (default 2).
    classes : int
        Outputs, one per class, 1 to 1000 (default 2).
    hidden : sequence of int
        Neurons per hidden layer, inputs side first: ``(8, 4)``; at most 6 layers of 1 to
        1000 neurons each (default ``()``, no hidden layer).
    """

    features = traitlets.Int(2).tag(sync=True)
    classes = traitlets.Int(2).tag(sync=True)
    #: Neurons per hidden layer, e.g. ``[8, 4]``; ``[]`` for none.
    hidden = traitlets.List(traitlets.Any()).tag(sync=True)

    def __init__(
        self, features: int = 2, classes: int = 2, hidden: Sequence[int] = (), **kwargs: Any
    ) -> None:
        super().__init__(features=features, classes=classes, hidden=hidden, **kwargs)
        # The page's registry declares p_n, p_h and p_m (with the API's ranges); traits hold them.
        self._view = {
            "name": "network",
            "dir": "widgets",
            "keys": {"p_n": "features", "p_h": "hidden", "p_m": "classes"},
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

    @traitlets.validate("hidden")
    def _layers(self, proposal: Any) -> list[int]:
        value = proposal["value"]  # a list: the List trait has refused anything else
        if len(value) > lesson.MAX_HIDDEN_LAYERS:
            raise traitlets.TraitError(
                f"hidden has at most {lesson.MAX_HIDDEN_LAYERS} layers, not {len(value)}"
            )
        for size in value:
            if isinstance(size, bool) or not isinstance(size, numbers.Integral):
                raise traitlets.TraitError(
                    f"hidden is a list of whole numbers, e.g. [8, 4] ([] for none), not {size!r}"
                )
            if not 1 <= int(size) <= lesson.MAX_SIDE:
                raise traitlets.TraitError(
                    f"each hidden layer has from 1 to {lesson.MAX_SIDE} neurons, not {size}"
                )
        return [int(size) for size in value]

    @property
    def sizes(self) -> list[int]:
        """Every layer's size, from the inputs to the outputs: ``[2, 8, 4, 2]``."""
        hidden: list[int] = self.hidden  # type: ignore[assignment]  # _layers: whole numbers
        return [self.features, *hidden, self.classes]

    @property
    def parameters(self) -> int:
        """Weights and biases a network of this shape learns, hidden layers included."""
        return lesson.count(self.features, self.classes, self.sizes[1:-1]).parameters

    def _endpoints(self) -> Mapping[str, Endpoint]:
        def count(req: http.Shape) -> lesson.Count:
            return lesson.count(req.features, req.classes, lesson.parse_hidden(req.hidden))

        return {"shapes.parameters": Endpoint(http.Shape, count)}
