"""Every JSON answer goes through here: finite numbers only, and errors in one shape.

``FiniteJSONResponse`` is the app's ``default_response_class``, so every route
of every router inherits it. That choice also switches FastAPI off its pydantic
``dump_json`` fast path, which would quietly write ``NaN`` and ``Infinity`` as
``null`` (a lie about the result, and a schema violation). Here a non-finite
number is caught while rendering and becomes a clean 422 that explains itself.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

OVERFLOW_MESSAGE = (
    "the result is not a finite number for these inputs; choose smaller values or a smaller "
    "learning rate"
)


class NonFiniteResult(HTTPException):
    """A route produced NaN or infinity; the learner gets a 422 with a reason, never bad JSON."""

    def __init__(self) -> None:
        super().__init__(422, OVERFLOW_MESSAGE)


def dumps(content: Any) -> bytes:
    """Compact JSON that refuses NaN and infinity (``NonFiniteResult`` instead)."""
    try:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except ValueError as err:
        if "JSON compliant" in str(err):  # json's words for NaN / Infinity
            raise NonFiniteResult() from None
        raise
    return text.encode("utf-8")


class FiniteJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return dumps(content)


class ErrorBody(BaseModel):
    """What every error response looks like: one readable line, plus pydantic's list for 422."""

    detail: str = Field(description="one sentence saying what is wrong")
    errors: list[dict[str, Any]] | None = Field(
        None, description="for invalid requests: where and why, one entry per problem"
    )
