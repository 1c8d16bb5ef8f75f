"""The safety net of ``--fix``: the fixed text is read again, and every edit of a pass is dropped
unless, marking by marking, nothing was lowered or removed.

- No classification line, overall marking or portion mark gets a lower level, loses a control,
  an SCI, SAP or atomic energy value, or a word markcheck did not understand.
- A foreign head (``//NATO SECRET``, ``//JOINT SECRET CAN USA``, ``//DEU SECRET``) keeps its owner
  and JOINT, is not lowered within its owner's levels (``//NC`` never becomes ``//NR``, though both
  count as CONFIDENTIAL) and keeps the NATO control written into it (ATOMAL, BOHEMIA, BALK).
- No marking releases more than it did: no country added to a REL TO or DISPLAY ONLY list (with
  tetragraphs expanded), no RELIDO added, no NOFORN taken away.
- A release is narrowed (a country or RELIDO taken out) only in classification lines, and only
  by a fix the user asked for with ``--unsafe-fixes``; a portion mark's release never changes.
- A portion mark says something new only where an edit of the pass wrote it.
"""

from __future__ import annotations

from ..model import Document, Marking
from .markings import same_meaning
from .release import RELEASES, narrows, widens


def weakened(before: Document, after: Document, edited_lines: set[int], narrowing: bool = False) -> str | None:
    """Why `after` is not a safe fix of `before` (None when it is)."""
    if len(before.banners) != len(after.banners):
        return "the classification lines changed"
    for old, new in zip(before.banners, after.banners):
        problem = _lower(old.marking, new.marking, narrowing)
        if problem:
            return f"classification line {new.raw!r} {problem} ({old.raw!r} before)"
    if before.classification is not None:
        if after.classification is None:
            return "the overall marking would no longer read"
        problem = _lower(before.classification, after.classification, narrowing)
        if problem:
            return f"the overall marking {problem}"
    if len(before.portions) != len(after.portions):
        return "the portion marks would change"
    for old, new in zip(before.portions, after.portions):
        if old.marking == new.marking:
            continue
        if old.marking is None or new.marking is None:
            return "the portion marks would change"
        problem = _lower(old.marking, new.marking, narrowing=False)
        if problem:
            return f"portion mark {new.mark} {problem}"
        if not same_meaning(old.marking, new.marking) and new.span.line not in edited_lines \
                and (new.mark_span is None or new.mark_span.line not in edited_lines):
            return "the portion marks would change"
    return None


def _lower(old: Marking, new: Marking, narrowing: bool) -> str | None:
    """How `new` is less than `old` (None when it is at least `old`)."""
    if not at_least(old, new):
        return "would be lowered or lose a control or a word"
    widened = widens(old, new)
    if widened:
        return f"would release more ({widened})"
    if not narrowing and narrows(old, new):
        return "would release less, which only --unsafe-fixes may do"
    return None


def at_least(old: Marking, new: Marking) -> bool:
    """`new` keeps `old`'s level, its controls (release permissions aside: `release.narrows`
    judges them), its SCI, SAP and atomic energy values and every word it did not understand (a
    fix never deletes a word of a marking, least of all one markcheck cannot read)."""
    if old.level is not None and (new.level is None or new.level < old.level):
        return False
    from ..capco.rollup import keeps_values

    if not keeps_values(old, new):
        return False
    if old.owner and not _keeps_head(old, new):
        return False
    return old.controls() - RELEASES <= new.controls() and set(old.unknown) <= set(new.unknown)


def _keeps_head(old: Marking, new: Marking) -> bool:
    """`new` has `old`'s foreign owner(s) and JOINT, a level of that owner at least `old`'s, and
    the NATO control written into `old`'s level."""
    from ..reader.foreign import nato_level, rank

    if (set(old.owner), old.joint) != (set(new.owner), new.joint) or rank(new) < rank(old):
        return False
    control = nato_level(old.foreign_level or "")
    if control is None or control.control is None:
        return True
    kept = nato_level(new.foreign_level or "")
    return kept is not None and kept.control == control.control
