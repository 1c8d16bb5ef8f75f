"""`--fix` for CUI banners: the three fixers the CUI rules name in their `fixer:` (rules/CUI.yaml):
``cui-banner-top`` adds the missing banner at the top, ``cui-banner-bottom`` repeats it at the
bottom, ``cui-banner-complete`` writes a banner with the Specified categories and LDCs its
portions carry.

Which fixer serves a finding is the rule pack's to say (markcheck.fix.FixTable), so this module
names no rule: every edit and note is credited to the finding it resolves. A CUI fix only ever
adds: a banner line that was not there, or words to a banner that keeps every word it had (a
banner with a word the register does not know is left to a person). The fixed text is read
again; unless every CUI word of every banner is still there, nothing is changed.
"""

from __future__ import annotations

from .expected import expected_banner, expected_block

FIXERS = ("cui-banner-top", "cui-banner-bottom", "cui-banner-complete")


def plan(planner, served: dict) -> None:
    """Add the CUI edits for `served` ({fixer: its findings}, the CUI fixers only) to `planner`
    (markcheck.fix._Planner)."""
    facts = planner.doc.cui
    if facts is None:
        return
    expected = expected_banner(facts, planner.doc.profile)
    for finding in served.get("cui-banner-top", ())[:1]:
        planner.edit(finding.rule, 1, 1, 1, expected + planner.source.newline * 2,
                     f"add the CUI banner {expected!r} at the top")
    for finding in served.get("cui-banner-bottom", ())[:1]:
        _add_bottom(planner, finding, expected)
    for finding in served.get("cui-banner-complete", ())[:1]:
        _complete(planner, finding, facts, expected)


def _add_bottom(planner, finding, expected: str) -> None:
    from ..fix import Edit

    text, newline = planner.source.text, planner.source.newline
    tail = "" if text.endswith(("\n", "\r")) or not text else newline
    planner.plan.edits.append(Edit(len(text), len(text), f"{tail}{newline}{expected}{newline}", finding.rule,
                                   planner.doc.line_count, 1, f"add the CUI banner {expected!r} at the bottom"))


def _complete(planner, finding, facts, expected: str) -> None:
    """Every banner written as the top one is rewritten as `expected` (the words it had, and the
    ones its portions require); a banner with an unreadable word is left to a person."""
    top = facts.top_banner
    if top is None or top.unknown or top.control is None:
        where = top.span if top is not None else None
        planner.note(finding.rule, where.line if where else finding.line, where.column if where else finding.column,
                     "not changed by --fix: the CUI banner holds a word markcheck does not read; a person decides")
        return
    block = expected_block(facts, planner.doc.profile)
    for banner in (b for b in facts.banners if b.raw == top.raw and b.level == top.level):
        span = banner.span  # a CUI banner, or a commingled banner's CUI block
        planner.edit(finding.rule, span.line, span.column, span.end_column, block,
                     f"write the CUI banner {banner.line_text!r} as {expected!r}")


def weakened(before, after) -> str | None:
    """Why `after` drops a CUI banner or a word of one that `before` had (None when it keeps all)."""
    if before.cui is None:
        return None
    if after.cui is None:
        return "the CUI markings would no longer read"
    old = {(w.value, w.specified) for b in before.cui.banners for w in b.words} | {w.raw for b in before.cui.banners
                                                                                 for w in b.unknown}
    new = {(w.value, w.specified) for b in after.cui.banners for w in b.words} | {w.raw for b in after.cui.banners
                                                                                for w in b.unknown}
    if not old <= new or len(after.cui.banners) < len(before.cui.banners):
        return "a CUI banner or a word of one would be lost"
    return None
