"""What a person sees: each line's visible text, with a column map back to the source.

A reader of a document sees ``(S)`` whether the file holds ``(S)``, ``(S<U+200B>)``, a fullwidth
``（Ｓ）`` or a Cyrillic ``(Ѕ)``; markcheck reads what the person sees, and a rule (SYN-004)
reports every marking that needed a character changed to be read, so the file gets fixed. The
visible text of a line is its NFKC form with default-ignorable and format characters removed,
characters that Unicode TR39 lists as confusable with an ASCII letter, digit or marking
punctuation ``()/-`` replaced by it, and tabs just inside parentheses removed. Markdown (.md) is first
rendered by `markcheck.markdown_view` (what its page hides, such as HTML comments, is not read:
`View.hidden` lists the marking-shaped spans there). Only lines with a non-ASCII character or a tab are looked
at: the rest are their own visible text.

Every Span the reader makes is in visible columns; `View.remap` carries a Document's spans back
to source columns, so findings, ``inspect``, ``--fix`` and SARIF point into the file.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import re
import unicodedata

from ..model import SeenChange, SeenLine, Span

# The ASCII characters a look-alike may stand for: letters, digits and the punctuation of markings.
_TARGETS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789()/-")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_BLANKS = re.compile(r"[ \t]+")  # (one match per run: linear, where a pattern around a tab backtracks)
# A whole run of blanks just after "(" or just before ")" (a run starts after a non-blank; each
# alternative matches from a run's start only, so a run is matched once, in linear time).
_BLANKS_INSIDE = re.compile(r"(?<=\()[ \t]+|(?<![ \t])[ \t]+(?=\))")
_CONTROL_NAMES = {"\t": "CHARACTER TABULATION"}
MARKDOWN_SUFFIXES = (".md", ".markdown")


def describe(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: a character as a finding names it."""
    name = unicodedata.name(char, None) or _CONTROL_NAMES.get(char) or "unnamed character"
    return f"U+{ord(char):04X} {name}"


@functools.lru_cache(maxsize=1)
def _ignorable():
    import regex  # lazily: only documents with non-ASCII characters need it
    return regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cf}]").match


@functools.lru_cache(maxsize=1)
def _confusables() -> dict:
    """Unicode TR39 confusables (as packaged by confusable-homoglyphs): each character's list of
    homoglyphs."""
    import confusable_homoglyphs
    path = os.path.join(os.path.dirname(confusable_homoglyphs.__file__), "confusables.json")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _prototype(char: str) -> str:
    """The ASCII character that `char` imitates, or `char` itself. Of the ASCII homoglyphs TR39
    lists, one of the same kind: an upper-case letter for an upper-case letter (Cyrillic DZE is
    S, not s), a digit for a digit, punctuation for punctuation."""
    candidates = sorted(h["c"] for h in _confusables().get(char, ()) if h["c"] in _TARGETS)
    if not candidates:
        return char
    category = unicodedata.category(char)
    kinds = ((category == "Lu", str.isupper), (category == "Ll", str.islower), (category[0] == "L", str.isalpha),
             (category[0] == "N", str.isdigit), (category[0] in "PS", lambda c: not c.isalnum()))
    for applies, fits in kinds:
        if applies:
            return next((c for c in candidates if fits(c)), char)
    return candidates[0]


@functools.lru_cache(maxsize=4096)
def seen_as(char: str) -> str:
    """What a person reads for the non-ASCII character `char` ('' for an invisible one)."""
    if _ignorable()(char):
        return ""
    return "".join(c if c.isascii() else _prototype(c) for c in unicodedata.normalize("NFKC", char))


def _tabs_in_parentheses(text: str) -> list[tuple[int, int]]:
    """The runs of blanks with a tab just after "(" or just before ")" in `text` (only the runs
    next to a parenthesis are looked at: a row of a million tab-separated cells has none)."""
    if not any(pair in text for pair in ("(\t", "\t)", "( ", " )")):  # (how every such run starts or ends)
        return []
    return [m.span() for m in _BLANKS_INSIDE.finditer(text) if "\t" in m.group(0)]


def read_line(line: str):
    """(visible text, starts, ends, changed source columns) of `line`, or None when the line is
    its own visible text. starts[i]:ends[i] is the source of visible character i."""
    if line.isascii() and "\t" not in line:
        return None
    if (line.isascii() or all(seen_as(c) == c for c in set(_NON_ASCII.findall(line)))) and not (
            "\t" in line and _tabs_in_parentheses(line)):
        return None  # (typographic quotes and the like: the usual non-ASCII line reads as written)
    pieces, changed = [], set()  # (visible character, source column)
    for index, char in enumerate(line):
        seen = char if char.isascii() else seen_as(char)
        if seen != char:
            changed.add(index)
        pieces.extend((c, index) for c in seen)
    text = "".join(c for c, _ in pieces)
    if "\t" in text:  # tabs just inside parentheses, once look-alike parentheses read as such
        dropped = {k for start, end in _tabs_in_parentheses(text) for k in range(start, end)}
        changed.update(pieces[k][1] for k in dropped if pieces[k][0] == "\t")
        if dropped:
            pieces = [piece for k, piece in enumerate(pieces) if k not in dropped]
            text = "".join(c for c, _ in pieces)
    if not changed:
        return None
    starts = [index for _, index in pieces]
    return text, starts, [index + 1 for index in starts], sorted(changed)


class View:
    """The visible lines of a document and the map of each changed line back to its source."""

    def __init__(self, source_lines: list[str], lines: list[str], maps: dict, changes: dict, hidden=None):
        self.source_lines = source_lines
        self.lines = lines
        self.maps = maps  # 0-based line -> (starts, ends): source columns of each visible character
        self.changes = changes  # 0-based line -> source columns of changed characters
        self.hidden = hidden  # markdown_html.HiddenMarkings: markings the page hides (source columns)

    def column(self, lineno: int, column: int, end: bool) -> int:
        """The 1-based source column of the 1-based visible `column` on line `lineno` (a span's
        exclusive end when `end`)."""
        mapping = self.maps.get(lineno - 1)
        if mapping is None:
            return column
        starts, ends = mapping
        if end:
            index = column - 2  # the last character inside the span
            if index < 0:
                return 1
            if index < len(ends):
                return ends[index] + 1
            return (ends[-1] if ends else 0) + index - len(ends) + 2
        index = column - 1
        if index < len(starts):
            return starts[index] + 1
        return (ends[-1] if ends else 0) + index - len(starts) + 1

    def span(self, span: Span) -> Span:
        return Span(span.line, self.column(span.line, span.column, False),
                    span.end_line, self.column(span.end_line, span.end_column, True))

    def remap(self, value):
        """`value` (a Document or any part of one) with every Span in source columns."""
        if isinstance(value, Span):
            return self.span(value)
        if isinstance(value, tuple):
            mapped = tuple(self.remap(v) for v in value)
            return value if all(a is b for a, b in zip(mapped, value)) else mapped
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changed = {}
            for f in dataclasses.fields(value):
                if not f.init:
                    continue
                old = getattr(value, f.name)
                new = self.remap(old)
                if new is not old:
                    changed[f.name] = new
            return dataclasses.replace(value, **changed) if changed else value
        return value

    def seen(self) -> tuple[SeenLine, ...]:
        """The lines read differently from their source, with the characters changed on them."""
        return tuple(
            SeenLine(index + 1, self.lines[index], tuple(
                SeenChange(column + 1, describe(self.source_lines[index][column]))
                for column in self.changes.get(index, ())))
            for index in sorted(self.maps))


def _compose(outer, inner):
    """The map of a stage (`inner`, over the text `outer` produced) composed with `outer`'s."""
    if outer is None:
        return inner
    starts, ends = outer
    return [starts[i] for i in inner[0]], [ends[i - 1] for i in inner[1]]


def view(lines: list[str], path: str | None, text: str) -> View | None:
    """The visible text of a document's `lines` (right-stripped), or None when every line is its
    own visible text (the common case: an ASCII document without tabs, not Markdown)."""
    rendered, hidden = None, None
    if path and str(path).lower().endswith(MARKDOWN_SUFFIXES):  # (a path may come as a PathLike)
        from .markdown_view import render
        rendered, hidden = render(lines)
    elif text.isascii() and "\t" not in text:
        return None
    visible, maps, changes = [], {}, {}
    for index, line in enumerate(lines):
        outer = rendered[index] if rendered is not None else None
        shown = outer[0] if outer is not None else line
        read = read_line(shown)
        if read is None:
            if outer is not None:
                maps[index] = (outer[1], outer[2])
            visible.append(shown.rstrip())
            continue
        seen, starts, ends, changed = read
        maps[index] = _compose((outer[1], outer[2]) if outer is not None else None, (starts, ends))
        changes[index] = [outer[1][c] for c in changed] if outer is not None else changed
        visible.append(seen.rstrip())
    if not maps and not hidden:
        return None
    return View(lines, visible, maps, changes, hidden)
