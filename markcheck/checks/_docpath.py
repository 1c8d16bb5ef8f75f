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
    {all_of: [{...}, {...}]}                    # every item holds
    {fgi: true}                                 # the document carries foreign-government marks
    {unreadable: [eo_line, declassify_on]}      # the reader could not read such an element
    {commingled: [RD, FRD, NATO]}               # portions with these tokens sit beside other
                                                # classified portions
    {dated_from: "2013-01-01"}                  # the document date is on or after (an undated
                                                # document never matches; `dated_before` too)
    {only_marked: [RD, FRD]}                    # every classified portion (or, without marked
                                                # portions, the banner) carries one of these

Values compare case-insensitively as text (levels by name, dates as ISO strings). Shortcut
paths: ``first_banner``, ``level`` (the declared level), ``declass_tokens`` (the codes, legacy
token and event words of the declassification value), ``notice_names`` (the statements of
vocabulary.yaml ``notices`` the document carries), ``incomplete_reasons`` (why the copy is not
the whole document: `markcheck.reader.incomplete`).
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import re
from typing import Any, Callable, Iterable, Mapping

from ..eras import era_by_code
from ..model import Document, Level, Span

_UNCLASSIFIED = Level.U  # looked up once: an enum member access costs a descriptor call

# Paths that name document-level shortcuts rather than attributes.
def _declass_tokens(doc: Document) -> tuple[str, ...]:
    return doc.derived("declass_tokens", _declass_token_tuple)


def _declass_token_tuple(doc: Document) -> tuple[str, ...]:
    declass = doc.declass
    if declass is None:
        return ()
    tokens = list(declass.codes) + ([declass.code] if declass.code else [])
    if declass.kind == "event" and declass.event:
        tokens.append(" ".join(declass.event.split()))
    return tuple(dict.fromkeys(t.upper() for t in tokens))


_ALIASES = {
    "first_banner": lambda doc: doc.first_banner,
    "notice_names": lambda doc: tuple(n.name for n in doc.notices),
    "declass_tokens": _declass_tokens,
    "level": lambda doc: doc.classification.level if doc.classification else None,
    "incomplete_reasons": lambda doc: tuple(r.reason for r in doc.incomplete),
}

def resolve(doc: Document, path: str) -> Any:
    """The value at `path` (None when any link is missing)."""
    return compile_path(path)(doc)


def _nothing(doc: Document) -> None:
    return None


@functools.lru_cache(maxsize=1024)
def compile_path(path: str) -> Callable[[Document], Any]:
    """`resolve` for one path, split once: rules name a few dozen paths, asked on every document."""
    head, _, rest = path.partition(".")
    if path.startswith("_") or "._" in path:
        return _nothing  # a rule file reads the model's fields, never private or dunder attributes
    first = _ALIASES.get(head) or (lambda doc: getattr(doc, head, None))
    parts = tuple(rest.split(".")) if rest else ()
    if not parts:
        return first
    if len(parts) == 1:  # the usual ``cab.reason``: no loop
        name = parts[0]
        if head not in _ALIASES:  # ... and no call for the head either
            return lambda doc: None if (found := getattr(doc, head, None)) is None else getattr(found, name, None)
        return lambda doc: None if (found := first(doc)) is None else getattr(found, name, None)

    def value(doc: Document) -> Any:
        found = first(doc)
        for part in parts:
            if found is None:
                return None
            found = getattr(found, part, None)
        return found

    return value


@functools.lru_cache(maxsize=1024)
def compile_presence(path: str) -> Callable[[Document], bool]:
    """``present(resolve(doc, path))`` as one test: the commonest item, asked of every document,
    with the usual ``cab.reason`` looked up in place (``getattr(None, name, None)`` is None)."""
    head, _, name = path.partition(".")
    if head in _ALIASES or "." in name or path.startswith("_") or "._" in path:
        value = compile_path(path)
        return lambda doc: present(value(doc))
    if not name:
        return lambda doc: present(getattr(doc, head, None))
    return lambda doc: present(getattr(getattr(doc, head, None), name, None))


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
    if type(value) is str:  # the usual value
        return bool(value.strip())
    sort = _presence_sort(type(value))
    return True if sort is None else bool(value.strip() if sort is str else value)


def as_text(value: Any) -> str:
    """A value as comparable, displayable text."""
    if type(value) is str:  # the usual value, and what the last line would make of it
        return " ".join(value.split())
    sort = _text_sort(type(value))
    if sort is enum.Enum:
        return value._name_  # `.name`, without the descriptor call (documented: enum members keep it)
    if sort is _dt.date:
        return value.isoformat()
    raw = getattr(value, "raw", None)
    if isinstance(raw, str):
        return " ".join(raw.split())
    if sort is tuple:
        return ", ".join(as_text(v) for v in value)
    return " ".join(str(value).split())


# `present` and `as_text` tell values apart by their type, once per type: isinstance() against
# several classes costs more than the rest of either, and documents hold values of a dozen types.

@functools.lru_cache(maxsize=None)
def _presence_sort(kind: type) -> type | None:
    """str (absent when blank), tuple (a collection: absent when empty) or None (always there)."""
    if issubclass(kind, str):
        return str
    return tuple if issubclass(kind, (tuple, list, frozenset, set, dict)) else None


@functools.lru_cache(maxsize=None)
def _text_sort(kind: type) -> type | None:
    """enum.Enum (shown by name), date (ISO), tuple (a collection: items joined) or None."""
    if issubclass(kind, enum.Enum):
        return enum.Enum
    if issubclass(kind, _dt.date):
        return _dt.date
    return tuple if issubclass(kind, (tuple, list, frozenset, set)) else None


def _items(value: Any) -> list[str]:
    if type(value) is str:
        return [" ".join(value.split()).upper()]
    if isinstance(value, (tuple, list, frozenset, set)):
        return [as_text(v).upper() for v in value]
    return [as_text(value).upper()]


@functools.lru_cache(maxsize=None)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def era_tokens(code: str) -> tuple[str, ...]:
    era = era_by_code(code)
    return tuple(t.upper() for t in era.tokens) if era else ()


def holds(doc: Document, item: Mapping) -> bool:
    """Whether one predicate item holds for `doc`."""
    return compile_item(item)(doc)


Test = Callable[[Document], bool]


def compile_items(items: Iterable[Mapping] | None) -> tuple[Test, ...]:
    """`compile_item` for each item of a list (a rule's `where`, `require`, `forbid`)."""
    return tuple(compile_item(item) for item in items or ())


def compile_guards(params: Mapping) -> tuple[Test, ...]:
    """A rule's shared ``when`` condition, then its ``where`` items: what must hold to judge."""
    from .base import compile_condition

    where = compile_items(params.get("where"))
    return (compile_condition(params["when"]), *where) if params.get("when") else where


def all_pass(doc: Document, tests: tuple[Test, ...]) -> bool:
    for test in tests:
        if not test(doc):
            return False
    return True


def compile_item(item: Mapping) -> Test:
    """One predicate item as a test of a document: paths split, sets and patterns built once."""
    if "any" in item:
        return _any_holds(tuple(compile_presence(p) for p in item["any"]))
    if "any_of" in item:
        return _any_holds(compile_items(item["any_of"]))
    if "all_of" in item:
        tests = compile_items(item["all_of"])
        return lambda doc: all_pass(doc, tests)
    if "not" in item:
        negated = compile_item(item["not"])
        return lambda doc: not negated(doc)
    if "fgi" in item:
        fgi = bool(item["fgi"])
        return lambda doc: has_fgi(doc) == fgi
    if "commingled" in item:
        wanted = frozenset(t.upper() for t in item["commingled"])
        return lambda doc: _commingled(doc, wanted)
    if "dated_from" in item or "dated_before" in item:
        from .base import compile_condition

        bound = "date_from" if "dated_from" in item else "date_before"
        return compile_condition({bound: item["dated_from" if bound == "date_from" else "dated_before"]})
    if "only_marked" in item:
        wanted = frozenset(t.upper() for t in item["only_marked"])
        return lambda doc: _only_marked(doc, wanted)
    if "unreadable" in item:
        kinds = set(item["unreadable"])
        return lambda doc: bool(doc.unreadable) and any(u.kind in kinds for u in doc.unreadable)
    if "present" in item:
        there = compile_presence(item["path"])
        return there if item["present"] else lambda doc: not there(doc)
    judge = _compile_value_test(item)
    if judge is None:  # no comparison: the element is there
        return compile_presence(item["path"])
    value = compile_path(item["path"])

    def test(doc: Document) -> bool:
        found = value(doc)
        if found is None or not present(found) and not isinstance(found, (bool, int)):
            return False
        return judge(found)

    return test


def _any_holds(tests: tuple[Test, ...]) -> Test:
    def holds(doc: Document) -> bool:  # a loop, not any() over a generator made per document
        for test in tests:
            if test(doc):
                return True
        return False

    return holds


def _compile_value_test(item: Mapping) -> Callable[[Any], bool] | None:
    """The comparison of an item with a `path`, applied to a value that is there (None when the
    item only asks for the element)."""
    if "in" in item or "in_era_tokens" in item:
        listed = {str(v).upper() for v in item.get("in", ())}
        if "in_era_tokens" in item:
            listed |= set(era_tokens(item["in_era_tokens"]))
        return lambda value: (" ".join(value.split()).upper() in listed if type(value) is str
                              else any(v in listed for v in _items(value)))
    if "matches" in item:
        pattern = _regex(item["matches"])
        return lambda value: (pattern.search(" ".join(value.split()).upper()) is not None if type(value) is str
                              else any(pattern.search(v) for v in _items(value)))
    if "gt" in item:
        bound = item["gt"]
        return lambda value: isinstance(value, (int, float)) and value > bound
    if "equals" in item:
        expected = item["equals"]
        if isinstance(expected, bool):
            return lambda value: bool(value) == expected
        text = str(expected).upper()
        return lambda value: bool(value) == bool(expected) if isinstance(value, bool) \
            else as_text(value).upper() == text
    return None


def has_fgi(doc: Document) -> bool:
    """Foreign-government information is marked on the banner or on any portion."""
    if any(m is not None and m.fgi is not None for m in (doc.classification, doc.rollup)):
        return True
    return any(p.marking is not None and p.marking.fgi is not None for p in doc.portions)


def _tokens(marking) -> frozenset[str]:
    if marking is None:
        return frozenset()
    # markings are shared by the portions that read alike
    found = marking.memo.get("words")
    return found if found is not None else marking.derived("words", _words)


def _words(marking) -> frozenset[str]:
    tokens = set(marking.dissem) | set(marking.non_ic) | set(marking.unknown)
    tokens |= set(marking.fgi or ())
    if marking.aea:  # RD, RD-CNWDI, RD-SG 14 (with the RD it implies), FRD, TFNI …
        from ..capco.items import aea_implied

        tokens |= aea_implied(marking.aea)
    return frozenset(t.upper() for t in tokens)


def _commingled(doc: Document, wanted: frozenset[str]) -> bool:
    special = plain = False
    last = None
    for portion in doc.portions:
        marking = portion.marking
        if marking is None or marking is last:  # portions that read alike share a marking
            continue
        last = marking
        if not wanted.isdisjoint(_tokens(marking)):
            special = True
        elif marking.level is not None and marking.level > _UNCLASSIFIED:
            plain = True
        if special and plain:
            return True
    return False


def _only_marked(doc: Document, wanted: frozenset[str]) -> bool:
    """Every classified portion carries one of `wanted` (at least one does); a document without
    classified portion marks is judged by its declared classification."""
    special = False
    for portion in doc.portions:
        marking = portion.marking
        if marking is None or marking.level is None or marking.level <= _UNCLASSIFIED:
            continue
        if wanted.isdisjoint(_tokens(marking)):
            return False
        special = True
    return special or not wanted.isdisjoint(_tokens(doc.classification))


def document_values(doc: Document) -> dict[str, str]:
    """Facts every CAB/DEC message may name: date, era, classification, E.O. and declass text."""
    return dict(doc.derived("document_values", _document_values))  # once per document; a copy


def _document_values(doc: Document) -> dict[str, str]:
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
    text = " ".join(str(template).split())
    if "{" not in text and "}" not in text:
        return text  # nothing to fill (the usual `expected`), and no escaped braces to undo
    return text.format_map(SafeValues(values))


SEVERITY_RANK = {"off": -1, "info": 0, "warning": 1, "error": 2}


def cap_severity(severity: str, ceiling: str) -> str:
    """The lower of two severities (e.g. confidence M data caps a hit at warning)."""
    return severity if SEVERITY_RANK[severity] <= SEVERITY_RANK[ceiling] else ceiling
