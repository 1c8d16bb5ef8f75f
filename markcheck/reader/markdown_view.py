"""Markdown as a person sees it: each source line's rendered text, with a column map.

``**(S)**``, ``_(S)_``, ``(&#83;)``, ``(S<!-- -->)``, ``> (S)``, ``(`S`)``, ``# SECRET//NOFORN``
and ``- (S) text`` all show a mark. markdown-it-py (CommonMark, with GitHub's tables and
strikethrough) parses the document; a table row shows its cells parted by tabs, so each cell
is read as a spreadsheet's cell is (a portion position), and ``~~(S)~~`` shows a struck mark; the inline
content of each paragraph and heading is rendered as its text (emphasis, code-span backticks,
comments, block-quote and heading markers, bullets and link destinations are dropped; entities
and backslash escapes become the character they show) and every rendered character is placed
back on the source line and column it came from. The line structure is kept, so the reader's
layout logic works on Markdown as on plain text: an ordered list keeps its number ("1."), a
comment, a code fence or a setext underline leaves an empty line, and the text of a fenced or
indented code block is read as written (a mark there is still something a person sees). HTML
blocks show their text without tags; what the page hides (comments, scripts) is not read, and
each marking-shaped span in it is reported (`markdown_html`).
"""

from __future__ import annotations

import bisect
import html
import re

from .markdown_html import ENTITY, IN_A_TAG, HiddenMarkings, render_block

_ORDERED_MARKER = re.compile(r"[0-9]{1,9}[.)]")
# The most markup passed over before one rendered character (a longer run is no Markdown a person
# writes; the bound keeps a hostile file linear).
_MARKUP_RUN = 1000
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


class _Lines:
    """The rendered characters of each source line: (character, source start, source end), and
    the marking-shaped spans of what the page hides."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.cells: dict[int, list] = {}
        self.hidden = HiddenMarkings()

    def clear(self, first: int, last: int) -> None:
        for index in range(first, last):
            self.cells.setdefault(index, [])

    def put(self, index: int, char: str, start: int, end: int) -> None:
        self.cells.setdefault(index, []).append((char, start, end))


class _Region:
    """The source text of lines [first, last) joined by newlines, to align rendered text with."""

    def __init__(self, out: _Lines, first: int, last: int):
        self.out = out
        self.text = "\n".join(out.lines[first:last])
        self.first = first
        self.offsets = []  # the offset of each line's start in `text`
        offset = 0
        for index in range(first, last):
            self.offsets.append(offset)
            offset += len(out.lines[index]) + 1
        self.pos = 0

    def _emit(self, char: str, start: int, end: int) -> None:
        line = bisect.bisect_right(self.offsets, start) - 1
        self.out.put(self.first + line, char, start - self.offsets[line], end - self.offsets[line])

    def match(self, char: str) -> None:
        """Place the rendered `char` at the next source position that shows it; what is passed
        over on the way is markup."""
        text, pos = self.text, self.pos
        limit = min(len(text), pos + _MARKUP_RUN)
        while pos < limit:
            c = text[pos]
            if c == char:
                self._emit(char, pos, pos + 1)
                self.pos = pos + 1
                return
            if c == "&":
                m = ENTITY.match(text, pos)
                if m and html.unescape(m.group(0)) == char:
                    self._emit(char, pos, m.end())
                    self.pos = m.end()
                    return
            if c == "\\" and pos + 1 < len(text) and text[pos + 1] == char and char in _ESCAPABLE:
                self._emit(char, pos + 1, pos + 2)
                self.pos = pos + 2
                return
            if c == "\n" and char == " ":  # a code span's line break shows as a space
                self.pos = pos + 1
                return
            pos += 1
        if self.pos < len(text):  # not found: keep the character where the text stands
            self._emit(char, self.pos, self.pos)

    def skip(self, raw: str) -> None:
        """Pass over `raw` (an inline HTML tag or comment, which shows nothing)."""
        at = self.text.find(raw, self.pos)
        if at >= 0:
            self.pos = at + len(raw)

    def cell_break(self) -> None:
        """Show a tab where the text stands: an HTML block or cell tag between texts on one line
        parts them as a spreadsheet's cells are parted (`lines.split_segments`)."""
        self._emit("\t", self.pos, self.pos)

    def hide(self, raw: str, what: str | None = None) -> None:
        """Pass over `raw`, which the page does not show (an HTML comment, a tag), reporting what
        in it is marking-shaped."""
        self.out.hidden.add(raw, self.locator(raw), what)
        self.skip(raw)

    def locator(self, raw: str):
        """For the hidden `raw` at or after the current position: the 0-based (line, column) of
        a piece of it at an offset (where block-quote markers interrupt `raw` in the source, the
        piece is looked for on its own)."""
        start = self.text.find(raw, self.pos)
        cursor = [self.pos]

        def locate(piece: str, offset: int):
            if start >= 0:
                at = start + offset
            else:
                at = self.text.find(piece, cursor[0])
                if at < 0:
                    return None
                cursor[0] = at + len(piece)
            line = bisect.bisect_right(self.offsets, at) - 1
            return self.first + line, at - self.offsets[line]

        return locate

    def skip_destination(self) -> None:
        """After a link's text: pass over ``](destination "title")`` or ``][label]``."""
        text, pos = self.text, self.pos
        if pos < len(text) and text[pos] == "]":
            pos += 1
            if pos < len(text) and text[pos] in "([":
                closing, depth = ")" if text[pos] == "(" else "]", 0
                opening = text[pos]
                while pos < len(text):
                    if text[pos] == "\\":
                        pos += 2
                        continue
                    depth += (text[pos] == opening) - (text[pos] == closing)
                    pos += 1
                    if depth == 0:
                        break
        self.pos = pos


def _inline(region: _Region, children) -> None:
    for child in children or ():
        kind = child.type
        if kind in ("text", "code_inline"):
            for char in child.content:
                region.match(char)
        elif kind == "html_inline":  # a tag or a comment: it shows nothing
            region.hide(child.content, None if child.content.startswith(("<!", "<?")) else IN_A_TAG)
        elif kind == "image":
            _inline(region, child.children)
            region.skip_destination()
        elif kind == "link_close" and child.markup != "autolink":
            region.skip_destination()


def render(lines: list[str]) -> tuple[list, list]:
    """Per source line: None when it shows as written, else (text, starts, ends) with the source
    columns of each rendered character; and the marking-shaped spans of what the page hides
    (`markdown_html.HiddenMarkings`, in source columns)."""
    from markdown_it import MarkdownIt  # lazily: only Markdown documents need it

    out = _Lines(lines)
    # (what GitHub shows: CommonMark with GFM tables and strikethrough; struck text still shows)
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse("\n".join(lines))
    row = None  # the region of the table row being read, and how many cells it has shown
    for token in tokens:
        if token.type == "tr_close":
            row = None
        if token.map is None:
            continue
        first, last = token.map
        if token.type == "table_open":  # the delimiter row |---|---| shows nothing
            out.clear(first, last)
        elif token.type == "tr_open":
            row = [_Region(out, first, last), 0]
        elif token.type == "inline" and row is not None:  # a cell: cells part as a spreadsheet's do
            if row[1]:
                row[0].cell_break()
            row[1] += 1
            _inline(row[0], token.children)
        elif token.type == "inline":
            out.clear(first, last)
            _inline(_Region(out, first, last), token.children)
        elif token.type == "list_item_open" and token.info:  # an ordered list keeps its number
            m = _ORDERED_MARKER.search(lines[first])
            if m:
                out.clear(first, first + 1)
                for column in range(m.start(), m.end()):
                    out.put(first, lines[first][column], column, column + 1)
                blank = m.end() + (lines[first][m.end():m.end() + 1].isspace())
                out.put(first, " ", m.end(), blank)
        elif token.type == "fence":
            out.clear(first, first + 1)  # the opening fence; the closing one, if it is there
            if last - 1 > first and lines[last - 1].strip().startswith(token.markup):
                out.clear(last - 1, last)
        elif token.type == "html_block":  # its text shows; comments and scripts in it do not
            out.clear(first, last)
            render_block(_Region(out, first, last), token.content)
        elif token.type == "hr":
            out.clear(first, last)
    result = []
    for index, line in enumerate(lines):
        cells = out.cells.get(index)
        if cells is None:
            result.append(None)
            continue
        text = "".join(c for c, _, _ in cells)
        if text == line:
            result.append(None)
            continue
        result.append((text, [s for _, s, _ in cells], [e for _, _, e in cells]))
    return result, out.hidden
