"""Kind `source-declass`: a derivative document's declassification is the longest of its sources'.

Judged only when the document lists its sources (``Document.sources``, read from a ``Sources:``
list) and every source's instruction can be worked out: its own date (with any exemption code),
50X1-HUM / 50X2-WMD, or, when the source carries no instruction, its date plus
`missing_years`. A source with an event, an old indefinite marking or no date at all leaves the
answer unknown, and the rule says nothing.

Params:
  missing_years: years added to a source's date when it gives no instruction (default 25)
  lasting:       codes that outrank every date (default [50X1-HUM, 50X2-WMD])
  when / where:  the shared condition and predicate items

Message values: document facts plus `found` (the document's instruction), `expected` (the
instruction the sources give), `source` (the source that gives it), `problem`.
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterable

from ..model import Document
from . import _docpath as dp
from .base import Context, Hit, Rule, Run
from .duration import add_years

KIND = "source-declass"
PLACEHOLDERS = frozenset({"date", "era", "order", "classification", "eo", "declass", "found", "expected",
                          "source", "problem"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"code"}  # for rules/messages.yaml


def prepare(rule: Rule) -> Run:
    params = rule.params
    guards = dp.compile_guards(params)
    missing_years = int(params.get("missing_years", 25))
    lasting = tuple(str(c).upper() for c in params.get("lasting", ("50X1-HUM", "50X2-WMD")))

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        declass = doc.declass
        if not doc.sources or declass is None or guards and not dp.all_pass(doc, guards):
            return ()
        wanted = _longest(doc, missing_years, lasting)
        if wanted is None:
            return ()
        problem = _problem(declass, wanted, lasting)
        if problem is None:
            return ()
        phrase, code = problem
        expected, source = wanted[2], wanted[3]
        values = dp.document_values(doc)
        values.update(found=dp.as_text(declass), expected=expected, source=source, phrase=phrase, code=code)
        return (Hit(declass.span, values),)

    return run


def _codes(declass) -> tuple[str, ...]:
    return tuple(c.upper() for c in (declass.codes or ((declass.code,) if declass.code else ())))


def _instruction(entry, missing_years: int, lasting: tuple[str, ...]):
    """(rank, date, text) of one source's instruction, or None when it cannot be worked out.
    Rank 1: a lasting code (no date); rank 0: a date."""
    declass = entry.declass
    if declass is None:
        if entry.date is None:
            return None
        day = add_years(entry.date, missing_years)
        return 0, day, f"{day.isoformat()} (source date {entry.date.isoformat()} + {missing_years} years, no instruction)"
    codes = _codes(declass)
    held = [c for c in codes if c in lasting]
    if held:
        return 1, None, held[0]
    if declass.date is None:
        return None  # an event, an old indefinite marking: not comparable
    text = ", ".join([*codes, declass.date.isoformat()])
    return 0, declass.date, text


def _longest(doc: Document, missing_years: int, lasting: tuple[str, ...]):
    """(rank, date, expected text, source text, entry) of the most restrictive source, or None."""
    best = None
    for entry in doc.sources:
        found = _instruction(entry, missing_years, lasting)
        if found is None:
            return None
        rank, day, text = found
        key = (rank, day or _dt.date.min)
        if best is None or key > (best[0], best[1] or _dt.date.min):
            best = (rank, day, text, entry.raw, entry)
    return best


def _problem(declass, wanted, lasting: tuple[str, ...]) -> tuple[str, str] | None:
    """(phrase, the exemption code it names) of what is wrong, or None."""
    rank, day, _, _, entry = wanted
    codes = _codes(declass)
    if rank == 1:
        return None if any(c in lasting for c in codes) else ("lacks_source_exemption", "")
    if any(c in lasting for c in codes):
        return None  # a lasting code on the document protects longer than any dated source
    if declass.date is None:
        return "no_date_to_compare", ""
    if declass.date < day:
        return "earlier_than_source", ""
    if declass.date > day:
        return "later_than_source", ""
    source_codes = _codes(entry.declass) if entry.declass else ()
    missing = [c for c in source_codes if c not in codes]
    return ("drops_source_exemption", missing[0]) if missing else None
