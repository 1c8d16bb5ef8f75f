"""What every CUI check builds its findings from: a hit at a span (the document's start when a
finding has no place of its own) and the classified banner that heads a commingled document."""

from __future__ import annotations

from ..checks.base import Hit
from ..model import Document, Level, Span

START = Span(1, 1, 1, 2)


def hit(span, problem: str, **values) -> Hit:
    return Hit(span or START, {"problem": problem, **{k: str(v) for k, v in values.items()}})


def classified_banner(doc: Document):
    """The document's first banner when it is classified (above UNCLASSIFIED), else None."""
    first = doc.first_banner
    return first if first is not None and first.marking.level is not None and first.marking.level > Level.U else None
