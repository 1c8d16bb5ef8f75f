"""Dates as written in markings (``03/20/2019``, ``20190320``, ``20 MAR 2019``), date-time
groups, and the declassification instructions of E.O. lines and ``Declassify On:`` lines, read
by their grammars (parsed once per distinct string, or per shape) into model values by the
Transformers of `date_builders`."""

from __future__ import annotations

import datetime as _dt
import functools
import re

from ..model import Declassification
from .grammar import (MAX_MARKING_CHARS, NOWHERE, MarkingSyntaxError, normalise, parse_by_shape, shape_of,
                      shape_tree, source_offset)

# --- dates -----------------------------------------------------------------------------------

MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}


_MONTH_NAMES = {m: i for i, m in enumerate(
    ("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER",
     "NOVEMBER", "DECEMBER"), start=1)}


def expand_year(year: int) -> int:
    """Two-digit years: YY >= 70 -> 19YY, else 20YY (rulebook: cables start in 1973)."""
    if year >= 100:
        return year
    return 1900 + year if year >= 70 else 2000 + year


_YYYYMMDD = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_YEAR_FIRST = re.compile(r"([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})")
_MONTH_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{2}|[0-9]{4})")
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})\s+([A-Z]{3,9})\s+([0-9]{2,4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Z]{3,9})\.?\s+([0-9]{1,2}),?\s+([0-9]{4})")  # March 3, 2045; Mar. 3, 2045


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> tuple[_dt.date | None, str]:
    """(date or None if impossible, format label) for a written date."""
    text = text.strip().upper()
    m = _YYYYMMDD.fullmatch(text)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3])), "YYYYMMDD"
    m = _YEAR_FIRST.fullmatch(text)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3])), "YYYY/MM/DD"
    m = _MONTH_FIRST.fullmatch(text)
    if m:
        label = "MM/DD/YYYY" if len(m[3]) == 4 else "MM/DD/YY"
        return _safe_date(expand_year(int(m[3])), int(m[1]), int(m[2])), label
    m = _DAY_MONTH_YEAR.fullmatch(text)
    if m and m[2] in MONTHS:
        return _safe_date(expand_year(int(m[3])), MONTHS[m[2]], int(m[1])), "DD MON YYYY"
    if m and m[2] in _MONTH_NAMES:
        return _safe_date(expand_year(int(m[3])), _MONTH_NAMES[m[2]], int(m[1])), "DD MONTH YYYY"
    m = _MONTH_DAY_YEAR.fullmatch(text)
    if m and (m[1] in _MONTH_NAMES or m[1][:3] in MONTHS and m[1] in (m[1][:3], "SEPT")):
        month = _MONTH_NAMES.get(m[1]) or MONTHS[m[1][:3]]
        return _safe_date(int(m[3]), month, int(m[2])), "MONTH DD, YYYY"
    return None, "unknown"


def _safe_date(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def parse_dtg(text: str) -> _dt.date:
    """The date of a date-time group such as ``O 201552Z MAR 09``."""
    return _dtg(text)[0]


@functools.lru_cache(maxsize=4096)
def parse_dtg_line(line: str) -> tuple[_dt.date, int, int]:
    """A line that opens with a date-time group, perhaps followed by transmission service text
    (``R 151646Z OCT 09 (CCY …)``): the date, and where the group starts and ends in `line`
    (0-based, without the service text). MarkingSyntaxError when the grammar does not read it."""
    head = line[:MAX_MARKING_CHARS]  # (the group opens the line; what follows is service text)
    date, year_end = _dtg(head)
    return date, len(head) - len(head.lstrip()), source_offset(year_end - 1, head) + 1


def _dtg(text: str) -> tuple[_dt.date, int]:
    """The date of the date-time group `text`, and where its year ends in `normalise(text)`."""
    normalised = normalise(text)
    fields = _dtg_fields(shape_of(normalised)) if len(normalised) <= MAX_MARKING_CHARS else None
    if fields is None:  # (the error, as the string is written)
        fields = _token_fields(parse_by_shape("dtg", normalised, text), normalised)
    (day, _), month, (year, year_end) = fields
    date = _safe_date(expand_year(int(normalised[year:year_end])), month, int(normalised[day:day + 2]))
    if date is None:
        raise MarkingSyntaxError(f"impossible date in date-time group {text!r}", 1)
    return date, year_end


@functools.lru_cache(maxsize=4096)
def _dtg_fields(shape: str):
    """Where a date-time group of this shape holds its day and year, and its month (None if
    the shape does not parse): every string of a shape has its tokens where the shape has them."""
    try:
        return _token_fields(shape_tree("dtg", shape), shape)
    except Exception:
        return None


def _token_fields(tree, text: str):
    """(DAYTIME span, month number, YEAR span) of a date-time group's parse `tree` of `text`."""
    from .date_builders import DtgFields

    return DtgFields(text).transform(tree)


# --- E.O. line values ------------------------------------------------------------------------

_COMMINGLED = re.compile(r"^(DECL(ASSIFY ON)?\s*:?\s*)?N\s*/\s*A\s+TO\b.*\bPORTIONS\b")


@functools.lru_cache(maxsize=4096)
def parse_declass(value: str) -> Declassification:
    """The declassification instruction after ``E.O. nnnnn:`` (or after ``Declassify On:``)."""
    text = normalise(value).rstrip(" .")
    if not text:
        return Declassification(kind="none", raw=value, span=NOWHERE, values=0)
    if _COMMINGLED.match(text):  # "N/A to RD/FRD portions. See source list for NSI portions."
        return Declassification(kind="na_commingled", raw=value, span=NOWHERE, event=text)
    from .date_builders import DeclassValues

    return DeclassValues(text, value).transform(parse_by_shape("eo_line", text, value))
