"""Errors as the learner sees them: one JSON shape, one readable line, never a stack trace.

``install(app)`` registers the handlers, a crash guard that sits inside the
security-header middleware (so even a 500 carries the headers), and an
OpenAPI that documents the error shape the app really sends, so schema-driven
clients and fuzzers can hold every answer to it.
"""

from __future__ import annotations

import asyncio
import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nnguide.lessons.messages import LessonError
from nnguide.web.compute import ClientGone
from nnguide.web.responses import ErrorBody, FiniteJSONResponse, dumps
from nnguide.web.security import send_json

log = logging.getLogger("nnguide.web")

INTERNAL = {"detail": "internal error: the server could not answer this request"}


def clear_message(errors: list[dict[str, Any]]) -> str:
    """One readable line out of pydantic's error list (at most five problems)."""
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        msg = str(err.get("msg", "invalid"))
        parts.append(f"{where}: {msg}" if where else msg)
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(parts) + more


async def _invalid(_: Request, exc: Exception) -> FiniteJSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
         "msg": str(e.get("msg", "invalid")), "type": str(e.get("type", "invalid"))}
        for e in exc.errors()[:50]
    ]  # fmt: skip
    return FiniteJSONResponse({"detail": clear_message(errors), "errors": errors}, 422)


async def _http(_: Request, exc: Exception) -> FiniteJSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return FiniteJSONResponse(
        {"detail": str(exc.detail)}, exc.status_code, headers=getattr(exc, "headers", None)
    )


async def _lesson(_: Request, exc: Exception) -> FiniteJSONResponse:
    """A lesson could not answer (numbers that overflow, a shape that does not fit): 422."""
    return FiniteJSONResponse({"detail": str(exc)}, 422)


async def _crash(_: Request, exc: Exception) -> FiniteJSONResponse:
    log.error("unhandled error", exc_info=exc)
    return FiniteJSONResponse(INTERNAL, 500)


class CrashGuard:
    """Every answer in our shape, even when something below us fails or the server stops.

    Sits inside the security-header middleware, so what it sends carries the headers:

    - an unhandled exception becomes a plain 500 (Starlette answers crashes in its outermost
      layer, outside our middleware); the trace goes to the server log, never to the client;
    - a request cancelled because the server is stopping (graceful wait over) gets a 503
      with ``Retry-After`` instead of uvicorn's plain-text 500 and a logged traceback;
    - a client that hung up gets nothing, and no log line: nobody is listening;
    - an error answer that is not JSON (Starlette's plain-text 416 or 400 for a bad
      ``Range`` on a static file) is rewritten as ``{"detail": ...}``.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        held: Message | None = None  # a plain-text error's start, until its body is known
        text = b""

        async def guarded_send(message: Message) -> None:
            nonlocal started, held, text
            if message["type"] == "http.response.start":
                started = True
                if message["status"] >= 400 and not _is_json(message):
                    held = message
                    return
            elif held is not None and message["type"] == "http.response.body":
                text += message.get("body", b"")
                if not message.get("more_body", False):
                    await _send_reshaped(send, held, text)
                return
            await send(message)

        try:
            await self.app(scope, receive, guarded_send)
        except (ClientGone, ClientDisconnect):
            return
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()  # handled here: the answer below is the end of this request
            if not started:
                await send_json(send, 503, dumps(STOPPING), [(b"retry-after", b"5")])
        except Exception as exc:
            if started:
                raise
            log.error("unhandled error on %s", scope.get("path"), exc_info=exc)
            await send_json(send, 500, dumps(INTERNAL))


STOPPING = {"detail": "the server is stopping; try again in a moment"}


def _is_json(message: Message) -> bool:
    for name, value in message.get("headers", []):
        if name.lower() == b"content-type":
            return b"json" in value.lower()
    return False


async def _send_reshaped(send: Send, start: Message, text: bytes) -> None:
    status = int(start["status"])
    detail = text.decode("utf-8", "replace").strip()[:200] or HTTPStatus(status).phrase
    kept = [
        (name, value)
        for name, value in start.get("headers", [])
        if name.lower() not in (b"content-type", b"content-length", b"transfer-encoding")
    ]
    await send_json(send, status, dumps({"detail": detail}), kept)


def _document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Replace FastAPI's default 422 shape with ours; document 400 and 413 for bodies."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components["ErrorBody"] = ErrorBody.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    for operations in schema.get("paths", {}).values():
        for op in operations.values():
            responses = op.setdefault("responses", {})
            if "422" in responses or "requestBody" in op or op.get("parameters"):
                responses["422"] = {"description": "Invalid request or non-finite result", **ref}
            if "requestBody" in op:
                responses["400"] = {"description": "Body is not JSON text at all", **ref}
                responses["413"] = {"description": "Request body over the size limit", **ref}
    return schema


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(LessonError, _lesson)
    app.add_exception_handler(Exception, _crash)
    plain_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _document_errors(plain_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
