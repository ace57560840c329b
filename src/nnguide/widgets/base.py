"""What every nnguide widget shares: the ES module, the style sheet, and the kernel's answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import anywidget
import traitlets

from nnguide.web import catalogs
from nnguide.widgets import bundle
from nnguide.widgets.dispatch import Dispatcher, Endpoint


def pointer(field: str, use: str) -> dict[str, str]:
    """A state-registry entry that points at a request field, as state.js's defaultOf() etc."""
    return {"pointer": field, "use": use}


class GuideWidget(anywidget.AnyWidget):
    """A widget that mounts one of the guide's views and answers its ``api`` in the kernel.

    Subclasses give :meth:`_endpoints` (the calls the view makes) and ``_view``: the view's
    name, where its module sits, and which traits back which state keys.
    """

    _esm = bundle.esm()
    _css = bundle.css()
    _view = traitlets.Dict().tag(sync=True)
    _calls = traitlets.List(traitlets.Unicode()).tag(sync=True)
    _fields = traitlets.Dict().tag(sync=True)
    #: The language the widget speaks: a catalog's code ("en", "fr", "es", "ar"), chosen when
    #: the widget is made (``Neuron(lang="fr")``).
    lang = traitlets.Unicode(catalogs.DEFAULT).tag(sync=True)

    @traitlets.validate("lang")
    def _known_language(self, proposal: dict[str, Any]) -> str:
        code = str(proposal["value"])
        if code not in catalogs.catalogs():
            known = ", ".join(catalogs.catalogs())
            raise traitlets.TraitError(f"lang must be one of {known}, not {code!r}")
        return code

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._dispatcher = Dispatcher(self._endpoints())
        self._calls = list(self._dispatcher.endpoints)
        self._fields = self._dispatcher.fields()
        self.on_msg(self._on_message)

    def _endpoints(self) -> Mapping[str, Endpoint]:
        raise NotImplementedError

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "nnguide:call":
            self.send({"type": "nnguide:answer", **self._dispatcher.answer(content)})

    def call(self, name: str, **args: Any) -> Any:
        """Answer one of the view's calls from Python, as the page would get it (for tests and
        for a look at the numbers behind a figure). Raises ``ValueError`` with the message the
        page would show."""
        reply = self._dispatcher.answer({"id": 0, "name": name, "args": args})
        if not reply["ok"]:
            raise ValueError(reply["error"])
        return reply["data"]
