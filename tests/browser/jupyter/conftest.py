"""A real JupyterLab for the browser tests: widgets in a notebook, the guide in the launcher.

The fixture starts a server on loopback with a random port and a token this
test chooses, in a scratch folder, with this interpreter's kernel; the browser fixtures
come from the conftest above (headless Chromium through Playwright).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Lab:
    url: str  # http://127.0.0.1:port/
    token: str
    root: Path

    def write_notebook(self, name: str, cells: list[str]) -> str:
        """Write a notebook of code cells into the server's folder; its /lab/tree URL."""
        nb = {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "source": src,
                    "outputs": [],
                    "execution_count": None,
                }
                for src in cells
            ],
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        (self.root / name).write_text(json.dumps(nb), encoding="utf-8")
        return f"{self.url}lab/tree/{name}?token={self.token}"


def start_lab(tmp: Path, extra: list[str] = ()) -> tuple[subprocess.Popen, Lab]:
    port = free_port()
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
    }
    (tmp / "root").mkdir()
    # No "get notified about news?" toast over the notebook.
    settings = tmp / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp / "settings")
    # Its own workspaces too: a tab another test's JupyterLab left open is not restored here.
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp / "workspaces")
    log = open(tmp / "lab.log", "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp / 'root'}",
            "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *(["--allow-root"] if os.geteuid() == 0 else []), *extra,
        ],
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}api/status?token={token}", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop(proc)
                raise RuntimeError(
                    f"JupyterLab did not start:\n{(tmp / 'lab.log').read_text()}"
                ) from None
            time.sleep(0.2)
    return proc, Lab(url, token, tmp / "root")


def stop(proc: subprocess.Popen) -> None:
    """Stop the server and the kernels it started (its own process group)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    proc, server = start_lab(tmp_path_factory.mktemp("lab"))
    yield server
    stop(proc)
