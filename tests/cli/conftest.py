"""Run the real ``nnguide`` command in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest


def _run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "nnguide", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
    )


@pytest.fixture
def run() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run("fit", "houses-3")`` → the finished process (stdout, stderr, returncode)."""
    return lambda *args, cwd=None: _run([str(a) for a in args], cwd)


@pytest.fixture
def run_json() -> Callable[..., dict[str, Any]]:
    """Run a command that must succeed with ``--json`` and return the parsed object."""

    def run(*args: Any) -> dict[str, Any]:
        proc = _run([str(a) for a in args] + ["--json"])
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.count("\n") == 1, "one JSON object on one line"
        return json.loads(proc.stdout)

    return run


def _one_line_error(
    proc: subprocess.CompletedProcess[str], *fragments: str, code: int = 1, stdout: str | None = ""
) -> str:
    """Exit ``code`` (1: data or runtime, 2: usage), exactly one line on stderr, no traceback;
    stdout as given (None: not checked). Returns the line."""
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    if stdout is not None:
        assert proc.stdout == stdout
    assert "Traceback" not in proc.stderr and 'File "' not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("nnguide: error: ")
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} missing from {lines[0]!r}"
    for word in ("nan", "inf"):
        assert not re.search(rf"\b{word}\b", (proc.stdout or "").lower()), proc.stdout
    return lines[0]


@pytest.fixture
def one_line_error() -> Callable[..., str]:
    """``one_line_error(proc, "fragment", ..., code=1)`` checks the error contract."""
    return _one_line_error


@pytest.fixture
def usage_error() -> Callable[..., str]:
    """``usage_error(proc, "fragment", ...)``: the error contract with exit code 2."""
    return lambda proc, *fragments: _one_line_error(proc, *fragments, code=2)


class Prefetch:
    """Run side-effect-free commands in parallel ahead of the tests that check them.

    A parametrized test calls ``start`` with every case's arguments (only the
    first call does anything) and ``get`` for its own: the cases keep their
    own test ids while the subprocesses overlap.
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max(4, os.cpu_count() or 1))
        self._futures: dict[tuple[str, ...], Future[subprocess.CompletedProcess[str]]] = {}

    def start(self, commands: Iterable[Iterable[Any]]) -> None:
        for command in commands:
            key = tuple(str(a) for a in command)
            if key not in self._futures:
                self._futures[key] = self._pool.submit(_run, list(key))

    def get(self, command: Iterable[Any]) -> subprocess.CompletedProcess[str]:
        self.start([command])
        return self._futures[tuple(str(a) for a in command)].result()

    def close(self) -> None:
        self._pool.shutdown(wait=True)


@pytest.fixture(scope="session")
def prefetch() -> Iterator[Prefetch]:
    runner = Prefetch()
    yield runner
    runner.close()
