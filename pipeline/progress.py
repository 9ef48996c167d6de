"""The batch run's progress bar on stderr: ``rich.progress`` (done/total, flags, ETA, the file under
way), drawn only on a terminal and never with ``--quiet``. Lines printed through ``Progress.line``
go above the live bar, so error lines and the bar never interleave; off a terminal they are plain
lines and nothing else is written.
"""

from __future__ import annotations

import sys
from typing import TextIO


def fmt_duration(s: float | None) -> str:
    if s is None:
        return "--:--"
    s = int(round(s))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", lambda: False)
        self.enabled = bool((enabled is None or enabled) and isatty())
        self._total = total
        self.done = 0
        self.flags = 0
        self.current = ""
        self._bar = None  # the rich Progress, started on the first start() or advance()
        self._task = None
        self._console = None

    @property
    def total(self) -> int:
        return self._total

    @total.setter
    def total(self, n: int) -> None:
        self._total = n
        self._update()

    def _open(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress
        from rich.table import Column

        self._console = Console(file=self.stream, force_terminal=True, highlight=False)
        self._bar = RichProgress(
            BarColumn(bar_width=20), MofNCompleteColumn(), TextColumn("· {task.fields[flags]}"),
            TextColumn("· ETA"), TimeRemainingColumn(),
            TextColumn("· {task.fields[current]}", table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1)),
            console=self._console, transient=True, refresh_per_second=8, expand=True,
        )
        self._task = self._bar.add_task("", total=self._total, flags="0 flags", current="")
        self._bar.start()

    def _update(self) -> None:
        if not self.enabled or (self._bar is None and not self.current and not self.done):
            return
        if self._bar is None:
            self._open()
        flags = f"{self.flags} flag{'s' if self.flags != 1 else ''}"
        self._bar.update(self._task, total=self._total, completed=self.done, flags=flags, current=self.current)

    def start(self, name: str) -> None:
        self.current = name
        self._update()

    def advance(self, flags: int = 0, name: str | None = None) -> None:
        self.done += 1
        self.flags += flags
        if name is not None:
            self.current = name
        self._update()

    def line(self, msg: str) -> None:
        """Print a whole line on the stream (always, even when the bar is off)."""
        if self._bar is not None:
            self._console.print(msg, markup=False, highlight=False, soft_wrap=True)
        else:
            self.stream.write(msg + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()  # transient: the bar goes, the lines printed above it stay
            self._bar = None
