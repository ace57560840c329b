"""Middleware that every response passes through: security headers, a Host allow-list and a
body-size limit.

Written as plain ASGI middleware (not BaseHTTPMiddleware) so it adds almost
nothing to each request's latency.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nnguide.web.embedding import route_path
from nnguide.web.settings import Settings

MAX_BODY_BYTES = 1024 * 1024


def policy(frame_ancestors: str, *, docs: bool = False) -> str:
    """The content security policy: nothing from elsewhere; framing only by ``frame_ancestors``.

    ``/docs`` is Swagger UI (vendored, ``static/vendor/swagger-ui-*``). Its scripts are files
    too, but it sets ``style`` attributes as it renders (React), so that page alone also
    allows inline styles. No page allows inline scripts.
    """
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'" if docs else "style-src 'self'",
            "img-src 'self' data: blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


CSP = policy("'none'")
DOCS_CSP = policy("'none'", docs=True)

HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    """Security headers on every answer; ``frame_ancestors`` are the origins that may frame it."""

    def __init__(self, app: ASGIApp, frame_ancestors: tuple[str, ...] = ()) -> None:
        self.app = app
        ancestors = " ".join(frame_ancestors) or "'none'"
        # X-Frame-Options cannot name origins: with any allowed, CSP's frame-ancestors decides.
        self.headers = [h for h in HEADERS if not (frame_ancestors and h[0] == b"x-frame-options")]
        self.csp = policy(ancestors).encode()
        self.docs_csp = policy(ancestors, docs=True).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = self.docs_csp if route_path(scope) == "/docs" else self.csp

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"server"]
                headers += self.headers + [(b"content-security-policy", csp)]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HostGuard:
    """Answer only requests addressed to this server by a name it knows (DNS rebinding).

    A page on ``evil.example`` whose name the attacker points at 127.0.0.1 is same-origin
    with our server as far as the browser knows, so it could read every answer; but its
    requests say ``Host: evil.example``. Only the names in the settings are served: the
    loopback names, the ``--host`` and ``--allowed-host`` names, and (when listening on
    every interface) IP addresses, which no attacker can re-point.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self._seen: dict[bytes, bool] = {}  # host header → allowed; a handful of distinct values

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = b""
        for name, value in scope["headers"]:
            if name == b"host":
                host = value
                break
        allowed = self._seen.get(host)
        if allowed is None:
            allowed = bool(host) and self.settings.host_allowed(host.decode("latin-1"))
            if len(self._seen) < 1024:  # remember the answer, without growing without bound
                self._seen[host] = allowed
        if allowed:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await send_json(
            send,
            400,
            b'{"detail":"this server does not answer to that host name; '
            b'open it by a name it was started with (see nnguide serve --allowed-host)"}',
        )


class BodySizeLimit:
    """Refuse request bodies over ``limit`` bytes with 413, with or without Content-Length."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = True
                if too_big:
                    await _reply_413(send, self.limit)
                    return
                # The HTTP server never delivers more than the declared length: no counting.
                await self.app(scope, receive, send)
                return
        received = 0
        refused = answered = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    refused = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal answered
            # Frameworks may turn the failed read into an answer of their own (FastAPI: 400);
            # once the body was refused, the answer is 413 whatever they say.
            if not refused:
                await send(message)
            elif message["type"] == "http.response.start" and not answered:
                answered = True
                await _reply_413(send, self.limit)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _TooLarge:
            if not answered:
                await _reply_413(send, self.limit)


class _TooLarge(Exception):
    pass


async def send_json(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Answer with a complete JSON response straight from ASGI middleware."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _reply_413(send: Send, limit: int) -> None:
    body = f'{{"detail":"request body too large (limit {limit // 1024} KB)"}}'.encode()
    await send_json(send, 413, body)
