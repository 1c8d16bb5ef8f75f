"""`--fix` for an overall FGI marking (ROL-020): the classification lines name the FGI sources the
roll-up of the portions names (``SECRET//FGI DEU//…`` becomes ``SECRET//FGI DEU GBR//…``), or
conceal them all (``FGI`` alone) when a portion conceals its source.

Only a line written exactly in its standard form is rewritten, and only its FGI category
changes: the level, every control and every word stay. The fixed text is read again by the
planner (markcheck.fix), which drops the edit unless nothing was lowered or removed.
"""

from __future__ import annotations

from dataclasses import replace


def plan(planner, findings) -> None:
    """Add the FGI edits for `findings` (those of the rules whose fixer is ``fgi-banner``) to
    `planner` (markcheck.fix._Planner)."""
    doc = planner.doc
    if not findings or doc.first_banner is None or doc.rollup is None or doc.rollup.fgi is None:
        return
    rule = findings[0].rule
    first = doc.first_banner
    wanted = doc.rollup.fgi
    from .. import register

    sources = {e.value for e in register.family("fgi")}
    unknown = [c for c in wanted if c not in sources]
    if unknown:  # (a code the register does not list is FRM-022's: corrected by a person first)
        planner.note(rule, first.span.line, first.span.column,
                     f"not changed by --fix: {', '.join(unknown)} is not an FGI source of the register; "
                     "correct the portion first")
        return
    for banner in (b for b in doc.banners if b.marking == first.marking):
        span = banner.span
        segment = planner.line_text(span.line)[span.column - 1:span.end_column - 1] if span.line == span.end_line else None
        marking = banner.marking
        if segment is None or segment.strip() != marking.banner() or marking.fgi is None:
            planner.note(rule, span.line, span.column,
                         f"not changed by --fix: {banner.raw!r} is not written in the standard form "
                         f"{marking.banner()!r}; write its FGI sources by hand")
            continue
        if any(e.line == span.line for e in planner.plan.edits):
            planner.note(rule, span.line, span.column,
                         "not changed by --fix in this run: another fix rewrites this line first; run --fix again")
            continue
        new = replace(marking, fgi=wanted, written=()).banner()
        lead = len(segment) - len(segment.lstrip())
        text = segment.strip()
        planner.edit(rule, span.line, span.column + lead, span.column + lead + len(text), new,
                     f"write {text!r} as {new!r}")
