"""Small helpers every recogniser uses: spans from 0-based columns, quoting for messages."""

from __future__ import annotations

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
