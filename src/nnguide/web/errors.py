"""Errors as the learner sees them: one JSON shape, one readable line, never a stack trace.

``install(app)`` registers the handlers, a crash guard that sits inside the
security-header middleware (so even a 500 carries the headers), and an
OpenAPI that documents the error shape the app really sends, so schema-driven
clients and fuzzers can hold every answer to it.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nnguide.lessons.messages import LessonError
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
    """Turn an unhandled exception into a plain 500 inside the other middleware.

    Starlette answers crashes in its outermost layer, outside any middleware we
    add, so that answer would lack the security headers. The trace goes to the
    server log, never to the client.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise
            log.error("unhandled error on %s", scope.get("path"), exc_info=exc)
            await send_json(send, 500, dumps(INTERNAL))


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
