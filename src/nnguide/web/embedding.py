"""Who may frame the guide, and under which path it is served.

Framing is refused by default (``frame-ancestors 'none'`` and ``X-Frame-Options:
DENY``). ``nnguide serve --allow-embedding ORIGIN`` (repeatable) lets the named
origins put the guide in a frame, say a course page or an LMS; ``self`` names
the guide's own origin (JupyterLab's tab through jupyter-server-proxy).

The page's URLs are relative, so a proxy that strips its prefix needs nothing.
One that passes ``/prefix/...`` through unchanged needs ``--root-path /prefix``:
the app then routes ``/prefix/api/...`` as ``/api/...`` (and still answers
unprefixed paths), and its OpenAPI names the prefix as the server.

Both are :class:`~nnguide.web.settings.Settings` (``frame_ancestors``,
``root_path``), so they reach every worker process like the server's other limits,
and are checked again when the app is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# scheme://host[:port], the host perhaps starting with "*." (CSP's own wildcard form).
_ORIGIN = re.compile(
    r"\Ahttps?://(\*\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?\Z", re.IGNORECASE
)


def frame_ancestor(text: str) -> str:
    """One ``--allow-embedding`` value as a CSP source, or ValueError saying what is allowed."""
    value = text.strip()
    if value.lower() in ("self", "'self'"):
        return "'self'"
    value = value.rstrip("/")
    if not _ORIGIN.match(value):
        raise ValueError(
            f"{text!r} is not an origin: give scheme://host[:port] such as "
            "https://lms.example.edu (a host may start with *.), or self"
        )
    return value.lower()


def to_env(origins: Iterable[str]) -> str:
    """``--allow-embedding`` values as the setting's text: checked sources, space-separated."""
    return " ".join(frame_ancestor(o) for o in origins)


def ancestors(setting: str) -> tuple[str, ...]:
    """The setting's sources, checked again (it came through the environment)."""
    return tuple(frame_ancestor(v) for v in setting.split())


def route_path(scope: Mapping[str, Any]) -> str:
    """The request's path without the root path a proxy put in front of it (``--root-path``)."""
    path, root = scope.get("path", ""), scope.get("root_path", "")
    if root and (path == root or path.startswith(root + "/")):
        return path[len(root) :] or "/"
    return path


def root_path(text: str) -> str:
    """``--root-path`` as the app wants it: "" or "/a/b" (one leading slash, none trailing)."""
    value = text.strip().strip("/")
    if not value:
        return ""
    if not re.fullmatch(r"[A-Za-z0-9._~!$&'()*+,=:@%/-]+", value) or "//" in value:
        raise ValueError(f"{text!r} is not a URL path such as /nnguide")
    return f"/{value}"


class RootPath:
    """ASGI middleware: requests under ``prefix`` are routed as if the proxy had stripped it.

    Starlette routes ``scope["path"]`` less ``scope["root_path"]`` when the path starts with it,
    and FastAPI names the root path as the server in its OpenAPI; other paths route as they are.
    """

    def __init__(self, app: Any, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.prefix and scope["type"] in ("http", "websocket"):
            scope = {**scope, "root_path": self.prefix}
        await self.app(scope, receive, send)
