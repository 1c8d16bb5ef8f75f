"""Kind `visible-text`: markings read only after characters were changed (SYN-004).

markcheck reads what a person sees (`markcheck.reader.visible`): NFKC, invisible (default-ignorable
and format) characters removed, Unicode TR39 look-alikes read as the ASCII letters they imitate,
tabs just inside parentheses removed. A marking-shaped span (classification line, caption,
portion mark, E.O. line, authority-block line, unreadable marking) whose source holds such a
character is reported, naming each character and its column, so the file gets fixed; prose with
such characters is not.

params:
  when: {...}                  the shared condition

Message values: `found` (the marking as read), `characters` ("U+200B ZERO WIDTH SPACE at column 5").
"""

from __future__ import annotations

from typing import Iterable

from ..model import Document, Span
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "visible-text"
PLACEHOLDERS = frozenset({"found", "characters"})


def prepare(rule: Rule) -> Run:
    when = compile_condition(rule.params.get("when"))

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        if not doc.seen or not any(line.changes for line in doc.seen) or not when(doc):
            return ()
        return tuple(_hits(doc))

    return run


def marking_spans(doc: Document) -> list[tuple[Span, str]]:
    """Every marking-shaped span of `doc` with its text as read, in reading order."""
    spans = [(b.span, b.raw) for b in doc.banners] + [(c.span, c.raw) for c in doc.captions]
    spans += [(p.mark_span, p.mark) for p in doc.portions if p.mark_span is not None]
    if doc.eo_line is not None:
        spans.append((doc.eo_line.span, doc.eo_line.raw))
    cab = doc.cab
    if cab is not None:
        for part in (cab.classified_by, cab.reason, cab.declassify_on):
            if part is not None:
                spans.append((part.span, part.raw))
        if cab.derived_from_span is not None:
            spans.append((cab.derived_from_span, cab.derived_from or ""))
    spans += [(u.span, u.raw) for u in doc.unreadable]
    return sorted(set(spans), key=lambda item: (item[0].line, item[0].column))


def _inside(span: Span, line: int, column: int) -> bool:
    if not span.line <= line <= span.end_line:
        return False
    return (line > span.line or column >= span.column) and (line < span.end_line or column < span.end_column)


def _hits(doc: Document) -> Iterable[Hit]:
    changes = [(seen.line, change) for seen in doc.seen for change in seen.changes]
    for span, raw in marking_spans(doc):
        inside = [f"{change.character} at column {change.column}" + (f" of line {line}" if line != span.line else "")
                  for line, change in changes if _inside(span, line, change.column)]
        if inside:
            yield Hit(span, {"found": raw, "characters": "; ".join(inside)})
