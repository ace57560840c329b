"""Progress on the terminal (stderr): the phase of the work, then a training bar.

Only a terminal can redraw a line in place, so logs and pipes get nothing. The
bar's clock starts when training starts (:meth:`Progress.start`), not when the
data began to load, so its rate and ETA are about training alone.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

#: Redraws per training run, at most (each one is a write to the terminal).
REDRAWS = 50


class Progress:
    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        enabled: bool | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.clock = clock
        self.total = 0
        self.every = 1
        self.started: float | None = None
        self._width = 0  # length of the line on screen, to blank it out when redrawing

    def _show(self, text: str) -> None:
        if not self.enabled:
            return
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def phase(self, text: str) -> None:
        """Say what is happening now ("loading digits", "preparing 1,347 rows")."""
        self._show(f"{text}…")

    def start(self, total: int, label: str = "training") -> None:
        """Training begins: ``total`` steps; the clock for rate and ETA starts now."""
        self.total, self.label = max(total, 1), label
        self.every = max(self.total // REDRAWS, 1)
        self.started = self.clock()
        self._draw(0)

    def __call__(self, step: int) -> None:
        due = step % self.every == 0 or step == self.total
        if self.enabled and self.started is not None and due:
            self._draw(step)

    def line(self, step: int) -> str:
        """The bar as text: steps done, steps per second and the time left."""
        assert self.started is not None
        width = 30
        done = int(width * min(step, self.total) / self.total)
        bar = "#" * done + "-" * (width - done)
        elapsed = self.clock() - self.started
        text = f"{self.label} [{bar}] {step:,}/{self.total:,} steps"
        if step > 0 and elapsed > 0:
            rate = step / elapsed
            left = (self.total - step) / rate
            text += f"  {rate:,.0f} steps/s  ETA {_duration(left)}"
        return text

    def _draw(self, step: int) -> None:
        if self.enabled:
            self._show(self.line(step))

    def close(self) -> None:
        """End the line (or blank out a phase that was left on screen)."""
        if not self.enabled or self._width == 0:
            return
        if self.started is None:
            self.stream.write("\r" + " " * self._width + "\r")
        else:
            self.stream.write("\n")
        self.stream.flush()
        self._width = 0


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}s"
