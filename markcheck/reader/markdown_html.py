"""HTML in Markdown, as a person sees it: what a rendered page shows is read, what it hides is
reported.

A Markdown file is read in two views. A person viewing the rendered page sees the text of HTML
blocks (``<p>``, ``<div>``, ``<table>``, ``<details>``, ``<pre>`` …) without their tags; a person
reading the source sees everything. Per kind:

- the text of an HTML block is read as the lines it shows: tags removed (a block or cell tag
  between texts on one line parts them as a tab parts a spreadsheet's cells, so
  ``<td>(U) a</td><td>(S) b</td>`` is two portions), entities decoded, every character placed
  back on its source line and column; ``<p>(S) text</p>`` is a portion marked (S);
- an HTML comment, ``<script>`` and ``<style>`` content, a processing instruction, a
  declaration and the attributes of a tag (a ``title`` shows only on hover) show nothing on the rendered page but are there in the source. markcheck does not
  read a marking there as part of the document; every marking-shaped span in it (a parenthesised
  mark beginning with a register word, an upper-case register word, a ``//`` between words) is
  reported (SYN-001) at its source position, so ``<!-- (S) -->`` never passes silently. A
  suppression comment (``<!-- markcheck: … -->``) is `markcheck.suppress_comments`'s to judge.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import MAX_ELEMENTS, Document, Folded, Span, Unreadable

# What a page does not show, then a tag, then an entity (each found in one left-to-right pass;
# an unterminated comment or script runs to the end of the block, as CommonMark ends it).
_PIECE = re.compile(
    r"(?P<hidden><!--.*?(?:-->|\Z)|<(?P<raw>script|style)\b[^>]*>.*?(?:</(?P=raw)\s*>|\Z)"
    r"|<\?.*?(?:\?>|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<![A-Za-z][^>]*>?)"
    r"|(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)",
    re.S | re.I)
# Tags that sit inside a line of text and show no break (every other tag is a block or a cell).
_INLINE_TAGS = frozenset("a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span "
                         "strong sub sup time u var wbr".split())
_DIRECTIVE = re.compile(r"<!--\s*markcheck:", re.I)
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# Marking-shaped text: a classification line ("SECRET//NOFORN", one span), a parenthesised mark,
# an upper-case word (kept when the register lists them), a "//" before a capital (not the "//"
# of an address such as https://).
_LINE = re.compile(r"(?<![A-Za-z0-9/])([A-Z]+(?: [A-Z]+){0,2})//[A-Z0-9][A-Z0-9 ,/-]*(?<! )")
_PARENTHESISED = re.compile(r"\(\s*([^()]{1,60}?)\s*\)")
_UPPER_WORD = re.compile(r"(?<![A-Za-z0-9-])[A-Z][A-Z]+(?:[ -][A-Z]+)?(?![A-Za-z0-9-])")
_SLASHES = re.compile(r"(?<=[A-Z(\s])//(?=[A-Z])|(?<=[A-Z])//")
_WHAT = {"<!": "an HTML comment or declaration", "<?": "an HTML processing instruction",
         "<s": "an HTML script or style element"}
IN_A_TAG = "an HTML tag (an attribute such as a title)"


def marking_shaped(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each part of `text` that looks like a marking: a parenthesised mark
    beginning with an upper-case register word (``(S)``, ``(C/NF)``), an upper-case register word
    (``SECRET``, ``NOFORN``), a ``//`` between words. In text order, not overlapping."""
    from ..suggest import register_words

    words = register_words()

    def free(start: int) -> bool:
        return not any(at <= start < at + len(piece) for at, piece in found)

    found = []
    for m in _PARENTHESISED.finditer(text):
        head = next((w for w in re.split(r"[/,\s]+", m.group(1)) if w), "")
        if head.isupper() and head in words:
            found.append((m.start(), m.group(0)))
    found += [(m.start(), m.group(0)) for m in _LINE.finditer(text) if m.group(1) in words and free(m.start())]

    found += [(m.start(), m.group(0)) for m in _UPPER_WORD.finditer(text)
              if len(m.group(0)) >= 3 and m.group(0) in words and free(m.start())]
    found += [(m.start(), "//") for m in _SLASHES.finditer(text) if free(m.start())]
    return sorted(found)


class HiddenMarkings:
    """The marking-shaped spans of what the rendered page hides, as SYN-001's Unreadable spans
    (in source columns: they are added to the Document after its spans are mapped back)."""

    def __init__(self):
        self.found: list[Unreadable] = []
        self.past: list = [0, None]  # past MAX_ELEMENTS: how many, the first one's span

    def __bool__(self) -> bool:
        return bool(self.found)

    def added_to(self, doc: Document) -> Document:
        """`doc` with these spans among its unreadable ones; past MAX_ELEMENTS they are counted
        (`model.Folded`), as the reader counts its own."""
        room = max(0, MAX_ELEMENTS - len(doc.unreadable))
        kept, past = self.found[:room], self.found[room:]
        count = len(past) + self.past[0]
        if not count:
            return replace(doc, unreadable=doc.unreadable + tuple(kept))
        first = past[0].span if past else self.past[1]
        folded = [f for f in doc.folded if f.kind != "unreadable"]
        for f in doc.folded:
            if f.kind == "unreadable":
                count, first = count + f.count, min(first, f.span, key=lambda s: (s.line, s.column))
        return replace(doc, unreadable=doc.unreadable + tuple(kept),
                       folded=(*folded, Folded("unreadable", count, first)))

    def add(self, raw: str, locate, what: str | None = None) -> None:
        """Report the marking-shaped parts of the hidden `raw`; `locate(piece, offset in raw)`
        gives the 0-based (line, column) of a piece in the source, or None (`_Region.locator`)."""
        if _DIRECTIVE.match(raw):
            return
        what = what or _WHAT.get(raw[:2].lower(), "an HTML comment or declaration")
        seen, source_offset = _as_seen(raw)
        for offset, piece in marking_shaped(seen):
            start, last = source_offset[offset], source_offset[offset + len(piece) - 1]
            entity = ENTITY.match(raw, last) if raw[last] == "&" else None
            end = entity.end() if entity else last + 1
            piece = raw[start:end]  # (as written: the look-alike characters a person took for letters)
            where = locate(piece, start)
            if where is None:
                continue
            line, column = where
            span = Span(line + 1, column + 1, line + 1, column + 1 + len(piece))
            if len(self.found) >= MAX_ELEMENTS:
                self.past = [self.past[0] + 1, self.past[1] or span]
                continue
            self.found.append(Unreadable(
                "hidden", piece, span,
                f"marking-shaped text in {what}, which the rendered page does not show, is not read "
                f"(found {piece!r})"))


def _as_seen(raw: str) -> tuple[str, list[int]]:
    """`raw` as a person reads it: entities decoded (``&#83;`` is an S), invisible characters
    dropped and look-alikes read as the letters they imitate (`visible.seen_as`); with the offset
    in `raw` of each character read."""
    if raw.isascii() and "&" not in raw:
        return raw, list(range(len(raw)))
    import html

    from .visible import seen_as

    chars, offsets = [], []
    index = 0
    while index < len(raw):
        entity = ENTITY.match(raw, index) if raw[index] == "&" else None
        written = html.unescape(entity.group(0)) if entity else raw[index]
        for char in written:
            for c in char if char.isascii() else seen_as(char):
                chars.append(c)
                offsets.append(index)
        index = entity.end() if entity else index + 1
    return "".join(chars), offsets


def render_block(region, content: str) -> None:
    """Place the text an HTML block shows (its `content`, as markdown-it-py gives it: without
    block-quote or list markers) on the source lines of `region` (a markdown_view region), and
    report what it hides."""
    pos = 0
    shown_blank = True  # (no break for a tag at the start of a line or after a blank)
    for m in _PIECE.finditer(content):
        shown_blank = _show(region, content[pos:m.start()], shown_blank)
        raw = m.group(0)
        if m.group("hidden") is not None:
            region.hide(raw)
        else:
            region.hide(raw, IN_A_TAG)
            if m.group("name").lower() not in _INLINE_TAGS and not shown_blank:
                region.cell_break()
                shown_blank = True
        pos = m.end()
    _show(region, content[pos:], shown_blank)


def _show(region, text: str, shown_blank: bool) -> bool:
    """Place `text` (entities decoded) on the region; whether it ended on a blank."""
    import html

    for index, line in enumerate(text.split("\n")):
        if index:  # (a line break: the next line starts afresh)
            shown_blank = True
        for char in html.unescape(line) if "&" in line else line:
            region.match(char)
            shown_blank = char.isspace()
    return shown_blank
