"""Kind `cui`: the CUI marking checks (rules/CUI.yaml), judged on `Document.cui`.

params:
  check: one of markcheck.cui.judge.CHECKS (banner_missing, banner_bottom, specified_in_banner,
         banner_order, dod_banner_content, unknown_words, specified_form,
         ldc_without_cui, commingled, commingled_banner, commingled_portions, indicator_missing,
         indicator_incomplete, distribution, legacy, decontrol, ldc_category,
         unclassified_prefix, portion_control, banner_rolldown, disclaimer)
  requires_statement: [CTI, EXPT]   (distribution) the categories that need a distribution statement
  when: {...}                 the shared condition

A document without CUI markings (`Document.cui` None) has nothing for these rules to judge.
Message values: `problem`, `found`, `expected`.
"""

from __future__ import annotations

from ..model import Document
from .base import Context, Rule, Run, compile_condition

KIND = "cui"
PLACEHOLDERS = frozenset({"problem", "found", "expected"})


def prepare(rule: Rule) -> Run:
    from ..cui.judge import CHECKS

    params = rule.params
    judge = CHECKS[params["check"]]
    holds = compile_condition(params.get("when"))

    def run(doc: Document, ctx: Context):
        facts = doc.cui
        if facts is None or not holds(doc):
            return ()
        return judge(doc, facts, ctx, params)

    return run
