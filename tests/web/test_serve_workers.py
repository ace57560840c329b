"""``nnguide serve --workers 2`` as a learner's teacher would run it: a real process tree.

Starts the real command, waits until it answers, checks that two worker
processes serve the stateless API (and that raw-socket path tricks do not
escape /static on the real server), then stops it with SIGTERM or SIGINT
(Ctrl-C) and expects a clean exit: code 0, no traceback, no worker left behind;
also with expensive requests in flight (a few seconds, not minutes), and when the
parent is killed outright (the workers must not go on serving on their own).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest


@dataclass
class Server:
    proc: subprocess.Popen[str]
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry.name))
    return kids


def _is_worker(pid: int) -> bool:
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _wait_until_up(server: Server) -> None:
    for _ in range(600):  # up to ~30 s: each miss waits on the process itself
        try:
            httpx.get(server.url + "/api/health", timeout=2).raise_for_status()
            return
        except httpx.TransportError:
            try:
                server.proc.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            err = server.proc.stderr.read() if server.proc.stderr else ""
            raise AssertionError(f"server exited: {err}") from None
    raise AssertionError("server did not answer")


def _start() -> Server:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("DISPLAY", None)
    cmd = [sys.executable, "-m", "nnguide", "serve", "--workers", "2", "--no-browser"]
    proc = subprocess.Popen(
        [*cmd, "--port", str(_free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, so cleanup reaches the workers too
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the first line is printed before uvicorn starts
    while line.startswith("Port "):
        line = proc.stdout.readline()
    assert "nnguide is running at http://localhost:" in line, line
    srv = Server(proc, int(line.split("localhost:")[1].split("/")[0]))
    _wait_until_up(srv)
    return srv


def _cleanup(srv: Server) -> None:
    if srv.proc.poll() is None:
        srv.proc.terminate()
        try:
            srv.proc.communicate(timeout=30)
            return
        except subprocess.TimeoutExpired:
            pass
    os.killpg(srv.proc.pid, signal.SIGKILL)  # the group: workers too, or the pipes stay open
    srv.proc.communicate()


@pytest.fixture
def server() -> Iterator[Server]:
    srv = _start()
    try:
        yield srv
    finally:
        _cleanup(srv)


@pytest.fixture(scope="module")
def shared_server() -> Iterator[Server]:
    srv = _start()
    try:
        yield srv
    finally:
        _cleanup(srv)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_serve_with_two_workers_answers_and_stops_cleanly(server: Server, sig: int) -> None:
    workers = [pid for pid in _children(server.proc.pid) if _is_worker(pid)]
    assert len(workers) == 2

    with httpx.Client(base_url=server.url, timeout=10) as http:
        for _ in range(20):  # fresh connections, spread over both workers by the kernel
            r = http.post(
                "/api/regression/train",
                json={"weights": [0.1], "bias": 10, "steps": 10},
                headers={"connection": "close"},
            )
            assert r.status_code == 200 and r.json()["steps_taken"] == 10
        assert http.get("/").headers["x-frame-options"] == "DENY"

    server.proc.send_signal(sig)
    out, err = server.proc.communicate(timeout=30)
    assert server.proc.returncode == 0, err
    assert "nnguide stopped." in out
    assert "Traceback" not in err
    assert not any(_is_worker(pid) for pid in workers)


@pytest.mark.parametrize(
    "target",
    [
        b"/static/../app.py",
        b"/static/%2e%2e/app.py",
        b"/static/%2e%2e%2fapp.py",
        b"/static/..%2f..%2fweb/app.py",
        b"/static/%252e%252e/app.py",
        b"/static/..%5capp.py",
        b"/static//etc/passwd",
        b"/static/%2fetc%2fpasswd",
        b"/static/",
        b"/static/js/",
    ],
)
def test_real_server_keeps_static_in_its_folder(shared_server: Server, target: bytes) -> None:
    """Raw bytes over a socket: no client library tidies the path first."""
    with socket.create_connection(("127.0.0.1", shared_server.port), timeout=10) as sock:
        sock.sendall(
            b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    assert status in (400, 404), data[:200]
    assert b"create_app" not in data and b"root:" not in data


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"  # exited, waiting for its (new) parent to reap it


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_the_parent_is_killed(server: Server) -> None:
    workers = [pid for pid in _children(server.proc.pid) if _is_worker(pid)]
    assert len(workers) == 2 and _answers(server.port)
    server.proc.kill()  # SIGKILL: the supervisor cannot stop its workers itself
    server.proc.wait(timeout=10)
    deadline = time.monotonic() + 40
    while not all(_gone(pid) for pid in workers):
        assert time.monotonic() < deadline, "orphaned workers are still running"
        time.sleep(0.1)
    assert not _answers(server.port)


#: The most expensive requests the API admits (about 100 ms of CPU each on a quiet machine).
EXPENSIVE = [
    ("/api/digits/train", {"steps": 187, "batch_size": 1347}),
    ("/api/classify/train", {"steps": 2000}),
    ("/api/regression/train", {"dataset": "portland", "weights": [0.1, 1], "steps": 2000}),
    ("/api/digits/train", {"steps": 2917, "seed": 1}),
]


def test_sigterm_with_expensive_requests_in_flight_stops_within_seconds(server: Server) -> None:
    def ask(path: str, body: dict) -> None:
        with contextlib.suppress(httpx.TransportError):  # cut off by the shutdown: expected
            httpx.post(server.url + path, json=body, timeout=30)

    threads = [threading.Thread(target=ask, args=item, daemon=True) for item in EXPENSIVE]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # let them arrive; the assertion below does not depend on it
    start = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    out, err = server.proc.communicate(timeout=60)
    took = time.monotonic() - start
    assert took < 15, f"shutdown took {took:.1f} s"
    assert server.proc.returncode == 0, err
    assert "Traceback" not in err
