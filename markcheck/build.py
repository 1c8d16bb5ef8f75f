"""Assemble the Document: one pass over the lines, the scanner's spans parsed into the model."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import replace

from . import scan
from .eras import era_for
from .model import (AuthorityBlock, Banner, Caption, Declassification, Document, DocumentDate,
                    EOLine, Folded, Level, MAX_ELEMENTS, Marking, Notice, Portion, Reason, Span,
                    Unreadable)
from .prefilter import JoinedLines, Needs, WordGroups, lowered as _lowered, may_contain, may_match
from .lenient import marking_shaped, read_portion, with_tail_controls
from .parse import MarkingSyntaxError, parse_banner, parse_date, parse_declass, parse_dtg, parse_portion, parse_reason
from .rollup import rollup
from .source import Source
from . import incomplete, inline, stamps, visible
from .classifier import classifier as read_classifier
from .vocabulary import vocabulary

_CAB_MAX_LINES = 5
# The ISOO authority lines of a memo's header: the label of `scan.header_labels` and its pattern.
_ISOO_LABELS = {"derived_from": scan.DERIVED_FROM, "declassify_on": scan.DECLASSIFY_ON, "reason": scan.REASON_LINE}
_REASON_KEYWORD = re.compile(r"\b(?:for\s+)?reasons?\b\s*:?\s*|\breason\s*:\s*", re.I)
_CITATION = re.compile(r"1\s*\.\s*[0-9](?:\s*\.(?!\s*[0-9]))?"
                       r"(?:[\s,;/&+()]|and\b|AND\b|1\s*\.\s*[0-9]|[A-Za-z](?![A-Za-z0-9]))*+")  # (possessive: no backtracking stack kept per repetition)
# (a match starts at the punctuation or at the start of the blanks before "derived", never inside
# a run of blanks: a search from every blank of a long run would be quadratic)
_DERIVED_INLINE = re.compile(r"(?:[,;.]\s*|(?<![\s,;.])\s*)\bderived\s+from\b\s*:?\s*", re.I)
_DERIVED_INLINE_NEEDS: Needs = (("derived",), ("from",))  # (what every match holds: markcheck.prefilter)
_ALPHANUMERIC = re.compile(r"[A-Za-z0-9]")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # in any script
_WORD = re.compile(r"[A-Za-z]+")
_TAG_BREAK = re.compile(r"[\s,;]+")
_TRAILING_FOR = re.compile(r"(?<!\s)\s+for$", re.I)  # "Ambassador J. Smith for" before the reason
_LETTERS_NUMBER = re.compile(r"[A-Z]{2,4}[0-9]{3,6}")  # a banner tail of letters glued to a number
_TELEGRAM_NUMBER = re.compile(r"^[0-9]{2,7}$")
# A CAB text ending inside its reason citation, after the reason keyword (in its last two words) ...
_DANGLING_REASON = re.compile(r"(?:reasons?(?:\s*:)?|\b(?:and|or)|[,&/+]|\b1\s*\.)\s*$", re.I)
# A statement that the telegram is SBU (its SENSITIVE caption written out).
_SBU_STATEMENT = re.compile(r"\bsensitive\s+but\s+unclassified\b", re.I)
# The start of an item of a lettered list: "(B) BRASILIA 460", "B. (B) STATE 41489", "REF: (A) …".
_LIST_LABEL = re.compile(r"^\s*(?:REFS?\s*:\s*)?(?:[A-Za-z][.)]\s*)?\(([A-Z])\)")
# A portion mark run onto the CAB line right after its reason citation, opening the first
# paragraph: a level that is no reason letter ((S), (TS), (U), (SBU)), one with controls
# ((C/NF)), or any level after a paragraph number ("1.(C)"); then a capitalised word that is not
# a connective of the citation ("(C) AND (D)" is a citation). (The match starts at the number
# or the parenthesis, never inside a run of blanks: a search from every blank would be quadratic.)
_GLUED_PORTION = re.compile(
    r"(?<=[)\s.])((?:(?:[0-9]{1,2}\s*\.\s*)\((?:TS|S|C|U|SBU)(?:\s*/{1,2}\s*[A-Z][A-Z/ -]*)?\)"
    r"|\((?:TS|S|U|SBU|(?:TS|S|C|U|SBU)\s*/{1,2}\s*[A-Z][A-Z/ -]*)\)))\s*(?!(?:AND|OR)\b)(?=[A-Z])")
# A CAB text ending mid-sentence before its reason ("… Wayne for", "… Embassy Tripoli,"): its last word.
_CAB_DANGLING = re.compile(r"(?:\bfor|\band|[,;&])\s*$", re.I)
# ... and a line that continues it.
_REASON_WRAP = re.compile(r"\s*(?:1\s*\.\s*[0-9]|[0-9]\s*\(\s*[a-h]\s*[),/]"
                          r"|\(\s*[a-h]\s*\)\s*(?:$|[.;,&/]|and\b|or\b|\(\s*[a-h]\s*\)))", re.I)


def build_document(source: Source | str, path: str | None = None, profile: str = "auto") -> Document:
    """The Document model of `source` (a Source or plain text)."""
    if isinstance(source, str):
        source = Source.from_text(source, path)
    return _Builder(source).build(profile)


class _Builder:
    """The state of one pass over a document's lines."""

    def __init__(self, source: Source):
        self.source = source
        self.lines = list(map(str.rstrip, source.lines))
        if "\\" in source.text:
            self.lines = [scan.clean_line(line) for line in self.lines]
        self.view = visible.view(self.lines, source.path, source.text)  # None: every line reads as written
        if self.view is not None:
            self.lines = self.view.lines
        joined = JoinedLines(self.lines)
        self.text = joined.text  # the text as read: lines stripped on the right, without CSV backslashes
        self.lowered_text = _lowered(self.text)  # (None: substring tests on it would not be exact)
        self.skip = _metadata_rows(self.lines, joined)
        groups = _word_groups()
        word_lines = None if groups is None or self.lowered_text is None \
            else joined.holding(groups, self.lowered_text)
        # per group of `_word_groups`, the lines (0-based) that may hold one of its words
        every_line = range(len(self.lines))
        self.lines_with = word_lines or defaultdict(lambda: every_line)
        self.banners: list[Banner] = []
        self.captions: list[Caption] = []
        self.portions: list[Portion] = []
        self.unreadable: list[Unreadable] = []
        self.notes: list[str] = []
        self.eo_line: EOLine | None = None
        self.subject = self.subject_span = None
        self.tags = self.tags_span = None
        self.tx_code = self.tx_span = None
        self.dates: list[DocumentDate] = []
        self.cab_pieces: list[tuple[int, int, str]] = []  # (line, column, text)
        self.cab_open = False
        self.cab_lines = 0
        self.isoo_cab: dict[str, tuple[str, Span]] = {}
        self.header = False  # inside a header (after a classification line, before the body)
        self.body = False
        self.compilation = False
        self.lettered = False  # lower-case list letters seen: (c) is a list item, not CONFIDENTIAL
        self.notices: list[Notice] = []
        self.folding = _Folding()  # what is counted, not kept, past MAX_ELEMENTS of one kind

    # -- the pass -------------------------------------------------------------------------------

    def build(self, profile: str) -> Document:
        words = None if type(self.lines_with) is defaultdict else self.lines_with  # (None: not known)
        # Lines with a word that some search anywhere in a line needs; the other lines are passed
        # over when their start shows `_segment` would find nothing on them.
        body_words = header_words = cells = None
        if words is not None:
            body_words = words["notice"] | words["classified"] | words["compilation"] | words["cells"] \
                | words["authority"]
            header_words = body_words | words["sensitive"]
            cells = words["cells"]  # the lines that `scan.split_segments` may split
        skip, body_start, letter_openings = self.skip, scan.BODY_LINE_START.match, scan.LETTER_OPENINGS
        for index, line in enumerate(self.lines):
            if skip and index in skip:
                continue
            if not line:  # (lines are stripped on the right: a blank line is empty)
                self.cab_open = self.cab_open and (self._cab_wants_reason() or self._cab_unfinished())
                continue
            if body_words is not None and not self.cab_open:
                if self.body:  # body prose (the test of `_passes_over`, inline: most lines end here)
                    if not self.header and self.banners and index not in body_words:
                        head = line.lstrip()[:3]  # (letters there decide without the regex: scan.LETTER_OPENINGS)
                        if (head.isalpha() and head not in letter_openings) or not body_start(line):
                            if ") " in line:  # (a mark inside prose: inline.may_hold, its quick half inline)
                                self._marks_in_prose(index + 1, 0, line)
                            continue
                elif self._passes_over(index, line, header_words):
                    continue
            if cells is not None and index not in cells:  # one segment, the line (most lines)
                if not (skip and (index, 0) in skip):  # (most documents have no pasted rows)
                    self._segment(index + 1, 0, line)
                continue
            for offset, segment in scan.split_segments(line):
                if not (skip and (index, offset) in skip):
                    self._segment(index + 1, offset, segment)
        if self.view is None:
            return self._document(profile)
        return replace(self.view.remap(self._document(profile)), seen=self.view.seen())

    def _passes_over(self, index: int, line: str, header_words: frozenset[int]) -> bool:
        """Would `_segment` find nothing on this header line (the block is not open)? Routing,
        addressee and reference lines that start with nothing it reads. (Body prose is passed
        over by the same test with BODY_LINE_START, in `build`.)"""
        if self.banners and not self.header:
            return False
        if index in header_words or scan.HEADER_LINE_START.match(line):
            return False
        if ":" in line and ("." in line or _may_hold_label(line)):  # a label glued after other text
            return False
        return bool(self.banners) or scan.find_banner(line) is None

    def _segment(self, lineno: int, offset: int, text: str) -> None:
        if not text.strip():
            return
        if self.cab_open and self._cab_continues(lineno, offset, text):
            return
        if _LETTER_OR_DIGIT.search(text) is None:
            return  # ("(", "--", "***"): every marking, label, date and statement has a letter or a digit
        if not self.compilation and lineno - 1 in self.lines_with["compilation"] and scan.COMPILATION.search(text):
            self.compilation = True
        if lineno - 1 in self.lines_with["notice"]:
            self._notices(lineno, offset, text)
        if not self.body and self.banners and lineno - 1 in self.lines_with["sensitive"] \
                and _SBU_STATEMENT.search(text):
            # "THIS CABLE IS SENSITIVE BUT UNCLASSIFIED. NOT FOR INTERNET DISTRIBUTION." in the
            # header or opening paragraph 1 conveys SBU like the SENSITIVE caption does
            m = _SBU_STATEMENT.search(text)
            self._caption("SENSITIVE", m.group(0), self._span(lineno, offset + m.start(), offset + m.end()))
        if not self.body:
            self._dates(lineno, offset, text)
            if self.tx_code is None or not self.banners:  # the code nearest before the classification line
                m = scan.SECURITY_CODE.match(text)
                if m:
                    self.tx_code = m.group(2)
                    self.tx_span = self._span(lineno, offset + m.start(2), offset + m.end(2))
                    return
        banner_line = None if text[0] in scan.NO_BANNER_INITIALS else scan.collapse_banner(text)
        if banner_line is not None and self._banner(lineno, offset, text, banner_line):
            return
        if banner_line is None and not self.banners and not self.body:
            glued = scan.find_banner(text)
            if glued is not None and self._banner(lineno, offset + glued[0], text[glued[0]:], glued[1]):
                return
        if self.header or not self.banners:
            if self._header_piece(lineno, offset, text):
                return
        elif lineno - 1 in self.lines_with["classified"] and scan.CLASSIFIED_BY.search(text) \
                and self._cab_start(lineno, offset, text):
            return
        elif lineno - 1 in self.lines_with["authority"] and self._isoo_line(lineno, offset, text,
                                                                           scan.header_labels(text)):
            return
        self._paragraph(lineno, offset, text)

    # -- notices --------------------------------------------------------------------------------

    def _notices(self, lineno: int, offset: int, text: str) -> None:
        """The first occurrence of each marking statement named in vocabulary.yaml ``notices``."""
        lowered = _lowered(text)  # for the exact prefilters of markcheck.prefilter
        if lowered is not None and _notice_gate() is not None and not _notice_gate()(lowered):
            return
        for name, patterns in _notice_patterns():
            if self.notices and any(n.name == name for n in self.notices):
                continue
            m = _first_search(patterns, text, lowered)
            if m is None:
                continue
            level = scan.LEVEL_WORD.search(text, m.start())
            self.notices.append(Notice(name, text.strip(), self._span(lineno, offset + m.start(), offset + m.end()),
                                       Level.from_word(" ".join(level.group(0).split())) if level else None))

    # -- dates ----------------------------------------------------------------------------------

    def _dates(self, lineno: int, offset: int, text: str) -> None:
        if not scan.DATE_START.match(text):
            return
        m = scan.DTG.match(text)
        if m:
            try:
                day = parse_dtg(m.group(1))
            except MarkingSyntaxError:
                return
            self.dates.append(DocumentDate(day, "dtg", m.group(1).strip(),
                                           self._span(lineno, offset + m.start(1), offset + m.end(1))))
            return
        m = scan.DATE_LINE.match(text)
        if m:  # memo style: "Date: 20101001" / "Date: October 1, 2010"
            day, _ = parse_date(_memo_date(m.group(1)))
            if day:
                self.dates.append(DocumentDate(day, "date-line", m.group(0).strip(),
                                               self._span(lineno, offset + m.start(1), offset + m.end(1))))
            return
        m = scan.UNLABELLED_DATE.match(text)
        if m:  # a memo's date alone on a line under the banner or heading
            day, _ = parse_date(_memo_date(m.group(1)))
            if day:
                self.dates.append(DocumentDate(day, "unlabelled-date", m.group(1),
                                               self._span(lineno, offset + m.start(1), offset + m.end(1))))
            return
        m = scan.DAY_DATE.match(text)
        if m:
            # "16 June 2006": the date grammar reads three-letter month names
            day, _ = parse_date(re.sub(r"(?<=[A-Za-z]{3})[A-Za-z]+", "", m.group(1)))
            if day:
                self.dates.append(DocumentDate(day, "date-line", m.group(0).strip(),
                                               self._span(lineno, offset + m.start(1), offset + m.end(1))))

    # -- banners and captions -------------------------------------------------------------------

    def _banner(self, lineno: int, offset: int, text: str, line: scan.BannerLine) -> bool:
        reading = _banner_reading(line.text)
        if reading is None:
            return False
        glued, banner_text, parts, originator, number, tail_captions, error = reading
        if error is not None:
            # The designation is kept (it is recognisable); the rest is reported as unreadable.
            column = offset + line.column - 1 + _source_column(text[line.column - 1:], banner_text, error.column)
            self._unreadable(Unreadable("banner", text.strip(), self._span(lineno, column - 1, column),
                                              f"unreadable classification line {_quoted(banner_text)}: {error.message}"))
        first = not self.banners
        if not first and not self._banner_shaped(parts, originator, number) and not (not self.body and line.spacing != "plain"):
            return False
        if first and self.body and not self._banner_shaped(parts, originator, number):
            return False
        start = offset + line.column - 1
        # Glued header pieces (``…NOFORNE.O. 12958: …``) are cut from the line as written, so
        # their columns and letter case are the source's, not the collapsed banner text's.
        raw_glued = scan.split_glued(text[line.column - 1:]) if len(glued) > 1 else glued
        if len(raw_glued) != len(glued):
            raw_glued = None
        if len(glued) == 1:
            end = offset + len(text.rstrip())
        elif raw_glued is not None:
            end = start + len(raw_glued[0][1].rstrip())
        else:
            end = start + len(banner_text)
        span = self._span(lineno, start, end)
        if first:
            kind = "first"
        elif parts.section is not None:
            kind = "section"
        elif parts.page is not None or self.body:
            kind = "page"
        else:
            kind = "repeat"
        raw = text.strip() if len(glued) == 1 or raw_glued is None else raw_glued[0][1].strip()
        banner = Banner(kind=kind, raw=raw, marking=parts.marking, span=span, spacing=line.spacing,
                        section=parts.section, originator=originator, number=number, designation=parts.designation)
        if len(self.banners) < MAX_ELEMENTS or self.folding.keeps_banner(self.banners, banner):
            self.banners.append(banner)
        has_header = first or (number is not None and not self.body) or kind == "repeat" or \
            (number is not None and parts.section is not None and parts.section[0] == 1)
        if has_header:
            self.header = True
            for name in tail_captions:
                self._caption(name, name, span)
        for glue_offset, piece in (raw_glued or glued)[1:]:
            self._header_piece(lineno, offset + line.column - 1 + glue_offset, piece, glued=True)
        return True

    @staticmethod
    def _banner_shaped(parts, originator, number) -> bool:
        if parts.section is not None or parts.page is not None or parts.tail is None:
            return True
        words = parts.tail.split()
        return number is not None and len(words) <= 6 or bool(_LETTERS_NUMBER.fullmatch(parts.tail))

    def _caption(self, name: str, raw: str, span: Span) -> None:
        for caption in self.captions:
            if caption.name == name:
                return
        self.captions.append(Caption(name=name, raw=raw, span=span))

    def _caption_line(self, lineno: int, offset: int, text: str) -> bool:
        m = scan.CAPTION_LINE.match(text)
        if m:
            rest = m.group(2).strip()
            words = _WORD.findall(m.group(1))
            if rest and rest[0].isalpha() and rest.split(None, 1)[0].upper() in ("BUT",):
                if words[-1].upper() == "SENSITIVE":  # "Sensitive but unclassified" statement
                    self._caption("SENSITIVE", text.strip(), self._span(lineno, offset, offset + len(text)))
                    return True
            upper = m.group(1).upper()
            for w in words:
                start = offset + m.start(1) + upper.find(w.upper())
                self._caption(w.upper(), w, self._span(lineno, start, start + len(w)))
            return True
        return False

    # -- header pieces: E.O. line, TAGS, SUBJECT, CAB, captions ---------------------------------

    def _header_piece(self, lineno: int, offset: int, text: str, glued: bool = False) -> bool:
        stripped = text.strip()
        if not stripped:
            return True
        # (every label that splits a line, scan.LABEL_SPLIT, holds a colon or CLASSIFIED BY)
        if not glued and (":" in stripped or lineno - 1 in self.lines_with["classified"]):
            pieces = scan.split_glued(stripped)
            if len(pieces) > 1:
                lead = len(text) - len(text.lstrip())
                for glue_offset, piece in pieces:
                    self._header_piece(lineno, offset + lead + glue_offset, piece, glued=True)
                return True
        labels = scan.header_labels(stripped)  # (only these labels' patterns can match the piece)
        if self.banners and "caption" in labels and self._caption_line(lineno, offset, text):
            return True
        if "eo" in labels and scan.EO_START.match(text):
            self._eo_line(lineno, offset, text)
            return True
        if "tags" in labels and self.tags is None and self.banners:
            m = scan.TAGS.match(text)
            if m:
                value = m.group(1)
                if "](" in value:  # (every link holds it: a plain line needs no substitution)
                    value = scan.MARKDOWN_LINK.sub(r"\1", value)
                self.tags = tuple(filter(None, _TAG_BREAK.split(value.strip())))
                lead = len(text) - len(text.lstrip())  # a glued piece may start with the blank before TAGS
                self.tags_span = self._span(lineno, offset + lead, offset + len(text.rstrip()))
                return True
        if "subject" in labels and self.subject is None:
            m = scan.SUBJECT.match(text)
            if m:
                self._subject(lineno, offset, text, m)
                return True
        if lineno - 1 in self.lines_with["classified"] and scan.CLASSIFIED_BY.search(text) \
                and self._cab_start(lineno, offset, text):
            return True
        return self._isoo_line(lineno, offset, text, labels)

    def _isoo_line(self, lineno: int, offset: int, text: str, labels: frozenset[str]) -> bool:
        """An ISOO authority line (Derived From, Declassify On, Reason): in a memo's header, or in
        its authority block after the body, where ISOO and CAPCO memos usually put it."""
        for key in labels:  # (at most one of the ISOO labels matches: they start with different words)
            pattern = _ISOO_LABELS.get(key)
            m = pattern.match(text) if pattern is not None else None
            if m:
                self.isoo_cab.setdefault(key, (m.group(1).strip(),
                                               self._span(lineno, offset + m.start(1), offset + len(text.rstrip()))))
                return True
        return False

    def _eo_line(self, lineno: int, offset: int, text: str) -> None:
        if self.eo_line is not None:
            return
        m = scan.EO_LINE.search(text)
        order = m.group(1) if m else None
        value = text[m.end():] if m else ""
        # the TAGS line glued after the value ("... TAGS: PREL", "... TAG PTER, PGOV")
        tags = _GLUED_TAGS.search(value) if may_contain(value, "tag") else None
        if tags:
            value = value[:tags.start()]
        value = value.rstrip().rstrip('",').rstrip()  # CSV quoting left around a pasted line
        value_start = offset + (m.end() if m else 0) + (len(value) - len(value.lstrip()))
        span = self._span(lineno, offset + (m.start() if m else 0), offset + len(text.rstrip()))
        value_span = self._span(lineno, value_start, value_start + len(value.strip()))
        try:
            declass = _placed(parse_declass(value.strip()), value_span)
        except MarkingSyntaxError as exc:
            if not stamps.is_declassification_stamp(value):  # (a stamp is the model's `declassified`)
                self._unreadable(Unreadable("eo_line", value.strip(), value_span,
                                                  f"unreadable declassification instruction: {exc.message}"))
            declass = None
        self.eo_line = EOLine(order=order, raw=text.strip(), span=span, declass=declass)

    def _subject(self, lineno: int, offset: int, text: str, m) -> None:
        value = m.group(1)
        self.subject = value.strip()
        lead = len(text) - len(text.lstrip())  # a glued piece may start with the blank before SUBJECT
        self.subject_span = self._span(lineno, offset + lead, offset + len(text.rstrip()))
        start = offset + m.start(1)
        mark = scan.MARK.match(value)
        inner = mark.group(1) if mark and _mark_like(mark.group(1)) else None
        if lineno - 1 in self.lines_with["classified"] and scan.CLASSIFIED_BY.search(value):
            self._cab_start(lineno, offset + m.start(1), value)
        self._add_portion(lineno, start, text, inner, mark and mark.group(0), mark.start() if mark else 0,
                          number=None, is_subject=True,
                          line_end=offset + len(text.rstrip()))

    # -- classification authority block ---------------------------------------------------------

    def _cab_start(self, lineno: int, offset: int, text: str) -> bool:
        m = scan.CLASSIFIED_BY.search(text)
        if _in_prose(text, m):
            return False  # "water classified by AyA as unpotable": a sentence, not the block
        if self.cab_pieces:
            # A second CAB (a repeated header copy) adds nothing, unless the first was cut
            # short in a partial extract ("Classified By: Charge...") or is a bare label that
            # the next one fills ("Classified By: Classified by CG Simon Henshaw, reasons …":
            # the web page's label before the cable's own, split apart as glued header pieces).
            last = self.cab_pieces[-1][2].rstrip()
            bare = len(self.cab_pieces) == 1 and bool(scan.CLASSIFIED_BY.fullmatch(last))
            if not last.endswith(("...", "\u2026")) and not bare:
                return True
            self.cab_pieces = []
        glued = _GLUED_PORTION.search(text, m.end())
        if glued is not None and _ends_citation(text, m.end(), glued.start()):
            # "… for Reason 1.4 (c)  (S/NF) HMG agrees …": the first paragraph run onto the
            # block's line; the block ends at its reason, the paragraph is read with its mark
            self.cab_pieces.append((lineno, offset + m.start(), text[m.start():glued.start()].rstrip()))
            self.cab_open = False
            self.cab_lines = 1
            self._paragraph(lineno, offset + glued.start(1), text[glued.start(1):])
            return True
        self.cab_pieces.append((lineno, offset + m.start(), text[m.start():].rstrip()))
        self.cab_open = True
        self.cab_lines = 1
        return True

    def _cab_text(self) -> str:
        return " ".join([piece for _, _, piece in self.cab_pieces])

    def _cab_wants_reason(self) -> bool:
        """Does the CAB stop inside its reason citation (``for reasons 1.4 (b) and`` / ``REASON:``)?"""
        if not self.cab_pieces or self.cab_lines >= _CAB_MAX_LINES:
            return False
        text = self._cab_text()
        if not _DANGLING_REASON.search(text, _last_words(text, 2)):
            return False  # (the quick test: nothing at its end dangles)
        keyword = None
        for keyword in _REASON_KEYWORD.finditer(text):
            pass
        return keyword is not None and bool(_DANGLING_REASON.search(text[keyword.start():]))

    def _cab_unfinished(self) -> bool:
        """Does the CAB stop mid-sentence before any reason (``Ambassador E. Anthony Wayne for``,
        ``Gene A. Cretz, Ambassador, Embassy Tripoli,``)? Renderings that double-space lines then
        put a blank line inside the block; the next line still belongs to it."""
        if not self.cab_pieces or self.cab_lines >= _CAB_MAX_LINES:
            return False
        text = self._cab_text()
        return bool(_CAB_DANGLING.search(text, _last_words(text, 1))) and _REASON_KEYWORD.search(text) is None

    def _cab_continues(self, lineno: int, offset: int, text: str) -> bool:
        stripped = text.strip()
        if _REASON_WRAP.match(text) and self._cab_wants_reason():
            # the rest of a wrapped citation: "(d)." after "1.4 (b) and", "4 (b,d)." after "1."
            self.cab_pieces.append((lineno, offset + len(text) - len(text.lstrip()), stripped))
            self.cab_lines += 1
            return True
        paragraph = scan.PARAGRAPH.match(text)
        if paragraph and not re.match(r"\s*1\s*\.\s*[0-9]", text):
            self.cab_open = False
            return False
        if scan.EO_START.match(text) or scan.TAGS.match(text) or scan.SUBJECT.match(text) \
                or scan.DERIVED_FROM.match(text) or scan.DECLASSIFY_ON.match(text) or scan.REASON_LINE.match(text) \
                or scan.DATE_LINE.match(text) \
                or scan.collapse_banner(text) or self.cab_lines >= _CAB_MAX_LINES or stripped.startswith("("):
            self.cab_open = False
            return False
        self.cab_pieces.append((lineno, offset + len(text) - len(text.lstrip()), stripped))
        self.cab_lines += 1
        return True

    def _authority_block(self) -> AuthorityBlock | None:
        if not self.cab_pieces and not self.isoo_cab:
            return None
        classifier = reason = None
        spans = []
        if self.cab_pieces:
            text = self._cab_text()
            first_line, first_col, _ = self.cab_pieces[0]
            last_line, last_col, last_text = self.cab_pieces[-1]
            spans.append(Span(first_line, first_col + 1, last_line, last_col + len(last_text) + 1))
            head = scan.CLASSIFIED_BY.match(text) or scan.CLASSIFIED_BY.search(text)
            body = text[head.end():]
            again = scan.CLASSIFIED_BY.match(body)  # "CLASSIFIED BY: CLASSIFIED BY POLITICAL …"
            if again:
                body = body[again.end():]
            derived_inline = _DERIVED_INLINE.search(body) if may_match(_DERIVED_INLINE_NEEDS, _lowered(body)) else None
            if derived_inline:  # "Classified By: J. Smith, Analyst, Derived From: Multiple Sources"
                value = body[derived_inline.end():].strip().rstrip(".")
                self.isoo_cab.setdefault("derived_from", (value, self._locate(value) or spans[0]))
                body = body[:derived_inline.start()]
            keyword = _REASON_KEYWORD.search(body)
            citation = _CITATION.search(body, keyword.end() if keyword else 0)
            if keyword is None and citation is not None:
                cut = citation.start()
            else:
                cut = keyword.start() if keyword else len(body)
            name_text = body[:cut].strip().rstrip(",;.:- ").strip()
            name_text = _TRAILING_FOR.sub("", name_text).strip().rstrip(",;")
            if keyword is None and citation is None and re.search(r"(?:\.\.\.|\u2026)\s*$", body):
                # a partial extract cut the block short ("Classified By: Acting..."): keep the
                # sign of it, so rules can tell a truncated block from one without a reason
                name_text += "..."
            classifier = read_classifier(name_text, self._locate(name_text) or spans[0])
            if citation is not None:
                reason = self._reason(citation.group(0), spans[0])
            elif keyword is not None:
                rest = body[keyword.end():].strip()
                reason = Reason(None, (), rest, self._locate(rest) or spans[0])
        if "reason" in self.isoo_cab and reason is None:
            value, span = self.isoo_cab["reason"]
            citation = _CITATION.search(value)
            reason = self._reason(citation.group(0), span) if citation else Reason(None, (), value, span)
            spans.append(span)
        derived = self.isoo_cab.get("derived_from")
        declass = None
        if "declassify_on" in self.isoo_cab:
            value, span = self.isoo_cab["declassify_on"]
            spans.append(span)
            try:
                declass = replace(parse_declass("DECL: " + stamps.extended_value(value)), raw=value, span=span)
            except MarkingSyntaxError as exc:
                self._unreadable(Unreadable("declassify_on", value, span,
                                                  f"unreadable declassification instruction: {exc.message}"))
        if derived:
            spans.append(derived[1])
        spans.sort()
        whole = Span(spans[0].line, spans[0].column, spans[-1].end_line, spans[-1].end_column)
        return AuthorityBlock(span=whole, classified_by=classifier, reason=reason,
                              derived_from=derived[0] if derived else None,
                              derived_from_span=derived[1] if derived else None,
                              declassify_on=declass,
                              source_list=_mentions_source_list(self.text, self.lowered_text))

    def _reason(self, citation: str, fallback: Span) -> Reason:
        span = self._locate(citation.strip()) or fallback
        try:
            section, letters = parse_reason(citation)
        except MarkingSyntaxError as exc:
            self._unreadable(Unreadable("reason", citation.strip(), span,
                                              f"unreadable reason citation: {exc.message}"))
            return Reason(None, (), citation.strip(), span)
        return Reason(section, letters, citation.strip(), span)

    def _locate(self, fragment: str) -> Span | None:
        """The span of `fragment` inside the CAB lines (first line it starts on)."""
        if not fragment:
            return None
        probe = fragment.split(None, 1)[0]  # (the first word only: a fragment may be megabytes)
        for lineno, column, text in self.cab_pieces:
            at = text.find(probe)
            if at >= 0:
                line_text = text[at:]
                length = min(len(fragment), len(line_text))
                return Span(lineno, column + at + 1, lineno, column + at + length + 1)
        return None

    # -- paragraphs and portion marks -----------------------------------------------------------

    def _paragraph(self, lineno: int, offset: int, text: str) -> None:
        # (most lines here are numbered paragraphs: PARAGRAPH_MARK is tried before the PARAGRAPH_START gate)
        m = scan.PARAGRAPH_MARK.match(text)
        number = label = None
        if m:
            indent, number, separator, mark_text, written = m.groups()  # (the number follows `indent`)
            rest_start = m.end(3)
            rest = text[rest_start:]
            if not rest.strip():
                return
            if not (rest.startswith("(") or separator[-1:].isspace() or separator.strip() in (".", ")")):
                return
            line_start = len(indent)
            label = (number + separator).strip()
        elif not scan.PARAGRAPH_START.match(text):
            self._marks_in_prose(lineno, offset, text)
            return
        else:
            m = scan.SUBPARAGRAPH.match(text)
            if m:
                rest_start = m.end()
                label = m.group(0).strip()
            elif scan.LEADING_MARK.match(text):
                rest_start = len(text) - len(text.lstrip())
            else:  # prose after all: marks inside it are read as on any prose line
                self._marks_in_prose(lineno, offset, text)
                return
            line_start = rest_start
            rest = text[rest_start:]
            mark = scan.MARK.match(rest)
            mark_text, written = mark.group(0, 1) if mark else (None, None)  # the mark; what its parentheses hold
        mark_at = 0  # (where the mark starts in `rest`)
        inner = written if written is not None and _mark_like(written, number is not None) else None
        if number is not None and inner is None:
            headed = scan.HEADED_MARK.match(rest)  # "1. Key Points: -- (C) text", "1. Summary: (SBU) text"
            if headed:
                mark = scan.MARK.match(rest, headed.end())
                mark_text, written = mark.group(0, 1) if mark else (None, None)
                mark_at = headed.end()
                inner = written if written is not None and _mark_like(written, True) else None
        if written is not None and len(written) == 1 and "a" <= written <= "z":
            # "39. (b) …  40. (c) …": once lower-case list letters appear, (c)/(s)/(u) are letters too
            if inner is None:
                self.lettered = True
            elif self.lettered:
                inner = None
        if number is None and inner is not None and len(inner) == 1 and self._letter_list(lineno, inner):
            inner = None  # "(B) BRASILIA 460" / "(C) SAO PAULO 260": a list label, not CONFIDENTIAL
        if number is None and inner is None:
            # an unnumbered line that does not start with a mark is prose, not a portion
            self._marks_in_prose(lineno, offset, text)
            return
        if number is not None and number.isdigit() and int(number) > 300:
            return
        if number is not None and inner is None and not _ALPHANUMERIC.search(rest):
            return  # "1. ..." — the text of an elided paragraph, not a portion
        if number is not None and inner is None:
            lead = len(rest) - len(rest.lstrip())
            bare = scan.BARE_ENTIRE_TEXT.match(rest, lead)  # "1. SECRET - ENTIRE TEXT."
            if bare:
                mark_text, mark_at, inner = bare.group(0), bare.start(), bare.group(1)
            else:
                broken = scan.MALFORMED_MARK.match(rest, lead)  # "5. C) Text", "7. (C Text" (POR-003 judges)
                if broken:
                    mark_text, mark_at, inner = broken.group(0), broken.start(), broken.group(1) or broken.group(2)
        # "8. XXXXXXXXXXXX …": a redaction stands where a mark would be; whether one was there is unknown
        redacted = inner is None and bool(scan.REDACTED_START.match(rest))
        self.body = True
        self.header = False
        self._add_portion(lineno, offset + rest_start, text, inner, mark_text, mark_at, number=number,
                          is_subject=False, line_end=offset + len(text.rstrip()), line_start=offset + line_start,
                          label=label, redacted=redacted)

    def _letter_list(self, lineno: int, letter: str) -> bool:
        """Is an unnumbered ``(C)`` line one item of an upper-case lettered list (REF lists
        ``(A) … (B) … (C) …``): the nearest non-blank line before it starts with the previous
        letter, or the nearest after it with the next one?"""
        if not letter.isupper() or not letter.isalpha():
            return False
        for step, want in ((-1, chr(ord(letter) - 1)), (1, chr(ord(letter) + 1))):
            index = lineno - 1 + step
            while 0 <= index < len(self.lines) and not self.lines[index].strip():
                index += step
            if 0 <= index < len(self.lines):
                m = _LIST_LABEL.match(self.lines[index])
                if m and m.group(1) == want:
                    return True
        return False

    def _add_portion(self, lineno, mark_offset, text, inner, written, mark_at, *, number, is_subject, line_end,
                     line_start=None, label=None, redacted=False):
        start = line_start if line_start is not None else mark_offset
        inside = None
        if not is_subject and inline.may_hold(text):  # marks inside the line: sub-portions, glued paragraphs
            offset = line_end - len(text.rstrip())
            after = mark_offset + mark_at + len(written) - offset if inner is not None else start - offset
            inside = inline.inline_marks(text, after, _int(number))
            if inside:
                line_end = offset + len(text[:inside[0].start].rstrip())
        self._portion_at(lineno, mark_offset, text, inner, written, mark_at, number=number, is_subject=is_subject,
                         line_end=line_end, start=start, label=label, redacted=redacted)
        if inside:
            self._inline_portions(lineno, offset, text, inside)

    def _marks_in_prose(self, lineno: int, offset: int, text: str) -> None:
        """Marks at sentence starts in a line that is not a portion (a wrapped line, a heading
        glued before a paragraph: ``CHINA ----- 3. (C) The Commission …``)."""
        if not self.banners or not inline.may_hold(text):
            return
        last = next((p.paragraph for p in reversed(self.portions) if p.paragraph is not None), None)
        marks = inline.inline_marks(text, 0, last)
        if marks:
            self.body = True
            self.header = False
            self._inline_portions(lineno, offset, text, marks)

    def _inline_portions(self, lineno: int, offset: int, text: str, marks: list) -> None:
        """The portions of marks inside a line (markcheck.inline), each up to the next one."""
        ends = [m.start for m in marks[1:]] + [len(text)]
        for mark, end in zip(marks, ends):
            line_end = offset + len(text[:end].rstrip())
            mark_span = self._span(lineno, offset + mark.mark_start, offset + mark.mark_start + len(mark.written))
            marking = self._parse_mark(mark.inner, lineno, offset + mark.mark_start + 1, mark_span)
            self.portions.append(Portion(self._span(lineno, offset + mark.start, line_end), mark.written, marking,
                                         mark_span, mark.number, _int(mark.number), False,
                                         label=mark.number and mark.number + "."))

    def _portion_at(self, lineno, mark_offset, text, inner, written, mark_at, *, number, is_subject, line_end,
                    start, label, redacted):
        span = self._span(lineno, start, line_end)
        if inner is None:
            trailing = scan.TRAILING_MARK.search(text) if not is_subject else None
            if trailing and number is not None:
                marking = self._parse_mark(trailing.group(0).strip()[1:-1], lineno, trailing.start())
                if self._keeps_portion(marking, span):
                    mark_span = self._span(lineno, trailing.start(), trailing.start() + len(trailing.group(0).strip()))
                    self.portions.append(Portion(span, trailing.group(0).strip(), marking, mark_span, number,
                                                 _int(number), is_subject, placement="trailing", label=label))
                return
            if self._keeps_portion(None, span):
                self.portions.append(Portion(span, None, None, None, number, _int(number), is_subject, label=label,
                                             redacted=redacted))
            return
        mark_start = mark_offset + mark_at  # (`written`: the mark as written, parentheses and all)
        mark_span = self._span(lineno, mark_start, mark_start + len(written))
        marking = self._parse_mark(inner, lineno, mark_start + 1, mark_span)
        if self._keeps_portion(marking, span):
            self.portions.append(Portion(span, written, marking, mark_span, number, _int(number), is_subject,
                                         label=label))

    def _keeps_portion(self, marking: Marking | None, span: Span) -> bool:
        """Every portion up to MAX_ELEMENTS is kept; past it, see `_Folding.keeps_portion`."""
        return len(self.portions) < MAX_ELEMENTS or self.folding.keeps_portion(self.portions, marking, span)

    def _unreadable(self, unreadable: Unreadable) -> None:
        if len(self.unreadable) < MAX_ELEMENTS:
            self.unreadable.append(unreadable)
        else:
            self.folding.fold("unreadable", unreadable.span)

    def _parse_mark(self, inner: str, lineno: int, inner_offset: int, mark_span: Span | None = None) -> Marking | None:
        mark_span = mark_span or self._span(lineno, inner_offset - 1, inner_offset + len(inner) + 1)
        marking, exc = _portion_or_error(inner)
        if exc is not None:
            # read as far as it goes: what is left stays in `unknown`, and is reported from there
            marking = read_portion(inner)
            if marking is not None and marking.unknown:
                return marking
            # read whole only by passing over its form (`( S//REL TO USA,, GBR)`): still reported
            # as unreadable, but its level and controls count in the roll-up
            column = inner_offset + exc.column
            self._unreadable(Unreadable("portion", f"({inner})", Span(lineno, column, lineno, column + 1),
                                        f"unreadable portion mark ({inner}): {exc.message}"))
            return marking
        if marking.level is None and not marking.fgi:
            self._unreadable(Unreadable("portion", f"({inner})", mark_span,
                                              f"unknown portion mark ({inner}): no classification level or control"))
            return None
        return marking

    # -- assembly -------------------------------------------------------------------------------

    def _document(self, profile: str) -> Document:
        last = self.folding.last_banner(self.banners)
        if last is not None:  # the document's last banner stays: it may be the closing one
            self.banners.append(last)
        _undouble_paragraph_numbers(self)
        self._finish_banners()
        date = self.dates[0] if self.dates else self._metadata_date()
        if date is not None and date.source == "unlabelled-date":
            self.notes.append(f"date read from a line that holds only a date, without a 'Date:' label "
                              f"({date.raw!r} at {date.span.line}:{date.span.column})")
        era = era_for(date.value) if date else None
        cab = self._authority_block()
        classification = self._classification()
        expected = rollup(p.marking for p in self.portions if p.marking is not None)
        resolved = profile if profile != "auto" else self._profile()
        first = next((b for b in self.banners if b.kind == "first"), None)
        return Document(
            path=self.source.path, profile=resolved, date=date, era=era.code if era else None,
            banners=tuple(self.banners), captions=tuple(self.captions), eo_line=self.eo_line, cab=cab,
            portions=tuple(self.portions), unreadable=tuple(self.unreadable),
            subject=self.subject, subject_span=self.subject_span, tags=self.tags, tags_span=self.tags_span,
            tx_security_code=self.tx_code, tx_security_span=self.tx_span,
            compilation_notice=self.compilation, notices=tuple(self.notices),
            declassified=stamps.declassified(self.lines, self.lowered_text),
            extensions=stamps.extensions(self.lines, self.lowered_text),
            # (a source list belongs to a derivative document: elsewhere "Source: Europol data" is prose)
            sources=stamps.source_list(self.lines, self.lowered_text) if cab and cab.derived_from else (),
            classification=classification, rollup=expected,
            line_count=len(self.lines), notes=tuple(self.notes), folded=self.folding.folded(),
            incomplete=incomplete.reasons(self.lines, resolved, first, date),
        )

    def _finish_banners(self) -> None:
        """The last banner after the last portion is the closing banner."""
        if len(self.banners) < 2:
            return
        last = self.banners[-1]
        last_portion = max(self.portions[-1].span.line if self.portions else 0, self.folding.last_line("portion"))
        if last.kind in ("page", "repeat") and last.span.line > last_portion:
            self.banners[-1] = replace(last, kind="closing")

    def _classification(self) -> Marking | None:
        """Declared: the first classification line plus the captions (never the portions)."""
        first = next((b for b in self.banners if b.kind == "first"), None)
        if first is None:
            return None
        return _declared(first.marking, first.marking.written, frozenset(c.name for c in self.captions))

    def _profile(self) -> str:
        """state_cable for telegrams; capco when CAPCO separators dominate; isoo for memos."""
        telegram = (self.eo_line is not None or self.tx_code is not None or self.tags is not None
                    or any(c.name == "SIPDIS" for c in self.captions)
                    or any(b.spacing != "plain" or b.number for b in self.banners))
        if telegram:
            return "state_cable"
        capco_marks = sum(1 for p in self.portions if p.mark and "//" in p.mark)
        if capco_marks or any("//" in b.raw for b in self.banners):
            return "capco"
        return "isoo"

    def _metadata_date(self) -> DocumentDate | None:
        """Fallback: the date of a pasted metadata row (it is in the text, but is not a marking)."""
        for index in sorted(i for i in self.skip if isinstance(i, int)):
            m = scan.ISO_DATE.match(self.lines[index]) or scan.TAB_ROW.match(self.lines[index])
            if m:
                day, _ = parse_date(m.group(1).replace("-", "/"))
                if day:
                    self.notes.append("date taken from a pasted metadata row")
                    return DocumentDate(day, "metadata-row", m.group(1), self._span(index + 1, m.start(1), m.end(1)))
        return None

    def _span(self, lineno: int, start: int, end: int) -> Span:
        return Span(lineno, start + 1, lineno, max(end, start + 1) + 1 if end <= start else end + 1)


def _ends_citation(text: str, start: int, end: int) -> bool:
    """Does text[start:end] end with a reason citation (nothing but blanks and periods after it)?"""
    last = None
    for last in _CITATION.finditer(text, start, end):
        pass
    return last is not None and not text[last.end():end].strip(" .;,")


def _in_prose(text: str, m: re.Match) -> bool:
    """Is this "classified by" a verb in a sentence rather than the authority block's label? A
    label opens its line (after any paragraph number or mark), has a colon, or is capitalised;
    "water classified by AyA as unpotable" is none of these."""
    label = m.group(0)
    if ":" in label or not label[0].islower():
        return False
    before = text[:m.start()]
    return bool(_WORD.search(before)) and not _LABEL_LEAD.fullmatch(before)


# What may stand before the CAB label on its line: blanks, a paragraph number, a portion mark.
_LABEL_LEAD = re.compile(r"\s*(?:[0-9]{1,3}\s*[.)]\s*)?(?:\([A-Za-z/ ]{1,12}\)\s*)?")


@functools.lru_cache(maxsize=4096)
def _banner_reading(line_text: str):
    """What a classification line's text says, apart from where it stands: the glued header pieces,
    the banner text, its parts, originator, number, tail captions and the syntax error of an
    unreadable tail. Pure and memoised: a banner repeated on every page is read once."""
    glued = scan.split_glued(line_text)
    banner_text = glued[0][1].strip()
    error = None
    try:
        parts = parse_banner(banner_text)
    except MarkingSyntaxError as exc:
        designation = banner_text[:exc.column - 1].rsplit("SECTION", 1)[0].strip() or banner_text.split(None, 1)[0]
        try:
            parts = parse_banner(designation)
        except MarkingSyntaxError:
            return None
        error = exc
    parts = with_tail_controls(parts)
    originator, number, tail_captions = _split_tail(parts.tail)
    parts, originator = _compound_designation(parts, originator, tail_captions)
    return glued, banner_text, parts, originator, number, tuple(tail_captions), error


@functools.lru_cache(maxsize=4096)
def _portion_or_error(inner: str) -> tuple[Marking | None, MarkingSyntaxError | None]:
    """`parse_portion`, with its error kept like its result: a document that repeats an
    unreadable mark is parsed once per distinct mark, not once per line (the parser's own
    cache keeps results only)."""
    try:
        return parse_portion(inner), None
    except MarkingSyntaxError as exc:
        return None, exc


class _Folding:
    """Elements past MAX_ELEMENTS of one kind that the model counts instead of keeping
    (`model.Folded`), and what a folded element may not take with it: a portion whose marking
    no kept portion has is kept (the roll-up must see every level and control), and so is the
    first unmarked portion past the bound; a banner whose kind and text no kept banner has is
    kept, and the document's last banner is kept (it may be the closing one)."""

    def __init__(self):
        self.counts: dict[str, list] = {}  # kind -> [count, first span, last span]
        self.markings: dict[int, Marking] | None = None  # of the kept portions, by identity
        self.distinct: set[Marking] = set()  # the same markings, by value
        self.unmarked = False
        self.banner_texts: set[tuple[str, str]] | None = None
        self.tail: Banner | None = None

    def fold(self, kind: str, span: Span) -> None:
        entry = self.counts.get(kind)
        if entry is None:
            self.counts[kind] = [1, span, span]
        else:
            entry[0] += 1
            entry[2] = span

    def keeps_portion(self, kept: list[Portion], marking: Marking | None, span: Span) -> bool:
        if self.markings is None:
            self.markings = {id(p.marking): p.marking for p in kept if p.marking is not None}
            self.distinct = set(self.markings.values())
            self.unmarked = any(p.marking is None for p in kept)
        if marking is None:
            if not self.unmarked:
                self.unmarked = True
                return True
        elif id(marking) not in self.markings:
            self.markings[id(marking)] = marking
            if marking not in self.distinct:
                self.distinct.add(marking)
                return True
        self.fold("portion", span)
        return False

    def keeps_banner(self, kept: list[Banner], banner: Banner) -> bool:
        if self.banner_texts is None:
            self.banner_texts = {(b.kind, b.raw) for b in kept}
        if (banner.kind, banner.raw) not in self.banner_texts:
            self.banner_texts.add((banner.kind, banner.raw))
            return True
        self.fold("banner", banner.span)
        self.tail = banner
        return False

    def last_banner(self, kept: list[Banner]) -> Banner | None:
        """The last banner folded, if it came after every kept one (it is then kept, not folded)."""
        tail, self.tail = self.tail, None
        if tail is None or (kept and kept[-1].span.line > tail.span.line):
            return None
        entry = self.counts["banner"]
        entry[0] -= 1
        if not entry[0]:
            del self.counts["banner"]
        return tail

    def last_line(self, kind: str) -> int:
        entry = self.counts.get(kind)
        return entry[2].line if entry else 0

    def folded(self) -> tuple[Folded, ...]:
        return tuple(Folded(kind, count, first) for kind, (count, first, _) in self.counts.items())


@functools.lru_cache(maxsize=4096)
def _declared(marking: Marking, written: tuple[str, ...], names: frozenset[str]) -> Marking:
    """A banner's `marking` with what the captions `names` add to it (remembered: documents
    repeat a few banners and captions; `written`, the marking's own, which its equality ignores,
    is part of the key so that a remembered result carries it)."""
    dissem, non_ic = set(marking.dissem), set(marking.non_ic)
    if "NOFORN" in names:
        dissem.add("NOFORN")
    for caption in ("NODIS", "EXDIS"):
        if caption in names:
            non_ic.add(caption)
    if "NODIS" in non_ic:
        non_ic.discard("EXDIS")
    if marking.level == Level.U and "SENSITIVE" in names and "LIMITED OFFICIAL USE" not in non_ic:
        if "NOFORN" in dissem:  # UNCLAS with the SENSITIVE and NOFORN captions: State's SBU NOFORN
            dissem.discard("NOFORN")
            non_ic.add("SBU NOFORN")
        else:
            non_ic.add("SBU")
    rel_to = None if "NOFORN" in dissem else marking.rel_to
    if dissem == marking.dissem and non_ic == marking.non_ic and rel_to == marking.rel_to:
        return marking  # (the captions add nothing to it)
    return replace(marking, dissem=frozenset(dissem), non_ic=frozenset(non_ic), rel_to=rel_to)


def _last_words(text: str, count: int) -> int:
    """Where the last `count` blank-separated words of `text` start (0: it has no more words).
    A pattern anchored at the end of the text that spans no more words is searched from there:
    a regex search of the whole text would try every position."""
    parts = text.rsplit(None, count)
    return len(parts[0]) if len(parts) > count else 0


def _placed(declass: Declassification, span: Span) -> Declassification:
    """`declass`, a value of parse_declass's memo, at `span`: a copy with the span set, made by
    copying its fields at once (dataclasses.replace looks at every field on each call)."""
    placed = object.__new__(Declassification)
    placed.__dict__.update(declass.__dict__)
    object.__setattr__(placed, "span", span)
    return placed


def _quoted(text: str, limit: int = 120) -> str:
    """`text` quoted for a message, cut after `limit` characters (an over-long marking is not quoted whole)."""
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}\u2026 ({len(text)} characters)"


def _source_column(raw: str, collapsed: str, column: int) -> int:
    """The 1-based column in `raw` of the character at `column` of `collapsed`, where `collapsed`
    is `raw` with its letter-spacing and blank runs removed (scan.collapse_banner)."""
    wanted = sum(1 for ch in collapsed[:column - 1] if not ch.isspace())
    seen = 0
    for index, ch in enumerate(raw):
        if ch.isspace():
            continue
        if seen == wanted:
            return index + 1
        seen += 1
    return len(raw.rstrip()) + 1


def _memo_date(text: str) -> str:
    """'October 1, 2010' and '1 October 2010' -> '1 OCT 2010'; numeric forms pass through."""
    m = re.fullmatch(r"([A-Za-z]{3})[A-Za-z]*\.?\s+([0-9]{1,2}),?\s*([0-9]{4})", text.strip())
    if m:
        return f"{m.group(2)} {m.group(1)} {m.group(3)}"
    m = re.fullmatch(r"([0-9]{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?,?\s+([0-9]{4})", text.strip())
    return f"{m.group(1)} {m.group(2)} {m.group(3)}" if m else text.strip()


# "sources list" / "list of sources", matched where a "source" is (found by str.find, several
# times faster than the regex engine's scan); the word boundary before each is checked by hand
_SOURCE_LIST = (re.compile(r"sources?\s+list\b"), re.compile(r"list\s+of\s+sources\b"))


def _mentions_source_list(text: str, lowered: str | None) -> bool:
    """Does the text mention a list of sources? Case-insensitive, searched in `lowered`, the
    text lower-cased where that is exact (markcheck.prefilter.lowered), several times faster."""
    if lowered is None:
        return any(re.search(r"\b" + p.pattern, text, re.I) for p in _SOURCE_LIST)
    at = lowered.find("source")
    if at < 0 or "list" not in lowered:
        return False
    after = 0  # (where the text after the "source" before this one starts)
    while at >= 0:
        if _SOURCE_LIST[0].match(lowered, at) and _word_starts(lowered, at):
            return True
        # a "list of" before these "sources" is the last "list" since the "source" before them
        listed = lowered.rfind("list", after, at) if lowered.startswith("sources", at) else -1
        if listed >= 0 and _SOURCE_LIST[1].match(lowered, listed) and _word_starts(lowered, listed):
            return True
        after = at + len("source")
        at = lowered.find("source", after)
    return False


def _word_starts(text: str, at: int) -> bool:
    """Is there a word boundary before `at` (a word starts there; \\b before a letter)?"""
    return not at or not (text[at - 1].isalnum() or text[at - 1] == "_")


def _int(number: str | None) -> int | None:
    return int(number) if number and number.isdigit() else None


def _first_search(patterns: tuple[tuple[re.Pattern, Needs], ...], text: str, lowered: str | None) -> re.Match | None:
    """The match of the first of `patterns` found in `text` (each tried only if the line holds its needed words)."""
    for pattern, needed in patterns:
        if may_match(needed, lowered):
            m = pattern.search(text)
            if m:
                return m
    return None


@functools.lru_cache(maxsize=1)
def _notice_patterns() -> tuple[tuple[str, tuple[tuple[re.Pattern, Needs], ...]], ...]:
    """vocabulary.yaml ``notices``: per statement, its patterns with the words each needs."""
    from .prefilter import needs
    from .resources import load_data

    table = load_data("vocabulary.yaml").get("notices") or {}
    return tuple((name, tuple((re.compile(entry["pattern"]), needs(entry["needs"])) for entry in entries))
                 for name, entries in table.items())


@functools.lru_cache(maxsize=1)
def _notice_words() -> tuple[str, ...]:
    """Words of which a line holds one whenever some notice pattern may match it: the first
    group each pattern needs (declared as a word rare in prose)."""
    from .prefilter import shortest_words

    return shortest_words(word for _, patterns in _notice_patterns() for _, needed in patterns for word in needed[0])


# The words of the ISOO authority lines (scan.DERIVED_FROM, DECLASSIFY_ON, REASON_LINE), looked
# for on body lines too: a memo's authority block usually follows its body.
_AUTHORITY_WORDS = ("derived", "declassify", "reason:", "reasons:")


@functools.lru_cache(maxsize=1)
def _word_groups() -> WordGroups | None:
    """The words whose lines `_Builder` looks up instead of searching every line: a notice
    (`_notice_words`), CLASSIFIED BY, a compilation statement, a written-out SBU statement, a
    spreadsheet cell break, an ISOO authority line. (Words looked for only in the few header
    lines are tested there: a search of the whole text costs more.)"""
    # ("classif" for CLASSIFIED BY: a superset that also stands for the notice words
    # classification, unclassified and declassified, so one search finds them all)
    return WordGroups({"notice": _notice_words(), "classified": ("classif",), "compilation": ("compilation",),
                       "sensitive": ("sensitive",), "cells": ("\t", '","'), "authority": _AUTHORITY_WORDS})


def _may_hold_label(line: str) -> bool:
    """Can `line` hold a TAGS: or SUBJECT: label (scan.LABEL_SPLIT)? The other labels need a
    dot (E.O.) or the word CLASSIFIED, which `_word_groups` finds."""
    low = _lowered(line)
    return low is None or "tag" in low or "subject" in low


@functools.lru_cache(maxsize=1)
def _notice_gate():
    """True for a lower-cased ASCII line whenever some notice pattern may match it."""
    words = _notice_words()

    def test(lowered: str) -> bool:
        for word in words:
            if word in lowered:
                return True
        return False

    return test


def _mark_like(inner: str, numbered: bool = True) -> bool:
    """A portion mark the scanner knows, or a marking it cannot tokenise (read leniently)."""
    return scan.looks_like_mark(inner, numbered) or marking_shaped(inner)


def _compound_designation(parts, originator: str | None, captions: list[str]):
    """Words glued to the designation that are not an originator: ``SECRET SENSITIVE STATE 012345``
    and ``CONFIDENTIAL LIMITED OFFICIAL USE`` are compound designations (LVL-001/002);
    ``UNCLAS SENSITIVE STATE 012345`` carries the SENSITIVE caption."""
    if not originator or parts.marking.level is None:
        return parts, originator
    words = originator.split()
    lead = " ".join(words[:3])
    if words[0] == "SENSITIVE" and parts.designation.split()[-1] != "SENSITIVE":
        rest = " ".join(words[1:]) or None
        if parts.marking.level == Level.U:
            captions.append("SENSITIVE")
            return parts, rest
        return replace(parts, designation=parts.designation + " SENSITIVE"), rest
    if lead == "LIMITED OFFICIAL USE" and "LIMITED OFFICIAL USE" not in parts.designation:
        marking = replace(parts.marking, non_ic=parts.marking.non_ic | {"LIMITED OFFICIAL USE"})
        return replace(parts, designation=parts.designation + " LIMITED OFFICIAL USE", marking=marking), \
            " ".join(words[3:]) or None
    return parts, originator


def _split_tail(tail: str | None) -> tuple[str | None, str | None, list[str]]:
    """Originator, telegram number and caption words glued after them (``ROME 001018 NOFORN SIPDIS``)."""
    if not tail:
        return None, None, []
    words = tail.split()
    originator, number, captions = [], None, []
    for i, word in enumerate(words):
        if number is None:
            if word[0].isalpha():  # (an originator's word: a telegram number, glued or not, starts with a digit)
                originator.append(word)
            elif _TELEGRAM_NUMBER.match(word):
                number = word
            elif glued := _GLUED_NUMBER.match(word):  # 001413SIPDISNOFORN: the line breaks after the number were lost
                number = glued.group(1)
                found = _glued_captions(glued.group(2))
                captions.extend(found)
                if "".join(found) != glued.group(2):
                    break
            else:
                originator.append(word)
            continue
        word = word.strip(',;"')
        if not word:
            continue
        found = _glued_captions(word)
        captions.extend(found)
        if "".join(found) != word:
            break
    if number is None:
        captions = [w for w in words if w in vocabulary().captions]
        originator = [w for w in words if w not in captions]
    return (" ".join(originator) or None), number, captions


_GLUED_NUMBER = re.compile(r"^([0-9]{2,7})([A-Z][A-Z.:0-9]*)$")
_GLUED_TAGS = re.compile(r"\bTAGS?\s*:|\bTAGS?\s+(?=[A-Z]{4}\b)", re.I)


def _glued_captions(word: str) -> list[str]:
    """Caption words at the start of `word`: SIPDISSIPDISSTATE -> [SIPDIS, SIPDIS]."""
    found, rest = [], word
    names = _captions_longest_first()
    while rest:
        name = next((n for n in names if rest.startswith(n)), None)
        if name is None:
            break
        found.append(name)
        rest = rest[len(name):]
    return found


@functools.lru_cache(maxsize=1)
def _captions_longest_first() -> list[str]:
    return sorted(vocabulary().captions, key=len, reverse=True)


# Where a pasted database row can be: a tab, or the date of a row block (the month of
# ``2007-04-27``: a literal start, which the regex engine finds fast).
_ROW_DATE = re.compile(r"-[0-9]{2}-")


def _metadata_rows(lines: list[str], joined: JoinedLines) -> set:
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
            segments = scan.split_segments(line)
            for offset, _ in segments[:5]:
                skip.add((j, offset))
            if len(segments) <= 5:
                skip.add(j)
    return skip


def _undouble_paragraph_numbers(builder: _Builder) -> None:
    """Renderings that turned the ¶N anchor into a digit number paragraphs 11., 12., … for ¶1, ¶2, …

    When every numbered paragraph starts with 1 and, without that 1, they count 1, 2, 3, …,
    the paragraph each stands for is recorded (the number as written is kept).
    """
    numbers = [p.number for p in builder.portions if p.number and not p.is_subject]
    if len(numbers) < 2 or "1" in numbers:  # (most documents: the quick test on the numbers as written)
        return
    numbered = [p for p in builder.portions if p.number and p.number.isdigit() and not p.is_subject]
    if len(numbered) < 2:
        return
    if not all(p.number.startswith("1") and len(p.number) >= 2 for p in numbered):
        return
    stripped = [int(p.number[1:]) for p in numbered]
    if stripped[0] != 1 or any(b < a for a, b in zip(stripped, stripped[1:])):
        return
    builder.notes.append("paragraph numbers carry a doubled anchor digit (11. for ¶1)")
    ids = {id(p) for p in numbered}  # by identity: `p in numbered` would be quadratic
    builder.portions = [replace(p, paragraph=int(p.number[1:])) if id(p) in ids else p for p in builder.portions]
