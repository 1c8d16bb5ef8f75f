"""The declarative predicates of the CAB/DEC kinds (presence, duration, token-window,
reason-letters), compiled once per rule into tests of a document. They are plain data from the
rule files:

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
"""

from __future__ import annotations

import functools
import re
from typing import Any, Callable, Iterable, Mapping

from ..eras import era_by_code
from ..model import Document, Level
from ._paths import as_text, compile_path, compile_presence, present

_UNCLASSIFIED = Level.U  # looked up once: an enum member access costs a descriptor call


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
