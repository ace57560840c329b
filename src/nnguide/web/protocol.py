"""uvicorn's HTTP protocol with the limits a server facing a classroom needs.

uvicorn closes idle kept-alive connections, but nothing bounds how long a client may take to
send a request: a connection that says nothing, sends its headers a byte at a time, or stops
half-way through its body stays open for ever, and twenty thousand of them use up the file
descriptors. This subclass of uvicorn's httptools protocol adds:

- a **header deadline**: the request line and headers must arrive within ``header_timeout``
  seconds of connecting (or of the previous answer, on a kept-alive connection), and be at
  most 64 KiB in 100 headers (431 beyond);
- a **body deadline**: the body must arrive within ``body_timeout`` seconds of the headers
  (then 408, and the connection closes; the app sees the client leave and stops);
- a **send deadline**: an answer the client leaves unread for ``send_timeout`` seconds drops
  the connection;
- a **connection cap** per worker below the file-descriptor limit: connections over it are
  closed as soon as they are accepted;
- uvicorn's own answer to a malformed request (plain text) becomes our JSON error shape,
  with our security headers.

Deadlines are checked by one sweep per second over the open connections, so a request pays
for a timestamp, not a timer.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import socket
import struct
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from nnguide.web.security import CSP, HEADERS
from nnguide.web.settings import Settings

MAX_HEAD_BYTES = 64 * 1024
MAX_HEADERS = 100
SWEEP_SECONDS = 0.5

_HEAD, _BODY, _APP = 0, 1, 2


class _HeadTooLarge(Exception):
    pass


def connection_cap(settings: Settings) -> int:
    """Connections one worker keeps open: the setting, or what the fd limit leaves room for."""
    if settings.max_connections > 0:
        return settings.max_connections
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    # Room for the listening socket, static files being sent, numpy's and Python's own files.
    return max(16, soft - max(64, soft // 10))


def raise_fd_limit() -> int:
    """Raise the soft limit on open files to the hard limit where allowed; return the soft one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):  # e.g. macOS refuses more than OPEN_MAX
            pass
    return soft


def _error(status: bytes, detail: bytes) -> bytes:
    body = b'{"detail":"' + detail + b'"}'
    head = [
        b"HTTP/1.1 " + status,
        b"content-type: application/json",
        b"content-length: " + str(len(body)).encode(),
        b"connection: close",
        *(name + b": " + value for name, value in HEADERS),
        b"content-security-policy: " + CSP.encode(),
    ]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


BAD_REQUEST = _error(b"400 Bad Request", b"this is not a valid HTTP request")
HEAD_TOO_LARGE = _error(
    b"431 Request Header Fields Too Large",
    b"the request line and headers are over 64 KB or 100 headers",
)
BODY_TIMEOUT = _error(b"408 Request Timeout", b"the request body did not arrive in time")


class GuardedProtocol(HttpToolsProtocol):
    settings: Settings | None = None  # read from the environment once per process (or preset)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cls = type(self)
        if cls.settings is None:
            cls.settings = Settings.from_env()
        self._limits = cls.settings
        self._cap = connection_cap(self._limits)
        self._phase = _HEAD
        self._deadline: float | None = None
        self._stalled_since: float | None = None
        self._in_message = False
        self._head_bytes = 0
        self._n_headers = 0
        self._head_too_large = False

    # -- connection ----------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self._cap:
            transport.abort()
            return
        self._await_head()
        _sweeper(self)

    def _await_head(self) -> None:
        self._phase = _HEAD
        self._deadline = self.loop.time() + self._limits.header_timeout

    def pause_writing(self) -> None:
        super().pause_writing()
        self._stalled_since = self.loop.time()

    def resume_writing(self) -> None:
        super().resume_writing()
        self._stalled_since = None

    def check(self, now: float) -> None:
        """Called by the sweep: close the connection if a deadline has passed."""
        stalled = self._stalled_since
        # Checked even on a closing transport: a graceful close waits for the unread answer.
        if stalled is not None and now - stalled > self._limits.send_timeout:
            self._reset()
        elif self.transport.is_closing():
            return
        elif self._deadline is not None and now > self._deadline:
            cycle = self.cycle
            if self._phase == _BODY and cycle is not None and not cycle.response_started:
                cycle.disconnected = True  # the app's own answer, if any, goes nowhere
                cycle.message_event.set()
                self.transport.write(BODY_TIMEOUT)
            self.transport.close()

    def _reset(self) -> None:
        """Drop the connection now, with what the kernel still holds for it (RST, not FIN)."""
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()

    # -- parser callbacks ----------------------------------------------------------------
    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_message = True
        self._head_bytes = self._n_headers = 0

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._n_headers += 1
        self._count(len(name) + len(value))
        super().on_header(name, value)

    def _count(self, n: int) -> None:
        self._head_bytes += n
        if self._head_bytes > MAX_HEAD_BYTES or self._n_headers > MAX_HEADERS:
            self._head_too_large = True
            raise _HeadTooLarge  # httptools turns this into a parser error: see below

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._phase = _BODY
        self._deadline = self.loop.time() + self._limits.body_timeout

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_message = False
        if self.cycle is not None and self.cycle.response_complete:
            self._await_head()  # answered early (e.g. 413): the next request's clock starts
        else:
            self._phase, self._deadline = _APP, None

    def on_response_complete(self) -> None:
        pipelined = bool(self.pipeline)
        super().on_response_complete()
        if pipelined:
            self._phase, self._deadline = _APP, None
        elif not self._in_message:
            self._await_head()

    def send_400_response(self, msg: str) -> None:
        self.transport.write(HEAD_TOO_LARGE if self._head_too_large else BAD_REQUEST)
        self.transport.close()


def _sweeper(protocol: GuardedProtocol) -> None:
    """Start the twice-a-second deadline check for this server, if it is not running."""
    state, loop, connections = protocol.server_state, protocol.loop, protocol.connections
    if getattr(state, "nnguide_sweeping", False):
        return
    state.nnguide_sweeping = True  # type: ignore[attr-defined]

    def sweep() -> None:
        now = loop.time()
        for conn in list(connections):
            if isinstance(conn, GuardedProtocol):
                conn.check(now)
        if connections:
            loop.call_later(SWEEP_SECONDS, sweep)
        else:
            state.nnguide_sweeping = False  # type: ignore[attr-defined]

    loop.call_later(SWEEP_SECONDS, sweep)
