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
    messages = {
        f.name: getattr(result, f.name)
        for f in dataclasses.fields(result)
        if isinstance(getattr(result, f.name), Message)
    }
    body = dataclasses.asdict(result)
    for name, message in messages.items():
        body[name] = message.english()
        body[f"{name}_code"] = {"code": message.code, "params": message.params}
    return body
