"""A minimal progress bar for the terminal (stderr), redrawn at most ~50 times."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, total: int, label: str = "training", stream: TextIO | None = None) -> None:
        self.total = max(total, 1)
        self.label = label
        self.stream = stream or sys.stderr
        self.every = max(self.total // 50, 1)
        self.start = time.perf_counter()
        # Only a terminal can redraw a line in place; logs and pipes get no bar.
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, step: int) -> None:
        if self.enabled and (step % self.every == 0 or step == self.total):
            self._draw(step)

    def _draw(self, step: int) -> None:
        width = 30
        done = int(width * step / self.total)
        elapsed = time.perf_counter() - self.start
        bar = "#" * done + "-" * (width - done)
        self.stream.write(f"\r{self.label} [{bar}] {step:,}/{self.total:,} steps  {elapsed:5.1f}s")
        self.stream.flush()

    def close(self) -> None:
        if not self.enabled:
            return
        self.stream.write("\n")
        self.stream.flush()
