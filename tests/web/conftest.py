from __future__ import annotations

import os
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from nnguide.web import create_app
from nnguide.web.protocol import GuardedProtocol
from nnguide.web.settings import Settings


@pytest.fixture(scope="session")
def client() -> TestClient:
    return TestClient(create_app(), base_url="http://localhost")


@dataclass
class LiveServer:
    """A real uvicorn server with our protocol, in a thread of this process, on loopback."""

    server: uvicorn.Server
    thread: threading.Thread
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def connect(self, timeout: float = 10) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)


def start_live(app: Any, settings: Settings) -> LiveServer:
    protocol = type("TestProtocol", (GuardedProtocol,), {"settings": settings})
    config = uvicorn.Config(
        app,
        http=protocol,
        log_level="critical",
        timeout_keep_alive=settings.keep_alive_timeout,
        timeout_graceful_shutdown=settings.graceful_shutdown,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "live server did not start"
        time.sleep(0.01)
    return LiveServer(server, thread, port)


def stop_live(live: LiveServer) -> None:
    live.server.should_exit = True
    live.thread.join(timeout=30)
    assert not live.thread.is_alive(), "live server did not stop"


@pytest.fixture
def live_server() -> Iterator[Callable[[Any, Settings], LiveServer]]:
    """``live_server(app, settings)`` starts a server; all stop when the test ends."""
    started: list[LiveServer] = []

    def start(app: Any, settings: Settings) -> LiveServer:
        started.append(start_live(app, settings))
        return started[-1]

    yield start
    for live in started:
        stop_live(live)


@pytest.fixture
def isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve`` writes its settings into os.environ for its workers; keep them out of ours."""
    monkeypatch.setattr(
        os, "environ", {k: v for k, v in os.environ.items() if not k.startswith("NNGUIDE_")}
    )
