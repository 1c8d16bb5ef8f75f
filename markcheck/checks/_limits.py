"""A rule's ``at_most`` entries: where its authority is silent or optional, a finding goes no higher.

An authority often requires a marking in one era, for one kind of document or under one
profile, and only recommends it (or says nothing) elsewhere: the 2010 directive's derivative
rules do not bind a 2005 cable, CAPCO's "not required" is not State's "forbidden". A rule says
so as data, each entry a severity and the conditions under which it is the most a finding of
the rule may be:

    at_most:
      - {severity: warning, date_before: "2010-06-25"}        # before the 2010 directive
      - {severity: info, profiles: [state_cable, isoo]}       # a CAPCO requirement only
      - {severity: "off", where: [{path: notice_names, in: [transmittal]}]}

Every condition given must hold (`eras`, `profiles`, `date_from`, `date_before`, `where`
predicate items of `_docpath`); an entry with none always holds. A date condition on an undated
document does not hold: the rule keeps its severity rather than guess. The cap is applied after
a configured severity, so configuration cannot raise a finding above what the authority says.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from ..model import Document
from . import _docpath as dp
from .base import compile_condition

# A rule's cap for one document under one profile: the lowest severity of the entries that
# hold, or None when none does.
Ceiling = Callable[[Document, str], "str | None"]


def compile_limits(entries: Sequence[Mapping]) -> Ceiling | None:
    """The rule's ``at_most`` entries as one test (None for a rule without any)."""
    if not entries:
        return None
    compiled = tuple(_entry(entry) for entry in entries)

    def ceiling(doc: Document, profile: str) -> str | None:
        found = None
        for severity, holds in compiled:
            if holds(doc, profile) and (found is None or dp.SEVERITY_RANK[severity] < dp.SEVERITY_RANK[found]):
                found = severity
        return found

    return ceiling


def _entry(entry: Mapping) -> tuple[str, Callable[[Document, str], bool]]:
    profiles = frozenset(entry.get("profiles") or ())
    eras = frozenset(entry.get("eras") or ())
    dated = {key: entry[key] for key in ("date_from", "date_before") if key in entry}
    when = compile_condition(dated) if dated else None
    where = dp.compile_items(entry.get("where"))

    def holds(doc: Document, profile: str) -> bool:
        if profiles and profile not in profiles:
            return False
        if eras and doc.era not in eras:
            return False
        if when is not None and not when(doc):
            return False
        return dp.all_pass(doc, where)

    return str(entry["severity"]), holds


def unconditional(entries: Sequence[Mapping]) -> str | None:
    """The cap that holds for every document (an entry without conditions), if any: what a
    configured severity may not exceed."""
    caps = [str(e["severity"]) for e in entries if set(e) == {"severity"}]
    return min(caps, key=dp.SEVERITY_RANK.__getitem__) if caps else None


def describe(entries: Sequence[Mapping]) -> list[str]:
    """One line per entry, as the rule catalogue shows it."""
    lines = []
    for entry in entries:
        parts = []
        if entry.get("profiles"):
            parts.append("under " + ", ".join(entry["profiles"]))
        if entry.get("eras"):
            parts.append("for " + ", ".join(entry["eras"]) + " documents")
        if entry.get("date_from"):
            parts.append(f"dated from {entry['date_from']}")
        if entry.get("date_before"):
            parts.append(f"dated before {entry['date_before']}")
        if entry.get("where"):
            parts.append("where " + "; ".join(_item_text(item) for item in entry["where"]))
        lines.append(f"at most {entry['severity']}" + (" " + ", ".join(parts) if parts else " always"))
    return lines


def _item_text(item: Mapping) -> str:
    if "not" in item:
        return "not " + _item_text(item["not"])
    if "any_of" in item:
        return " or ".join(_item_text(i) for i in item["any_of"])
    if "all_of" in item:
        return " and ".join(_item_text(i) for i in item["all_of"])
    if "path" in item:
        if "in" in item:
            return f"{item['path']} in {', '.join(map(str, item['in']))}"
        if "equals" in item:
            return f"{item['path']} is {item['equals']}"
        if item.get("present") is False:
            return f"no {item['path']}"
        return str(item["path"])
    key, value = next(iter(item.items()))
    shown = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    return f"{key.replace('_', ' ')} {shown}"
