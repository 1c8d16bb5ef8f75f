"""Kind `level-rollup`: the declared overall level against the highest portion level (ROL-).

params:
  relation: below | above    report when the declared level is below / above the roll-up level
  banner_levels: [U, C, ...] only when the declared level is one of these
  portion_levels: [...]      only when the highest portion level is one of these
  unless_compilation: bool   a classification-by-compilation notice excuses `above`
  when: {...}                declarative condition (base.compile_condition)

`above` judges only documents whose portions are all marked: an unmarked portion may be what
carries the overall level, and that defect belongs to POR-001, not to over-classification.
The hit points at the first banner; the message names the highest portion.
"""

from __future__ import annotations

from typing import Iterable

from ..model import Document, Level
from . import _marks
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "level-rollup"
PLACEHOLDERS = frozenset({"found", "expected", "found_level", "expected_level", "portion"})


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    below = params["relation"] == "below"
    # the listed levels as members, not names: a member's `.name` is a descriptor call
    banner_levels = _levels(params.get("banner_levels"))
    portion_levels = _levels(params.get("portion_levels"))
    unless_compilation = params.get("unless_compilation")

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        declared, expected = doc.classification, doc.rollup
        if declared is None or expected is None:
            return ()
        found, wanted = declared.level, expected.level
        if found is None or wanted is None:
            return ()
        if banner_levels is not None and found not in banner_levels:
            return ()
        if portion_levels is not None and wanted not in portion_levels:
            return ()
        if below:
            if found >= wanted:
                return ()
        else:
            if found <= wanted:
                return ()
            if unless_compilation and doc.compilation_notice:
                return ()
            if any(p.marking is None and not p.is_subject for p in doc.portions):
                return ()
        if not when(doc):
            return ()
        return (_hit(doc, declared, expected),)

    return run


def _levels(names) -> frozenset[Level] | None:
    return None if names is None else frozenset(level for level in Level if level.name in names)


def _hit(doc: Document, declared, expected) -> Hit:
    top = next(p for p in _marks.marked_portions(doc) if p.marking.level == expected.level)
    return Hit(_marks.banner_span(doc), {
        "found": _marks.banner_text(declared),
        "expected": expected.banner(),
        "found_level": declared.level.banner,
        "expected_level": expected.level.banner,
        "portion": _marks.describe_portion(top),
    })
