"""``nnguide serve --workers 2`` as a learner's teacher would run it: a real process tree.

Starts the real command, waits until it answers, checks that two worker
processes serve the stateless API (and that raw-socket path tricks do not
escape /static on the real server), then stops it with SIGTERM or SIGINT
(Ctrl-C) and expects a clean exit: code 0, no traceback, no worker left behind.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
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
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    assert status in (400, 404), data[:200]
    assert b"create_app" not in data and b"root:" not in data
