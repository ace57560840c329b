"""``nnguide serve``: start the app on a free port, print the URL, open a browser."""

from __future__ import annotations

import os
import socket
import sys
import threading
import webbrowser

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


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
    host: str = "127.0.0.1", port: int = 8000, open_browser: bool = True, workers: int = 1
) -> int:
    import uvicorn

    from nnguide.errors import NnguideError

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
    shown_host = "localhost" if host in LOCAL_HOSTS else host
    url = f"http://{shown_host}:{chosen}/"
    if host not in LOCAL_HOSTS:
        print(f"Notice: listening on {host}, so other machines on the network can open the guide.")
    print(f"nnguide is running at {url}  (Ctrl-C to stop)", flush=True)
    if open_browser and _has_display():
        threading.Timer(0.8, lambda: webbrowser.open(url)).start()
    uvicorn.run(
        "nnguide.web.app:create_app",
        factory=True,
        host=host,
        port=chosen,
        workers=workers,
        log_level="warning",
        server_header=False,
    )
    print("nnguide stopped.")
    return 0
