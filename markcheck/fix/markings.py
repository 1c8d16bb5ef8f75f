"""Rewriting one marking where it is written, for the fixers that change a marking's words
(standard-form, add-companion, release-rollup): a classification line, with every line equal to
it (the lines of a document stay equal, HDR-003), or a portion mark.

A rewrite is planned only where the marking is written on one line exactly as it was read, keeps
every word markcheck read in it (none unknown), and where the new text reads back as the marking
the fixer meant (`same_meaning`). The planner's safety net re-reads the whole fixed document too.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Banner, Marking, Portion


def canonical(marking: Marking) -> Marking:
    """`marking` with its country lists in the register's order, each code once: REL TO with USA
    first, then trigraphs A-Z, then tetragraphs A-Z; FGI and DISPLAY ONLY trigraphs, then
    tetragraphs (CAPCO 2016 §A.6)."""
    from ..checks.foreign_marking import _canonical as places
    from ..checks.rel_to import _canonical as release

    rel_to = marking.rel_to
    if rel_to and "USA" in rel_to:
        rel_to = release(tuple(rel_to))
    return replace(marking, written=(), rel_to=rel_to,
                   fgi=places(tuple(dict.fromkeys(marking.fgi))) if marking.fgi else marking.fgi,
                   display_only=places(tuple(dict.fromkeys(marking.display_only))) if marking.display_only
                   else marking.display_only)


def meaning(marking: Marking) -> Marking:
    """What `marking` says, whatever the order its lists were written in."""
    def codes(values):
        return None if values is None else tuple(sorted(set(values)))

    return replace(marking, written=(), rel_to=codes(marking.rel_to), fgi=codes(marking.fgi),
                   display_only=codes(marking.display_only))


def same_meaning(a: Marking, b: Marking) -> bool:
    return meaning(a) == meaning(b)


def banner_reads_as(text: str) -> Marking | None:
    """The marking of a classification line written `text` alone (None: it does not read as one,
    or it carries more than a marking: a page number, a section, a tail)."""
    from ..reader.parse import MarkingSyntaxError, parse_banner

    try:
        parts = parse_banner(" ".join(text.split()).upper())
    except MarkingSyntaxError:
        return None
    if parts.tail or parts.page is not None or parts.section is not None:
        return None
    return parts.marking


def portion_reads_as(text: str) -> Marking | None:
    """The marking of a portion mark written ``(text)`` (None: it does not read as one)."""
    from ..reader.parse import MarkingSyntaxError, parse_portion

    try:
        return parse_portion(text)
    except MarkingSyntaxError:
        return None


def segment(planner, span) -> str | None:
    """The text at `span` if the span is one line (None otherwise)."""
    if span.line != span.end_line:
        return None
    return planner.line_text(span.line)[span.column - 1:span.end_column - 1]


def line_taken(planner, line: int) -> bool:
    """Does an edit of this pass already change `line`? Then the next pass rewrites it again from
    the text this pass writes (the planner runs its passes until nothing is left to fix)."""
    return any(e.line == line for e in planner.plan.edits)


def rewrite_banners(planner, rule: str, first: Banner, target: Marking, verb: str = "write") -> bool:
    """Write every classification line equal to `first` as `target` in banner form; all of them
    or none (a note says why). True when the edits were planned."""
    doc = planner.doc
    lines = [b for b in doc.banners if b.marking == first.marking]
    new = target.banner()
    read = banner_reads_as(new)
    where = rule, first.span.line, first.span.column
    if first.marking.unknown:
        planner.note(*where, f"not changed by --fix: {first.raw!r} holds words markcheck does not read, which a "
                             "rewrite would drop; write it by hand")
        return False
    if read is None or not same_meaning(read, target):
        planner.note(*where, f"not changed by --fix: {new!r} would not read back as intended; write it by hand")
        return False
    planned = []
    for banner in lines:
        text = segment(planner, banner.span)
        if text is None or banner_reads_as(text) != banner.marking:
            from ..reader.assemble import with_line_captions

            whole = with_line_captions(doc, banner.span.line, target).banner()  # (captions written on the line)
            planner.note(*where, f"not changed by --fix: {banner.raw!r} on line {banner.span.line} is not a "
                                 f"classification line markcheck rewrites safely; write {whole!r} by hand")
            return False
        if line_taken(planner, banner.span.line):
            return False
        planned.append((banner, text))
    if all(text.strip() == new for _, text in planned):
        planner.note(*where, f"not changed by --fix: {new!r} is already written in the register's form; what it "
                             "says is for a person to correct")
        return False
    for banner, text in planned:
        lead = len(text) - len(text.lstrip())
        written = text.strip()
        if written == new:
            continue
        start = banner.span.column + lead
        planner.edit(rule, banner.span.line, start, start + len(written), new, f"{verb} {written!r} as {new!r}")
    return True


def rewrite_portion(planner, rule: str, portion: Portion, target: Marking, verb: str = "write") -> bool:
    """Write `portion`'s mark as ``(target)`` in portion form. True when the edit was planned."""
    span = portion.mark_span
    if span is None or portion.marking is None:
        return False
    where = rule, span.line, span.column
    written = segment(planner, span)
    if written is None or written != portion.mark:
        planner.note(*where, "not changed by --fix: the portion mark is not written on one line as markcheck "
                             "read it; write it by hand")
        return False
    if portion.marking.unknown:
        planner.note(*where, f"not changed by --fix: {written} holds words markcheck does not read, which a "
                             "rewrite would drop; write it by hand")
        return False
    inner = target.portion()
    read = portion_reads_as(inner)
    if read is None or not same_meaning(read, target):
        planner.note(*where, f"not changed by --fix: ({inner}) would not read back as intended; write it by hand")
        return False
    if f"({inner})" == written:
        planner.note(*where, f"not changed by --fix: {written} is already written in the register's form; "
                             "what it says is for a person to correct")
        return False
    if line_taken(planner, span.line):
        return False
    planner.edit(rule, span.line, span.column, span.end_column, f"({inner})", f"{verb} {written} as ({inner})")
    return True
