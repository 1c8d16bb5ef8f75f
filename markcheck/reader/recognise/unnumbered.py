"""Unnumbered paragraphs of a classified telegram: prose blocks with neither number nor mark,
which are portions all the same (32 CFR 2001.21(c): "each portion, ordinarily a paragraph").

A paragraph here is a block of lines between blank lines in the cable's body, after its header
(the last classification line, caption, E.O. line, TAGS, SUBJECT, REF or authority block line
before the first portion), that reads as prose: it opens a sentence, runs to eight words or
more and ends a sentence. Headings, lists, signatures, tables, label lines, reference lists
and quoted telegrams are not prose in this sense. Only the blocks before the first portion of
the body are paragraphs of their own: in State practice an unnumbered block after a numbered or
marked paragraph continues it (a paragraph split by a page break, a SECTION header, a quotation
or a list) and takes its mark. A block after a line that ends with a portion mark (``… reasons
1.4 (b) and (d) (C)``) takes that mark.
"""

from __future__ import annotations

import re
from typing import Sequence

from ...model import Portion, Span
from .. import scan

_MIN_WORDS = 8
# A sentence's opening: a capital (perhaps after a quotation mark), then a lower-case letter or a
# word of capitals with a blank after it ("On April 10 …", "THE MINISTER SAID …", "Summary: …").
_OPENS = re.compile(r"^[\"'\u201c]?[A-Z](?:[a-z]|[A-Z'\u2019-]{0,30}[\s,:])")
_ENDS = re.compile(r"[.?!][\"'\u201d)]?$")
# Lines that belong to the header, or hold a label of it, a reference or a passing instruction.
_LABEL = re.compile(r"^\s*(?:(?i:REF(?:S|TEL|TELS|ERENCES?)?\b|SUBJ(?:ECT)?\s*:|TAGS?\b|E\s?\.?\s?O\s?\.?\s*[0-9]|"
                    r"classi?fied\s+by\b|derived\s+from\b|declassify\s+on\b|reasons?\s*:)|"
                    r"(?:DEPT|STATE|PASS|FOR|INFO|ACTION)\b)")  # (passing instructions in capitals only)
# A label glued inside a block (``… ON MINISTERIAL Classified By: …``): a header piece, no paragraph.
_GLUED_LABEL = re.compile(r"\bclassi?fied\s+by\b|\bSUBJECT\s*:|\bTAGS\s*:|\bREF\s*:|E\.\s?O\.\s?[0-9]{5}", re.I)
# A page header (``TRIPOLI 07200583 002 OF 003``): the text after it continues a paragraph of
# the page before, which may not be in the copy.
_PAGE_HEADER = re.compile(r"^\s*[A-Z][A-Z .]*\s[0-9]{5,8}\s+[0-9]{3}(?:\.[0-9])?\s+OF\s+[0-9]{3}\b")
_EMPTY_SUBJECT = re.compile(r"^\s*SUBJ(?:ECT)?\s*:\s*$", re.I)
_MARK_ENDING = re.compile(r"\((?:TS|S|C|U|SBU|LOU)(?:\s*/{1,2}\s*[A-Za-z][A-Za-z /,-]{0,60})?\)\s*$")


def paragraphs(lines: Sequence[str], portions: Sequence[Portion], first_banner_line: int,
               skip: frozenset | set = frozenset()) -> list[Portion]:
    """The unmarked, unnumbered paragraphs of a classified telegram's body (see the module)."""
    body = [p for p in portions if not p.is_subject]
    end = min((p.span.line for p in body), default=len(lines) + 1) - 1  # (0-based: the first portion's line)
    start = _body_start(lines, first_banner_line, end)
    found = []
    index = start
    while index < end:
        if not lines[index].strip():
            index += 1
            continue
        first = index
        while index < end and lines[index].strip():
            index += 1
        if any(i in skip for i in range(first, index)):
            continue
        if _is_paragraph(lines, first, index):
            text = lines[first]
            column = len(text) - len(text.lstrip()) + 1
            last = lines[index - 1].rstrip()
            found.append(Portion(Span(first + 1, column, index, len(last) + 1), None, None, prose=True))
    return found


def _body_start(lines: Sequence[str], first_banner_line: int, end: int) -> int:
    """The line (0-based) after the last header line before `end`: a classification line or
    caption, or a line with a label of the header."""
    start = first_banner_line  # (the line after the first classification line)
    for index in range(first_banner_line, end):
        line = lines[index]
        if not line.strip():
            continue
        if _LABEL.match(line) or scan.collapse_banner(line) is not None or scan.CAPTION_LINE.match(line) \
                or scan.find_banner(line) is not None:
            start = index + 1
            while start < end and lines[start].strip():  # the rest of its block (a wrapped SUBJECT, CAB)
                start += 1
            if _EMPTY_SUBJECT.match(line):  # "SUBJECT:" alone: its text is the next block
                while start < end and not lines[start].strip():
                    start += 1
                while start < end and lines[start].strip():
                    start += 1
    return start


def _is_paragraph(lines: Sequence[str], first: int, stop: int) -> bool:
    """Is lines[first:stop] a prose paragraph, not after a line ending with a portion mark?"""
    opening = lines[first].lstrip()
    if not _OPENS.match(opening) or _PAGE_HEADER.match(opening):
        return False
    block = " ".join(line.strip() for line in lines[first:stop])
    if len(block.split()) < _MIN_WORDS or not _ENDS.search(block) or _GLUED_LABEL.search(block):
        return False
    before = first - 1
    while before >= 0 and not lines[before].strip():
        before -= 1
    return before < 0 or not _MARK_ENDING.search(lines[before])
