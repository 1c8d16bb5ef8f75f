"""`--fix` for an overall marking whose release markings are not the portions' roll-up (fixer
``release-rollup``): the REL TO list becomes the countries every portion is released to
(tetragraphs expanded), the DISPLAY ONLY list the countries every portion may be shown to, and
RELIDO stays only when every portion carries it (ISM-ID-00320, ISM-ID-00132, CAPCO's REL TO
intersection).

Each of these takes countries or RELIDO *out* of the overall marking: information stays better
protected, but someone loses a release, so the rules that use this fixer declare it unsafe (it
runs with ``--unsafe-fixes`` only) and the safety net lets a release narrow only then. A release
is never widened: a country the overall marking does not name is never added to it (ISM allows a
subset where a compilation reason applies, which a person judges). When the portions have no
country in common, NOFORN would replace the release marking: that conflict has no one right
answer, and is left to a person.
"""

from __future__ import annotations

from dataclasses import replace

from . import markings

RELEASES = frozenset({"RELIDO", "DISPLAY ONLY"})  # release permissions kept in `dissem`


def plan(planner, findings) -> None:
    doc = planner.doc
    first, declared, expected = doc.first_banner, doc.classification, doc.rollup
    if not findings or first is None or declared is None or expected is None:
        return
    f = findings[0]
    where = f.rule, f.line, f.column
    if doc.profile == "state_cable":
        planner.note(*where, "not changed by --fix: a telegram's release captions are written by hand")
        return
    if expected.noforn and not declared.noforn:
        planner.note(*where, "not changed by --fix: the portions have no country in common, so NOFORN would "
                             "replace the release marking; a person decides")
        return
    target = markings.canonical(replace(
        first.marking, rel_to=expected.rel_to, display_only=expected.display_only,
        dissem=(first.marking.dissem - RELEASES) | (expected.dissem & RELEASES)))
    widened = widens(first.marking, target)
    if widened:
        planner.note(*where, f"not changed by --fix: the roll-up would add {widened} to the overall marking's "
                             "release; a person decides (a compilation may release to fewer)")
        return
    markings.rewrite_banners(planner, f.rule, first, target, verb="narrow")


def widens(old, new) -> str | None:
    """What `new` releases that `old` does not (None when nothing): countries, RELIDO."""
    from ..vocabulary import expand_tetragraphs

    if old.noforn and not new.noforn:
        return "a release (NOFORN removed)"
    for name, before, after in (("REL TO", old.rel_to, new.rel_to), ("DISPLAY ONLY", old.display_only, new.display_only)):
        if after is None:
            continue
        if before is None:
            if after:
                return f"{name} {', '.join(after)}"
            continue
        extra = expand_tetragraphs(after) - expand_tetragraphs(before)
        if extra:
            return f"{name} {', '.join(sorted(extra))}"
    if "RELIDO" in new.dissem and "RELIDO" not in old.dissem:
        return "RELIDO"
    return None


def narrows(old, new) -> bool:
    """Does `new` release less than `old` (a country, RELIDO or DISPLAY ONLY taken out)?"""
    from ..vocabulary import expand_tetragraphs

    if (old.dissem & RELEASES) - new.dissem:
        return True
    for before, after in ((old.rel_to, new.rel_to), (old.display_only, new.display_only)):
        if before and expand_tetragraphs(before) - expand_tetragraphs(after or ()):
            return True
    return False
