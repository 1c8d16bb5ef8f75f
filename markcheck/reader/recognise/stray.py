"""The backstop: marking-shaped tokens inside a line that no recogniser took.

After the pass, every parenthesised token a person may read as a portion mark, and that no
recogniser read as one, is looked at once more, so that none passes silently:

- an unambiguous marking (``(S//NF)``, ``(TS//SI)``, ``(U/FOUO)``, ``(C NOFORN)``: a ``/``
  control, or a register word after the level) is reported where it stands: it is not read as
  a portion mark, and the person who wrote it meant one;
- a bare level (``(S)``, ``(C)``, ``(TS)``) inside a sentence is usually prose: references
  ``(A) … (B) … (C)``, reasons ``1.4 (B), (C) & (D)``, items ``paragraph (C)``. It is reported,
  worded as a possible mark, only when it is above every classification line of the document
  (a silent pass there would hide classified text) and stands in none of those contexts.

A token a recogniser read, or reported, is not looked at again. The findings are SYN-005's.
"""

from __future__ import annotations

import bisect
import functools
import re

from ...model import MAX_ELEMENTS, Level, Unreadable
from ..inline import _LIST_LETTER, _REFERENCE
from ..lenient import marking_shaped
from ..positions import item_words
from ..scan import looks_like_mark
from .common import TakenMarks, span_at
from .portion import _LIST_LABEL, _portion_or_error

# A parenthesised text that opens with a capital, after a blank, an opening punctuation or the
# line's start ("Section 3(C)" is a reference, not a mark).
_TOKEN = re.compile(r"(?<![^\s\"'(\[{\u201c*_~|:;,.\-\u2013\u2014])\(([A-Z][A-Za-z0-9/ ,\-_]{0,80}?)\)")
# "SECSTATE 96412 ", "08 STATE 41489 ": a telegram reference just before the token.
_AFTER_REFERENCE = re.compile(r"\b[A-Z][A-Z]{2,}\s+[0-9]{2,7}$")
_WINDOW = 60  # how far before (and after) a token its context is looked for
_REF_LINE = re.compile(r"[ \t]*REF(?:S|TELS?)?\b", re.I)
# "1.4 (B), (C)": a reason's categories (1.5 before 2003), up to a sentence end.
_REASONS = re.compile(r"\b1\s?\.\s?[45]\s*(?:\(?[A-Ha-h]\)?\s*(?:,|and|&|or|\s)\s*)*$", re.I)
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\W*$")


_WHERE = "a portion mark opens its portion (a line, a list item, a table cell or a sentence)"


class StrayMarks:
    """Marking-shaped tokens of one reading that no recogniser took (see the module's text)."""

    def __init__(self, reading, taken: TakenMarks):
        self.reading = reading
        self.taken = taken  # (line, column of "(") of every mark a recogniser read

    def read(self) -> None:
        reading = self.reading
        text = reading.text
        if "(" not in text:
            return
        starts = None
        banner_level = max((b.marking.level for b in reading.banners if b.marking.level is not None), default=None)
        lettered = None  # the letters X of the lines that open with "(X)" (after a label such as REF:)
        skip = reading.skip
        self._banner_lines = {b.span.line for b in reading.banners}
        self._unread: dict[int, list] = {}
        for u in reading.unreadable:
            self._unread.setdefault(u.span.line, []).append(u.span)
        ref_line = (-1, False)
        ordered, at = self.taken.ordered, 0
        count = len(ordered)
        for m in _TOKEN.finditer(text):
            inner = m.group(1)
            kind = _kind(inner)
            if kind is None:
                continue
            if starts is None:
                starts = _line_starts(text)
            index = bisect.bisect_right(starts, m.start()) - 1
            column = m.start() - starts[index]
            # taken? The tokens come in text order, and so do nearly all marks read: one walk
            # along both, not a search per token (a document of a million marks reads them all)
            key = (index + 1) << 32 | column
            while at < count and ordered[at] < key - 1:
                at += 1
            if at < count and ordered[at] <= key or self._taken(index + 1, column) or (skip and index in skip):
                continue
            line_start = starts[index]
            if line_start != ref_line[0]:  # (a REF line: looked at once per line)
                ref_line = line_start, bool(_REF_LINE.match(text, line_start, line_start + 40))
            if ref_line[1] or _after_a_reference(text, line_start, m.start()):
                continue
            if kind != "marking":
                level = kind
                if banner_level is None or level <= banner_level:
                    continue
                if lettered is None:
                    lettered = {m.group(1) for m in map(_LIST_LABEL.match, reading.lines) if m}
                # "(C)" after a line opening "(B)": the next item of a lettered list, as (S) after (R)
                if len(inner) == 1 and (chr(ord(inner) - 1) in lettered or _lettered_before(text, m.start(), inner)) \
                        or _in_a_list(text, max(line_start, m.start() - _WINDOW), m.start(), m.end()):
                    continue
            self._report(index + 1, column, m.group(0), kind, banner_level)

    def _taken(self, lineno: int, column: int) -> bool:
        if self.taken.elsewhere(lineno, column) or lineno in self._banner_lines:
            return True
        return any(span.column - 1 <= column + 1 < span.end_column for span in self._unread.get(lineno, ()))

    def _report(self, lineno: int, column: int, written: str, kind, banner_level) -> None:
        span = span_at(lineno, column, column + len(written))
        if len(self.reading.unreadable) >= MAX_ELEMENTS:  # past the bound only counted (`Reading.report`)
            self.reading.folding.fold("unreadable", span)
            return
        if kind == "marking":
            message = f"marking {written} inside a line is not read as a portion mark; {_WHERE}"
        else:
            message = (f"possible portion mark {written} inside a sentence, above the document's "
                       f"{banner_level.banner}, is not read as a portion mark; {_WHERE}")
        self.reading.report(Unreadable("in_sentence", written, span, message))


@functools.lru_cache(maxsize=4096)
def _kind(inner: str):
    """"marking" for an unambiguous marking, a Level for a bare classified level, else None."""
    text = inner.strip()
    if "/" in text and any(part.strip().isdigit() for part in text.split("/")):
        return None  # a United Nations document symbol, S/2008/1 or S/PRST/2009/16
    if "/" in text or " " in text or "," in text:
        if marking_shaped(text):  # (TS//SI/TK-BLFH//SAR-BP-52X3//RS/NF): what the grammar cannot read whole
            return "marking"
        if not looks_like_mark(text, False):
            return None
        marking, _ = _portion_or_error(text)
        if marking is None or marking.level is None and not marking.fgi:
            return None
        controls = (marking.dissem or marking.non_ic or marking.sci or marking.sap or marking.aea
                    or marking.rel_to is not None or marking.fgi)
        return "marking" if controls else None
    if text in ("TS", "S", "C"):
        return Level[text]
    return None


def _in_a_list(text: str, lo: int, start: int, end: int) -> bool:
    """Does the token text[start:end] stand in a references, reasons or lettered-list context, or
    define an acronym ("Technical Secretariat (TS)")? `lo`: where the text looked at before it
    starts (its line's start, at most _WINDOW characters back: a line of any length costs the same)."""
    before = text[lo:start]
    if _LIST_LETTER.search(text, lo, min(len(text), end + _WINDOW)) or "1" in before and _REASONS.search(before) \
            or _REFERENCE.match(text, end):
        return True
    words = before.split()
    if not words:
        return False
    word = _LAST_WORD.search(words[-1])  # (the last word, its punctuation aside)
    if word is not None and word.group(1).rstrip(".").upper() in item_words():
        return True
    letters = text[start + 1:end - 1]
    words = words[-len(letters):]
    return "".join(w[0] for w in words) == letters and all(w[:1].isupper() for w in words)


def _after_a_reference(text: str, line_start: int, start: int) -> bool:
    """Does the token at `start` follow a telegram reference (``SECSTATE 96412 (SBU/NF)``: the
    classification of the cable referred to)?"""
    before = text[max(line_start, start - 40):start].rstrip()
    return before[-1:].isdigit() and _AFTER_REFERENCE.search(before) is not None


def _lettered_before(text: str, start: int, letter: str) -> bool:
    """Is the previous letter's item, ``(B)`` before ``(C)``, written earlier in the same paragraph
    (at most 800 characters back)?"""
    if letter == "A":
        return False
    lo = max(0, start - 800)
    lo = max(lo, text.rfind("\n\n", lo, start))
    return text.find(f"({chr(ord(letter) - 1)})", lo, start) >= 0


def _line_starts(text: str) -> list[int]:
    starts, at = [0], text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts
