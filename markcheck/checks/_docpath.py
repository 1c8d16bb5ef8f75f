"""Dotted paths into the document model and the declarative predicates built on them.

Shared by the CAB/DEC kinds (presence, duration, token-window, reason-letters). A path such as
``cab.classified_by.position`` or ``declass.codes`` walks attributes of the `Document`; a
missing link yields None, never an exception. Predicates are plain data from the rule files:

    {path: cab.reason}                          # the element is present
    {path: cab.reason, present: false}          # the element is absent
    {any: [cab.classified_by, cab.derived_from]}  # at least one is present
    {path: declass.codes, in: [50X1-HUM]}       # the value (or one of its items) is listed
    {path: declass.code, in_era_tokens: EO11652}  # ... listed among an era's tokens
    {path: declass.raw, matches: "(?i)^N/A to"}  # a regular expression finds a match
    {path: declass.values, gt: 1}               # a number exceeds a bound
    {path: declass.valid_date, equals: true}    # equality
    {not: {path: declass.event, equals: DNG}}   # negation of one item
    {any_of: [{...}, {...}]}                    # at least one item holds
    {fgi: true}                                 # the document carries foreign-government marks
    {unreadable: [eo_line, declassify_on]}      # the reader could not read such an element
    {commingled: [RD, FRD, NATO]}               # portions with these tokens sit beside other
                                                # classified portions

Values compare case-insensitively as text (levels by name, dates as ISO strings). Shortcut
paths: ``first_banner``, ``level`` (the declared level), ``declass_tokens`` (the codes, legacy
token and event words of the declassification value).
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import re
from typing import Any, Iterable, Mapping

from ..model import Document, Level, Span

# Paths that name document-level shortcuts rather than attributes.
def _declass_tokens(doc: Document) -> tuple[str, ...]:
    declass = doc.declass
    if declass is None:
        return ()
    tokens = list(declass.codes) + ([declass.code] if declass.code else [])
    if declass.kind == "event" and declass.event:
        tokens.append(" ".join(declass.event.split()))
    return tuple(dict.fromkeys(t.upper() for t in tokens))


_ALIASES = {
    "first_banner": lambda doc: doc.first_banner,
    "declass_tokens": _declass_tokens,
    "level": lambda doc: doc.classification.level if doc.classification else None,
}

# Keys a predicate item may carry besides the test itself (reporting options).
REPORT_KEYS = ("label", "expected", "show", "severity", "profiles")


def resolve(doc: Document, path: str) -> Any:
    """The value at `path` (None when any link is missing)."""
    head, _, rest = path.partition(".")
    if path.startswith("_") or "._" in path:
        return None  # a rule file reads the model's fields, never private or dunder attributes
    value = _ALIASES[head](doc) if head in _ALIASES else getattr(doc, head, None)
    for part in rest.split(".") if rest else ():
        if value is None:
            return None
        value = getattr(value, part, None)
    return value


def span_of(doc: Document, path: str) -> Span | None:
    """The span of the element at `path`: its own ``span``, a sibling ``<name>_span``, or a Span value."""
    value = resolve(doc, path)
    if isinstance(value, Span):
        return value
    span = getattr(value, "span", None)
    if isinstance(span, Span):
        return span
    parent, _, name = path.rpartition(".")
    owner = resolve(doc, parent) if parent else doc
    sibling = getattr(owner, f"{name}_span", None)
    return sibling if isinstance(sibling, Span) else None


def first_span(doc: Document, paths: Iterable[str]) -> Span | None:
    for path in paths:
        span = span_of(doc, path)
        if span is not None:
            return span
    return None


def present(value: Any) -> bool:
    """None, False, empty strings and empty collections count as absent."""
    if value is None or value is False:
        return False
    if isinstance(value, (str, tuple, list, frozenset, set, dict)):
        return bool(value if not isinstance(value, str) else value.strip())
    return True


def as_text(value: Any) -> str:
    """A value as comparable, displayable text."""
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, (_dt.date,)):
        return value.isoformat()
    raw = getattr(value, "raw", None)
    if isinstance(raw, str):
        return " ".join(raw.split())
    if isinstance(value, (tuple, list, frozenset, set)):
        return ", ".join(as_text(v) for v in value)
    return " ".join(str(value).split())


def _items(value: Any) -> list[str]:
    if isinstance(value, (tuple, list, frozenset, set)):
        return [as_text(v).upper() for v in value]
    return [as_text(value).upper()]


@functools.lru_cache(maxsize=None)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def era_tokens(code: str) -> tuple[str, ...]:
    from ..eras import era_by_code

    era = era_by_code(code)
    return tuple(t.upper() for t in era.tokens) if era else ()


def holds(doc: Document, item: Mapping) -> bool:
    """Whether one predicate item holds for `doc`."""
    if "any" in item:
        return any(present(resolve(doc, p)) for p in item["any"])
    if "any_of" in item:
        return any(holds(doc, sub) for sub in item["any_of"])
    if "not" in item:
        return not holds(doc, item["not"])
    if "fgi" in item:
        return has_fgi(doc) == bool(item["fgi"])
    if "commingled" in item:
        return commingled(doc, item["commingled"])
    if "unreadable" in item:
        kinds = set(item["unreadable"])
        return any(u.kind in kinds for u in doc.unreadable)
    value = resolve(doc, item["path"])
    if "present" in item:
        return present(value) == bool(item["present"])
    if not present(value) and not isinstance(value, (bool, int)):
        return False
    if "in" in item or "in_era_tokens" in item:
        listed = {str(v).upper() for v in item.get("in", ())}
        if "in_era_tokens" in item:
            listed |= set(era_tokens(item["in_era_tokens"]))
        return any(v in listed for v in _items(value))
    if "matches" in item:
        return any(_regex(item["matches"]).search(v) for v in _items(value))
    if "gt" in item:
        return isinstance(value, (int, float)) and value > item["gt"]
    if "equals" in item:
        expected = item["equals"]
        if isinstance(expected, bool) or isinstance(value, bool):
            return bool(value) == bool(expected)
        return as_text(value).upper() == str(expected).upper()
    return present(value)


def all_hold(doc: Document, items: Iterable[Mapping] | None) -> bool:
    return all(holds(doc, item) for item in items or ())


def has_fgi(doc: Document) -> bool:
    """Foreign-government information is marked on the banner or on any portion."""
    marks = [doc.classification, doc.rollup, *(p.marking for p in doc.portions)]
    return any(m is not None and m.fgi is not None for m in marks)


def _tokens(marking) -> set[str]:
    if marking is None:
        return set()
    tokens = set(marking.dissem) | set(marking.non_ic) | set(marking.unknown)
    tokens |= set(marking.fgi or ())
    return {t.upper() for t in tokens}


def commingled(doc: Document, tokens: Iterable[str]) -> bool:
    """Some portion carries one of `tokens` and some other classified portion carries none."""
    wanted = {t.upper() for t in tokens}
    marked = [p.marking for p in doc.portions if p.marking is not None]
    special = [m for m in marked if _tokens(m) & wanted]
    plain = [m for m in marked if not (_tokens(m) & wanted) and m.level is not None and m.level > Level.U]
    return bool(special) and bool(plain)


def document_values(doc: Document) -> dict[str, str]:
    """Facts every CAB/DEC message may name: date, era, classification, E.O. and declass text."""
    return dict(doc.derived("document_values", _document_values))  # once per document; a copy


def _document_values(doc: Document) -> dict[str, str]:
    from ..eras import era_by_code

    era = era_by_code(doc.era) if doc.era else None
    declass = doc.declass
    return {
        "date": doc.date.value.isoformat() if doc.date else "unknown",
        "era": doc.era or "unknown",
        "order": order_name(era) if era else "the order in force",
        "classification": doc.classification.level.banner
        if doc.classification and doc.classification.level is not None else "UNMARKED",
        "eo": f"E.O. {doc.eo_line.order}" if doc.eo_line and doc.eo_line.order else "no E.O. line",
        "declass": as_text(declass) if declass is not None and present(declass.raw) else "none",
    }


def order_name(era) -> str:
    """The short display name of an era's order, e.g. ``E.O. 12958 as amended``."""
    return str(era.raw.get("short") or era.title)


class SafeValues(dict):
    """format_map mapping that leaves unknown placeholders visible."""

    def __missing__(self, key):
        return "{" + key + "}"


def fill(template: str | None, values: Mapping[str, Any]) -> str:
    """Render a params text (e.g. a limit's `expected`) with the hit's values."""
    if not template:
        return ""
    return " ".join(str(template).split()).format_map(SafeValues(values))


SEVERITY_RANK = {"off": -1, "info": 0, "warning": 1, "error": 2}


def cap_severity(severity: str, ceiling: str) -> str:
    """The lower of two severities (e.g. confidence M data caps a hit at warning)."""
    return severity if SEVERITY_RANK[severity] <= SEVERITY_RANK[ceiling] else ceiling
