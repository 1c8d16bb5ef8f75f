"""Kind `rel-to`: release markings (REL TO) in the overall marking and in portions (DIS-003..005).

params:
  check: list | intersection | blocked
    list          each REL TO list starts with USA, names at least one other country, and
                  lists trigraphs then tetragraphs, each alphabetically (order hits take
                  `order_severity`); a bare portion ``REL`` (releasable per the banner) is fine
    intersection  when every FD&R-relevant portion carries REL TO, the overall REL TO equals
                  their intersection (tetragraphs expanded); an empty intersection means NOFORN
    blocked       an overall REL TO is invalid when a relevant portion has no REL TO, or has
                  NOFORN, RELIDO without REL TO, EXDIS or NODIS
  scope: [document, portions]   for `list` (default both)
  order_severity: LEVEL         for `list` ordering hits
  when: {...}

FD&R-relevant portions are classified ones and unclassified ones carrying a release marking
or NOFORN: a plain (U) portion does not affect the banner's release markings (DIS-012).
"""

from __future__ import annotations

from typing import Iterable

from ..model import Document, Level, Marking
from ..vocabulary import expand_tetragraphs, rel_to_string, vocabulary
from . import _marks
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "rel-to"
PLACEHOLDERS = frozenset({"problem", "found", "expected", "marking", "where", "portion"})
# the fields this kind gives its phrases (rules/messages.yaml `rel-to`)
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"rel_to", "canonical"}


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    mode = params["check"]

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        # every mode judges a release marking: none anywhere, nothing to judge
        if _marks.REL_TO not in _marks.all_tokens(doc) or not when(doc):
            return ()
        return tuple(_lists(doc, params) if mode == "list" else _overall(doc, mode))

    return run


def _overall(doc: Document, mode: str) -> Iterable[Hit]:
    """`blocked` and `intersection`: the overall marking's REL TO against the portions'."""
    declared, expected = doc.classification, doc.rollup
    if declared is None or expected is None or expected.level is None:
        return
    relevant = [p for p in _marks.marked_portions(doc) if _relevant(p.marking)]
    blocker = next((p for p in relevant if _blocks(p.marking)), None)
    values = {"found": _marks.banner_text(declared), "expected": expected.banner(), "where": "overall marking",
              "marking": _marks.banner_text(declared)}
    span = _marks.banner_span(doc)
    if mode == "blocked":
        if declared.rel_to is not None and blocker is not None:
            portion = _marks.describe_portion(blocker)
            yield Hit(span, {**values, "portion": portion, "phrase": "blocked"})
        return
    # intersection
    if blocker is not None or not relevant or declared.noforn:
        return
    if expected.rel_to is None:  # all bare REL (no constraint), or no common country: NOFORN
        # (with or without a REL TO in the overall marking: a NOFORN derived from the release
        # markings alone is this rule's finding, not DIS-001's, which needs a NOFORN portion)
        if expected.noforn:
            yield Hit(span, {**values, "portion": "", "phrase": "nothing_in_common"})
        return
    if declared.rel_to is None or expand_tetragraphs(declared.rel_to) != expand_tetragraphs(expected.rel_to):
        yield Hit(span, {**values, "portion": "", "phrase": "not_the_intersection",
                         "rel_to": rel_to_string(expected.rel_to)})


def _relevant(marking: Marking) -> bool:
    return marking.level > Level.U or marking.rel_to is not None or marking.noforn


def _blocks(marking: Marking) -> bool:
    return marking.rel_to is None or marking.noforn or bool(marking.non_ic & {"EXDIS", "NODIS"})


def _lists(doc: Document, params) -> Iterable[Hit]:
    scope = params.get("scope", ("document", "portions"))
    targets = []
    if "document" in scope and doc.classification is not None:
        targets.append((doc.classification, _marks.banner_span(doc), "overall marking",
                        _marks.banner_text(doc.classification), False))
    if "portions" in scope:
        for p in _marks.marked_portions(doc):
            targets.append((p.marking, _marks.portion_span(p), f"portion on line {_marks.portion_span(p).line}",
                            p.mark, True))
    for marking, span, where, written, bare_ok in targets:
        codes = marking.rel_to
        if codes is None or (bare_ok and not codes):
            continue
        values = {"marking": written, "where": where, "found": _marks.banner_text(doc.classification),
                  "expected": _marks.banner_text(doc.rollup), "portion": where}
        values["rel_to"] = rel_to_string(codes)
        if not codes or codes[0] != "USA":
            yield Hit(span, {**values, "phrase": "usa_not_first"})
        elif len(set(codes) - {"USA"}) == 0:
            yield Hit(span, {**values, "phrase": "usa_only"})
        else:
            canonical = _canonical(codes)
            if tuple(codes) != canonical:
                yield Hit(span, {**values, "phrase": "out_of_order", "canonical": rel_to_string(canonical)},
                          params.get("order_severity"))


def _canonical(codes: tuple[str, ...]) -> tuple[str, ...]:
    """USA, then trigraphs A-Z, then tetragraphs and longer coalition codes A-Z (CAPCO REL TO)."""
    tetras = vocabulary().tetragraphs
    rest = sorted(set(codes) - {"USA"}, key=lambda c: (c in tetras or len(c) != 3, c))
    return ("USA", *rest)
