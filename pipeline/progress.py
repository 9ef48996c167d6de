"""A one-line progress bar on stderr, hand-rolled (``\\r`` + redraw), no dependency.

Silent with ``--quiet`` or when the stream is not a terminal. Messages printed through
``Progress.line`` clear the bar first, so error lines and the bar never interleave.
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO


def fmt_duration(s: float | None) -> str:
    if s is None:
        return "--:--"
    s = int(round(s))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None,
                 min_interval: float = 0.1):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = True
        isatty = getattr(self.stream, "isatty", lambda: False)
        self.enabled = bool(enabled and isatty())
        self.total = total
        self.done = 0
        self.flags = 0
        self.current = ""
        self.t0 = time.monotonic()
        self._last = 0.0
        self._interval = min_interval
        self._shown = False

    # -- state -----------------------------------------------------------------------------
    def start(self, name: str) -> None:
        self.current = name
        self._draw()

    def advance(self, flags: int = 0, name: str | None = None) -> None:
        self.done += 1
        self.flags += flags
        if name is not None:
            self.current = name
        self._draw(force=self.done >= self.total)

    def eta(self) -> float | None:
        if not self.done:
            return None
        elapsed = time.monotonic() - self.t0
        return elapsed / self.done * max(0, self.total - self.done)

    # -- output ----------------------------------------------------------------------------
    def render(self, width: int) -> str:
        pct = self.done / self.total if self.total else 1.0
        bar_w = 20
        fill = int(pct * bar_w)
        head = (f"[{'#' * fill}{'.' * (bar_w - fill)}] {self.done}/{self.total} "
                f"· {self.flags} flag{'s' if self.flags != 1 else ''} · ETA {fmt_duration(self.eta())} · ")
        room = max(0, width - len(head) - 1)
        name = self.current
        if len(name) > room:
            name = "…" + name[-(room - 1):] if room > 1 else ""
        return head + name

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self._interval:
            return
        self._last = now
        width = shutil.get_terminal_size((80, 20)).columns
        self.stream.write("\r" + self.render(width).ljust(width - 1)[: width - 1])
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self.enabled and self._shown:
            width = shutil.get_terminal_size((80, 20)).columns
            self.stream.write("\r" + " " * (width - 1) + "\r")
            self.stream.flush()
            self._shown = False

    def line(self, msg: str) -> None:
        """Print a whole line on the stream (always, even when the bar is off)."""
        self.clear()
        self.stream.write(msg + "\n")
        self.stream.flush()
        self._draw(force=True)

    def close(self) -> None:
        self.clear()
