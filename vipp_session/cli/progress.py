"""A progress bar on stderr for long work (imports, scans), with how long is left."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
import time


class ProgressBar:
    """One line on stderr, redrawn in place; only when stderr is a terminal."""

    WIDTH = 30

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr  # looked up now, not when this module was imported
        self.enabled = self.stream.isatty()
        self.label = ""
        self._last = 0.0
        self._shown = -1
        self._began = time.monotonic()
        self._width = 0

    def start(self, label: str) -> None:
        self.label = label if len(label) <= 40 else "..." + label[-37:]
        self._shown = -1
        self._began = time.monotonic()
        self.update(0.0)

    def update(self, fraction: float) -> None:
        if not self.enabled:
            return
        percent = int(fraction * 100)
        now = time.monotonic()
        if percent == self._shown or (now - self._last < 0.1 and percent < 100):
            return
        self._shown, self._last = percent, now
        filled = int(self.WIDTH * fraction)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        line = f"{self.label}  [{bar}] {percent:3d}%{self._left(fraction, now)}"
        self.stream.write("\r" + line.ljust(self._width))
        self._width = max(self._width, len(line))
        self.stream.flush()

    def _left(self, fraction: float, now: float) -> str:
        """', about 1 min 20 s left', from the pace so far (nothing until it can be guessed)."""
        from vipp_session.words import time_left

        left = time_left(now - self._began, fraction)
        return f", {left}" if left else ""

    def clear(self) -> None:
        if self.enabled and self._shown >= 0:
            self.stream.write("\r" + " " * max(self._width, len(self.label) + self.WIDTH + 10) + "\r")
            self.stream.flush()


@contextmanager
def progress_bar(label: str) -> Iterator[ProgressBar]:
    """A progress bar shown while the block runs, and cleared after it, however it ends."""
    bar = ProgressBar()
    bar.start(label)
    try:
        yield bar
    finally:
        bar.clear()
