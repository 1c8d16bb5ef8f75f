"""A small progress bar for long runs, drawn on stderr only when stderr is a terminal.

Nothing is ever written when the stream is not a TTY (CI logs, pipes, pre-commit), nor for
runs of `minimum` items or fewer, so the bar never ends up in a captured output.
"""

from __future__ import annotations

import shutil
import sys
import time


class Progress:
    def __init__(self, total: int, *, label: str = "checking", stream=None, minimum: int = 50,
                 interval: float = 0.1):
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.enabled = total > minimum and _is_tty(self.stream)
        self._last = 0.0
        self._drawn = 0

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < self.total and now - self._last < self.interval:
            return
        self._last = now
        columns = shutil.get_terminal_size((80, 24)).columns
        counter = f" {done}/{self.total} files"
        width = max(10, min(40, columns - len(self.label) - len(counter) - 4))
        filled = width * done // max(1, self.total)
        line = f"{self.label} [{'#' * filled}{'.' * (width - filled)}]{counter}"
        self._drawn = len(line)
        self.stream.write("\r" + line)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r" + " " * self._drawn + "\r")
            self.stream.flush()
            self._drawn = 0

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _is_tty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or not a real stream
        return False
