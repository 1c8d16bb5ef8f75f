"""Kind `duration`: the time from an origin to the declassification date is within limits.

Params:
  origin: document (the date of origin, default) | today (the run date)
  limits: a list; each limit applies when its filters match and is broken when
    eras:         document eras it applies to (default: all the rule applies to)
    codes:        shell patterns; applies only when a declassification code matches
    unless_codes: shell patterns; does not apply when a declassification code matches
    min_days:     the declassification date must be at least this many days after the origin
    max_years:    at most this many calendar years after the origin (a day more when the origin is
                  a date-time group, which is Zulu time while drafters date locally): a number, or a dotted key
                  into the document era's entry in rules/eras.yaml (``max_years``,
                  ``exemption_max_years.25X``)
    require_date: a matching value must carry a date or an event
    severity:     overrides the rule's severity for this limit
    expected:     what the limit wants, rendered with the message values
  when / where: the shared condition and predicate items

The most severe broken limit is reported (the first of equal severity), once per document.
Message values: document facts plus `found` (the value as written), `problem` (what is wrong:
"is 30 years after the document date 2009-03-20"), `expected`, `limit` (years), `delta`,
`origin` (the origin date), `code`.
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
import functools
import re
from typing import Iterable, Mapping, Sequence

from ..eras import era_by_code, era_table
from ..lazyre import lazy
from ..model import Document
from . import _docpath as dp
from . import _erafacts as facts
from .base import Context, Hit, Rule, Run

KIND = "duration"
PLACEHOLDERS = frozenset({"date", "era", "order", "classification", "eo", "declass", "found", "problem",
                          "expected", "limit", "delta", "origin", "code"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"}  # for rules/messages.yaml
_RANK = dp.SEVERITY_RANK


def add_years(day: _dt.date, years: int) -> _dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def describe(start: _dt.date, end: _dt.date) -> str:
    """The calendar distance between two dates: ``30 years``, ``25 years 3 months``, ``12 days``."""
    if end < start:
        start, end = end, start
    years = end.year - start.year
    if add_years(start, years) > end:
        years -= 1
    anchor = add_years(start, years)
    months = (end.year - anchor.year) * 12 + end.month - anchor.month
    if end.day < anchor.day:
        months -= 1
    if anchor.day <= 28:  # every month has the day: no clamping, so no need to step
        year, month = divmod(anchor.month - 1 + months, 12)
        probe = anchor.replace(year=anchor.year + year, month=month + 1)
    else:
        probe = anchor
        for _ in range(months):
            probe = _month_later(probe)
    days = (end - probe).days
    parts = [(years, "year"), (months, "month"), (days, "day")]
    text = " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n)
    return text or "0 days"


def _month_later(day: _dt.date) -> _dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for d in (day.day, 30, 29, 28):
        try:
            return _dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _codes(doc: Document) -> tuple[str, ...]:
    declass = doc.declass
    if declass is None:
        return ()
    return tuple(c.upper() for c in (declass.codes or ((declass.code,) if declass.code else ())))


class _Limit:
    """One entry of `limits` with its filters compiled: each list of code patterns becomes one
    regular expression, built once per rule instead of per document and code."""

    __slots__ = ("params", "eras", "codes", "unless")

    def __init__(self, params: Mapping):
        self.params = params
        self.eras = frozenset(params["eras"]) if "eras" in params else None
        self.codes = _patterns(params["codes"]) if "codes" in params else None
        self.unless = _patterns(params["unless_codes"]) if "unless_codes" in params else None

    def admits_era(self, era: str | None) -> bool:
        return self.eras is None or era in self.eras

    def applies(self, codes: tuple[str, ...]) -> bool:
        """Whether the limit applies to a value with these declassification codes (its era
        admitted)."""
        if self.codes is not None and not any(self.codes.match(code) for code in codes):
            return False
        if self.unless is not None and any(self.unless.match(code) for code in codes):
            return False
        return True


def _patterns(patterns) -> re.Pattern:
    """Shell patterns (matched upper-case, as `fnmatch.fnmatchcase`) as one expression."""
    if not patterns:
        return lazy(r"(?!)")  # no pattern: nothing matches
    return lazy("|".join(fnmatch.translate(p.upper()) for p in patterns))


def _max_years(limit: Mapping, doc: Document) -> int | None:
    value = limit.get("max_years")
    if value is None or isinstance(value, int):
        return value
    return _era_years(str(value), doc.era)


@functools.lru_cache(maxsize=256)
def _era_years(key: str, era: str | None) -> int | None:
    """A limit in years read from an era's entry (``exemption_max_years.25X``), by era code."""
    found = facts.era_value(era_by_code(era) if era else None, key)
    return int(found) if isinstance(found, (int, float)) else None


def prepare(rule: Rule) -> Run:
    params = rule.params
    guards = dp.compile_guards(params)
    limits = tuple(_Limit(limit) for limit in params.get("limits", ()))
    by_era = {era: _limits_for(limits, era) for era in (None, *(e.code for e in era_table()))}
    from_today = params.get("origin") == "today"

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        declass = doc.declass
        if declass is None:
            return ()
        era_limits = by_era.get(doc.era)
        if era_limits is None:
            era_limits = _limits_for(limits, doc.era)
        if any_codes:  # some limit filters by declassification code
            codes = _codes(doc)
            era_limits = [limit for limit in era_limits if limit.applies(codes)]
        if not era_limits or guards and not dp.all_pass(doc, guards):
            return ()
        return _judge(doc, rule, ctx, era_limits, declass, from_today)

    any_codes = any(limit.codes is not None or limit.unless is not None for limit in limits)
    return run


def _limits_for(limits: tuple[_Limit, ...], era: str | None) -> tuple[_Limit, ...]:
    """The limits that apply to documents of `era` (worked out per era when a rule is prepared)."""
    return tuple(limit for limit in limits if limit.admits_era(era))


def _judge(doc: Document, rule: Rule, ctx: Context, limits: Sequence[_Limit], declass,
           from_today: bool) -> tuple[Hit, ...]:
    """The most severe broken limit of those that apply (the first of equal severity) as one hit,
    or none."""
    origin = ctx.today if from_today else (doc.date.value if doc.date else None)
    best = None
    for compiled in limits:
        limit = compiled.params
        broken = _broken(limit, doc, declass, origin, from_today)
        if broken is None:
            continue
        problem, values = broken
        own = rule.severity_for(ctx.profile)
        severity = limit.get("severity") or own
        if best is None or _RANK.get(severity, 0) > _RANK.get(best[0], 0):
            codes = _codes(doc)
            hit_values = dp.document_values(doc)  # a copy, made this hit's
            hit_values.update(found=dp.as_text(declass), origin=origin.isoformat() if origin else "unknown",
                              code=codes[0] if codes else "none", delta="", limit="")
            hit_values.update(values, phrase=problem)
            if "limit" not in values:
                years = _max_years(limit, doc)
                hit_values["limit"] = str(years) if years is not None else ""
            era = era_by_code(doc.era) if doc.era else None
            hit_values["exemption"] = str(facts.era_value(era, "exemption_label") or "an exemption")
            hit_values["expected"] = dp.fill(limit.get("expected"), hit_values)
            hit_values.pop("exemption")
            best = (severity, hit_values, limit)
    if best is None:
        return ()
    severity, values, limit = best
    own = rule.severity_for(ctx.profile)
    # Measured from the run date, the message changes every day; the finding does not: what it
    # says is the value under its span and the limit it breaks.
    cause = (f"limit={limit.get('expected', '')}",) if from_today else None
    return (Hit(declass.span, values, None if severity == own else severity, cause),)


def _broken(limit: Mapping, doc: Document, declass, origin: _dt.date | None, from_today: bool):
    """(phrase, message values) when the declassification value breaks `limit`, else None."""
    if limit.get("require_date") and declass.date is None and not declass.event:
        return "no_date_or_event", {}
    if declass.date is None or origin is None:
        return None
    end = declass.date
    origin_name = "run_date" if from_today else "document_date"
    if "min_days" in limit and (end - origin).days < int(limit["min_days"]):
        delta = describe(origin, end)
        relation = "same_day_as" if end == origin else "before" if end < origin else "after"
        return f"falls_{relation}_{origin_name}", {"delta": delta}
    years = _max_years(limit, doc)
    if years is None:
        return None
    # A date-time group is Zulu time; the drafter dates the cable (and counts its years)
    # in local time, up to a day later: 'O 192130Z MAR 09' with 'DECL: 03/20/2034'.
    slack = _dt.timedelta(days=1 if not from_today and doc.date and doc.date.source == "dtg" else 0)
    if end > add_years(origin, years) + slack:
        delta = describe(origin, end)
        return f"longer_than_limit_from_{origin_name}", {"delta": delta, "limit": str(years)}
    return None
