"""Dates as written in markings (``03/20/2019``, ``20190320``, ``20 MAR 2019``), date-time
groups, and the declassification instructions of E.O. lines and ``Declassify On:`` lines, read
by their grammars into model values."""

from __future__ import annotations

import datetime as _dt
import functools
import re

from ..model import Declassification
from .grammar import (MAX_MARKING_CHARS, NOWHERE, MarkingSyntaxError, normalise, parse_by_shape, shape_of,
                      shape_tree, source_offset, token_text)

# --- dates -----------------------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(
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
    if m and m[2] in _MONTHS:
        return _safe_date(expand_year(int(m[3])), _MONTHS[m[2]], int(m[1])), "DD MON YYYY"
    if m and m[2] in _MONTH_NAMES:
        return _safe_date(expand_year(int(m[3])), _MONTH_NAMES[m[2]], int(m[1])), "DD MONTH YYYY"
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
    spans = {t.type: (t.start_pos, t.end_pos) for t in tree.children}
    return spans["DAYTIME"], _MONTHS[text[slice(*spans["MONTH"])]], spans["YEAR"]


# --- E.O. line values ------------------------------------------------------------------------

_COMMINGLED = re.compile(r"^(DECL(ASSIFY ON)?\s*:?\s*)?N\s*/\s*A\s+TO\b.*\bPORTIONS\b")
_DURATION_WORDS = {"FIVE": 5, "TEN": 10, "TWENTY": 20, "TWENTY-FIVE": 25, "THIRTY": 30}


@functools.lru_cache(maxsize=4096)
def parse_declass(value: str) -> Declassification:
    """The declassification instruction after ``E.O. nnnnn:`` (or after ``Declassify On:``)."""
    text = normalise(value).rstrip(" .")
    if not text:
        return Declassification(kind="none", raw=value, span=NOWHERE, values=0)
    if _COMMINGLED.match(text):  # "N/A to RD/FRD portions. See source list for NSI portions."
        return Declassification(kind="na_commingled", raw=value, span=NOWHERE, event=text)
    tree = parse_by_shape("eo_line", text, value)
    values = [_declass_value(node, text, value) for node in tree.children]
    first = values[0]
    if len(values) > 1:
        from dataclasses import replace

        codes = tuple(c for v in values for c in (v.codes or ((v.code,) if v.code else ())))
        return replace(first, values=len(values), codes=codes)
    return first


def _declass_value(node, text: str, raw: str) -> Declassification:
    """One value of the parsed `text`; `raw` is the value as written."""
    kind = node.data
    if kind == "na":
        return Declassification(kind="na", raw=raw, span=NOWHERE)
    if kind == "dng":
        date_node = node.children[-1]
        return Declassification(kind="event", raw=raw, span=NOWHERE, event="DNG", **_date_fields(date_node, text))
    if kind == "legacy":
        return _legacy(node, text, raw)
    if kind == "bare":
        child = node.children[0]
        if getattr(child, "data", None) == "date":
            return Declassification(kind="date", raw=raw, span=NOWHERE, **_date_fields(child, text))
        if child.type == "OADR":
            return Declassification(kind="oadr", raw=raw, span=NOWHERE, code="OADR")
        return _exemptions(node, text, raw)
    # decl: DECL declvalue?
    inner = node.children[1]
    if inner is None:
        return Declassification(kind="none", raw=raw, span=NOWHERE, values=0)
    sub = inner.data
    if sub == "decl_date":
        return Declassification(kind="date", raw=raw, span=NOWHERE, **_date_fields(inner.children[0], text))
    if sub == "decl_exemption":
        return _exemptions(inner, text, raw)
    if sub == "decl_oadr":
        return Declassification(kind="oadr", raw=raw, span=NOWHERE, code="OADR")
    if sub == "decl_legacy":
        return _legacy(inner, text, raw)
    if sub == "decl_duration":
        words = token_text(inner.children[0], text).split()
        years = _DURATION_WORDS.get(words[0]) or (int(words[0]) if words[0].isdigit() else None)
        return Declassification(kind="duration", raw=raw, span=NOWHERE, event=" ".join(words),
                                code=str(years) if years else None)
    # decl_event: an event, or a duration counted from an event (TEN YEARS AFTER ...)
    words: list[str] = []
    for child in inner.children:
        words.extend(token_text(t, text) for t in getattr(child, "children", (child,)))
    if "".join(words).upper() in ("N/A", "NA"):  # "DECL: N/A": the unclassified telegram's N/A
        return Declassification(kind="na", raw=raw, span=NOWHERE)
    return Declassification(kind="event", raw=raw, span=NOWHERE, event=" ".join(words))


def _exemptions(node, text: str, raw: str) -> Declassification:
    """One or more exemption codes, optionally followed by a date: ``25X6, 20600129``, ``X1, X2``."""
    codes = tuple(_exemption_code(token_text(t, text)) for t in node.children
                  if getattr(t, "type", None) == "EXEMPTION")
    date_node = next((c for c in node.children if getattr(c, "data", None) == "date"), None)
    return Declassification(kind="x_code" if all(re.fullmatch(r"X[1-8]", c) for c in codes) else "exemption",
                            raw=raw, span=NOWHERE, code=codes[0], codes=codes, **_date_fields(date_node, text))


def _exemption_code(token: str) -> str:
    return re.sub(r"^1\.6\s*", "", token).replace(" ", "")


def _legacy(node, text: str, raw: str) -> Declassification:
    token, date_node, classifier = (list(node.children) + [None, None])[:3]
    code = re.sub(r"\s*-?\s*([0-9])$", r"-\1", token_text(token, text).replace(" ", ""))
    written_by = token_text(classifier.children[0], text).strip("() ") if classifier is not None else None
    return Declassification(kind="legacy", raw=raw, span=NOWHERE, code=code, codes=(code,), classifier=written_by,
                            **_date_fields(date_node, text))


def _date_fields(date_node, text: str) -> dict:
    """The date, its format and validity of a Declassification, from a `date` node (if any)."""
    if date_node is None:
        return {}
    date, label = parse_date(token_text(date_node.children[0], text))
    return {"date": date, "date_format": label, "valid_date": date is not None}
