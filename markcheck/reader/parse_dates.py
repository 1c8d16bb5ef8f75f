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
    values = _declass_values(text, value).transform(tree)
    first = values[0]
    if len(values) > 1:
        from dataclasses import replace

        codes = tuple(c for v in values for c in (v.codes or ((v.code,) if v.code else ())))
        return replace(first, values=len(values), codes=codes)
    return first


def _declass_values(text: str, raw: str):
    """A Transformer of the eo_line grammar's tree of `text` (normalised from `raw`, the value as
    written) into its Declassification values, one per value the line gives."""
    from lark import Transformer

    def read(token) -> str:
        return token_text(token, text)  # (a shape's tree holds zeros for the digits)

    def value(kind: str, **fields) -> Declassification:
        return Declassification(kind=kind, raw=raw, span=NOWHERE, **fields)

    def exemptions(children) -> Declassification:
        """One or more exemption codes, perhaps a date after them: ``25X6, 20600129``, ``X1, X2``."""
        codes = tuple(_exemption_code(read(t)) for t in children if getattr(t, "type", None) == "EXEMPTION")
        dated = next((c for c in children if isinstance(c, dict)), {})
        kind = "x_code" if all(re.fullmatch(r"X[1-8]", c) for c in codes) else "exemption"
        return value(kind, code=codes[0], codes=codes, **dated)

    def legacy(children) -> Declassification:
        token, dated, written_by = (list(children) + [None, None])[:3]
        code = re.sub(r"\s*-?\s*([0-9])$", r"-\1", read(token).replace(" ", ""))
        return value("legacy", code=code, codes=(code,), classifier=written_by, **(dated or {}))

    class DeclassValues(Transformer):
        def start(self, children):
            return children

        def date(self, children):
            day, label = parse_date(read(children[0]))
            return {"date": day, "date_format": label, "valid_date": day is not None}

        def classifier(self, children):
            # the name in parentheses; a drafting office symbol after it (OR-P) is read, not kept
            return read(children[0]).strip("() ")

        def na(self, children):
            return value("na")

        def dng(self, children):
            return value("event", event="DNG", **(children[-1] or {}))

        def legacy(self, children):
            return legacy(children)

        def decl_legacy(self, children):
            return legacy(children)

        def bare(self, children):
            child = children[0]
            if isinstance(child, dict):
                return value("date", **child)
            if child.type == "OADR":
                return value("oadr", code="OADR")
            return exemptions(children)

        def decl(self, children):
            inner = children[1]
            return inner if inner is not None else value("none", values=0)

        def decl_date(self, children):
            return value("date", **children[0])

        def decl_exemption(self, children):
            return exemptions(children)

        def decl_oadr(self, children):
            return value("oadr", code="OADR")

        def decl_duration(self, children):
            words = read(children[0]).split()
            years = _DURATION_WORDS.get(words[0]) or (int(words[0]) if words[0].isdigit() else None)
            return value("duration", event=" ".join(words), code=str(years) if years else None)

        def event(self, children):
            return [read(t) for t in children]

        def decl_event(self, children):
            # an event, or a duration counted from an event (TEN YEARS AFTER ...)
            words: list[str] = []
            for child in children:
                words.extend(child if isinstance(child, list) else [read(child)])
            if "".join(words).upper() in ("N/A", "NA"):  # "DECL: N/A": the unclassified telegram's N/A
                return value("na")
            return value("event", event=" ".join(words))

        def source_marked(self, children):
            # a derivative document's "Source marked 25X1-human, Date of source: June 27, 2009"
            # (32 CFR 2001.22(e)): the source's codes are the instruction; its date is no
            # declassification date, so it is kept as the value's event
            when = next((c for c in children if isinstance(c, str) and not hasattr(c, "type")), None)
            event = f"DATE OF SOURCE: {when}" if when else None
            if any(getattr(t, "type", None) == "OADR" for t in children):
                return value("oadr", code="OADR", event=event)
            found = exemptions(children)
            return value(found.kind, code=found.code, codes=found.codes, event=event)

        def source_date(self, children):
            return " ".join(read(t) for t in children[1:]).replace(" ,", ",")

    return DeclassValues()


def _exemption_code(token: str) -> str:
    return re.sub(r"^1\.6\s*", "", token).replace(" ", "")
