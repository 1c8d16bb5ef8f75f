"""The page model: which lines of a document's text make each page, and where each line came from.

A Word or PDF file is turned into text by an input adapter (`markcheck.inputs`); the reader reads
that text like any other, and the page map says, for every line, which page it is on and what
part of the page it is (the running header, the footer, the body, a table cell, a text box).
The page rules (`markcheck.checks.page_marking`) judge each page's top and bottom marking
against what the page holds, and every finding names the page and the place a person looks.

Plain text and Markdown have pages too when they say so: a form feed, a telegram's
``PAGE 02 ROME 01725`` line or its ``SECTION 02 OF 03`` classification line, and in Markdown a
line holding only ``\\pagebreak`` (the LaTeX/pandoc command). A ``---`` line is not a page
break: in Markdown it is a thematic break or front matter, and in a cable a separator.
"""

from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections.abc import Sequence
from dataclasses import replace

from .values import frozen_value

# The origins of a line ("part" of `Origin`): a Word file's running header and footer, the top and
# bottom lines of a page of PDF or text (where its markings stand), the body.
HEADER, FOOTER, BODY, TOP, BOTTOM = "header", "footer", "body", "top of page", "bottom of page"
# The lines at the top and at the bottom of a PDF or text page where its markings stand (a page
# number line may stand between the marking and the edge).
ZONE = 3

# A telegram's page line, as State's printed copies carry it: "PAGE 02 ROME 01725 080532Z" (a
# two-digit page number, then the originator; a memo's "PAGE 2 OF 5" is not one).
_PAGE_LINE = re.compile(r"^\s*PAGE\s+(0[2-9]|[1-9][0-9])\s+[A-Z]")
MARKDOWN_PAGE_BREAK = "\\pagebreak"


@frozen_value
class Origin:
    """Where a line of the extracted text comes from: its page and part, and the place within
    the part a person finds it ("paragraph 12", "table 1, row 2, cell 3", "text box")."""

    page: int
    part: str  # HEADER | FOOTER | BODY
    place: str = ""
    section: int | None = None

    def describe(self) -> str:
        """``page 2, footer`` / ``page 3, table 1, row 2, cell 1 (section 2)``."""
        where = self.part if self.part != BODY or not self.place else self.place
        text = f"page {self.page}, {where}" if where else f"page {self.page}"
        if self.part != BODY and self.place:
            text += f" ({self.place})"
        return text + (f" (section {self.section})" if self.section and self.section > 1 else "")


@frozen_value
class Page:
    """One page: its lines [first, last] (1-based, inclusive) of the document's text, the lines
    of its running header and footer (empty for plain text, where the page's first and last
    lines stand for them), and why its text could not be read, if it could not (a scanned PDF
    page has no text layer)."""

    number: int
    first: int
    last: int
    header: tuple[int, ...] = ()
    footer: tuple[int, ...] = ()
    unread: str = ""  # why the page's text could not be read ("": it was), e.g. no text layer
    kind: str = "page"  # "page" | "telegram-page" | "telegram-section"


@frozen_value
class Skipped:
    """Something of the file that is not part of the text read (a tracked deletion, a comment,
    hidden text, a footnote), said so with a sample of its text and the line it is nearest to."""

    kind: str
    count: int
    sample: str
    line: int = 1
    marking_shaped: bool = False


@frozen_value
class PageMap:
    """The pages of a document and the origin of each of its lines."""

    pages: tuple[Page, ...] | TextPages  # (TextPages: a text's pages, made when asked for)
    origins: tuple[tuple[int, Origin], ...] = ()  # (line, origin) for lines with a known place
    skipped: tuple[Skipped, ...] = ()
    fmt: str = "text"  # "text" | "markdown" | "docx" | "pdf"
    lines: tuple[str, ...] = ()  # the text's lines, as the page rules look at them

    @property
    def binary(self) -> bool:
        return self.fmt in ("docx", "pdf")

    @functools.cached_property
    def _firsts(self):
        pages = self.pages
        return pages.firsts if isinstance(pages, TextPages) else [p.first for p in pages]

    @functools.cached_property
    def _recorded(self) -> dict[int, Origin]:
        return dict(self.origins)

    def page_of(self, line: int) -> Page | None:
        index = bisect.bisect_right(self._firsts, line) - 1
        if index < 0:
            return None
        page = self.pages[index]
        return page if line <= page.last else None

    def origin_of(self, line: int) -> Origin | None:
        """The origin of `line`: recorded by the adapter, else the page it falls on (body)."""
        recorded = self._recorded.get(line)
        if recorded is not None:
            return recorded
        page = self.page_of(line)
        if page is None:
            return None
        if self.fmt == "docx":
            part = HEADER if line in page.header else FOOTER if line in page.footer else BODY
        else:  # the page's first and last lines; the others of its zones are body text
            part = TOP if page.header[:1] == (line,) else BOTTOM if page.footer[-1:] == (line,) else BODY
        return Origin(page.number, part)


def zones(lines: list[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The top and bottom zones of a page whose non-blank lines are `lines`: up to `ZONE` lines
    each, the top one from the first half of the page and the bottom one from the second, so a
    short page's one marking is never both its top and its bottom."""
    top, bottom = min(ZONE, (len(lines) + 1) // 2), min(ZONE, len(lines) // 2)
    return tuple(lines[:top]), tuple(lines[len(lines) - bottom:]) if bottom else ()


def text_pages(lines, markdown: bool = False, sections: tuple[int, ...] = ()) -> PageMap | None:
    """The pages of a plain-text or Markdown document, or None when it does not mark any page
    break (one page: the page rules then leave it to the classification-line rules). `sections`
    are the lines of a telegram's classification lines of a section after the first
    (``SECTION 02 OF 03``), as the reader read them."""
    starts = [1, *sections]
    kind = "telegram-section" if sections else "page"
    for index, line in enumerate(lines, 1):
        if "\f" in line:
            if line.replace("\f", "").strip():
                starts.append(index)  # the text after the form feed begins the page
            else:
                starts.append(index + 1)
        elif markdown and line.strip() == MARKDOWN_PAGE_BREAK:
            starts.append(index + 1)
        else:
            if index > 1 and _PAGE_LINE.match(line):
                starts.append(index)
                kind = "telegram-page"
    starts = sorted(set(s for s in starts if s <= len(lines)))
    if len(starts) < 2:
        return None
    lines = tuple(lines)
    return PageMap(TextPages(array("l", starts), lines, kind), fmt="markdown" if markdown else "text", lines=lines)


class TextPages(Sequence):
    """The pages of a text, each made when asked for from where it starts (a Page of its own,
    equal to the one a list would hold): a text of 400,000 telegram sections keeps one number
    per page, not 400,000 Page objects, and a finding's page is found by bisection as before."""

    _RECENT = 256  # pages made and kept for the next look-up (findings come in document order)

    def __init__(self, firsts: array, lines: tuple[str, ...], kind: str):
        self.firsts, self._lines, self._kind = firsts, lines, kind
        self._made: dict[int, Page] = {}

    def __len__(self) -> int:
        return len(self.firsts)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        page = self._made.get(index)
        if page is None:
            if len(self._made) >= self._RECENT:
                self._made.clear()
            page = self._made[index] = self._page(index)
        return page

    def _page(self, index: int) -> Page:
        first = self.firsts[index]
        last = max(first, self.firsts[index + 1] - 1 if index + 1 < len(self.firsts) else len(self._lines))
        header, footer = zones(self._marked_lines(first, last))
        return Page(index + 1, first, last, header, footer, kind=self._kind)

    def _marked_lines(self, first: int, last: int) -> list[int]:
        """The page's non-blank lines `zones` needs: all of them on a page of few, else the
        first and the last ZONE (a long page is not read whole for its edges)."""
        lines, found = self._lines, []
        for k in range(first, last + 1):
            if lines[k - 1].replace("\f", "").strip():
                found.append(k)
                if len(found) == 2 * ZONE:
                    break
        else:
            return found
        bottom = []
        for k in range(last, found[-1], -1):
            if lines[k - 1].replace("\f", "").strip():
                bottom.append(k)
                if len(bottom) == ZONE:
                    break
        return found[:ZONE] + (found[ZONE:] + bottom[::-1])[-ZONE:]

    def __eq__(self, other) -> bool:
        if isinstance(other, TextPages):
            return (self.firsts, self._lines, self._kind) == (other.firsts, other._lines, other._kind)
        return isinstance(other, (tuple, list)) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash((tuple(self.firsts), len(self._lines), self._kind))

    def __repr__(self) -> str:
        return f"TextPages({len(self)} pages of kind {self._kind!r})"

    def __reduce__(self):
        return TextPages, (self.firsts, self._lines, self._kind)


def locate(findings, page_map: PageMap):
    """`findings` with the page and place of each (a finding on a line no page holds keeps
    none)."""
    out = []
    for finding in findings:
        origin = page_map.origin_of(finding.line)
        if origin is None:
            out.append(finding)
            continue
        out.append(replace(finding, page=origin.page, where=origin.describe()))
    return out
