"""Small helpers every recogniser uses: spans from 0-based columns, quoting for messages, where
the marks read stand."""

from __future__ import annotations

import array

from ...model import Span


def span_at(lineno: int, start: int, end: int) -> Span:
    """The span of 0-based columns [start, end) of line `lineno` (at least one character wide)."""
    return Span(lineno, start + 1, lineno, max(end, start + 1) + 1 if end <= start else end + 1)


def quoted(text: str, limit: int = 120) -> str:
    """`text` quoted for a message, cut after `limit` characters (an over-long marking is not quoted whole)."""
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}\u2026 ({len(text)} characters)"


def number_value(number: str | None) -> int | None:
    """A paragraph number's value (None when it is not all digits)."""
    return int(number) if number and number.isdigit() else None


class TakenMarks:
    """Where the marks a recogniser read stand, (line, column of "("), as one 64-bit key each
    (line << 32 | column): in an array while they come in text order (nearly all do), in a set
    otherwise. A document of millions of marks keeps 8 bytes per mark, not a tuple's hundred."""

    __slots__ = ("ordered", "_others")

    def __init__(self):
        self.ordered = array.array("q")  # ascending keys
        self._others: set[int] = set()

    def add(self, lineno: int, column: int) -> None:
        key = lineno << 32 | column
        ordered = self.ordered
        if not ordered or ordered[-1] < key:
            ordered.append(key)
        elif ordered[-1] != key:
            self._others.add(key)

    def elsewhere(self, lineno: int, column: int) -> bool:
        """Is a mark read out of text order at this column or the one before it (a trailing
        mark is recorded one column early)?"""
        key = lineno << 32 | column
        return bool(self._others) and (key in self._others or key - 1 in self._others)
