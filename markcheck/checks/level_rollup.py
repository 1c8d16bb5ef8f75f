"""Kind `level-rollup`: the declared overall level against the highest portion level (ROL-).

params:
  relation: below | above    report when the declared level is below / above the roll-up level
  banner_levels: [U, C, ...] only when the declared level is one of these
  portion_levels: [...]      only when the highest portion level is one of these
  unless_compilation: bool   a classification-by-compilation notice excuses `above`
  when: {...}                declarative condition (base.condition_holds)

`above` judges only documents whose portions are all marked: an unmarked portion may be what
carries the overall level, and that defect belongs to POR-001, not to over-classification.
The hit points at the first banner; the message names the highest portion.
"""

from __future__ import annotations

from typing import Iterable

from ..model import Document
from . import _marks
from .base import Context, Hit, Rule, gated_by_when

KIND = "level-rollup"
PLACEHOLDERS = frozenset({"found", "expected", "found_level", "expected_level", "portion"})


def _judge(doc: Document, rule: Rule, ctx: Context) -> Iterable[Hit]:
    params = rule.params
    declared, expected = doc.classification, doc.rollup
    if declared is None or declared.level is None or expected is None or expected.level is None:
        return
    if "banner_levels" in params and declared.level.name not in params["banner_levels"]:
        return
    if "portion_levels" in params and expected.level.name not in params["portion_levels"]:
        return
    if params["relation"] == "below":
        if declared.level >= expected.level:
            return
    else:
        if declared.level <= expected.level:
            return
        if params.get("unless_compilation") and doc.compilation_notice:
            return
        if any(p.marking is None and not p.is_subject for p in doc.portions):
            return
    top = next(p for p in _marks.marked_portions(doc) if p.marking.level == expected.level)
    yield Hit(_marks.banner_span(doc), {
        "found": _marks.banner_text(declared),
        "expected": expected.banner(),
        "found_level": declared.level.banner,
        "expected_level": expected.level.banner,
        "portion": _marks.describe_portion(top),
    })


prepare = gated_by_when(_judge)  # the rule's `when:` is all there is to prepare
