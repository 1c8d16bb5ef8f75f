"""The progress bar of long runs (``markcheck report``): tqdm's, drawn on stderr only when
stderr is a terminal.

Nothing is ever written when the stream is not a TTY (CI logs, pipes, pre-commit), nor for
runs of `minimum` items or fewer, so the bar never ends up in a captured output; it is
cleared when the run ends. tqdm is imported only when a bar is drawn.
"""

from __future__ import annotations

import sys


class Progress:
    def __init__(self, total: int, *, label: str = "checking", stream=None, minimum: int = 50,
                 interval: float = 0.1):
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.enabled = total > minimum and _is_tty(self.stream)
        self._bar = None

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=self.total, desc=self.label, file=self.stream, leave=False, unit="file",
                             mininterval=self.interval, dynamic_ncols=True,
                             bar_format="{desc} {bar} {n_fmt}/{total_fmt} files [{elapsed}<{remaining}]")
        self._bar.update(done - self._bar.n)
        if done >= self.total:
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _is_tty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or not a real stream
        return False
