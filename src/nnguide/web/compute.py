"""Numeric work runs in a small pool of its own, fairly shared, and stops when nobody waits.

The event loop must stay free for the page: ``GET /``, static files (read in anyio's own
thread pool) and cheap requests never queue behind training. So:

- ``async def`` endpoints run on the event loop and must be cheap (well under a millisecond
  or two of work);
- anything heavier is a plain ``def`` endpoint decorated with :func:`offload`, or calls
  ``await run(fn, ...)``: it runs in this pool of ``compute_threads`` threads per worker.

The pool is shared fairly. Each client (IP address) runs at most ``threads - 1`` jobs at a
time (one if the pool has a single thread), so one client never holds every thread; waiting
jobs start round-robin across clients. A client with ``jobs_per_client`` jobs running or
waiting gets 429 with ``Retry-After``; when ``queue_limit`` jobs wait in all, 503.

Work stops when its client disconnects, or the server stops: pass :func:`checkpoint` as the
core's ``on_step`` callback (``descend(..., on_step=checkpoint)``); it raises
:class:`JobCancelled` in the worker thread, which ends the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import inspect
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

P = ParamSpec("P")
T = TypeVar("T")


class JobCancelled(Exception):
    """Raised by :func:`checkpoint` inside a job whose answer nobody will read."""


class ClientGone(Exception):
    """The client hung up while its job ran or waited: there is no one to answer."""


_local = threading.local()


def checkpoint(_step: int = 0) -> None:
    """Stop the current job if it was cancelled (usable as ``on_step``; costs ~0.1 µs)."""
    job = getattr(_local, "job", None)
    if job is not None and job.cancelled:
        raise JobCancelled


class _Job:
    __slots__ = ("cancelled",)

    def __init__(self) -> None:
        self.cancelled = False


def _in_thread(job: _Job, fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
    if job.cancelled:
        raise JobCancelled
    _local.job = job
    try:
        return fn(*args, **kwargs)
    finally:
        _local.job = None


def _retry(status: int, detail: str, seconds: int) -> HTTPException:
    return HTTPException(status, detail, headers={"Retry-After": str(seconds)})


class ComputePool:
    """A bounded, fair thread pool for one worker process (see the module docstring)."""

    def __init__(self, threads: int, jobs_per_client: int = 8, queue_limit: int = 256) -> None:
        self.threads = max(1, threads)
        self.run_cap = max(1, self.threads - 1)
        self.jobs_per_client = max(1, jobs_per_client)
        self.queue_limit = queue_limit
        self._executor: ThreadPoolExecutor | None = None
        self._free = self.threads
        self._running: dict[str, int] = {}
        self._held: dict[str, int] = {}
        self._waiting: dict[str, deque[asyncio.Future[None]]] = {}
        self._n_waiting = 0
        self._jobs: set[_Job] = set()
        self.closed = False

    # -- bookkeeping, always on the event loop's thread --------------------------------
    def _can_start(self, client: str) -> bool:
        return (
            self._free > 0
            and self._running.get(client, 0) < self.run_cap
            and client not in self._waiting
        )

    def _take(self, client: str) -> None:
        self._free -= 1
        self._running[client] = self._running.get(client, 0) + 1

    def _release(self, client: str) -> None:
        self._free += 1
        self._running[client] -= 1
        if not self._running[client]:
            del self._running[client]
        self._unhold(client)
        self._dispatch()

    def _unhold(self, client: str) -> None:
        self._held[client] -= 1
        if not self._held[client]:
            del self._held[client]

    def _dispatch(self) -> None:
        """Give free threads to waiting jobs, one client after another."""
        while self._free > 0 and self._waiting:
            for client in list(self._waiting):
                if self._running.get(client, 0) < self.run_cap:
                    break
            else:
                return  # every waiting client already runs as many jobs as it may
            queue = self._waiting.pop(client)
            waiter = queue.popleft()
            self._n_waiting -= 1
            if queue:
                self._waiting[client] = queue  # to the back of the line
            self._take(client)
            waiter.set_result(None)

    async def _wait_for_thread(self, client: str, gone: asyncio.Future[None] | None) -> None:
        if self._n_waiting >= self.queue_limit:
            raise _retry(503, "the server is busy; try again in a moment", 2)
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(client, deque()).append(waiter)
        self._n_waiting += 1
        try:
            await _first(waiter, gone)
        except BaseException:
            if not waiter.done():
                waiter.cancel()
            if not waiter.cancelled() and waiter.exception() is None:
                # A thread was given to us just as we stopped waiting: hand it on.
                self._held[client] += 1  # _release drops this hold; the caller drops its own
                self._release(client)
            else:
                self._forget(client, waiter)
            raise
        if not waiter.done():  # the client left while waiting
            waiter.cancel()
            self._forget(client, waiter)
            raise ClientGone

    def _forget(self, client: str, waiter: asyncio.Future[None]) -> None:
        queue = self._waiting.get(client)
        if queue is not None and waiter in queue:
            queue.remove(waiter)
            self._n_waiting -= 1
            if not queue:
                del self._waiting[client]

    # -- the API ------------------------------------------------------------------------
    async def run(
        self,
        client: str,
        gone: asyncio.Future[None] | None,
        fn: Callable[..., T],
        *args: Any,
        **kwargs: Any,
    ) -> T:
        if self.closed:
            raise _retry(503, "the server is stopping; try again in a moment", 5)
        if self._held.get(client, 0) >= self.jobs_per_client:
            raise _retry(
                429,
                f"too many requests at once from one client (at most {self.jobs_per_client}); "
                "wait for an answer before asking again",
                1,
            )
        self._held[client] = self._held.get(client, 0) + 1
        try:
            if self._can_start(client):
                self._take(client)
            else:
                await self._wait_for_thread(client, gone)
        except BaseException:
            self._unhold(client)
            raise
        # From here the thread and the hold are given back when the job really ends, so a
        # cancelled job that is still finishing its step keeps counting against its client.
        loop = asyncio.get_running_loop()
        job = _Job()
        self._jobs.add(job)
        done = functools.partial(self._finished, loop, client, job)
        try:
            future = self._pool().submit(_in_thread, job, fn, args, kwargs)
        except BaseException:
            self._jobs.discard(job)
            self._release(client)
            raise
        future.add_done_callback(done)
        answer = asyncio.wrap_future(future, loop=loop)
        try:
            await _first(answer, gone)
        except BaseException:  # cancelled: the server is stopping
            job.cancelled = True
            future.cancel()
            raise
        if not answer.done():
            job.cancelled = True
            future.cancel()
            answer.cancel()
            raise ClientGone
        return answer.result()

    def _finished(
        self, loop: asyncio.AbstractEventLoop, client: str, job: _Job, _: Future[Any]
    ) -> None:
        def release() -> None:
            self._jobs.discard(job)
            self._release(client)

        with contextlib.suppress(RuntimeError):  # a closed loop: the process is ending
            loop.call_soon_threadsafe(release)

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="nnguide-compute")
        return self._executor

    def open(self) -> None:
        """Take work again (an app's lifespan can start again after it ended, in tests)."""
        self.closed = False

    def close(self) -> None:
        """Stop everything: running jobs at their next checkpoint, waiting jobs at once."""
        self.closed = True
        for job in self._jobs:
            job.cancelled = True
        for queue in self._waiting.values():
            for waiter in queue:
                if not waiter.done():
                    waiter.set_exception(
                        _retry(503, "the server is stopping; try again in a moment", 5)
                    )
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None  # a new one if the pool opens again


async def _first(main: asyncio.Future[Any], gone: asyncio.Future[None] | None) -> None:
    """Wait until ``main`` is done or the client is gone (whichever comes first)."""
    if gone is None:
        await asyncio.shield(main) if not main.done() else None
        return
    await asyncio.wait([main, gone], return_when=asyncio.FIRST_COMPLETED)


# -- the request's context: which pool, which client, has it gone ---------------------------


class _Watch:
    """Stands between the app and ``receive`` to notice a client hanging up mid-request.

    Started only when a job needs it, after the body has been read: from then on it owns
    ``receive`` and answers the app's own later calls with the disconnect when it comes.
    """

    __slots__ = ("_receive", "_gone", "_task")

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._gone: asyncio.Future[None] | None = None
        self._task: asyncio.Task[None] | None = None

    async def receive(self) -> Message:
        if self._gone is None:
            return await self._receive()
        await self._gone
        return {"type": "http.disconnect"}

    def gone(self) -> asyncio.Future[None]:
        if self._gone is None:
            loop = asyncio.get_running_loop()
            self._gone = loop.create_future()
            self._task = loop.create_task(self._watch())
        return self._gone

    async def _watch(self) -> None:
        while (await self._receive())["type"] != "http.disconnect":
            pass
        assert self._gone is not None
        if not self._gone.done():
            self._gone.set_result(None)

    def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()


@dataclass(frozen=True)
class _Context:
    pool: ComputePool
    client: str
    watch: _Watch | None


_current: contextvars.ContextVar[_Context | None] = contextvars.ContextVar(
    "nnguide_compute", default=None
)
_fallback: ComputePool | None = None


class ComputeScope:
    """ASGI middleware: gives each request its pool, its client's key and a hang-up watch."""

    def __init__(self, app: ASGIApp, pool: ComputePool) -> None:
        self.app = app
        self.pool = pool

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        watch = _Watch(receive)
        token = _current.set(_Context(self.pool, client[0] if client else "?", watch))
        try:
            await self.app(scope, watch.receive, send)
        finally:
            watch.close()
            _current.reset(token)


async def run(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``fn(*args, **kwargs)`` in the compute pool and return its result.

    Raises 429/503 ``HTTPException`` when the client or the server is over its limits, and
    :class:`ClientGone` when the client hangs up first (the error middleware then answers
    nobody).
    """
    ctx = _current.get()
    if ctx is None:  # outside a request (a script, a test): a pool of its own
        global _fallback
        if _fallback is None:
            _fallback = ComputePool(2)
        return await _fallback.run("local", None, fn, *args, **kwargs)
    gone = ctx.watch.gone() if ctx.watch is not None else None
    return await ctx.pool.run(ctx.client, gone, fn, *args, **kwargs)


def offload(fn: Callable[P, T]) -> Callable[P, Any]:
    """Decorate a plain ``def`` endpoint so that FastAPI runs it in the compute pool.

    Put it under the route decorator. The endpoint keeps its signature (FastAPI reads the
    parameters from it), and now runs here instead of anyio's default thread pool.
    """

    @functools.wraps(fn)
    async def endpoint(*args: P.args, **kwargs: P.kwargs) -> T:
        return await run(fn, *args, **kwargs)

    # Annotations resolved now, in the endpoint's own module, whatever FastAPI version reads them.
    endpoint.__signature__ = inspect.signature(fn, eval_str=True)  # type: ignore[attr-defined]
    return endpoint
