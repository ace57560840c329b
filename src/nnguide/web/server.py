"""``nnguide serve``: start the app on a free port, print the URL, open a browser.

Also what a server facing a classroom needs from the process: the Host names it answers
to, a raised open-files limit, bounded timeouts (see ``protocol.py``), a short graceful
stop, and worker processes that exit when their parent does.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from nnguide.web.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
#: Set by ``serve`` for its worker processes: the pid they must not outlive.
SUPERVISOR_ENV = "NNGUIDE_SUPERVISOR_PID"
PR_SET_PDEATHSIG = 1


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def find_port(host: str, start: int, tries: int = 50) -> int:
    for port in range(start, min(start + tries, 65536)):
        if _port_free(host, port):
            return port
    raise OSError(f"no free port between {start} and {start + tries - 1}")


def _has_display() -> bool:
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = True,
    workers: int = 1,
    allowed_hosts: Iterable[str] = (),
    data: str | None = None,
    data_target: str | None = None,
    root_path: str = "",
    allow_embedding: Iterable[str] = (),
) -> int:
    import uvicorn

    from nnguide.errors import NnguideError
    from nnguide.web.protocol import raise_fd_limit

    if not 1 <= workers <= 64:
        raise NnguideError("--workers must be between 1 and 64")
    if not 1 <= port <= 65535:
        raise NnguideError("--port must be between 1 and 65535")
    try:
        chosen = find_port(host, port)
    except OSError as err:
        raise NnguideError(f"cannot listen on {host}: {err}") from None
    if chosen != port:
        print(f"Port {port} is taken; using {chosen} instead.")
    try:
        settings = Settings.for_serve(
            host, allowed_hosts, workers, allow_embedding=allow_embedding, root_path=root_path
        )
    except ValueError as err:
        raise NnguideError(f"--allow-embedding or --root-path: {err}") from None
    if data is not None:  # the page offers this file among its datasets (checked by the CLI)
        settings = replace(settings, data_path=data, data_target=data_target or "")
    os.environ.update(settings.to_env())  # every worker process reads its settings from here
    if workers > 1:
        os.environ[SUPERVISOR_ENV] = str(os.getpid())
        for name in BLAS_THREAD_VARS:
            os.environ.setdefault(name, "1")
    raise_fd_limit()  # inherited by the workers
    shown_host = "localhost" if host in LOCAL_HOSTS else host
    url = f"http://{shown_host}:{chosen}{settings.root_path}/"
    if host not in LOCAL_HOSTS:
        print(f"Notice: listening on {host}, so other machines on the network can open the guide.")
        names = sorted(settings.allowed_hosts)
        by_ip = " and any IP address" if settings.allow_ip_hosts else ""
        print(
            "It answers to localhost" + "".join(f", {n}" for n in names) + by_ip + "; "
            "add a name learners type with --allowed-host NAME."
        )
    print(f"nnguide is running at {url}  (Ctrl-C to stop)", flush=True)
    if open_browser and _has_display():
        threading.Timer(0.8, lambda: webbrowser.open(url)).start()
    uvicorn.run(
        "nnguide.web.server:worker_app",
        factory=True,
        host=host,
        port=chosen,
        workers=workers,
        log_level="warning",
        server_header=False,
        http="nnguide.web.protocol:GuardedProtocol",
        timeout_keep_alive=settings.keep_alive_timeout,
        timeout_graceful_shutdown=settings.graceful_shutdown,
    )
    print("nnguide stopped.")
    return 0


def worker_app() -> FastAPI:
    """The factory every server process calls: process set-up, then the app."""
    from nnguide.web.app import create_app

    exit_with_parent()
    one_blas_thread()
    # A request waiting for the GIL behind a training step waits at most this long (5 ms by
    # default): the page's answers come first, training barely slows.
    sys.setswitchinterval(0.001)
    return create_app()


#: Variables the BLAS libraries read when numpy loads them (workers are fresh processes).
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    """One BLAS thread per process: the server's parallelism is its workers and pool threads.

    A multi-threaded BLAS would give one training request every core (its idle threads
    spinning between calls), starving the event loops that serve the page.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a scikit-learn dependency
        return
    threadpool_limits(limits=1, user_api="blas")


def exit_with_parent() -> None:
    """In a worker process, stop (gracefully, by SIGTERM) when the supervisor dies.

    uvicorn's supervisor stops its workers when it is told to; killed outright (SIGKILL,
    out of memory) it cannot, and the workers would go on serving with no one to stop them.
    On Linux the kernel sends the signal (``PR_SET_PDEATHSIG``); elsewhere a thread watches
    the parent process id.
    """
    expected = os.environ.get(SUPERVISOR_ENV)
    if not expected:
        return  # not a worker of ``nnguide serve --workers N``
    parent = int(expected)
    if os.getppid() != parent:  # the supervisor died while this worker was starting
        os.kill(os.getpid(), signal.SIGTERM)
        return
    if sys.platform.startswith("linux") and _set_parent_death_signal(signal.SIGTERM):
        if os.getppid() != parent:  # it died before we asked
            os.kill(os.getpid(), signal.SIGTERM)
    # The watch also runs on Linux, as a second line should the signal be missed.

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="nnguide-parent-watch", daemon=True).start()


def _set_parent_death_signal(sig: int) -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False
