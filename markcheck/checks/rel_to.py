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
_LINES_SHOWN = 10  # the portions one finding names; the rest are counted (the message stays short)
PLACEHOLDERS = frozenset({"problem", "found", "expected", "marking", "where", "portion"})
# the fields this kind gives its phrases (rules/messages.yaml `rel-to`)
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"rel_to", "canonical", "caption"}


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    mode = params["check"]

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        # every mode judges a release marking: none anywhere, nothing to judge
        if _marks.REL_TO not in _marks.all_tokens(doc) or not when(doc):
            return ()
        return tuple(_lists(doc, params) if mode == "list" else _overall(doc, mode, ctx.profile == "state_cable"))

    return run


def _overall(doc: Document, mode: str, telegram: bool = False) -> Iterable[Hit]:
    """`blocked` and `intersection`: the overall marking's REL TO against the portions'. A
    telegram's overall release is its RELEASABLE TO caption line, so its drafter is told what to
    do with that line and the portion, not given a CAPCO banner."""
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
            caption = next((c for c in doc.captions if c.name == "REL TO"), None) if telegram else None
            if caption is None:
                yield Hit(span, {**values, "portion": portion, "phrase": "blocked"})
            else:  # the caption line is where the cable's release is written, and what to change
                yield Hit(caption.span, {**values, "portion": portion, "caption": caption.raw,
                                         "phrase": "blocked_telegram"})
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
    """The overall marking's list is judged on its own; the portions' lists are one finding per
    document, worded by the first malformed list's phrase, whose `where` names every portion with
    a malformed list (one cause: the drafter's list form, not one error per paragraph)."""
    scope = params.get("scope", ("document", "portions"))
    order_severity = params.get("order_severity")
    if "document" in scope and doc.classification is not None:
        written = _marks.banner_text(doc.classification)
        fault = _list_fault(doc.classification.rel_to, bare_ok=False)
        if fault is not None:
            phrase, extra = fault
            yield Hit(_marks.banner_span(doc), {**_values(doc, written, "overall marking"), **extra,
                                                "phrase": phrase},
                      order_severity if phrase == "out_of_order" else None)
    if "portions" not in scope:
        return
    faults = []
    for p in _marks.marked_portions(doc):
        fault = _list_fault(p.marking.rel_to, bare_ok=True)
        if fault is not None:
            faults.append((p, *fault))
    if not faults:
        return
    first, phrase, extra = faults[0]
    lines = sorted({_marks.portion_span(p).line for p, _, _ in faults})
    shown = ", ".join(map(str, lines[:_LINES_SHOWN])) + \
        (f" and {len(lines) - _LINES_SHOWN} more" if len(lines) > _LINES_SHOWN else "")
    where = f"portion on line {lines[0]}" if len(lines) == 1 else f"{len(faults)} portions, lines {shown}"
    others = len({p.mark for p, _, _ in faults} - {first.mark})
    if others:  # (the other malformed lists are at the lines named)
        where += f"; {others} other list{'s' if others > 1 else ''} there too"
    only_order = all(name == "out_of_order" for _, name, _ in faults)
    yield Hit(_marks.portion_span(first), {**_values(doc, first.mark, where), **extra, "phrase": phrase},
              order_severity if only_order else None)


def _values(doc: Document, written: str, where: str) -> dict:
    return {"marking": written, "where": where, "found": _marks.banner_text(doc.classification),
            "expected": _marks.banner_text(doc.rollup), "portion": where}


def _list_fault(codes, bare_ok: bool) -> "tuple[str, dict] | None":
    """The phrase (rules/messages.yaml ``rel-to``) naming what is wrong with one REL TO list, and
    its values; None when nothing is."""
    if codes is None or (bare_ok and not codes):
        return None
    values = {"rel_to": rel_to_string(codes)}
    if not codes or codes[0] != "USA":
        return "usa_not_first", values
    if len(set(codes) - {"USA"}) == 0:
        return "usa_only", values
    canonical = _canonical(codes)
    if tuple(codes) != canonical:
        return "out_of_order", {**values, "canonical": rel_to_string(canonical)}
    return None


def _canonical(codes: tuple[str, ...]) -> tuple[str, ...]:
    """USA, then trigraphs A-Z, then tetragraphs and longer coalition codes A-Z (CAPCO REL TO)."""
    tetras = vocabulary().tetragraphs
    rest = sorted(set(codes) - {"USA"}, key=lambda c: (c in tetras or len(c) != 3, c))
    return ("USA", *rest)
