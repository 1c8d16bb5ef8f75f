"""`--fix` for a marking not written in the register's form (fixer ``standard-form``): the
classification line or portion mark a finding points at is written again in its standard form
for its place — categories and their values in register order, each value once, compartments
joined to their control system, `//` between categories, the banner form in a classification
line (``NOFORN``, ``SPECIAL ACCESS REQUIRED-``) and the portion form in a portion mark (``NF``,
``SAR-``, ``S``, ``NS``), REL TO lists with USA first, then trigraphs, then tetragraphs, FGI and
DISPLAY ONLY lists trigraphs then tetragraphs.

Safe because nothing the marking says changes: the new text must read back as the same level,
controls, values and countries (markings.same_meaning) or the marking is left to a person. State
telegrams keep their own conventions ((C/NF), release lists in words): never rewritten here.
"""

from __future__ import annotations

from . import markings


def plan(planner, findings) -> None:
    doc = planner.doc
    if doc.profile == "state_cable":
        for f in findings:
            planner.note(f.rule, f.line, f.column, "not changed by --fix: a telegram's markings keep State's "
                                                   "conventions and are written by hand")
        return
    wanted = {}
    for f in findings:
        wanted.setdefault((f.line, f.column), f.rule)
    done_banners = set()
    for banner in doc.banners:
        rule = wanted.get((banner.span.line, banner.span.column))
        if rule is None or banner.marking in done_banners:
            continue
        done_banners.add(banner.marking)
        markings.rewrite_banners(planner, rule, banner, markings.canonical(banner.marking))
    for portion in doc.portions:
        span = portion.mark_span
        if span is None or portion.marking is None:
            continue
        rule = wanted.get((span.line, span.column))
        if rule is not None:
            markings.rewrite_portion(planner, rule, portion, markings.canonical(portion.marking))
