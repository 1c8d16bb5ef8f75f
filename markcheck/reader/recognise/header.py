"""A header's labelled pieces: TAGS, SUBJECT (and the mark of the subject line), the transmission
security code, and the dispatch of a header piece to the caption, E.O. line and authority
recognisers. Labels glued on one line (``…NOFORNE.O. 12958: …``) are cut apart first."""

from __future__ import annotations

import re

from .. import prefilter, scan
from .common import span_at

_TAG_BREAK = re.compile(r"[\s,;]+")


class HeaderRecogniser:
    """The header facts of one document that are not markings themselves."""

    LINE_START = scan.HEADER_LINE_START  # every header line it may read starts so

    def __init__(self, reading):
        self.reading = reading
        self.subject = self.subject_span = None
        self.tags = self.tags_span = None
        self.tx_code = self.tx_span = None

    def security_code(self, lineno: int, offset: int, text: str) -> bool:
        """The transmission security code (``ZNY CCCCC``) nearest before the classification line: read?"""
        if self.tx_code is not None and self.reading.banners:
            return False
        m = scan.SECURITY_CODE.match(text)
        if not m:
            return False
        self.tx_code = m.group(2)
        self.tx_span = span_at(lineno, offset + m.start(2), offset + m.end(2))
        return True

    def piece(self, lineno: int, offset: int, text: str, glued: bool = False) -> bool:
        """A piece of a header line (the line, or a label glued on it): read by some recogniser?"""
        reading = self.reading
        stripped = text.strip()
        if not stripped:
            return True
        # (every label that splits a line, scan.LABEL_SPLIT, holds a colon or CLASSIFIED BY)
        if not glued and (":" in stripped or lineno - 1 in reading.lines_with["classified"]):
            pieces = scan.split_glued(stripped)
            if len(pieces) > 1:
                lead = len(text) - len(text.lstrip())
                for glue_offset, piece in pieces:
                    self.piece(lineno, offset + lead + glue_offset, piece, glued=True)
                return True
        labels = scan.header_labels(stripped)  # (only these labels' patterns can match the piece)
        if reading.banners and "caption" in labels and reading.captions.line(lineno, offset, text):
            return True
        if "eo" in labels and scan.EO_START.match(text):
            reading.eo.read(lineno, offset, text)
            return True
        if "tags" in labels and self.tags is None and reading.banners and self._tags(lineno, offset, text):
            return True
        if "subject" in labels and self.subject is None:
            m = scan.SUBJECT.match(text)
            if m:
                self._subject(lineno, offset, text, m)
                return True
        if reading.authority.starts(lineno, text) and reading.authority.start(lineno, offset, text):
            return True
        if reading.banners and self.subject is None and reading.captions.trailing(lineno, offset, text):
            return True  # "STATE FOR … DOETSCH SENSITIVE": captions glued onto a passing instruction
        return reading.authority.isoo_line(lineno, offset, text, labels)

    def _tags(self, lineno: int, offset: int, text: str) -> bool:
        m = scan.TAGS.match(text)
        if not m:
            return False
        value = m.group(1)
        if "](" in value:  # (every link holds it: a plain line needs no substitution)
            value = scan.MARKDOWN_LINK.sub(r"\1", value)
        self.tags = tuple(filter(None, _TAG_BREAK.split(value.strip())))
        lead = len(text) - len(text.lstrip())  # a glued piece may start with the blank before TAGS
        self.tags_span = span_at(lineno, offset + lead, offset + len(text.rstrip()))
        return True

    def _subject(self, lineno: int, offset: int, text: str, m: re.Match) -> None:
        reading = self.reading
        value = m.group(1)
        self.subject = value.strip()
        lead = len(text) - len(text.lstrip())  # a glued piece may start with the blank before SUBJECT
        self.subject_span = span_at(lineno, offset + lead, offset + len(text.rstrip()))
        start = offset + m.start(1)
        mark = scan.MARK.match(value)
        inner = mark.group(1) if mark and reading.portions.mark_like(mark.group(1)) else None
        if reading.authority.starts(lineno, value):
            reading.authority.start(lineno, offset + m.start(1), value)
        reading.portions.add(lineno, start, text, inner, mark and mark.group(0), mark.start() if mark else 0,
                             number=None, is_subject=True, line_end=offset + len(text.rstrip()))


def may_hold_label(line: str) -> bool:
    """Can `line` hold a TAGS: or SUBJECT: label (scan.LABEL_SPLIT)? The other labels need a
    dot (E.O.) or the word CLASSIFIED, which the pass's word groups find."""
    low = prefilter.lowered(line)
    return low is None or "tag" in low or "subject" in low
