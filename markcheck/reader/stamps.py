"""Stamps and lists added to a document around its classification decision, read from its lines.

* The declassification stamp (32 CFR 2001.25): ``DECLASSIFIED`` with the authority and date,
  State's ``Declassified/Released US Department of State EO Systematic Review 20 Mar 2014``,
  ``DECL: DECLASSIFIED BY NARA 09/02/2009`` on a cable's E.O. line.
* Extension and reclassification stamps (2001.12(b), 2001.13): ``Classification extended on
  20150101 to 20350101 by Jane Doe, Director``, ``Reclassified On: 20120101 by ...``.
* A derivative document's source list (2001.22(c)(1)): the lines after ``Sources:`` with each
  source's date and declassification instruction.

Each reader looks only at the lines that hold its key word (found in the lower-cased text first),
so a document without one costs a substring search.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace
from typing import Sequence

from ..lazyre import lazy
from ..model import Declassification, Declassified, Extension, SourceEntry, Span
from .grammar import MarkingSyntaxError
from .parse_dates import parse_date, parse_declass

# A written date: 20140320, 03/20/2014, 3/20/14, 20 Mar 2014, 20 March 2014, June 21, 2006.
_DATE = lazy(r"\b(?:(?:19|20)[0-9]{6}|[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})"
                   r"|[0-9]{1,2}\s+[A-Za-z]{3,9}\.?\s+(?:[0-9]{4}|[0-9]{2})"
                   r"|(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>[0-9]{1,2}),?\s+(?P<year>[0-9]{4}))\b")
# The stamp's first word, at the start of a line or after a colon or semicolon ("E.O. 12958: AS
# AMENDED; DECLASSIFIED JUNE 21, 2006"): upper-case DECLASSIFIED, or Declassified followed by what only a stamp
# writes after it ("/Released", "by", "on", a colon, the end of the line); prose such as
# "were declassified; we forwarded" or "Declassified documents show" is not a stamp.
_DECLASSIFIED = lazy(r"(?:^\s*|[:;]\s*)(?:DECLASSIFIED\b|Declassified(?=/|\s+by\b|\s+on\b|\s*:|\s*$))"
                           r"(?P<rest>.*)$")
# NARA's note on a released telegram: "Original Telegram was Confidential but has since been
# de-classified" (no authority or date: the record's own statement that it was declassified).
_RELEASE_NOTE = lazy(r"\bhas\s+(?:since\s+)?been\s+de-?classified\b", re.I)
_STATE_REVIEW = lazy(r"/\s*Released\s+(?P<authority>US\s+Department\s+of\s+State\s+EO\s+Systematic\s+Review)",
                           re.I)
_AUTHORITY = lazy(r"(?:\bAuthority\b|\bby\b)\s*:?\s*(?=[A-Za-z])", re.I)
# where the authority's name ends: a comma, a semicolon, "on", "date", a date
_AUTHORITY_END = lazy(r"[,;]|\b(?:on|date)\b|" + _DATE.pattern, re.I)
_STAMP_LINES = 3  # a stamp wraps onto at most two more lines
_EXTENSION = lazy(r"\bclassification\s+extended\b|\breclassified\s*(?:on|by)?\s*:?", re.I)
_BY = lazy(r"\bby\b\s*:?\s*(?=[A-Za-z])", re.I)
_ON = lazy(r"\bon\b", re.I)
_SOURCE_LIST = lazy(r"^\s*(?:sources?(?:\s+list)?|list\s+of\s+sources|sources?\s+(?:used|cited))\s*:\s*(?P<first>.*)$",
                          re.I)
_ENTRY_LABEL = lazy(r"^\s*(?:[0-9]{1,2}[.)]|[A-Za-z][.)]|\([0-9A-Za-z]{1,2}\)|[-*\u2022])\s*")
_ENTRY_DECLASS = lazy(r"\b(?:declassify\s+on|decl)\s*:\s*(?P<value>[^;)]*)", re.I)
_MAX_SOURCES = 50


def written_date(text: str) -> _dt.date | None:
    """The first date written in `text` that is a real calendar date (None when there is none)."""
    for m in _DATE.finditer(text):
        written = f"{m['day']} {m['month']} {m['year']}" if m["month"] else m.group(0)
        day, _ = parse_date(_three_letter_month(written))
        if day is not None:
            return day
    return None


def _three_letter_month(text: str) -> str:
    return re.sub(r"(?<=[A-Za-z]{3})[A-Za-z]+\.?", "", text)


def _span(index: int, line: str, start: int = 0) -> Span:
    return Span(index + 1, start + 1, index + 1, len(line.rstrip()) + 1)


def _lines_with(lines: Sequence[str], lowered: str | None, word: str) -> list[int]:
    """Indices of the lines that hold `word` (lower case), or none when the text lacks it."""
    if lowered is not None and word not in lowered:
        return []
    return [i for i, line in enumerate(lines) if word in line.lower()]


def is_declassification_stamp(value: str) -> bool:
    """Is an E.O. line's value a declassification stamp ("AS AMENDED; DECLASSIFIED JUNE 21,
    2006") rather than the original declassification instruction? The stamp is a fact of the
    record's later review (`declassified`), not a marking to read as an instruction."""
    m = _DECLASSIFIED.search(value)
    return m is not None and (written_date(m.group("rest")) is not None or _authority(m.group("rest")) is not None)


def declassified(lines: Sequence[str], lowered: str | None) -> Declassified | None:
    """The first declassification stamp of the document (None when it has none). A stamp names
    a date or an authority; the line that starts it and the two after are read as one."""
    for index in _lines_with(lines, lowered, "declassified"):
        m = _DECLASSIFIED.search(lines[index])
        if m is None:
            continue
        text = " ".join(line.strip() for line in lines[index:index + _STAMP_LINES] if line.strip())
        rest = " ".join([m.group("rest").strip(), *(l.strip() for l in lines[index + 1:index + _STAMP_LINES])])
        state = _STATE_REVIEW.search(rest)
        authority = " ".join(state.group("authority").split()) if state else _authority(rest)
        day = written_date(rest)
        if authority is None and day is None:
            continue  # the word alone: not a stamp that says who or when
        return Declassified(authority=authority, date=day, raw=text, span=_span(index, lines[index], m.start()))
    return _release_note(lines, lowered)


def _release_note(lines: Sequence[str], lowered: str | None) -> Declassified | None:
    """NARA's "... has since been de-classified" note, which names no authority or date."""
    for word in ("declassified", "de-classified"):
        for index in _lines_with(lines, lowered, word):
            m = _RELEASE_NOTE.search(lines[index])
            if m is not None:
                return Declassified(authority=None, date=None, raw=lines[index].strip(),
                                    span=_span(index, lines[index], m.start()))
    return None


def _authority(text: str) -> str | None:
    """The name after "Authority" or "by" in a stamp, up to a comma, "on", "date" or a date."""
    m = _AUTHORITY.search(text)
    if m is None:
        return None
    end = _AUTHORITY_END.search(text, m.end())
    name = text[m.end():end.start() if end else len(text)].strip(" .:")
    return name or None


def extensions(lines: Sequence[str], lowered: str | None) -> tuple[Extension, ...]:
    """Extension and reclassification stamps, in the order written."""
    if lowered is not None and "extended" not in lowered and "reclassified" not in lowered:
        return ()
    found = []
    for index, line in enumerate(lines):
        m = _EXTENSION.search(line)
        if m is None:
            continue
        kind = "extension" if "extended" in m.group(0).lower() else "reclassification"
        rest = line[m.end():]
        by = _after(_BY, rest, _ON)
        # the date of the action: the first date after "on" (an extension also names the new
        # declassification date after "to"/"until")
        on = re.search(r"\bon\b\s*:?\s*(.*)", rest, re.I)
        day = written_date(on.group(1)) if on else (written_date(rest) if kind == "reclassification" else None)
        found.append(Extension(kind=kind, raw=line.strip(), span=_span(index, line, m.start()),
                               by=by.rstrip(".,") if by else None, date=day))
    return tuple(found)


_TO = lazy(r"\b(?:to|until)\b\s*:?\s*(?=\S)", re.I)


def _after(keyword: re.Pattern, text: str, stop: re.Pattern) -> str | None:
    """The text after the first `keyword` up to the next `stop` (or the end; ";" ends it too),
    stripped; None when `keyword` is not there. (Cut by hand: a lazy group before an optional
    tail and `$` would retry the tail from every character of a long run of blanks.)"""
    m = keyword.search(text)
    if m is None:
        return None
    rest = text[m.end():].split(";", 1)[0]
    end = stop.search(rest)
    return (rest[:end.start()] if end else rest).strip() or None


def extended_value(value: str) -> str:
    """The new declassification instruction of a ``Declassify On:`` value that is an extension
    stamp (``Classification extended on 20150101 to 20350101 by ...`` -> ``20350101``); any
    other value unchanged."""
    m = _EXTENSION.search(value)
    if m is None or "extended" not in m.group(0).lower():
        return value
    new = _after(_TO, value[m.end():], _BY)
    return new if new else value


def source_list(lines: Sequence[str], lowered: str | None) -> tuple[SourceEntry, ...]:
    """The entries under the first ``Sources:`` label: the rest of its line and the non-blank
    lines after it, up to a blank line."""
    for index in _lines_with(lines, lowered, "source"):
        m = _SOURCE_LIST.match(lines[index])
        if m is None:
            continue
        entries = []
        if m.group("first").strip():
            entries.append(_entry(index, lines[index], m.start("first")))
        for later in range(index + 1, min(len(lines), index + 1 + _MAX_SOURCES)):
            if not lines[later].strip():
                if entries:
                    break
                continue
            entries.append(_entry(later, lines[later], 0))
        return tuple(entries)
    return ()


def _entry(index: int, line: str, start: int) -> SourceEntry:
    text = line[start:]
    label = _ENTRY_LABEL.match(text)
    body = text[label.end():] if label else text
    declass: Declassification | None = None
    decl = _ENTRY_DECLASS.search(body)
    if decl is not None and decl.group("value").strip():
        try:
            declass = parse_declass("DECL: " + decl.group("value").strip())
        except MarkingSyntaxError:
            declass = None
    dated = body[:decl.start()] if decl is not None else body
    span = _span(index, line, start + len(text) - len(text.lstrip()))
    if declass is not None:
        declass = replace(declass, raw=decl.group("value").strip(), span=span)
    return SourceEntry(raw=body.strip(), span=span, date=written_date(dated), declass=declass)
