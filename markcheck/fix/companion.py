"""`--fix` for a marking that lacks a control it must carry: the one companion control the
register requires of a value it carries (fixer ``add-companion``: ``(TS//SI-G ABCD//NF)`` gains
ORCON, ``(S//HCS-P)`` NOFORN), or, in the overall marking, a control of the rule's `controls` that
the portions' roll-up carries (fixer ``add-rollup-control``: LES in a classified banner).

The companion comes from the finding's rule itself: each ISM template of its `params.templates`
whose `tokens` the marking carries names in `requires` what must be there too. Only a required
dissemination control is added (a required compartment, ``HCS`` needing ``HCS-O``, ``-P`` or
``-X``, is a classifier's to name), and never one another rule of the pack says conflicts with a
control the marking has (NOFORN beside REL TO, RELIDO, DISPLAY ONLY or EYES ONLY: which of them
goes is a person's decision). Adding a control only restricts dissemination: a safe fix. When the
overall marking then lacks the control, the planner's next pass completes it (add-noforn).
"""

from __future__ import annotations

from dataclasses import replace

from . import markings


def plan(planner, findings, table) -> None:
    doc = planner.doc
    for f in findings:
        rule = table.rules.get(f.rule)
        target = _target(doc, f)
        if rule is None or target is None:
            continue
        kind, place, marking = target
        wanted = _required_controls(rule, marking)
        if wanted is None:
            planner.note(f.rule, f.line, f.column, "not changed by --fix: what is missing is not a "
                                                   "dissemination control; a classifier names it")
            continue
        clash = _conflicts(table, marking, wanted)
        if clash:
            planner.note(f.rule, f.line, f.column, f"not changed by --fix: {' and '.join(sorted(wanted))} would "
                                                   f"sit beside {clash}, which excludes it; a person decides")
            continue
        dissem = marking.dissem | {c for c in wanted if _family(c) == "dissem"}
        non_ic = marking.non_ic | {c for c in wanted if _family(c) == "non-ic"}
        new = markings.canonical(replace(marking, dissem=dissem, non_ic=non_ic))
        if kind == "banner":
            markings.rewrite_banners(planner, f.rule, place, new, verb="complete")
        else:
            markings.rewrite_portion(planner, f.rule, place, new, verb="complete")


def plan_rollup(planner, findings, table) -> None:
    """The classification lines gain the controls of each finding's rule (`params.controls`)
    that the roll-up carries and they lack."""
    doc = planner.doc
    first, expected = doc.first_banner, doc.rollup
    if not findings or first is None or expected is None:
        return
    wanted: set[str] = set()
    for f in findings:
        rule = table.rules.get(f.rule)
        wanted |= set((rule.params or {}).get("controls") or ()) if rule is not None else set()
    missing = (expected.controls() & wanted) - first.marking.controls()
    if not missing:
        return
    f = findings[0]
    clash = _conflicts(table, first.marking, missing)
    if clash:
        planner.note(f.rule, f.line, f.column, f"not changed by --fix: {' and '.join(sorted(missing))} would "
                                               f"sit beside {clash}, which excludes it; a person decides")
        return
    new = replace(first.marking, dissem=first.marking.dissem | {c for c in missing if _family(c) == "dissem"},
                  non_ic=first.marking.non_ic | {c for c in missing if _family(c) != "dissem"})
    markings.rewrite_banners(planner, f.rule, first, markings.canonical(new), verb="complete")


def _target(doc, finding):
    """("banner" | "portion", the banner or portion, its marking) the finding points at."""
    for banner in doc.banners:
        if (banner.span.line, banner.span.column) == (finding.line, finding.column):
            return "banner", banner, banner.marking
    for portion in doc.portions:
        span = portion.mark_span
        if span is not None and portion.marking is not None and (span.line, span.column) == (finding.line, finding.column):
            return "portion", portion, portion.marking
    return None


def _required_controls(rule, marking) -> set[str] | None:
    """The register names of the dissemination controls `rule`'s templates require of `marking`
    and it lacks (None when something else is required: a compartment)."""
    from ..capco.tokens import ism_tokens, matching

    tokens = ism_tokens(marking)
    by_portion = _controls_by_portion_form()
    wanted: set[str] = set()
    for template in (rule.params or {}).get("templates") or ():
        found = [t for t in matching(tokens, template["tokens"]) if not matching(frozenset({t}), template.get("unless"))]
        if not found:
            continue
        for required in template.get("requires") or ():
            if matching(tokens, [required]):
                continue
            if required not in by_portion:
                return None
            wanted.add(by_portion[required])
    return wanted or None


def _controls_by_portion_form() -> dict[str, str]:
    from ..vocabulary import vocabulary

    return {portion: name for name, portion in vocabulary().portion_abbrev.items()
            if _family(name) in ("dissem", "non-ic") and name not in ("REL TO", "DISPLAY ONLY")}


def _family(name: str) -> str | None:
    from .. import register

    entry = register.entry_for(name)
    return entry.family if entry is not None else None


def _conflicts(table, marking, wanted: set[str]) -> str | None:
    """A control of `marking` that a rule of the pack (kind `control`, `params.controls` and
    `conflicts`) says may not stand beside one of `wanted`; None when there is none."""
    have = set(marking.controls())
    if marking.rel_to is not None:
        have.add("REL TO")
    for rule in table.rules.values():
        params = rule.params or {}
        controls, conflicts = set(params.get("controls") or ()), set(params.get("conflicts") or ())
        if not controls or not conflicts:
            continue
        for added in wanted:
            if added in controls and have & conflicts:
                return ", ".join(sorted(have & conflicts))
            if added in conflicts and have & controls:
                return ", ".join(sorted(have & controls))
    return None
