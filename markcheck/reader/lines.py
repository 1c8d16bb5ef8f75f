"""The first stage: a document's lines as a person reads them.

Lines are stripped on the right, CSV continuation backslashes removed, invisible and look-alike
characters read as what they show and Markdown rendered (`visible`, which keeps the map back to
the source columns); then the text is joined once, lower-cased where that is exact, and the
lines that may hold each gate word are found in one search (`prefilter.WordGroups`), so later
stages look a line up instead of searching it. Pasted database rows are set aside here: they
are in the text, but they are not markings.
"""

from __future__ import annotations

import re
from collections import defaultdict

from . import prefilter, scan, visible
from .prefilter import JoinedLines, WordGroups
from .source import Source

# What separates the cells of a line pasted from a spreadsheet: a tab, or "," between quoted cells.
CELL_BREAKS = ("\t", '","')
_SEGMENT_BREAK = re.compile("|".join(map(re.escape, CELL_BREAKS)))


def split_segments(line: str) -> list[tuple[int, str]]:
    """Segments of a line pasted from a spreadsheet (tab or "," separated), with their offsets."""
    return list(segments(line))


def segments(line: str):
    """`split_segments`, one segment at a time: a line of millions of cells is read without
    holding all of them at once."""
    if "\t" not in line and '","' not in line:
        yield 0, line
        return
    offset = 0
    for m in _SEGMENT_BREAK.finditer(line):
        yield offset, line[offset:m.start()]
        offset = m.end()
    yield offset, line[offset:]


# Where a pasted database row can be: a tab, or the date of a row block (the month of
# ``2007-04-27``: a literal start, which the regex engine finds fast).
_ROW_DATE = re.compile(r"-[0-9]{2}-")


class Lines:
    """The lines of one document as read, and what the gates need to know about them."""

    __slots__ = ("lines", "view", "text", "lowered_text", "skip", "lines_with", "words_known")

    def __init__(self, source: Source, groups: WordGroups | None):
        lines = list(map(str.rstrip, source.lines))
        if "\\" in source.text:
            lines = [scan.clean_line(line) for line in lines]
        self.view = visible.view(lines, source.path, source.text)  # None: every line reads as written
        if self.view is not None:
            lines = self.view.lines
        self.lines = lines
        joined = JoinedLines(lines)
        self.text = joined.text  # the text as read: lines stripped on the right, without CSV backslashes
        self.lowered_text = prefilter.lowered(self.text)  # (None: substring tests on it would not be exact)
        self.skip = metadata_rows(lines, joined)
        word_lines = None if groups is None or self.lowered_text is None \
            else joined.holding(groups, self.lowered_text)
        # per group of words, the lines (0-based) that may hold one of its words
        self.words_known = bool(word_lines)
        every_line = range(len(lines))
        self.lines_with = word_lines or defaultdict(lambda: every_line)


def metadata_rows(lines: list[str], joined: JoinedLines) -> set:
    """Line indices (and (line, offset) segments) of pasted database rows, which are not markings.

    Two shapes: a block ``123456`` / ``2007-04-27 21:07:00`` / ID / origin / CLASSIFICATION / refs,
    and one tab-separated row ``2006-08-23 05:21:00<TAB>ID<TAB>origin<TAB>CLASSIFICATION<TAB>refs<TAB>…``.
    Only the lines holding a tab or a date are looked at (found in one search of the text).
    """
    skip: set = set()
    n = len(lines)
    for j in sorted({*joined.containing("\t"), *joined.matching(_ROW_DATE)}):
        line = lines[j]
        if scan.ISO_DATE.match(line):  # a block's date line, after its row number
            i = j - 1
            while i >= 0 and not lines[i].strip():
                i -= 1
            if i >= 0 and scan.ROW_NUMBER.match(lines[i]):
                skip.update({i, j})
                taken, k = 0, j + 1
                while k < n and taken < 4:
                    if lines[k].strip():
                        banner = scan.collapse_banner(lines[k])
                        # a spaced banner ends the row anywhere; after ID, origin and classification
                        # (or when the row has no refs) any classification line is the cable's own
                        if lines[k].lstrip().startswith("VZCZC") or banner and " " in lines[k].strip() \
                                and (banner.spacing != "plain" or taken >= 3):
                            break
                        skip.add(k)
                        taken += 1
                    k += 1
        if "\t" not in line or scan.ROW_NUMBER.match(line):
            continue
        if scan.LABELLED_ROW.match(line):  # "Class: <TAB>SECRET", "Tags: <TAB>ETTC, EFIN" (a pasted record)
            skip.add(j)
        elif scan.TAB_ROW.match(line):
            segments = split_segments(line)
            for offset, _ in segments[:5]:
                skip.add((j, offset))
            if len(segments) <= 5:
                skip.add(j)
    return skip
