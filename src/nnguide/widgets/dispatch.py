"""The kernel side of a widget's ``api``: one message in, one answer out, never a traceback.

A widget's ES module calls ``api.<group>.<name>(args)`` like the page does; in a
notebook that call becomes an anywidget custom message ``{"id", "name", "args"}``
to the kernel. :class:`Dispatcher` answers it the way a router answers a
request: it validates ``args`` with the same pydantic request model the HTTP
API uses, calls the same lesson, and maps the lesson's dataclass to JSON with
the same :func:`~nnguide.web.answers.answer`. The answer is
``{"id", "ok": true, "data"}`` or ``{"id", "ok": false, "error"}`` with one
readable sentence, as the HTTP API's ``detail``.

A widget's data lives in the kernel, so some fields are *bound*: the kernel
fills them (the widget's ``X`` and ``y``, a fitted model's weights) and the page
may not send them. Bound fields that replace a dataset name are refused too,
so a page cannot quietly switch a widget to other data.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, is_dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from nnguide.errors import NnguideError
from nnguide.lessons.messages import LessonError
from nnguide.web.answers import answer
from nnguide.web.errors import clear_message
from nnguide.web.responses import OVERFLOW_MESSAGE
from nnguide.web.security import MAX_BODY_BYTES

log = logging.getLogger("nnguide.widgets")

#: The most a message's arguments may weigh as JSON: the HTTP API's body limit.
MAX_MESSAGE_BYTES = MAX_BODY_BYTES
INTERNAL = "internal error: the kernel could not answer this request"


@dataclass(frozen=True)
class Endpoint:
    """One callable name: its request model, the lesson call, and what the kernel fills in.

    ``bound()`` gives the fields the kernel fills; ``refused`` names fields the page may
    not send (bound ones and any the widget's data replaces, such as ``dataset``);
    ``context`` goes to the model's validators.
    """

    request: type[BaseModel]
    handler: Callable[[Any], Any]
    bound: Callable[[], Mapping[str, Any]] = dict
    refused: frozenset[str] = frozenset()
    context: Mapping[str, Any] = field(default_factory=dict)


class Dispatcher:
    def __init__(self, endpoints: Mapping[str, Endpoint]) -> None:
        self.endpoints = dict(endpoints)

    def answer(self, message: Any) -> dict[str, Any]:
        """The reply to one message, always a JSON-ready dict with its ``id``."""
        ident = message.get("id") if isinstance(message, dict) else None
        if not isinstance(ident, int | str) or isinstance(ident, bool):
            ident = None
        try:
            data = self._call(message)
            text = json.dumps(data, allow_nan=False)  # NaN or infinity never reach the page
        except _Refused as err:
            return {"id": ident, "ok": False, "error": _one_line(str(err)), **err.extra}
        except ValueError as err:
            if "JSON compliant" not in str(err):
                log.error("unhandled error in a widget call", exc_info=err)
                return {"id": ident, "ok": False, "error": INTERNAL}
            return {"id": ident, "ok": False, "error": OVERFLOW_MESSAGE}
        except Exception as err:  # the page gets one sentence; the trace goes to the log
            log.error("unhandled error in a widget call", exc_info=err)
            return {"id": ident, "ok": False, "error": INTERNAL}
        return {"id": ident, "ok": True, "data": json.loads(text)}

    def _call(self, message: Any) -> Any:
        if not isinstance(message, dict):
            raise _Refused("a call is an object with a name and args")
        unknown = set(message) - {"id", "name", "args", "type"}
        if unknown:
            raise _Refused(f"a call has only id, name and args, not {', '.join(sorted(unknown))}")
        name = message.get("name")
        endpoint = self.endpoints.get(name) if isinstance(name, str) else None
        if endpoint is None:
            raise _Refused(f"this widget has no call named {str(name)[:60]!r}")
        args = message.get("args", {})
        if args is None:
            args = {}
        if not isinstance(args, dict):
            raise _Refused("args must be an object of named fields")
        try:
            size = len(json.dumps(args, allow_nan=True))
        except (TypeError, ValueError):
            raise _Refused("args must be plain JSON") from None
        if size > MAX_MESSAGE_BYTES:
            raise _Refused(f"request too large (limit {MAX_MESSAGE_BYTES // 1024} KB)")
        refused = sorted(set(args) & (endpoint.refused | set(endpoint.bound())))
        if refused:
            raise _Refused(
                f"{', '.join(refused)}: this widget's data is its own, so leave "
                f"{'it' if len(refused) == 1 else 'them'} out"
            )
        try:
            req = endpoint.request.model_validate(
                {**args, **endpoint.bound()}, context=dict(endpoint.context)
            )
        except ValidationError as err:
            errors = [
                {"loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
                 "msg": str(e.get("msg", "invalid")), "type": str(e.get("type", "invalid"))}
                for e in err.errors(include_url=False, include_input=False)[:50]
            ]  # fmt: skip
            raise _Refused(clear_message(errors), errors=errors) from None
        try:
            result = endpoint.handler(req)
        except (LessonError, NnguideError) as err:
            raise _Refused(str(err)) from None
        return answer(result) if is_dataclass(result) else result

    def fields(self) -> dict[str, dict[str, Any]]:
        """Each call's request fields as JSON Schema, like the page's ``api.fields()``.

        Bound and refused fields are left out: the page cannot send them. References are
        resolved and a nullable field's schema merged with its non-null branch.
        """
        out = {}
        for name, endpoint in self.endpoints.items():
            schema = endpoint.request.model_json_schema()
            hidden = endpoint.refused | set(endpoint.bound())
            out[name] = {
                key: _resolve(value, schema.get("$defs", {}))
                for key, value in schema.get("properties", {}).items()
                if key not in hidden
            }
        return out


def _one_line(text: str, limit: int = 500) -> str:
    """One line of at most ``limit`` characters: a field name sent with a newline stays inside."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    s = dict(schema)
    while "$ref" in s:
        ref = s.pop("$ref")
        s = {**defs[ref.split("/")[-1]], **s}
    if "anyOf" in s:
        branches = [_resolve(b, defs) for b in s.pop("anyOf")]
        branch = next((b for b in branches if b.get("type") != "null"), {})
        s = {**branch, **s}
    return s


class _Refused(Exception):
    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.extra = extra
