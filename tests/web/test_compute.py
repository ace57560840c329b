"""Isolation: numeric work runs in a bounded, fair pool of its own and stops when nobody waits.

Unit tests drive ``ComputePool`` on an event loop of their own (in a thread: browser tests
keep a loop running in the main thread); live tests run a real server on loopback with test
routes whose "training" blocks or spins until told, so nothing depends on CPU speed.
"""

from __future__ import annotations

import asyncio
import inspect
import socket
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx
import pytest
from fastapi import FastAPI, HTTPException
from fastapi.routing import APIRoute

from nnguide.web import compute, create_app
from nnguide.web.compute import ClientGone, ComputePool, JobCancelled, checkpoint
from nnguide.web.settings import Settings

T = TypeVar("T")
WAIT = 10.0  # generous bound for "soon"; nothing here measures speed


def _run(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result(timeout=60)


class Gate:
    """Jobs that block until released, recording which started, in order."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.release = threading.Event()
        self.lock = threading.Lock()

    def job(self, name: str) -> str:
        with self.lock:
            self.started.append(name)
        assert self.release.wait(WAIT)
        return name


async def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.005)


def test_a_client_over_its_job_limit_gets_429_and_others_still_get_in() -> None:
    async def main() -> None:
        pool, gate = ComputePool(threads=2, jobs_per_client=2), Gate()
        a = [asyncio.create_task(pool.run("a", None, gate.job, f"a{i}")) for i in range(2)]
        await asyncio.sleep(0)
        with pytest.raises(HTTPException) as refused:
            await pool.run("a", None, gate.job, "a2")
        assert refused.value.status_code == 429
        assert refused.value.headers == {"Retry-After": "1"}
        b = asyncio.create_task(pool.run("b", None, gate.job, "b0"))
        await _until(lambda: "b0" in gate.started)
        gate.release.set()
        assert await asyncio.gather(*a, b) == ["a0", "a1", "b0"]
        pool.close()

    _run(main)


def test_one_client_never_holds_every_thread() -> None:
    async def main() -> None:
        pool, gate = ComputePool(threads=2), Gate()
        a = [asyncio.create_task(pool.run("a", None, gate.job, f"a{i}")) for i in range(3)]
        await _until(lambda: gate.started == ["a0"])
        b = asyncio.create_task(pool.run("b", None, gate.job, "b0"))
        await _until(lambda: gate.started == ["a0", "b0"])  # a1 and a2 still wait
        gate.release.set()
        await asyncio.gather(*a, b)
        pool.close()

    _run(main)


def test_waiting_jobs_take_turns_across_clients() -> None:
    async def main() -> None:
        pool, gate = ComputePool(threads=1), Gate()
        tasks = [asyncio.create_task(pool.run("a", None, gate.job, f"a{i}")) for i in range(3)]
        await _until(lambda: gate.started == ["a0"])
        tasks.append(asyncio.create_task(pool.run("b", None, gate.job, "b0")))
        await asyncio.sleep(0.01)
        gate.release.set()
        await asyncio.gather(*tasks)
        assert gate.started == ["a0", "a1", "b0", "a2"]  # not behind all of a's queue
        pool.close()

    _run(main)


def test_a_full_queue_answers_503() -> None:
    async def main() -> None:
        pool, gate = ComputePool(threads=1, queue_limit=2), Gate()
        tasks = [asyncio.create_task(pool.run(c, None, gate.job, c)) for c in "abc"]
        await _until(lambda: gate.started == ["a"])
        with pytest.raises(HTTPException) as busy:
            await pool.run("d", None, gate.job, "d")
        assert busy.value.status_code == 503 and "Retry-After" in (busy.value.headers or {})
        gate.release.set()
        await asyncio.gather(*tasks)
        pool.close()

    _run(main)


class Spinner:
    """A long job that checks in between steps, as training does with ``on_step``."""

    def __init__(self, steps: int = 3000) -> None:
        self.steps = steps
        self.done = 0
        self.ended = threading.Event()
        self.stopped_early = False

    def run(self) -> int:
        try:
            for k in range(self.steps):
                checkpoint(k)
                time.sleep(0.005)
                self.done += 1
        except JobCancelled:
            self.stopped_early = True
            raise
        finally:
            self.ended.set()
        return self.done


def test_a_job_stops_when_its_client_hangs_up() -> None:
    spinner = Spinner()

    async def main() -> None:
        pool = ComputePool(threads=1)
        gone = asyncio.get_running_loop().create_future()
        task = asyncio.create_task(pool.run("a", gone, spinner.run))
        await _until(lambda: spinner.done > 0)
        gone.set_result(None)
        with pytest.raises(ClientGone):
            await task
        await asyncio.to_thread(spinner.ended.wait, WAIT)
        # The thread is free again for the next client.
        assert await pool.run("b", None, lambda: "next") == "next"
        pool.close()

    _run(main)
    assert spinner.stopped_early and spinner.done < spinner.steps


def test_closing_the_pool_stops_running_and_waiting_jobs() -> None:
    spinner, gate = Spinner(), Gate()

    async def main() -> None:
        pool = ComputePool(threads=1)
        running = asyncio.create_task(pool.run("a", None, spinner.run))
        waiting = asyncio.create_task(pool.run("b", None, gate.job, "b"))
        await _until(lambda: spinner.done > 0)
        pool.close()
        with pytest.raises(HTTPException) as stopped:
            await waiting
        assert stopped.value.status_code == 503
        with pytest.raises(JobCancelled):
            await running

    _run(main)
    assert spinner.stopped_early and gate.started == []


def test_no_endpoint_runs_in_anyio_s_shared_thread_pool() -> None:
    """Plain ``def`` endpoints would share anyio's 40 threads with static files."""
    sync = [
        route.path
        for route in create_app().routes
        if isinstance(route, APIRoute) and not inspect.iscoroutinefunction(route.endpoint)
    ]
    assert not sync, f"decorate these with @compute.offload (or make them async): {sync}"


def test_offloaded_endpoints_keep_their_schema_and_run_in_the_pool() -> None:
    from fastapi.testclient import TestClient

    app = create_app()

    @app.get("/api/test/thread")
    @compute.offload
    def where(n: int = 1) -> dict[str, Any]:
        return {"thread": threading.current_thread().name, "n": n}

    body = TestClient(app, base_url="http://localhost").get("/api/test/thread?n=3").json()
    assert body == {"thread": body["thread"], "n": 3}
    assert body["thread"].startswith("nnguide-compute")
    params = app.openapi()["paths"]["/api/regression/landscape"]["post"]
    assert params["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "LandscapeRequest"
    )


# -- a real server --------------------------------------------------------------------------


def _app_with_test_routes(settings: Settings, gate: Gate, spinner: Spinner) -> FastAPI:
    app = create_app(settings)

    @app.post("/api/test/block")
    @compute.offload
    def block() -> dict[str, str]:
        return {"job": gate.job("x")}

    @app.post("/api/test/spin")
    @compute.offload
    def spin() -> dict[str, int]:
        return {"steps": spinner.run()}

    return app


def _send(sock: socket.socket, path: str) -> None:
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n".encode())


def test_the_page_answers_while_training_fills_the_pool(live_server: Any) -> None:
    """60 "training" requests hold the pool (1 thread) and its queue; the page still loads.

    With plain ``def`` endpoints they held anyio's 40 threads instead, and ``GET /`` and
    the static files, read in those same threads, waited behind them.
    """
    gate = Gate()
    settings = Settings(compute_threads=1, jobs_per_client=100)
    live = live_server(_app_with_test_routes(settings, gate, Spinner()), settings)
    socks = [live.connect() for _ in range(60)]
    try:
        for sock in socks:
            _send(sock, "/api/test/block")
        with httpx.Client(base_url=live.url, timeout=WAIT, headers={"host": "localhost"}) as http:
            deadline = time.monotonic() + WAIT
            while not gate.started:
                assert time.monotonic() < deadline
                time.sleep(0.01)
            for path in ("/", "/static/js/main.js", "/static/css/guide.css", "/api/health"):
                assert http.get(path).status_code == 200, path
            r = http.post("/api/regression/evaluate", json={"weights": [0.1], "bias": 1})
            assert r.status_code == 200
            assert gate.started == ["x"]  # the pool was full all along
    finally:
        gate.release.set()
        for sock in socks:
            sock.close()


def test_work_stops_when_the_client_disconnects(live_server: Any) -> None:
    spinner = Spinner()
    settings = Settings(compute_threads=1)
    live = live_server(_app_with_test_routes(settings, Gate(), spinner), settings)
    with live.connect() as sock:
        _send(sock, "/api/test/spin")
        deadline = time.monotonic() + WAIT
        while spinner.done == 0:
            assert time.monotonic() < deadline
            time.sleep(0.01)
    assert spinner.ended.wait(WAIT), "the job went on after its client left"
    assert spinner.stopped_early and spinner.done < spinner.steps


def test_too_many_jobs_from_one_client_get_429_in_our_shape(live_server: Any) -> None:
    gate = Gate()
    settings = Settings(compute_threads=2, jobs_per_client=2)
    live = live_server(_app_with_test_routes(settings, gate, Spinner()), settings)
    socks = [live.connect() for _ in range(2)]
    try:
        for sock in socks:
            _send(sock, "/api/test/block")
        with httpx.Client(base_url=live.url, timeout=WAIT, headers={"host": "localhost"}) as http:
            deadline = time.monotonic() + WAIT
            while not gate.started:
                assert time.monotonic() < deadline
                time.sleep(0.01)
            r = http.post("/api/test/block")
            assert r.status_code == 429
            assert r.headers["retry-after"] == "1"
            assert r.headers["x-frame-options"] == "DENY"
            assert "too many requests" in r.json()["detail"]
            assert http.get("/api/health").status_code == 200  # cheap requests are not capped
    finally:
        gate.release.set()
        for sock in socks:
            sock.close()
