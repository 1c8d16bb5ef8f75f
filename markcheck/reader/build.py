"""The reader's pass: a document's lines (`lines`), walked in the regions of `layout`, each line
handed to the recognisers of the marking families that may be on it; `assemble` builds the
Document from what they read. The stages are drawn in docs/architecture.md."""

from __future__ import annotations

import contextlib
import functools
import gc
import re
import threading
from dataclasses import replace

from ..model import MAX_ELEMENTS, Document, Unreadable
from . import scan
from .assemble import document
from .fold import Folding
from .inline import heading_mark
from .layout import Layout
from .lines import CELL_BREAKS, Lines, segments
from .positions import labelled_mark
from .prefilter import WordGroups
from .recognise.authority import AuthorityRecogniser
from .recognise.banner import BannerRecogniser
from .recognise.caption import CaptionRecogniser
from .recognise.date import DateRecogniser
from .recognise.eo_line import EOLineRecogniser
from .recognise.header import HeaderRecogniser, may_hold_label
from .recognise.near_label import misspelt_labels
from .recognise.notice import NoticeRecogniser
from .recognise.portion import PortionRecogniser
from .recognise.stray import StrayMarks
from .source import Source

_LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # in any script


def build_document(source: Source | str, path: str | None = None, profile: str = "auto") -> Document:
    """The Document model of `source` (a Source or plain text)."""
    with _collector_paused():
        if isinstance(source, str):
            source = Source.from_text(source, path)
        return Reading(source).build(profile)


@contextlib.contextmanager
def _collector_paused():
    """The cyclic garbage collector off for one pass (when it was on and no other thread runs):
    what the pass makes is the model, which lives as long as the document, or is freed by its
    reference count; the collector's passes over a growing model find nothing to free, and cost
    a quarter of the pass's CPU time on a document of 400,000 banners. The one cycle the pass
    leaves, the reading and its recognisers, is freed by the next collection."""
    if not gc.isenabled() or threading.active_count() > 1:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@functools.lru_cache(maxsize=1)
def _word_groups() -> WordGroups | None:
    """The words whose lines the pass looks up instead of searching every line, as each
    recogniser declares them: a notice, CLASSIFIED BY, a compilation statement, a written-out
    SBU statement, a spreadsheet cell break, an ISOO authority line. (Words looked for only in
    the few header lines are tested there: a search of the whole text costs more.)"""
    return WordGroups({"notice": NoticeRecogniser.words(), "classified": AuthorityRecogniser.CLASSIFIED_WORDS,
                       "compilation": NoticeRecogniser.COMPILATION_WORDS, "sensitive": CaptionRecogniser.WORDS,
                       "cells": CELL_BREAKS, "authority": AuthorityRecogniser.ISOO_WORDS})


class Reading:
    """One pass over a document's lines: the layout, the recognisers, and what they reported."""

    def __init__(self, source: Source):
        self.source = source
        lines = Lines(source, _word_groups())
        self.lines, self.view, self.skip = lines.lines, lines.view, lines.skip
        self.text, self.lowered_text = lines.text, lines.lowered_text
        self.lines_with, self.words_known = lines.lines_with, lines.words_known
        self.layout = Layout()
        self.folding = Folding()  # what is counted, not kept, past MAX_ELEMENTS of one kind
        self.unreadable: list[Unreadable] = []
        self.notes: list[str] = []
        self.banner = BannerRecogniser(self)
        self.banners = self.banner.banners  # (read on most lines: the list itself, not the recogniser)
        self.captions = CaptionRecogniser()
        self.header = HeaderRecogniser(self)
        self.eo = EOLineRecogniser(self)
        self.authority = AuthorityRecogniser(self)
        self.dates = DateRecogniser()
        self.notices = NoticeRecogniser()
        self.portions = PortionRecogniser(self)

    def report(self, unreadable: Unreadable) -> None:
        """A marking-shaped span that could not be read (kept up to MAX_ELEMENTS, then counted)."""
        if len(self.unreadable) < MAX_ELEMENTS:
            self.unreadable.append(unreadable)
        else:
            self.folding.fold("unreadable", unreadable.span)

    # -- the pass -------------------------------------------------------------------------------

    def build(self, profile: str) -> Document:
        words = self.lines_with if self.words_known else None
        layout = self.layout
        # Lines with a word that some search anywhere in a line needs; the other lines are passed
        # over when their start shows `_segment` would find nothing on them.
        body_words = header_words = cells = None
        if words is not None:
            body_words = words["notice"] | words["classified"] | words["compilation"] | words["cells"] \
                | words["authority"]
            header_words = body_words | words["sensitive"]
            cells = words["cells"]  # the lines that `split_segments` may split
        skip, body_start, letter_openings = self.skip, scan.BODY_LINE_START.match, scan.LETTER_OPENINGS
        banners, in_prose = self.banners, self.portions.in_prose
        for index, line in enumerate(self.lines):
            if skip and index in skip:
                continue
            if not line:  # (lines are stripped on the right: a blank line is empty)
                if layout.authority_open and not self.authority.stays_open_over_blank():
                    layout.authority_closed()
                continue
            if body_words is not None and not layout.authority_open:
                if layout.body:  # body prose (the test of `_passes_over`, inline: most lines end here)
                    if not layout.header and banners and index not in body_words:
                        head = line.lstrip()[:3]  # (letters there decide without the regex: scan.LETTER_OPENINGS)
                        if (head.isalpha() and head not in letter_openings) or not body_start(line):
                            if ") " in line or line[-1] == ")":  # (a mark inside prose or ending a heading)
                                in_prose(index + 1, 0, line)
                            continue
                elif self._passes_over(index, line, header_words):
                    continue
            if cells is not None and index not in cells:  # one segment, the line (most lines)
                if not (skip and (index, 0) in skip):  # (most documents have no pasted rows)
                    self._segment(index + 1, 0, line)
                continue
            for offset, segment in segments(line):
                if not (skip and (index, offset) in skip):
                    self._segment(index + 1, offset, segment)
        if ":" in self.text:
            for unreadable in misspelt_labels(self.text):
                self.report(unreadable)
        StrayMarks(self, self.portions.taken).read()  # marking-shaped tokens no recogniser took
        if self.view is None:
            return document(self, profile)
        doc = replace(self.view.remap(document(self, profile)), seen=self.view.seen())
        return self.view.hidden.added_to(doc) if self.view.hidden else doc  # (in source columns already)

    def _passes_over(self, index: int, line: str, header_words: frozenset[int]) -> bool:
        """Would `_segment` find nothing on this header line (the block is not open)? Routing,
        addressee and reference lines that start with nothing it reads. (Body prose is passed
        over by the same test with BODY_LINE_START, in `build`.)"""
        if self.banners and not self.layout.header:
            return False
        if index in header_words or scan.HEADER_LINE_START.match(line):
            return False
        if ":" in line and ("." in line or may_hold_label(line)):  # a label glued after other text
            return False
        if self.banners and ")" in line and (heading_mark(line) is not None  # "Background (S) …" opens the body
                                             or labelled_mark(line) is not None):  # … and so do "iv. (S)", "> (S)"
            return False
        return bool(self.banners) or scan.find_banner(line) is None

    def _segment(self, lineno: int, offset: int, text: str) -> None:
        """One line, or one cell of a spreadsheet row: handed to the recognisers its region allows."""
        if not text.strip():
            return
        layout, lines_with = self.layout, self.lines_with
        if layout.authority_open and self.authority.continues(lineno, offset, text):
            return
        if _LETTER_OR_DIGIT.search(text) is None:
            return  # ("(", "--", "***"): every marking, label, date and statement has a letter or a digit
        index = lineno - 1
        if index in lines_with["compilation"]:
            self.notices.read_compilation(text)
        if index in lines_with["notice"]:
            self.notices.read(lineno, offset, text)
        if not layout.body and self.banners and index in lines_with["sensitive"]:
            self.captions.statement(lineno, offset, text)
        if not layout.body:
            self.dates.read(lineno, offset, text)
            # (the code nearest before the classification line: `security_code` reads it)
            if (self.header.tx_code is None or not self.banners) and self.header.security_code(lineno, offset, text):
                return
        banner_line = None if text[0] in scan.NO_BANNER_INITIALS else scan.collapse_banner(text)
        if banner_line is not None and self.banner.read(lineno, offset, text, banner_line):
            return
        if banner_line is None and not self.banners and not layout.body:
            glued = scan.find_banner(text)
            if glued is not None and self.banner.read(lineno, offset + glued[0], text[glued[0]:], glued[1]):
                return
        if layout.header or not self.banners:
            if self.header.piece(lineno, offset, text):
                return
        elif index in lines_with["classified"] and self.authority.starts(lineno, text) \
                and self.authority.start(lineno, offset, text):
            return
        elif index in lines_with["authority"] and self.authority.isoo_line(lineno, offset, text,
                                                                            scan.header_labels(text)):
            return
        self.portions.paragraph(lineno, offset, text)
