"""Slow and broken clients, over raw loopback sockets against a real server with our protocol.

Deadlines are set to about a second here; each test waits at most ``BOUND`` seconds for the
server to close the connection, so a server that never does fails the test instead of
hanging it. Nothing measures CPU speed.
"""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.responses import Response

from nnguide.web import create_app
from nnguide.web.settings import Settings

BOUND = 15.0
FAST = Settings(header_timeout=1, body_timeout=1, send_timeout=1, keep_alive_timeout=1)


def _read_until_closed(sock: socket.socket, bound: float = BOUND) -> tuple[bytes, float]:
    """Everything the server sends until it closes; fails if that takes over ``bound``."""
    start = time.monotonic()
    sock.settimeout(bound)
    data = bytearray()
    try:
        while chunk := sock.recv(65536):
            data += chunk
            assert time.monotonic() - start < bound, "still open"
    except ConnectionResetError:
        pass
    except TimeoutError:
        raise AssertionError(f"the server kept the connection open for {bound} s") from None
    return bytes(data), time.monotonic() - start


@pytest.fixture
def server(live_server: Any) -> Any:
    app = create_app(FAST)

    @app.get("/api/test/big")
    async def big() -> Response:
        return Response(b"x" * (32 * 1024 * 1024), media_type="application/octet-stream")

    return live_server(app, FAST)


def test_a_silent_connection_is_closed(server: Any) -> None:
    with server.connect() as sock:
        data, _ = _read_until_closed(sock)
    assert data == b""


def test_headers_sent_a_byte_at_a_time_are_cut_off(server: Any) -> None:
    """Each byte resets no clock: the whole head must arrive within the deadline."""
    head = b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 1000
    with server.connect() as sock:
        start = time.monotonic()
        try:
            for byte in head:
                sock.sendall(bytes([byte]))
                time.sleep(0.05)
                assert time.monotonic() - start < BOUND, "still accepting header bytes"
        except (BrokenPipeError, ConnectionResetError):
            pass  # closed while we were still sending: what we want
        data, _ = _read_until_closed(sock)
    assert b"200 OK" not in data


def test_a_body_that_stops_half_way_gets_408_and_is_closed(server: Any) -> None:
    with server.connect() as sock:
        sock.sendall(
            b"POST /api/regression/evaluate HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n" + b'{"weights":'
        )
        data, _ = _read_until_closed(sock)
    assert data.startswith(b"HTTP/1.1 408 ")
    assert b"x-frame-options: DENY" in data
    assert data.endswith(b'{"detail":"the request body did not arrive in time"}')


def test_an_unread_answer_does_not_hold_the_connection(server: Any) -> None:
    """A client that asks for a big answer and never reads it: the server lets go.

    Without a send deadline uvicorn's graceful close waits for the unread bytes for ever.
    """
    connections = server.server.server_state.connections
    with server.connect() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(b"GET /api/test/big HTTP/1.1\r\nHost: localhost\r\n\r\n")
        deadline = time.monotonic() + BOUND
        while not connections:  # accepted
            assert time.monotonic() < deadline
            time.sleep(0.01)
        while connections:  # the client reads nothing
            assert time.monotonic() < deadline, "the server still holds the connection"
            time.sleep(0.05)
        data, _ = _read_until_closed(sock)
    assert len(data) < 32 * 1024 * 1024  # dropped before the whole answer went out


def test_idle_kept_alive_connections_are_closed(server: Any) -> None:
    with server.connect() as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        data, _ = _read_until_closed(sock)
    assert data.startswith(b"HTTP/1.1 200 ")


def test_oversized_headers_get_431_in_our_shape(server: Any) -> None:
    with server.connect() as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        try:
            for i in range(200):
                sock.sendall(f"X-{i}: {'a' * 500}\r\n".encode())
            sock.sendall(b"\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        data, _ = _read_until_closed(sock)
    assert data.startswith(b"HTTP/1.1 431 ")
    assert b"content-type: application/json" in data and b"x-frame-options: DENY" in data


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET / HTTP/1.1\r\nHost: localhost\r\nBad header\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello on the plain port
        b"GET /\x00 HTTP/1.1\r\nHost: localhost\r\n\r\n",
    ],
    ids=["no-colon", "tls-hello", "nul-in-target"],
)
def test_malformed_requests_get_400_in_our_shape(server: Any, request_bytes: bytes) -> None:
    """uvicorn's own answer was plain text without our headers."""
    with server.connect() as sock:
        sock.sendall(request_bytes)
        data, _ = _read_until_closed(sock)
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"content-type: application/json" in head
    assert b"x-content-type-options: nosniff" in head and b"x-frame-options: DENY" in head
    assert body == b'{"detail":"this is not a valid HTTP request"}'


def test_connections_over_the_cap_are_closed_at_once(live_server: Any) -> None:
    settings = Settings(max_connections=5, header_timeout=60)
    live = live_server(create_app(settings), settings)
    held = [live.connect() for _ in range(5)]
    try:
        with live.connect() as extra:
            data, _ = _read_until_closed(extra)
        assert data == b""
        held.pop().close()
        deadline = time.monotonic() + BOUND
        while True:  # once one leaves, a new client gets in
            with live.connect() as sock:
                sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
                sock.settimeout(BOUND)
                if sock.recv(100).startswith(b"HTTP/1.1 200"):
                    break
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        for sock in held:
            sock.close()


def test_a_request_cut_short_by_shutdown_gets_503_in_our_shape(live_server: Any) -> None:
    """Past the graceful wait, uvicorn cancels requests: a JSON 503, not its plain 500."""
    settings = Settings(graceful_shutdown=1)
    app: FastAPI = create_app(settings)

    @app.get("/api/test/slow")
    async def slow() -> dict[str, str]:
        await asyncio.sleep(60)
        return {}

    live = live_server(app, settings)
    with live.connect() as sock:
        sock.sendall(b"GET /api/test/slow HTTP/1.1\r\nHost: localhost\r\n\r\n")
        time.sleep(0.3)
        live.server.should_exit = True
        data, _ = _read_until_closed(sock)
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 503 "), data[:300]
    assert b"retry-after: 5" in head and b"x-frame-options: DENY" in head
    assert body == b'{"detail":"the server is stopping; try again in a moment"}'
