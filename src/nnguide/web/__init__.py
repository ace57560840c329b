"""The guide's web app: FastAPI, one thin router per lesson, static page inside the package.

Importing ``nnguide.web`` is cheap: the app (and FastAPI with it) loads only
when ``create_app`` is first used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from nnguide.web.app import create_app

        return create_app
    raise AttributeError(f"module 'nnguide.web' has no attribute {name!r}")
