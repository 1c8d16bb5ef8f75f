"""raise-level (ROL-001) for a classification line that opens with a foreign head: a NATO
document's ``//NATO SECRET`` under a ``(//CTS)`` portion becomes ``//COSMIC TOP SECRET``, a JOINT
document's ``//JOINT CONFIDENTIAL CAN USA`` under ``(//JOINT S CAN USA)`` becomes ``//JOINT SECRET
CAN USA``: the head the portions roll up to, written in the line's own form (banner or portion
form, its owners in its own order), the rest of the line as it was.

A head is raised only to the same owner's higher level, and keeps the NATO control written into
it (``//NATO SECRET ATOMAL`` under ``(//CTS)`` becomes ``//COSMIC TOP SECRET ATOMAL``). It is left
to a person, with the reason, when the portions have another owner (a US portion makes the
document a US one: ROL-024), when they carry NATO controls no one head holds, or when the head's
own control has no form at the new level.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Banner, Level


def raise_head(planner, banner: Banner, level: Level) -> None:
    """Plan the edit that raises `banner`'s foreign head to the portions' roll-up at `level`."""
    from ..reader.foreign import banner_head, controls_apart, portion_head
    from ..rollup import rollup

    where = planner.serving["raise-level"], banner.span.line, banner.span.column
    old = banner.marking
    first = planner.doc.first_banner
    forms = [p.marking for p in planner.doc.portions if p.marking is not None and p.span.line > first.span.line]
    body = rollup(forms)
    if body is None or (set(body.owner), body.joint) != (set(old.owner), old.joint):
        planner.note(*where, f"not changed by --fix: the portions of {banner.raw!r} do not all have its owner, so "
                             "whose document it is (ROL-024) is for a person to decide")
        return
    apart = controls_apart(m.foreign_level for m in forms)
    if apart:
        planner.note(*where, f"not changed by --fix: the portions carry the NATO controls {' and '.join(apart)}, "
                             "which no one classification line holds (ROL-024)")
        return
    foreign_level = _keeping_control(old.foreign_level, body.foreign_level)
    if foreign_level is None:
        planner.note(*where, f"not changed by --fix: the NATO control of {banner.raw!r} has no form at "
                             f"{body.foreign_level}; a person decides the classification line")
        return
    target = replace(old, level=level, foreign_level=foreign_level)
    written = _written_head(planner, banner)
    if written is None:
        planner.note(*where, f"not changed by --fix: the head of {banner.raw!r} is irregularly written; "
                             f"write {banner_head(target)} by hand")
        return
    start, text = written
    forms_of_old = {portion_head(old)[2:]: portion_head, banner_head(old)[2:]: banner_head}
    render = forms_of_old.get(" ".join(text.upper().split()))
    if render is None:
        planner.note(*where, f"not changed by --fix: the head {text!r} is not written in a form markcheck "
                             f"rewrites safely; write {banner_head(target)} by hand")
        return
    if render is portion_head and "standard-form" in planner.serving:
        # FRM-020 writes the head in its banner form in this pass (the same words: the edits would
        # overlap); the next pass raises it
        planner.note(*where, "not changed by --fix: the head is first written in its banner form (FRM-020)")
        return
    new = render(target)[2:]
    planner.edit(where[0], banner.span.line, start, start + len(text), new, f"raise {text!r} to {new!r}")


def _keeping_control(old: str | None, new: str | None) -> str | None:
    """`new` (a foreign level in portion form) with the NATO control of `old` written into it;
    None when `new` carries another control or the register has no form for the pair."""
    from ..reader.foreign import nato_control_level, nato_level

    kept = nato_level(old or "")
    if kept is None or kept.control is None:
        return new
    raised = nato_level(new or "")
    if raised is None or raised.control == kept.control:
        return new
    if raised.control is not None:
        return None
    combined = nato_control_level(raised.portion, kept.control)
    return combined.portion if combined is not None else None


def _written_head(planner, banner: Banner) -> tuple[int, str] | None:
    """(column, text) of the head as written: what follows the line's opening ``//`` up to the
    next ``//`` or the end of the line, blanks around it left out."""
    segment = planner._segment(banner)
    if segment is None:
        return None
    lead = len(segment) - len(segment.lstrip())
    if not segment[lead:].startswith("//"):
        return None
    rest = segment[lead + 2:]
    head = rest.split("//", 1)[0]
    text = head.strip()
    if not text:
        return None
    return banner.span.column + lead + 2 + (len(head) - len(head.lstrip())), text
