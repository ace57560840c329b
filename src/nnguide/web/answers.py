"""Lesson results → JSON bodies: the one mapping every router uses.

A lesson returns a dataclass; its messages are codes with parameters. The API
sends both the code (``<field>_code``: ``{"code", "params"}``), for a page that
words it in the reader's language, and the English wording in ``<field>``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from nnguide.lessons.messages import Message


def answer(result: Any) -> dict[str, Any]:
    """A lesson's dataclass as a JSON-ready dict, with messages in both forms."""
    body: dict[str, Any] = {}
    for f in dataclasses.fields(result):
        value = getattr(result, f.name)
        if isinstance(value, Message):
            body[f.name] = value.english()
            body[f"{f.name}_code"] = {"code": value.code, "params": value.params}
        else:
            body[f.name] = _plain(value)
    return body


def _plain(value: Any) -> Any:
    """Dataclasses (at any depth) as dicts; everything else as it is.

    Unlike ``dataclasses.asdict`` nothing is copied: the lists of numbers a lesson built
    are handed on as they are (a 101 × 101 grid or a 2,000-step path would otherwise be
    deep-copied number by number, which cost more than computing them).
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple) and value and _needs_walk(value[0]):
        return [_plain(v) for v in value]
    return value


def _needs_walk(first: Any) -> bool:
    if dataclasses.is_dataclass(first):
        return True
    return isinstance(first, list | tuple) and bool(first) and _needs_walk(first[0])
