"""Messages as codes with parameters, and the one error a lesson raises.

A lesson never returns an English sentence as its only output: it returns a
:class:`Message` — a code and the numbers it mentions — so the page can word it
in the reader's language. :meth:`Message.english` gives the English wording,
used by the CLI, the API's ``message`` field and the tests; the page's catalogs word
the same codes (``msg.<code>`` in ``web/static/i18n/<lang>.json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _plural(n: int, word: str = "step") -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


_ENGLISH = {
    "steps_taken": lambda p: f"{_plural(p['steps'])} taken.",
    "diverged": lambda p: (
        f"Diverged after {p['steps']:,} of {p['wanted']:,} steps: the learning rate is too large, "
        "so each step overshoots and the error grows. Lower it, or press Reset."
    ),
    "diverged_classify": lambda p: (
        f"Diverged after {p['steps']:,} of {p['wanted']:,} steps: the learning rate is too large "
        "for these inputs, so each step overshoots. Lower it, or press Reset."
    ),
    "diverged_digits": lambda p: (
        f"Stopped after {p['steps']:,} of {p['wanted']:,} steps: the numbers blew up. "
        "The learning rate is too large; lower it and press Reset."
    ),
    "error_went_up": lambda p: (
        "The error went up: the learning rate is too large and the steps overshoot."
    ),
    "loss_went_up": lambda p: (
        "The loss went up: the learning rate is too large and the steps overshoot."
    ),
    "bouncing": lambda p: (
        "The error is not going down: each step jumps across the valley and lands just as "
        "high on the other side. Lower the learning rate."
    ),
}


@dataclass(frozen=True)
class Message:
    """A message code and its parameters, e.g. ``Message("diverged", {"steps": 86, ...})``."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def english(self) -> str:
        return _ENGLISH[self.code](self.params)


class LessonError(ValueError):
    """A request a lesson cannot answer (e.g. numbers that overflow), in one clear sentence."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


OVERFLOW = "these parameters make the numbers overflow; choose smaller values"
