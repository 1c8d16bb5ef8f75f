"""Portion marks inside a line: a sub-portion after a sentence end (``1. (U) Text. (S) Secret.``)
and paragraphs an export glued onto one line (``5. (C) Mission. 6. (C) More. 8. (S/NF) Comment``).

A person reading the line sees these marks, so the reader takes them as portions with their own
spans. Parenthesised letters in prose are not marks, and the tests here are strict: the mark
stands at a sentence start (after ``. ``, ``! ``, ``? ``, ``: ``, a paragraph number ``N. `` or the
``| `` of a table cell)
or after a heading that opens the line (``Background (S) text``, ``KEY POINTS -- (C) text``; a
Markdown heading ``## Background (S) text`` renders so), is upper-case and begins with a level or control word, and text follows it. List items
(``(a)``, ``(B) STATE 41489``), section references (``Section 3(C)``), reference lines
(``REF: (C) SAN JOSE 01713``) and acronyms (``(US)``) are left as prose.
"""

from __future__ import annotations

import re

from .. import register
from .scan import looks_like_mark
from ..values import frozen_value

# A parenthesised upper-case text followed by blanks and text (tried where str.find finds a
# parenthesis behind a blank: a regex search of the whole line tries every position, several
# times slower on the long lines of glued exports) ...
_MARK_AT = re.compile(r"\(([A-Z][A-Z/ ,\-]{0,44})\)(?=\s+[\"'\u201c(]?[A-Za-z0-9])")
# ... and the paragraph number before it, if one stands there.
_NUMBER_BEFORE = re.compile(r"(?<!\S)([0-9]{1,3})\.\s*$")
# What a sentence start is after: a sentence end or a colon, maybe behind a closing quote or
# parenthesis, or the pipe that starts a table cell ("1. (U) a | (S) b"); a bullet may follow
# (bullets glued onto one line: "… modification:  -- (U//FOUO) Name …").
_SENTENCE_END = re.compile(r"(?:[.!?:][\"'\u201d)\]]?|\|)\s+(?:--?\s+)?$")
# The levels and controls a mark inside a line starts with (a stricter set than a line start's).
_FIRST_WORDS = frozenset({*(w for w in register.level_forms() if " " not in w), "SBU", "LOU", "FOUO"})
# A label before a colon that makes what follows a reference or a list, not a sentence.
_LABEL_BEFORE_COLON = re.compile(r"\b(?:REFS?|REFTELS?|REFERENCES?|REFERENCED|SUBJECT|SUBJ|TAGS|PARAS?|"
                                 r"PARAGRAPHS?|SEE|ITEMS?|NOTE)\s*:\s*$", re.I)
# "(B) STATE 41489", "(C) SAN JOSE 01713": a cable reference after a list letter.
_REFERENCE = re.compile(r"\s+[A-Z][A-Z ]{1,30}\s[0-9]{2,7}\b")
# A heading that opens the line, then a mark: one to five capitalised words (small words between
# them), maybe a dash; after the mark, mixed-case text (in all-capitals text a heading is not told
# from a sentence: "FIRST PARA CHANGED FROM (C) TO (U)") or the line's end (the heading's own mark).
_HEADING_WORD = r"(?:[A-Z][A-Za-z'&/]*(?:-[A-Za-z]+)*|of|and|the|for|on|in|to|with|a|an)"
_HEADED = re.compile(rf"\s*[A-Z][A-Za-z'&/]*(?:-[A-Za-z]+)*(?:\s+{_HEADING_WORD}){{0,4}}"
                     r"(?:\s*(?:-{1,5}|\u2013|\u2014)\s*|\s+)\(([A-Z][A-Z/ ,\-]{0,44})\)"
                     r"(?:(?=\s+[\"'\u201c(]?(?:[A-Z]?[a-z]|[A-Z]\s+[a-z]))|$)")
# Words a heading does not end with ("Changed From (C)"), and "(R)", after a name a party label.
_NOT_HEADING_ENDS = frozenset({"of", "and", "the", "for", "on", "in", "to", "with", "a", "an", "from", "by", "at",
                               "as", "or"})
# An upper-case list letter in the line: "(A) … (B) …" makes a single-letter (C) or (S) a list item too.
_LIST_LETTER = re.compile(r"\((?:[ABDEFGH])\)")


@frozen_value
class InlineMark:
    """A portion mark inside a line: where its portion starts (its paragraph number, if any),
    where the mark is, the mark as written and what its parentheses hold."""

    start: int  # where the portion starts in the text: its number, or its mark
    mark_start: int
    written: str
    inner: str
    number: str | None  # "6." glued paragraphs carry their number


def may_hold(text: str) -> bool:
    """The quick test: can `text` hold a mark inside it at all?"""
    return "(" in text and (") " in text or ")\t" in text)


def inline_marks(text: str, after: int = 0, last_number: int | None = None) -> list[InlineMark]:
    """The portion marks at sentence starts in `text` from `after` on (the line's own leading
    mark ends before `after`). A glued paragraph's number must follow `last_number`, the number
    of the paragraph the line starts with (lists that restart are not glued paragraphs)."""
    headed = heading_mark(text) if after == 0 else None
    found: list[InlineMark] = [headed] if headed is not None else []
    single_letters_are_list = None
    at = text.find("(", after)
    while at >= 0:
        # (after a blank, or glued to a paragraph number: "End summary. 2.(S/NF) Text")
        m = _MARK_AT.match(text, at) if at and (text[at - 1].isspace() or text[at - 1] == "."
                                                 and text[at - 2:at - 1].isdigit()) else None
        at = text.find("(", at + 1)
        if m is None or not _is_mark(m.group(1)) or found and m.start() <= found[-1].mark_start:
            continue
        written, inner, start = m.group(0), m.group(1), m.start()
        numbered = _NUMBER_BEFORE.search(text, max(after, start - 12), start)
        number = numbered.group(1) if numbered else None
        if numbered:
            start = numbered.start()
        if len(inner) == 1:
            if single_letters_are_list is None:
                single_letters_are_list = bool(_LIST_LETTER.search(text))
            if single_letters_are_list or _REFERENCE.match(text, m.end()):
                continue
        if number is not None:  # a glued paragraph (after a sentence, a heading or a rule of dashes)
            if last_number is not None and int(number) <= last_number:
                continue  # "see paragraph 1. (C) …", a list that restarts: not the next paragraph
            last_number = int(number)
        else:
            before = text[max(0, start - 24):start]
            if not _SENTENCE_END.search(before) or _LABEL_BEFORE_COLON.search(before):
                continue
        found.append(InlineMark(start, m.start(), written, inner, number))
    return found


def heading_mark(text: str) -> InlineMark | None:
    """The mark after a heading that opens the line (``Background (S) text``, ``## Background
    (S)``, ``KEY POINTS -- (C) Text``; a Markdown heading renders so), or None."""
    m = _HEADED.match(text)
    if m is None or m.group(1) == "R" or not _is_mark(m.group(1)):
        return None
    mark_start = m.start(1) - 1
    heading = text[:mark_start].rstrip(" -\u2013\u2014").split()
    if heading[-1].lower() in _NOT_HEADING_ENDS:
        return None
    return InlineMark(0, mark_start, text[mark_start:m.end(1) + 1], m.group(1), None)


def _is_mark(inner: str) -> bool:
    """Is an upper-case parenthesised text a portion mark by its first word?"""
    first = re.split(r"[/ ,\-]", inner.strip(), maxsplit=1)[0]
    return first in _FIRST_WORDS and looks_like_mark(inner, False)
