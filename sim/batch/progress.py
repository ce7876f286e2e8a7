"""A progress line for long batches: runs done, failures, runs per second and time left.

On a terminal the line is redrawn in place a few times a second; in a log (not a terminal) a
line is written every tenth of the batch or every half minute, whichever comes first, so CI
logs and ``nohup`` files stay readable.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

REDRAW_S = 0.2
LOG_EVERY_S = 30.0


class Progress:
    def __init__(
        self, total: int, already_done: int = 0, stream: TextIO | None = None, quiet: bool = False
    ):
        self.total = total
        self.done = already_done
        self.failed = 0
        self._start_done = already_done
        self._stream = stream if stream is not None else sys.stderr
        self._tty = self._stream.isatty()
        self._quiet = quiet
        self._started = time.monotonic()
        self._last_draw = 0.0
        self._drawn_at = -1
        self._last_tenth = already_done * 10 // max(1, total)

    def advance(self, ok: bool) -> None:
        self.done += 1
        self.failed += not ok
        now = time.monotonic()
        tenth = self.done * 10 // max(1, self.total)
        if self._tty and now - self._last_draw >= REDRAW_S:
            self._draw("\r", now)
        elif not self._tty and (tenth > self._last_tenth or now - self._last_draw >= LOG_EVERY_S):
            self._last_tenth = tenth
            self._draw("", now, end="\n")

    def finish(self) -> None:
        """The final state of the line (unless a log has it already), and a new line."""
        if self._tty:
            self._draw("\r", time.monotonic(), end="\n")
        elif self._drawn_at != self.done:
            self._draw("", time.monotonic(), end="\n")

    def line(self, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        elapsed = max(now - self._started, 1e-9)
        rate = (self.done - self._start_done) / elapsed
        left = self.total - self.done
        eta = _duration(left / rate) if rate > 0 and left else "-"
        share = self.done / self.total if self.total else 1.0
        width = 24
        bar = "#" * round(share * width)
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"[{bar:<{width}}] {self.done}/{self.total} runs{failed}  {rate:.2f} runs/s  "
            f"elapsed {_duration(elapsed)}  ETA {eta}"
        )

    def _draw(self, prefix: str, now: float, end: str = "") -> None:
        if self._quiet:
            return
        self._last_draw = now
        self._drawn_at = self.done
        clear = "\x1b[K" if self._tty else ""
        self._stream.write(f"{prefix}{clear}{self.line(now)}{end}")
        self._stream.flush()


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
