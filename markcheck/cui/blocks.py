"""The CUI statements of a document's text: the designation indicator block, DoD distribution
statements, the ``Decontrol on:`` line, legacy markings in banners and portion marks, and
sentences that say a document "may contain CUI".

Each is read where a person sees it, with its line and columns; a label or statement that is
there but cannot be read is kept as written (the rules report it), never dropped.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import replace
from typing import Sequence

from ..lazyre import lazy
from ..model import MAX_ELEMENTS, Marking, Span
from . import register
from .compilation import paragraphs
from .marking import cui_word
from .model import Decontrol, DesignationIndicator, Disclaimer, DistributionStatement, IndicatorLine, LegacyMarking

# Lines between two lines of one designation indicator block, at most (a blank line or two).
_BLOCK_GAP = 2


@functools.lru_cache(maxsize=1)
def _label_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for every indicator label (longest first) and label -> field."""
    fields = {label: field for field, labels in register.conventions()["indicator_labels"].items()
              for label in labels}
    alternatives = "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in sorted(fields, key=len, reverse=True))
    return re.compile(rf"^\s*(?P<label>{alternatives})\s*:\s*(?P<value>.*?)\s*$", re.I), fields


def indicator(lines: Sequence[str]) -> DesignationIndicator | None:
    """The designation indicator block: the first run of indicator lines that holds a
    `Controlled by:` line, or the first run at all (then it lacks one, which a rule reports)."""
    pattern, fields = _label_pattern()
    runs: list[list[IndicatorLine]] = []
    last = None
    for index, line in enumerate(lines):
        m = pattern.match(line)
        if m is None:
            continue
        field = fields[" ".join(m.group("label").lower().split())]
        if field in ("category", "poc", "ldc", "distribution") and not _block_label(m.group("label"), field, runs, index, last):
            continue
        value = m.group("value")
        start = m.start("value") + 1
        words = _indicator_words(value, index + 1, start, field) if field in ("category", "ldc") else ()
        entry = IndicatorLine(m.group("label"), field, value, Span(index + 1, m.start("label") + 1, index + 1, len(line) + 1), words)
        if last is None or index - last > _BLOCK_GAP + 1:
            runs.append([])
        runs[-1].append(entry)
        last = index
    if not runs:
        return None
    run = next((r for r in runs if any(e.field == "controlled_by" for e in r)), runs[0])
    span = Span(run[0].span.line, run[0].span.column, run[-1].span.end_line, run[-1].span.end_column)
    return DesignationIndicator(span, tuple(run))


def _block_label(label: str, field: str, runs, index: int, last: int | None) -> bool:
    """A bare `Category:` or `POC:` line is an indicator line only inside a block (next to a
    `Controlled by:` line); `CUI Category:` and the LDC labels are one anywhere."""
    if label.lower().startswith("cui") or field == "ldc" and "/" in label:
        return True
    return last is not None and index - last <= _BLOCK_GAP + 1


def _indicator_words(value: str, line: int, column: int, field: str):
    """The categories or LDCs of an indicator line's value, separated by `/`, `,` or `;`; on the
    category line a category may be spelled out (`Controlled Technical Information`: CTI)."""
    words = []
    for m in re.finditer(r"[^/,;]+", value):
        raw = m.group().strip()
        if not raw or raw.lower() in ("none", "n/a", "na"):
            continue
        offset = m.start() + (len(m.group()) - len(m.group().lstrip()))
        word = cui_word(raw, line, column + offset, column + offset + len(raw))
        named = register.category_names().get(" ".join(raw.upper().split())) if field == "category" else None
        if word.kind == "unknown" and named is not None:
            word = replace(word, kind="category", value=named, suggestion=None)
        words.append(word)
    return tuple(words)


_STATEMENT = lazy(r"^\s*DISTRIBUTION\s+STATEMENT\s+(?P<letter>[A-Z])\b\s*[.:]?\s*(?P<text>.*)$", re.I)
_DATE = lazy(r"\(\s*(?:date\s+of\s+determination\s*:?\s*)?(?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|\d{4}-\d{2}-\d{2}|"
                   r"\d{1,2}/\d{1,2}/\d{4}|[A-Z][a-z]+\s+\d{1,2},\s+\d{4})\s*\)")
_OFFICE = lazy(r"referred\s+to\s+(?P<office>[^.]+)", re.I)


def distribution(lines: Sequence[str]) -> tuple[DistributionStatement, ...]:
    """DoD distribution statements: `DISTRIBUTION STATEMENT X.` and the sentence(s) after it,
    up to the next blank line."""
    from ..reader.parse_dates import parse_date

    found = []
    for index, line in enumerate(lines):
        m = _STATEMENT.match(line)
        if m is None:
            continue
        end = index
        while end + 1 < len(lines) and lines[end + 1].strip() and not _STATEMENT.match(lines[end + 1]):
            end += 1
        text = " ".join([m.group("text"), *(lines[i].strip() for i in range(index + 1, end + 1))]).strip()
        reasons = register.conventions()["distribution"]["reasons"]
        reason = next((r for r in reasons if re.search(re.escape(r).replace(r"\ ", r"\s+"), text, re.I)), None)
        date_match = _DATE.search(text)
        day = parse_date(date_match.group("date"))[0] if date_match else None
        office = _OFFICE.search(text)
        span = Span(index + 1, len(line) - len(line.lstrip()) + 1, end + 1, len(lines[end]) + 1)
        found.append(DistributionStatement(m.group("letter").upper(), text, span, reason, day,
                                           date_match.group("date") if date_match else None,
                                           office.group("office").strip() if office else None))
    return tuple(found)


_DECONTROL = lazy(r"^\s*decontrol\s+on\s*:\s*(?P<value>.*?)\s*$", re.I)
# A value written as a date: digits and separators, or a month name with a day and a year
# (`20350210`, `02/10/2035`, `February 10, 2035`, `10 Feb 2035`), whether or not the date exists.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_SHAPED = re.compile(rf"^(?:[0-9][0-9/.\-\s]*|{_MONTH}\s+[0-9]{{1,2}},?\s+[0-9]{{2,4}}|"
                          rf"[0-9]{{1,2}}\s+{_MONTH}\s+[0-9]{{2,4}})$", re.I)
# How a person is reached, written on the decontrol line itself (32 CFR 2002.20(e)(3)(ii)).
_CONTACT = re.compile(r"\bPOC\b|\bcontact\b|@|\bDSN\b|\(?\b[0-9]{3}\)?[\s.-]*[0-9]{3}[\s.-][0-9]{4}\b", re.I)


def decontrol(lines: Sequence[str]) -> Decontrol | None:
    """The `Decontrol on:` line: a date (a value written as one, None when no such day exists),
    or an event (words that are not a date); an empty value or a date that does not exist is
    neither, and the rule reports it."""
    from ..reader.stamps import written_date

    for index, line in enumerate(lines):
        m = _DECONTROL.match(line)
        if m is None:
            continue
        value = m.group("value")
        span = Span(index + 1, len(line) - len(line.lstrip()) + 1, index + 1, len(line) + 1)
        if not value or _DATE_SHAPED.match(value.rstrip(".")):
            return Decontrol(value, span, written_date(value) if value else None)
        return Decontrol(value, span, None, value, bool(_CONTACT.search(value)))
    return None


def legacy(markings: Sequence[tuple[Marking, str, Span]]) -> tuple[LegacyMarking, ...]:
    """Legacy markings among the classified reader's banners and portion marks (their non-IC
    and dissemination controls), each with the CUI marking to use instead."""
    table = {k.upper(): v for k, v in register.conventions()["legacy"].items()}
    found = []
    for marking, raw, span in markings:
        for name in sorted(marking.non_ic | (marking.dissem & {"FOUO"})):
            if name.upper() in table:
                found.append(LegacyMarking(name, raw, span, table[name.upper()]))
    return tuple(found)


# "may contain CUI", "may also contain controlled unclassified information" (DoD: no such disclaimer)
_MAY_CONTAIN = lazy(r"\bmay\s+(?:also\s+)?contain\s+(?:elements\s+of\s+)?(?:CUI\b|controlled\s+unclassified\s+information\b)", re.I)
_SENTENCE_END = lazy(r"[.!?](?=\s|$)")
_MAX_SENTENCE = 160


def disclaimers(lines: Sequence[str]) -> tuple[Disclaimer, ...]:
    """Each sentence that says the document may contain CUI, read across the lines of its
    paragraph, with the span from the sentence's start to its end (the first MAX_ELEMENTS)."""
    found = []
    for first, last in paragraphs(lines):
        starts, parts, offset = [], [], 0
        for index in range(first, last + 1):
            stripped = lines[index].strip()
            starts.append((offset, index, len(lines[index]) - len(lines[index].lstrip())))
            parts.append(stripped)
            offset += len(stripped) + 1
        text = " ".join(parts)
        if _MAY_CONTAIN.search(text) is None:
            continue
        ends = [e.end() for e in _SENTENCE_END.finditer(text)]
        offsets = [entry[0] for entry in starts]
        for m in _MAY_CONTAIN.finditer(text):
            at = bisect.bisect_right(ends, m.start())
            begin = ends[at - 1] if at else 0
            after = bisect.bisect_left(ends, m.end())
            end = ends[after] if after < len(ends) else len(text)
            while begin < end and text[begin] == " ":
                begin += 1
            (line, column), (end_line, end_column) = _place(starts, offsets, begin), _place(starts, offsets, end)
            sentence = text[begin:end]
            raw = sentence if len(sentence) <= _MAX_SENTENCE else sentence[:_MAX_SENTENCE - 1] + "\u2026"
            found.append(Disclaimer(raw, Span(line, column, end_line, end_column)))
            if len(found) >= MAX_ELEMENTS:
                return tuple(found)
    return tuple(found)


def _place(starts, offsets, offset: int) -> tuple[int, int]:
    """The 1-based line and column of `offset` in a paragraph joined with single spaces
    (`offsets`: where each of its lines starts in the joined text)."""
    at = bisect.bisect_right(offsets, offset) - 1
    start, index, indent = starts[max(at, 0)]
    return index + 1, indent + offset - start + 1
