"""Kind `page-marking`: each page's top and bottom marking against what the page holds (PAG-).

Only documents with pages are judged: Word and PDF files, and text with page breaks (form
feeds, a Markdown ``\\pagebreak``). A telegram's printed pages and sections are not: the
telegram system prints their markings, and the classification-line rules (HDR-) judge those.
A document is judged when something on it is classified or controlled: its declared
classification, a portion mark, or a page marking.

params:
  check: top | bottom | agree | covers | first-page | unmarked | unread | skipped
  cui_bottom_severity: the severity of a missing bottom marking in a CUI (unclassified) document

Message values: `page`, `found` (the marking as written), `expected`, `other` (the other
marking), `held` (the roll-up of the page's portions), `missing`, `reason`, `kind`, `count`,
`sample`.
"""

from __future__ import annotations

from typing import Iterable

from ..model import Document, Level
from ..page_marks import PageFacts, covers, page_facts
from ..rollup import rollup
from .base import Context, Hit, Rule, Run

KIND = "page-marking"
PLACEHOLDERS = frozenset({"page", "found", "expected", "other", "held", "missing", "reason", "kind", "count",
                          "sample"})
_TELEGRAM = ("telegram-page", "telegram-section")


def prepare(rule: Rule) -> Run:
    check = rule.params["check"]
    cui_bottom = rule.params.get("cui_bottom_severity")

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        if doc.pages is None or any(p.kind in _TELEGRAM for p in doc.pages.pages):
            return ()
        if check == "skipped":
            return tuple(_skipped(doc))
        facts = page_facts(doc)
        if check == "unread":
            return tuple(_unread(doc, facts))
        overall = _overall(doc, facts)
        if overall is None:  # nothing classified or controlled anywhere: no page needs a marking
            return ()
        return tuple(_CHECKS[check](facts, overall, cui_bottom))

    return run


def _overall(doc: Document, facts: list[PageFacts]):
    """The highest marking the document shows or holds, or None when all of it is unmarked or
    UNCLASSIFIED without controls."""
    marks = [doc.classification, doc.rollup] + [m.marking for f in facts for m in (f.top, f.bottom) if m]
    overall = rollup(m for m in marks if m is not None)
    if overall is None or (overall.level == Level.U and not overall.controls()):
        return None
    return overall


def _top(facts, overall, cui_bottom) -> Iterable[Hit]:
    for page in facts:
        if page.top is None and page.bottom is not None:
            yield Hit(page.bottom.span, {"page": page.number, "other": page.bottom.raw})


def _bottom(facts, overall, cui_bottom) -> Iterable[Hit]:
    cui_only = overall.level == Level.U
    for page in facts:
        if page.bottom is None and page.top is not None:
            yield Hit(page.top.span, {"page": page.number, "other": page.top.raw},
                      severity=cui_bottom if cui_only else None)


def _agree(facts, overall, cui_bottom) -> Iterable[Hit]:
    for page in facts:
        if page.top and page.bottom and page.top.marking.banner() != page.bottom.marking.banner():
            yield Hit(page.bottom.span, {"page": page.number, "found": page.bottom.raw, "other": page.top.raw,
                                         "expected": page.top.marking.banner()})


def _short(page: PageFacts, required, number: int, **values) -> Iterable[Hit]:
    """A hit at each marking of `page` that lacks something of the marking `required`."""
    for mark in (page.top, page.bottom):
        missing = covers(mark.marking, required) if mark is not None else ()
        if missing:
            yield Hit(mark.span, {"page": number, "found": mark.raw, "missing": ", ".join(missing),
                                  "expected": rollup([mark.marking, required]).banner(), **values})


def _covers(facts, overall, cui_bottom) -> Iterable[Hit]:
    for page in facts:
        held = page.held
        if held is not None:
            yield from _short(page, held, page.number, held=held.banner())


def _first_page(facts, overall, cui_bottom) -> Iterable[Hit]:
    if not facts or facts[0].marking is None:
        return
    highest = rollup(m.marking for f in facts[1:] for m in (f.top, f.bottom) if m)
    if highest is not None:
        yield from _short(facts[0], highest, 1)


def _unmarked(facts, overall, cui_bottom) -> Iterable[Hit]:
    for page in facts:
        if page.marking is None and (page.content or page.portions) and not page.unread:
            held = page.held
            yield Hit(page.span(), {"page": page.number, "expected": overall.banner(),
                                    "held": f"portions up to {held.banner()}" if held else "no portion mark"})


def _unread(doc: Document, facts: list[PageFacts]) -> Iterable[Hit]:
    for page in (f for f in facts if f.unread):  # (a file with no readable page at all is MCK-002)
        yield Hit(page.span(), {"page": page.number, "count": 1, "reason": page.unread,
                                "kind": f"page {page.number} could not be read"})


def _skipped(doc: Document) -> Iterable[Hit]:
    from ..model import Span

    for item in doc.pages.skipped:
        yield Hit(Span(item.line, 1, item.line, 1),
                  {"kind": item.kind + ("s" if item.count > 1 else ""), "count": item.count, "sample": item.sample},
                  severity="error" if item.marking_shaped else None)


_CHECKS = {"top": _top, "bottom": _bottom, "agree": _agree, "covers": _covers, "first-page": _first_page,
           "unmarked": _unmarked}
