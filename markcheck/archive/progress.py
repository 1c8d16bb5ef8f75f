"""Progress of a long archive run: records done, records/s, MB/s and the time left.

On a terminal the line is redrawn in place; in a log (stderr not a terminal) a line is written
every `log_every` seconds, so a batch job's log shows the run moving. The closing summary is
always written.
"""

from __future__ import annotations

import sys
import time


class Meter:
    def __init__(self, total: int | None, *, stream=None, interval: float = 0.2, log_every: float = 60.0,
                 clock=time.monotonic):
        self.total = total  # records planned (None: not known, a tar file read as it comes)
        self.stream = stream if stream is not None else sys.stderr
        self.tty = _is_tty(self.stream)
        self.every = interval if self.tty else log_every
        self.clock = clock
        self.started = self.last = clock()
        self.records = self.bytes = self.skipped = 0
        self.drawn = 0

    def add(self, records: int, size: int = 0, *, skipped: bool = False) -> None:
        """Count a finished partition (`skipped`: written by an earlier run, not checked now)."""
        if skipped:
            self.skipped += records
        else:
            self.records += records
            self.bytes += size
        now = self.clock()
        if now - self.last >= self.every:
            self.last = now
            self._show(self.line(now))

    def line(self, now: float | None = None) -> str:
        elapsed = max(1e-9, (self.clock() if now is None else now) - self.started)
        rate = self.records / elapsed
        done = self.records + self.skipped
        text = f"{done:,}" + (f"/{self.total:,}" if self.total else "") + " records"
        text += f", {rate:,.0f} records/s, {self.bytes / elapsed / 1e6:.1f} MB/s"
        if self.total and rate > 0:
            text += f", ETA {_clock(max(0, self.total - done) / rate)}"
        if self.skipped:
            text += f" ({self.skipped:,} already written)"
        return text

    def _show(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r" + text.ljust(self.drawn))
            self.drawn = len(text)
        else:
            self.stream.write(f"markcheck: {text}\n")
        self.stream.flush()

    def close(self, findings: int | None = None) -> None:
        """Clear the live line and write the summary."""
        if self.tty and self.drawn:
            self.stream.write("\r" + " " * self.drawn + "\r")
        elapsed = self.clock() - self.started
        summary = (f"markcheck: {self.records:,} records ({self.bytes / 1e6:.1f} MB) checked in {elapsed:.1f} s: "
                   f"{self.records / max(elapsed, 1e-9):,.0f} records/s, {self.bytes / max(elapsed, 1e-9) / 1e6:.1f} MB/s")
        if self.skipped:
            summary += f"; {self.skipped:,} records of partitions already written were skipped"
        if findings is not None:
            summary += f"; {findings:,} findings"
        self.stream.write(summary + "\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _is_tty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
