"""Whether the text in hand is the whole document or a damaged copy of it.

Archives hold extracts: a telegram's text without its routing header (so without the
date-time group that dates it), or a database record that says it is "a partial extract of the
original cable". Checks that need what the copy lost cannot be made; reporting their absence as
the record's defect would blame the original for the copy. Each reason found here is a fact
about the copy, with what could not be checked, which the model carries (`Document.incomplete`)
and every output format shows beside the findings.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..lazyre import lazy
from ..model import Banner, DocumentDate, Incomplete, Level, Span
from .prefilter import lines_holding

# A line of a telegram's routing header: the channel/start-of-message line, the routing
# indicator, the security code, a date-time group with its precedence, FM/TO/INFO addressees.
_ROUTING_LINE = lazy(
    r"^\s*(?:VZCZC|ZZ\s|ZNY|ZNR|DE\s+R[A-Z]{3}|FM\s|FROM\s|TO\s|INFO\s|BT\s*$"
    r"|(?:[ZOPRM]{1,2}\s+)?[0-9]{6}\s?Z\b)", re.I)
# A record's own statement that it holds only part of the cable.
_PARTIAL_EXTRACT = lazy(r"partial\s+extract\s+of\s+the\s+original\s+cable", re.I)

NO_HEADER_UNCHECKED = (
    "the date of origin (HDR-007)",
    "every check that depends on the document's date: the era's E.O. line, classification "
    "authority and declassification rules",
)
PARTIAL_UNCHECKED = ("the markings of the parts of the cable that are not in this copy",)
CUT_UNCHECKED = (
    "the classification authority block, the E.O. line and the portions, where they stood after the cut",
)
# A line that ends inside a word cut by an ellipsis ("Classif...", "REF: W...", "USTR FOR A..."),
# the web extract's mark where it stopped; and a numbered paragraph, the body going on after it.
_CUT_WORD = lazy(r"[A-Za-z0-9] ?\.\.\.\s*$")  # (also after a number: "BRATISLAVA 377 ...")
_NUMBERED_PARAGRAPH = re.compile(r"(?:^|\s)[0-9]{1,3}\s*\.\s*(?:\([A-Za-z/ ]{1,12}\)\s*)?[A-Z][A-Za-z]")
NO_SUBJECT_UNCHECKED = ("the SUBJECT line and the classification authority block under it",)
# The labels of a telegram's subject block, and of its TAGS line (perhaps glued into one line)
_SUBJECT_BLOCK = re.compile(r"\bSUBJ(?:ECT)?\s*:|\bclassi?fied\s+by\b|\bderived\s+from\b", re.I)
_TAGS = re.compile(r"(?<![A-Za-z])TAGS?\s*:?\s*[A-Z]{2,4}\b")  # (glued after a date: "2019/12/24TAGS: PHUM")
# What every match of _SUBJECT_BLOCK holds, lower-cased (prefilter.lowered): one of these words.
_SUBJECT_WORDS = ("subj", "fied", "derived")
# A database export's row: "Cable dated:2009-11-23T14:44:00", "ID:190812 Cable dated:…".
_DATABASE_ROW = re.compile(r"^\s*(?:ID:\s*[0-9]+\s+)?(Cable dated:\s*[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{5,8})", re.I)
_ROW_LINES = 40  # the lines a document without a classification line is searched for a row
_AFTER_CUT = 3  # non-blank lines a cut copy may still hold (a pasted repeat of its header); more: a fuller copy follows


def reasons(lines: Sequence[str], profile: str, first_banner: Banner | None,
            date: DocumentDate | None, banners: Sequence[Banner] = (), text: str | None = None,
            lowered_text: str | None = None) -> tuple[Incomplete, ...]:
    """The reasons this copy is incomplete (none for a whole text). `text`: the lines joined by
    line breaks, and `lowered_text` as `prefilter.lowered` gives it, when the caller has them:
    the words the line patterns need are then found in one search, not tried on every line."""
    found = []
    statement = _partial_statement(lines)
    if statement is not None:
        found.append(statement)
    texts = _Texts(lines, text, lowered_text)
    cut_at = _cut_word(texts, first_banner)
    cut = _cut_before_body(lines, cut_at)
    if cut is not None:
        found.append(cut)
    full = _full_copy(cut_at, first_banner, banners) if cut is None else None
    if profile == "state_cable" and cut is None:
        # (after a truncated preview, the full copy is the one whose lines may be missing)
        lost = _no_subject_block(texts, full[1] if full is not None else first_banner)
        if lost is not None:
            found.append(lost)
    later = _later_section(first_banner) if profile == "state_cable" else None
    if later is not None:
        found.append(later)
    if profile == "state_cable" and first_banner is not None and _undated(date) \
            and not _routing_before(lines, first_banner.span.line):
        found.append(Incomplete(
            "no-routing-header",
            "the text starts at its classification line: the routing header with the date-time "
            "group is not in this copy",
            NO_HEADER_UNCHECKED, first_banner.span))
    # damage read through, named after the kinds that leave checks unmade
    if full is not None:
        index, banner = full
        found.append(Incomplete("truncated-preview",
                                f"the text opens with a preview of the cable cut at '...' (line {index + 1}); "
                                f"the full cable follows from line {banner.span.line} and is the text checked",
                                (), _cut_span(lines, index)))
    row = _database_row(lines, first_banner)
    if row is not None:
        found.append(row)
    return tuple(found)


def _undated(date: DocumentDate | None) -> bool:
    """No date of the telegram's own: none, or only a pasted database row's."""
    return date is None or date.source == "metadata-row"


def _routing_before(lines: Sequence[str], banner_line: int) -> bool:
    return any(_ROUTING_LINE.match(line) for line in lines[:banner_line - 1])


def _partial_statement(lines: Sequence[str]) -> Incomplete | None:
    for index, line in enumerate(lines):
        if "xtract" not in line:  # (the quick test before the pattern)
            continue
        m = _PARTIAL_EXTRACT.search(line)
        if m:
            return Incomplete(
                "partial-extract", "the record says it is a partial extract of the original cable",
                PARTIAL_UNCHECKED, Span(index + 1, m.start() + 1, index + 1, m.end() + 1))
    return None


class _Texts:
    """A document's lines and, when known, their joined text, for finding the lines a pattern
    may match from a given line on: by a search of the text for a word every match holds, or,
    without the text, every line."""

    def __init__(self, lines: Sequence[str], text: str | None, lowered_text: str | None):
        self.lines, self.text, self.lowered_text = lines, text, lowered_text

    def holding(self, words: tuple[str, ...], start: int, lowered: bool = False) -> Iterable[int]:
        """The lines from `start` (0-based) on that may hold one of `words` (as written, or in
        the lower-cased text), ascending."""
        text = self.lowered_text if lowered else self.text
        if text is None:
            return range(start, len(self.lines))
        offset = sum(map(len, self.lines[:start])) + start  # (where line `start` begins in the text)
        if len(words) == 1:
            return lines_holding(text, words[0], offset)
        return sorted({index for word in words for index in lines_holding(text, word, offset)})


def _cut_word(texts: _Texts, first_banner: Banner | None) -> int | None:
    """The line (0-based) of the first word cut by "..." after the classification line and
    before any numbered paragraph (a cut further on is inside the body, and the checks stand).
    The cut is looked for first: a text without one needs no paragraph looked for."""
    if first_banner is None:
        return None
    lines, start = texts.lines, first_banner.span.line
    cut = next((index for index in texts.holding(("...",), start) if _CUT_WORD.search(lines[index])), None)
    if cut is None or any(_NUMBERED_PARAGRAPH.search(lines[index]) for index in range(start, cut + 1)):
        return None
    return cut


def _cut_span(lines: Sequence[str], index: int) -> Span:
    at = len(lines[index].rstrip()) - 3
    return Span(index + 1, at + 1, index + 1, at + 4)


def _cut_before_body(lines: Sequence[str], index: int | None) -> Incomplete | None:
    """The copy stops at a word cut by "..." after its classification line and before any
    numbered paragraph (at line `index`, `_cut_word`), and at most a pasted repeat of the header
    comes after the cut (no paragraph, no fuller copy): the text was cut short, and what stood
    after it is not here."""
    if index is None:
        return None
    after = [later for later in lines[index + 1:] if later.strip()]
    if len(after) > _AFTER_CUT or any(_NUMBERED_PARAGRAPH.search(later) for later in after):
        return None
    return Incomplete("cut-short", "the text stops at a word cut by '...' before its body",
                      CUT_UNCHECKED, _cut_span(lines, index))


def _full_copy(index: int | None, first_banner: Banner | None,
               banners: Sequence[Banner]) -> tuple[int, Banner] | None:
    """The text opens with a truncated preview of the cable (its header, cut at a word ending in
    "..." at line `index`, `_cut_word`) and the full cable follows, opened by its own
    classification line (usually after a pasted database row): the line of the cut and the full
    copy's classification line. The markings are those of the full copy, which is what is read."""
    if index is None:
        return None
    full = next((b for b in banners if b.span.line > index + 1 and _same_cable(b, first_banner)), None)
    return (index, full) if full is not None else None


def _later_section(first_banner: Banner | None) -> Incomplete | None:
    """The copy starts at section 2 or later of a telegram sent in sections: section 1, which
    holds the SUBJECT line and the classification authority block, is not in it."""
    if first_banner is None or not first_banner.section or first_banner.section[0] <= 1:
        return None
    number, sections = first_banner.section
    return Incomplete("later-section",
                      f"the copy starts at section {number} of {sections}: section 1, with the telegram's "
                      "SUBJECT line and classification authority block, is not in it",
                      NO_SUBJECT_UNCHECKED, first_banner.span)


def _same_cable(banner: Banner, first: Banner) -> bool:
    """Does `banner` open the same telegram as `first` (its post, number and section; not
    another cable pasted after the preview, nor the next section)?"""
    numbers = {b.number.lstrip("0") for b in (banner, first) if b.number}  # (a number wrapped off its line is lost)
    posts = sorted((b.originator or "" for b in (banner, first)), key=len)  # ("THE" of "THE HAGUE" wrapped)
    return len(numbers) <= 1 and posts[1].startswith(posts[0]) and banner.section == first.section


def _database_row(lines: Sequence[str], first_banner: Banner | None) -> Incomplete | None:
    """A database row ("Cable dated:2009-11-23T14:44:00", perhaps "ID:190812" before it) stands
    before or glued onto the classification line: the copy comes from a database export, whose
    header lines may have lost their breaks. The reader reads the cable after the row."""
    end = first_banner.span.line if first_banner is not None else min(len(lines), _ROW_LINES)
    for index in range(end):
        m = _DATABASE_ROW.match(lines[index])
        if m:
            return Incomplete("database-row",
                              "a database row ('Cable dated:…') stands before the classification line: "
                              "this copy is a database export, read from the cable after the row",
                              (), Span(index + 1, m.start(1) + 1, index + 1, m.end(1) + 1))
    return None


def _no_subject_block(texts: _Texts, first_banner: Banner | None) -> Incomplete | None:
    """A classified telegram whose copy goes from its TAGS line to its body with no SUBJECT line
    and no classification authority block: every telegram has a subject (5 FAH-2), so the lines
    between (SUBJECT, REF, Classified By) are missing from the copy, not from the record."""
    if first_banner is None or first_banner.marking.level in (None, Level.U):
        return None
    lines, start = texts.lines, first_banner.span.line - 1
    if any(_SUBJECT_BLOCK.search(lines[index]) for index in texts.holding(_SUBJECT_WORDS, start, lowered=True)):
        return None
    tags = next((index for index in texts.holding(("TAG",), start) if _TAGS.search(lines[index])), None)
    if tags is None:
        return None
    return Incomplete("no-subject-block",
                      "the text goes from its TAGS line to its body with no SUBJECT line and no "
                      "classification authority block: the lines between are not in this copy",
                      NO_SUBJECT_UNCHECKED, Span(tags + 1, 1, tags + 1, len(lines[tags].rstrip()) + 1))
