"""`--fix` for CUI banners: add a missing CUI banner (CUI-001, and DoD's bottom banner, CUI-002)
or complete the top banner with the Specified categories and LDCs its portions carry (CUI-003).

A CUI fix only ever adds: a banner line that was not there, or words to a banner that keeps every
word it had (a banner with a word the register does not know is left to a person). The fixed
text is read again; unless every CUI word of every banner is still there, nothing is changed.
"""

from __future__ import annotations

from .expected import expected_banner


def plan(planner, findings) -> None:
    """Add the CUI edits for `findings` (those of the rules whose fixer is ``cui-banner``) to
    `planner` (markcheck.fix._Planner)."""
    facts = planner.doc.cui
    rules = {f.rule for f in findings}
    if facts is None or not rules:
        return
    from ..fix import Edit

    profile = planner.doc.profile
    expected = expected_banner(facts, profile)
    text = planner.source.text
    newline = planner.source.newline
    if "CUI-001" in rules:
        planner.edit("CUI-001", 1, 1, 1, expected + newline + newline, f"add the CUI banner {expected!r} at the top")
        if profile == "dod_cui" and facts.bottom_banner is None:  # DoD: top and bottom (CUI-002)
            rules = rules | {"CUI-002"}
    if "CUI-002" in rules:
        tail = "" if text.endswith(("\n", "\r")) or not text else newline
        planner.plan.edits.append(Edit(len(text), len(text), f"{tail}{newline}{expected}{newline}", "CUI-002",
                                       planner.doc.line_count, 1, f"add the CUI banner {expected!r} at the bottom"))
    if "CUI-003" in rules:
        top = facts.top_banner
        if top is None or top.unknown or top.control is None:
            where = top.span if top is not None else None
            planner.note("CUI-003", where.line if where else 1, where.column if where else 1,
                         "not changed by --fix: the CUI banner holds a word markcheck does not read; a person decides")
        else:
            for banner in (b for b in facts.banners if b.raw == top.raw and b.level is None):
                span = banner.span
                planner.edit("CUI-003", span.line, span.column, span.end_column, expected,
                             f"write the CUI banner {banner.raw!r} as {expected!r}")


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
