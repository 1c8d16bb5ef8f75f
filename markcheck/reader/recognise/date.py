"""The document's date: a date-time group, a dated header line, a memo's unlabelled date line,
or, as a last resort, the date of a pasted metadata row."""

from __future__ import annotations

import re

from ...model import DocumentDate
from .. import scan
from ..grammar import MarkingSyntaxError
from ..parse_dates import parse_date, parse_dtg_line
from .common import span_at


class DateRecogniser:
    """The dates read before the body, in the order found (the first one is the document's)."""

    LINE_START = scan.DATE_START  # every line it reads starts so

    def __init__(self):
        self.dates: list[DocumentDate] = []

    def read(self, lineno: int, offset: int, text: str) -> None:
        if not scan.DATE_START.match(text):
            return
        if scan.DTG_START.match(text):  # (no other date line starts so)
            try:
                day, start, end = parse_dtg_line(text)
            except MarkingSyntaxError:
                return
            self.dates.append(DocumentDate(day, "dtg", text[start:end], span_at(lineno, offset + start, offset + end)))
            return
        m = scan.DATE_LINE.match(text)
        if m:  # memo style: "Date: 20101001" / "Date: October 1, 2010"
            self._dated(lineno, offset, m, _memo_date(m.group(1)), "date-line", m.group(0).strip())
            return
        m = scan.UNLABELLED_DATE.match(text)
        if m:  # a memo's date alone on a line under the banner or heading
            self._dated(lineno, offset, m, _memo_date(m.group(1)), "unlabelled-date", m.group(1))
            return
        m = scan.DAY_DATE.match(text)
        if m:
            # "16 June 2006": the date grammar reads three-letter month names
            self._dated(lineno, offset, m, re.sub(r"(?<=[A-Za-z]{3})[A-Za-z]+", "", m.group(1)), "date-line",
                        m.group(0).strip())

    def _dated(self, lineno: int, offset: int, m: re.Match, written: str, source: str, raw: str) -> None:
        day, _ = parse_date(written)
        if day:
            self.dates.append(DocumentDate(day, source, raw, span_at(lineno, offset + m.start(1), offset + m.end(1))))


def metadata_date(lines: list[str], skip: set, notes: list[str]) -> DocumentDate | None:
    """Fallback: the date of a pasted metadata row (it is in the text, but is not a marking)."""
    for index in sorted(i for i in skip if isinstance(i, int)):
        m = scan.ISO_DATE.match(lines[index]) or scan.TAB_ROW.match(lines[index])
        if m:
            day, _ = parse_date(m.group(1).replace("-", "/"))
            if day:
                notes.append("date taken from a pasted metadata row")
                return DocumentDate(day, "metadata-row", m.group(1), span_at(index + 1, m.start(1), m.end(1)))
    return None


def _memo_date(text: str) -> str:
    """'October 1, 2010', 'October 1st, 2010' and '1 October 2010' -> '1 OCT 2010'; numeric forms
    pass through."""
    text = re.sub(r"(?<=[0-9])(?:st|nd|rd|th)\b", "", text)
    m = re.fullmatch(r"([A-Za-z]{3})[A-Za-z]*\.?\s+([0-9]{1,2}),?\s*([0-9]{4})", text.strip())
    if m:
        return f"{m.group(2)} {m.group(1)} {m.group(3)}"
    m = re.fullmatch(r"([0-9]{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?,?\s+([0-9]{4})", text.strip())
    return f"{m.group(1)} {m.group(2)} {m.group(3)}" if m else text.strip()
