"""One CUI marking string read through grammars/cui.lark into a CuiMarking, each word placed.

Every word after the control marking is looked up in the CUI register (a category, with or
without SP-, or a limited dissemination control); a word it does not know stays in the marking
as "unknown" with its nearest register form, so a rule reports it at its column.
"""

from __future__ import annotations

import functools

from ..model import Span
from ..reader.grammar import MAX_MARKING_CHARS, MarkingSyntaxError, parser
from . import register
from .model import CuiMarking, CuiWord


# A CUI marking the grammar cannot read: the reader's error, with its 1-based column.
CuiSyntaxError = MarkingSyntaxError


@functools.lru_cache(maxsize=2048)
def read_words(text: str) -> tuple[bool, str, tuple[tuple[str, int, int], ...]]:
    """(UNCLASSIFIED written first, the control marking, the items as (text, start, end) with
    0-based offsets in `text`). MarkingSyntaxError (1-based column) when `text` is not a CUI
    marking."""
    from lark.exceptions import LarkError, UnexpectedInput

    from .builder import CuiWords

    if len(text) > MAX_MARKING_CHARS:  # longer than any marking: not handed to the parser
        raise CuiSyntaxError(f"unreadable CUI marking: longer than {MAX_MARKING_CHARS} characters at column 1", 1)
    try:
        tree = parser("cui").parse(text)
    except UnexpectedInput as exc:
        column = max(1, getattr(exc, "column", 1) or 1)
        raise CuiSyntaxError(f"unreadable CUI marking {text!r} at column {column}", column) from None
    except LarkError as exc:  # defensive: any other failure of the grammar is unreadable too
        raise CuiSyntaxError(f"unreadable CUI marking {text!r} at column 1: {exc}", 1) from None
    return CuiWords(text).transform(tree)


def cui_marking(kind: str, text: str, line: int, column: int, position: str = "top") -> CuiMarking:
    """The CuiMarking of `text` found at `line`, 1-based `column`: CuiSyntaxError if unreadable."""
    unclassified, control, items = read_words(text)
    words = tuple(cui_word(raw, line, column + start, column + end) for raw, start, end in items)
    span = Span(line, column, line, column + len(text))
    return CuiMarking(kind, text, span, control, words, None, unclassified, position)


def cui_word(raw: str, line: int, start: int, end: int) -> CuiWord:
    """One written word of a CUI marking, looked up (1-based start column, exclusive end)."""
    kind, value, specified = register.lookup(raw)
    span = Span(line, start, line, end)
    if kind == "unknown":
        return CuiWord(raw, kind, span, None, specified, register.suggestion(raw))
    return CuiWord(raw, kind, span, value, specified)
