"""Shared request/response building blocks: finite, bounded numbers only.

Pydantic rejects NaN and infinity here (``allow_inf_nan=False``), so no
request can smuggle them in, and every float we send back is checked too.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from nnguide.lessons.limits import MAX_STEPS_PER_REQUEST

#: Any parameter a learner can set: finite, and far beyond anything sensible in either direction.
Param = Annotated[float, Field(allow_inf_nan=False, ge=-1e12, le=1e12)]
Rate = Annotated[float, Field(allow_inf_nan=False, gt=0, le=1e6)]
Steps = Annotated[int, Field(ge=1, le=MAX_STEPS_PER_REQUEST)]


class Strict(BaseModel):
    """Requests reject unknown fields, so a typo is an error rather than silently ignored.

    Strict types too: ``"standardize": 0`` or ``"steps": "10"`` is an error, not a guess,
    so the API accepts exactly what its schema documents (JSON integers still count as
    numbers).
    """

    model_config = ConfigDict(extra="forbid", strict=True)


class MessageCode(BaseModel):
    """A message as a code and the numbers it mentions, for the page to word in any language."""

    code: str
    params: dict[str, float | int | str | None]
