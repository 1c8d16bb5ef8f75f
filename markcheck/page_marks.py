"""What each page shows: its top and bottom marking, and the roll-up of the portions on it.

The reader has already read every classification line and portion mark of the document's text;
this module only sorts them onto pages (`markcheck.pages`). A page's top marking is the first
classification line among its header lines (Word) or its first lines (PDF, text); its bottom
marking the last one among its footer or last lines. A line that is only a CUI banner (``CUI``,
``CONTROLLED``, ``CUI//SP-PRVCY``: 32 CFR 2002.20(b)) counts as a page marking too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lazyre import lazy
from .model import Banner, Document, Level, Marking, Portion, Span
from .rollup import rollup
from .values import frozen_value

# A CUI banner marking on its own line: the control marking, then category markings.
_CUI_BANNER = lazy(r"^\s*(?:CUI|CONTROLLED)(?://[A-Z0-9][A-Z0-9 /-]*)?\s*$")
_CUI = Marking(level=Level.U, non_ic=frozenset({"CUI"}))


@frozen_value
class Mark:
    """A page marking: what it reads as, where it stands, the text as written."""

    marking: Marking
    span: Span
    raw: str


@dataclass
class PageFacts:
    number: int
    first: int
    last: int
    top: Mark | None = None
    bottom: Mark | None = None
    portions: list[Portion] = field(default_factory=list)
    content: bool = False  # the page holds text besides its markings
    unread: str = ""

    @property
    def held(self) -> Marking | None:
        """The roll-up of the portion marks on the page."""
        return rollup(p.marking for p in self.portions if p.marking is not None)

    @property
    def marking(self) -> Mark | None:
        return self.top or self.bottom

    def span(self) -> Span:
        return Span(self.first, 1, self.first, 1)


def page_facts(doc: Document) -> list[PageFacts]:
    """The facts of every page of `doc` (none when it has no pages), computed once."""
    return doc.derived("page_facts", _facts) if doc.pages is not None else []


def _facts(doc: Document) -> list[PageFacts]:
    page_map = doc.pages
    lines = _lines(doc)
    banners: dict[int, Banner] = {b.span.line: b for b in doc.banners}
    out = []
    for page in page_map.pages:
        facts = PageFacts(page.number, page.first, page.last, unread=page.unread)
        facts.top = next((m for n in page.header if (m := _mark(n, banners, lines))), None)
        bottom = [m for n in page.footer if (m := _mark(n, banners, lines))]
        if bottom and (facts.top is None or bottom[-1].span.line != facts.top.span.line):
            facts.bottom = bottom[-1]
        marked = {m.span.line for m in (facts.top, facts.bottom) if m is not None}
        facts.content = any(lines.get(n, "").strip() and n not in marked and n not in banners
                            for n in range(page.first, page.last + 1))
        out.append(facts)
    for portion in doc.portions:
        page = page_map.page_of(portion.span.line)
        if page is not None:
            out[page.number - 1].portions.append(portion)
    return out


def _lines(doc: Document) -> dict[int, str]:
    """The document's lines by number (1-based), as its page map keeps them."""
    return dict(enumerate(doc.pages.lines, 1))


def _mark(line: int, banners: dict[int, Banner], lines: dict[int, str]) -> Mark | None:
    banner = banners.get(line)
    if banner is not None and banner.marking.level is not None:
        return Mark(banner.marking, banner.span, banner.raw)
    text = lines.get(line, "")
    if _CUI_BANNER.match(text):
        stripped = text.strip()
        start = text.index(stripped) + 1
        return Mark(_CUI, Span(line, start, line, start + len(stripped)), stripped)
    return None


def covers(page_marking: Marking, held: Marking) -> list[str]:
    """What `held` (a page's roll-up) asks of its page marking that `page_marking` lacks: the
    level, then each control; empty when the marking covers it."""
    missing = []
    if held.level is not None and page_marking.level is not None and held.level > page_marking.level:
        missing.append(held.level.banner)
    shown = page_marking.controls()
    for control in sorted(held.controls()):
        if control not in shown and not (control == "CUI" and page_marking.level and page_marking.level > Level.U):
            missing.append(control)
    return missing


def describe_pages(doc: Document) -> list[str]:
    """`markcheck inspect` lines: each page's lines, its top and bottom marking, what it holds."""
    out = []
    for page, facts in zip(doc.pages.pages, page_facts(doc)):
        marks = "  ".join(f"{name} {mark.raw!r}" if mark else f"{name} none"
                          for name, mark in (("top", facts.top), ("bottom", facts.bottom)))
        held = facts.held
        state = f"  not read: {page.unread}" if page.unread else f"  holds {held.banner() if held else 'no mark'}"
        out.append(f"  page {page.number:<10} {page.first:>4}-{page.last:<4} {marks}{state}")
    for item in doc.pages.skipped:
        out.append(f"  not read        {item.line:>7}  {item.count} {item.kind}: {item.sample!r}")
    return out
