"""The grammars in grammars/ as parsers: built once per process (LALR, with markcheck's on-disk
cache), each distinct string parsed once, errors as MarkingSyntaxError with a column of the
string as written. The grammars are the parsers of record of every marking markcheck reads;
the value builders (parse, parse_dates) turn their trees into model values.
"""

from __future__ import annotations

import functools
import re

from ..model import Span
from ..resources import grammars_dir

NOWHERE = Span(1, 1, 1, 1)
GRAMMARS = ("portion", "banner", "eo_line", "reason", "dtg", "classified_by", "cui")
# The longest string handed to a grammar. Real markings are short (the longest classification
# line in the 3,000-cable corpus, routing text glued on, has 463 characters); a longer one is
# reported as unreadable (SYN-001) instead of parsed, which bounds parse time and the size of
# the memo caches below whatever a document holds.
MAX_MARKING_CHARS = 4096


class MarkingSyntaxError(ValueError):
    """A marking-shaped string the grammar cannot read; `column` is 1-based within the string."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.message = message
        self.column = column


@functools.lru_cache(maxsize=None)
def parser(name: str, strict: bool = False):
    """The LALR parser for grammars/<name>.lark, built once per process (the strict build,
    which tests use to prove the grammars free of collisions, is never cached)."""
    if strict:
        from lark import Lark, lexer

        if not lexer.has_interegular:  # hidden when the command imported Lark (cli._import_lark)
            import interegular  # strict mode looks for colliding terminals with it

            lexer.interegular, lexer.has_interegular = interegular, True
        return Lark.open(str(grammars_dir() / f"{name}.lark"), parser="lalr", strict=True, maybe_placeholders=True)
    from ..rulecache import lark_parser

    return lark_parser(name, parser="lalr", maybe_placeholders=True)


def normalise(text: str) -> str:
    """`text` upper-cased with runs of whitespace collapsed to one space and the ends trimmed."""
    if len(text) > MAX_MARKING_CHARS:  # no list of its words: a hostile string may have millions
        return _BLANKS.sub(" ", text).strip().upper()
    return " ".join(text.split()).upper()


_BLANKS = re.compile(r"\s+")


def source_offset(position: int, text: str) -> int | None:
    """The 0-based index in `text` of the character at 0-based `position` of `normalise(text)`,
    or None past its end: the words are walked up to `position` only (an error in a long string
    costs no index of the whole of it)."""
    at = 0  # characters of the normalised string before the current word
    one_to_one = text.isascii()  # upper() maps each character to one: a word at a time
    for m in re.finditer(r"\S+", text):
        if at:
            if position == at:
                return m.start() - 1  # the one blank that stands for the run before this word
            at += 1
        start, end = m.span()
        if one_to_one or m.group(0).isascii():
            if position < at + end - start:
                return start + position - at
            at += end - start
            continue
        for i in range(start, end):
            at += len(text[i].upper())
            if position < at:
                return i
    return None


def parse_text(name: str, text: str, source: str | None = None):
    """Parse `text`; on failure the error column is a 1-based column of `source`, the string
    `text` was normalised from (see normalise), when one is given."""
    from lark.exceptions import LarkError, UnexpectedInput

    if len(text) > MAX_MARKING_CHARS:
        column = column_in_source(MAX_MARKING_CHARS + 1, source)
        raise MarkingSyntaxError(too_long(text), column)
    try:
        return parser(name).parse(text)
    except UnexpectedInput as exc:
        column = column_in_source(getattr(exc, "column", 0) or 1, source)
        token = getattr(exc, "token", None)
        if token is not None and getattr(token, "type", "") == "$END":
            what = "unexpected end"
        elif token is not None:
            what = f"unexpected '{token}'"
        else:
            char = text[exc.pos_in_stream] if 0 <= (exc.pos_in_stream or 0) < len(text) else ""
            what = f"unexpected character {char!r}" if char else "unexpected input"
        raise MarkingSyntaxError(f"{what} at column {column}", column) from None
    except LarkError as exc:  # defensive: grammar-level failures still become findings
        raise MarkingSyntaxError(str(exc).splitlines()[0], 1) from None


def column_in_source(column: int, source: str | None) -> int:
    """1-based `column` of a normalised string as a column of `source`, the string it was
    normalised from (one past the end stays one past the end)."""
    if source is None or not source.strip():
        return column
    offset = source_offset(column - 1, source)
    return offset + 1 if offset is not None else len(source.rstrip()) + 1


# Grammars whose terminals treat every ASCII digit alike (digits appear in them only as the
# range 0-9): a string parses as the same tree as its "shape", the string with every digit
# written 0, token for token at the same positions. Telegram numbers and date-time groups make
# nearly every classification line and DTG a distinct string, but their shapes repeat, so the
# shape is parsed once and the string's own token texts are read at the tokens' positions (tests
# check both the grammars' digit blindness and the equality of the trees).
DIGIT_BLIND = frozenset({"banner", "dtg"})
# Grammars blind to digits but for some terminals, each named with a pattern that finds every
# place in a string where the terminal could match; a string where none is found reads as its
# shape does (the shape holds none either: each needs a digit other than 0). In E.O. line
# values only the exemption codes (X1, 25X6, 50X1-HUM) name digits, not the dates.
DIGIT_BLIND_BUT = {"eo_line": {"EXEMPTION": re.compile(r"X[1-9]")}}
_DIGITS_TO_ZERO = str.maketrans("123456789", "000000000")
_DIGITS_TO_ZERO_BYTES = bytes.maketrans(b"123456789", b"000000000")


def shape_of(text: str) -> str:
    """`text` with every digit written 0. (An ASCII text goes through bytes.translate, several
    times faster than str.translate, which looks every character up in a dictionary.)"""
    if text.isascii():
        return text.encode("ascii").translate(_DIGITS_TO_ZERO_BYTES).decode("ascii")
    return text.translate(_DIGITS_TO_ZERO)


def parse_by_shape(name: str, text: str, source: str | None = None):
    """`parse_text` for a grammar of DIGIT_BLIND (or DIGIT_BLIND_BUT), through the memo of parsed
    shapes: the tokens are at their positions in `text`, but may hold the shape's zeros for its
    digits, so their texts are read with `token_text` (parse trees are shared, never changed)."""
    finders = DIGIT_BLIND_BUT.get(name)
    if len(text) > MAX_MARKING_CHARS or (finders and any(p.search(text) for p in finders.values())):
        return parse_text(name, text, source)
    try:
        return shape_tree(name, shape_of(text))
    except Exception:  # a string that does not parse: the error as the string is written
        return parse_text(name, text, source)


@functools.lru_cache(maxsize=4096)
def shape_tree(name: str, shape: str):
    return parser(name).parse(shape)


def token_text(token, text: str) -> str:
    """The text of `token`, from a tree that `parse_by_shape` made of `text`."""
    return text[token.start_pos:token.end_pos]


def too_long(text: str) -> str:
    return f"a marking of {len(text)} characters is longer than the {MAX_MARKING_CHARS} markcheck reads"
