"""What could not be read in a marking, said in plain words for the SYN-001 finding: the part
that reads, and the word where reading stopped (or that the marking stops before it is whole),
instead of the parser's "unexpected ':' at column 47"."""

from __future__ import annotations

import re

from ..grammar import MAX_MARKING_CHARS, MarkingSyntaxError
from .common import quoted

_SHOWN = 60  # characters of a marking quoted in a message
_WORD = re.compile(r"\S+")


def plain(what: str, text: str, exc: MarkingSyntaxError, shift: int = 0) -> str:
    """`what` (``the reason citation``) `text` could not be read, and why, in plain words;
    `exc.column` + `shift` is a 1-based column of `text` as written."""
    written = text.strip()
    if len(text) > MAX_MARKING_CHARS:
        return f"{what} is {len(text)} characters long, more than the {MAX_MARKING_CHARS} a marking can be"
    at = exc.column + shift - 1 - (len(text) - len(text.lstrip()))
    if exc.message.startswith("unexpected end") or at >= len(written):
        return f"{what} {_quoted(written)} stops before it is complete"
    before = written[:max(at, 0)].rstrip()
    word = _WORD.match(written, max(at, 0))
    stop = word.group(0) if word else written[at:at + 1]
    if len(stop) > 20:
        stop = stop[:20] + "…"
    if not before:
        return f"{what} {_quoted(written)} does not start as one: '{stop}' cannot open it"
    return f"{what} {_quoted(written)} reads as far as {_quoted(before)}; '{stop}' does not belong in it"


def _quoted(text: str) -> str:
    return quoted(text, _SHOWN)
