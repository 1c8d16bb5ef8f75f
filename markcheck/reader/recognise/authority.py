"""The classification authority block: a telegram's ``Classified By: … Reasons 1.4 (b) and (d)``
(wrapped over up to five lines, read until a paragraph, a label or a blank line ends it) and a
memo's ISOO lines (``Derived From:``, ``Declassify On:``, ``Reason:``), in the header or after
the body, where memos usually put them."""

from __future__ import annotations

import re
from dataclasses import replace

from ...classifier import classifier as read_classifier
from ...lazyre import lazy
from ...model import AuthorityBlock, Reason, Span, Unreadable
from .. import prefilter, scan, stamps
from ..grammar import MarkingSyntaxError
from ..parse import parse_reason
from ..parse_dates import parse_declass
from .common import span_at
from .trouble import plain

_CAB_MAX_LINES = 5
_WORD = re.compile(r"[A-Za-z]+")
# A portion mark run onto the CAB line right after its reason citation, opening the first
# paragraph: a level that is no reason letter ((S), (TS), (U), (SBU)), one with controls
# ((C/NF)), or any level after a paragraph number ("1.(C)"); then a capitalised word that is not
# a connective of the citation ("(C) AND (D)" is a citation). (The match starts at the number
# or the parenthesis, never inside a run of blanks: a search from every blank would be quadratic.)
_GLUED_PORTION = re.compile(
    r"(?<=[)\s.])((?:(?:[0-9]{1,2}\s*\.\s*)\((?:TS|S|C|U|SBU)(?:\s*/{1,2}\s*[A-Z][A-Z/ -]*)?\)"
    r"|\((?:TS|S|U|SBU|(?:TS|S|C|U|SBU)\s*/{1,2}\s*[A-Z][A-Z/ -]*)\)))\s*(?!(?:AND|OR)\b)(?=[A-Z])")
# What may stand before the CAB label on its line: blanks, a paragraph number, a portion mark.
_LABEL_LEAD = lazy(r"\s*(?:[0-9]{1,3}\s*[.)]\s*)?(?:\([A-Za-z/ ]{1,12}\)\s*)?")
# A Declassify On value that stops inside its date of source ("Date of source: June"), and the
# line that finishes the date ("27, 2009").
_UNFINISHED_SOURCE_DATE = lazy(r"\bdate\s+of\s+source\s*:?\s*(?:[A-Za-z]{3,9}\.?\s*(?:[0-9]{1,2}\s*,?\s*)?)?$", re.I)
_DATE_TAIL = lazy(r"\s*(?:[A-Za-z]{3,9}\.?\s+)?(?:[0-9]{1,2}\s*,?\s*)?[0-9]{4}\s*\.?\s*$")
# The ISOO authority lines: the label of `scan.header_labels` and its pattern.
_ISOO_LABELS = {"derived_from": scan.DERIVED_FROM, "declassify_on": scan.DECLASSIFY_ON, "reason": scan.REASON_LINE}
# (a keyword broken by a blank run, "for reas  ons", is the keyword)
_REASON_KEYWORD = re.compile(r"\b(?:for\s+)?rea\s{0,3}s\s{0,3}ons?\b\s*:?\s*|\breason\s*:\s*", re.I)
# (a letter may carry a period, "(b. and d.)", or end a range, "(b-d)"; an exemption code written
# among the letters, "1.5 (b, d, X6)", is kept in the citation, so its message quotes it whole)
_CITATION = re.compile(r"1\s*\.\s*[0-9](?:\s*\.(?!\s*[0-9]))?"
                       r"(?:[\s,;/&+()]|and\b|AND\b|1\s*\.\s*[0-9]|X[1-8](?![A-Za-z0-9])"
                       r"|[A-Za-z](?![A-Za-z0-9])\.?(?:\s*-\s*[A-Za-z](?![A-Za-z0-9]))?)*+")  # (possessive: no backtracking stack kept per repetition)
# (a match starts at the punctuation or at the start of the blanks before "derived", never inside
# a run of blanks: a search from every blank of a long run would be quadratic)
_DERIVED_INLINE = re.compile(r"(?:[,;.]\s*|(?<![\s,;.])\s*)\bderived\s+from\b\s*:?\s*", re.I)
_DERIVED_INLINE_NEEDS: prefilter.Needs = (("derived",), ("from",))  # (what every match holds: markcheck.reader.prefilter)
# the order cited after the classifier's name ("for E.O. 12958", ", E.O. 12958", "PER E.O. 12958")
# (a match starts only where a run of blanks or punctuation starts: linear on a line of blanks)
_ORDER_CITED = re.compile(r"(?<![\s,;])(?:\s*[,;]\s*|\s+(?:(?:for|per)\s+)?)E\.\s*O\.?\s*[0-9]{5}", re.I)
# The CLASSIFIED BY label split over two lines, "CLASSIFIED" ending one (a page header may stand
# before it: "… TRIPOLI 00000939 001.2 OF 003 CLASSIFIED", 09TRIPOLI939) and "BY:" opening the
# next line that is not blank.
_SPLIT_LABEL_HEAD = re.compile(r"(?<![A-Za-z])classi?fied\s*$", re.I)
_SPLIT_LABEL_TAIL = re.compile(r"^\s*by\s*:", re.I)
_MULTIPLE_SOURCES = re.compile(r"(?:derived\s+from\s*:?\s*)?multiple\s+(?:classified\s+)?sources?\.?", re.I)
_TRAILING_FOR = re.compile(r"(?<!\s)\s+for$", re.I)  # "Ambassador J. Smith for" before the reason
# A CAB text ending inside its reason citation, after the reason keyword (in its last two words) ...
_DANGLING_REASON = re.compile(r"(?:reasons?(?:\s*:)?|\b(?:and|or)|[,&/+]|\b1\s*\.|\b1\.\s?[0-9]\.?)\s*$", re.I)
# ... or its section alone ("… for 1.4" with no reason keyword before it)
_DANGLING_SECTION = lazy(r"\b1\.\s?[0-9]\.?\s*$")
# A CAB text ending mid-sentence before its reason ("… Wayne for", "… Embassy Tripoli,"): its last word.
_CAB_DANGLING = re.compile(r"(?:\bfor|\band|[,;&])\s*$", re.I)
# ... and a line that continues it.
# ("(d).", "(b, d)", "(B and D)", "(d" cut short, "AND D", a letter alone: " d ")
_REASON_WRAP = lazy(r"\s*(?:1\s*\.\s*[0-9]|[0-9]\s*\(\s*[a-h]\s*[),/]"
                          r"|\(\s*[a-h]\s*\)\s*(?:$|[.;,&/]|and\b|or\b|\(\s*[a-h]\s*\))"
                          r"|\(\s*[a-h]\.?\s*(?:$|[,&/+-]|and\b|or\b)"
                          r"|(?:and|&)\s+\(?\s*[a-h]\s*\)?\s*[.]?\s*$"
                          r"|[a-h]\s*[.)]*\s*$)", re.I)


class AuthorityRecogniser:
    """The pieces of one document's authority block; `block` assembles them."""

    # Lines it reads hold one of these: CLASSIFIED BY ("classif", which also stands for the
    # notice words classification, unclassified and declassified) or an ISOO label's word.
    CLASSIFIED_WORDS = ("classif", "classfied")  # (and the typo "Classfied By:", 09ASHGABAT757)
    ISOO_WORDS = ("derived", "declassify", "reason:", "reasons:")

    def __init__(self, reading):
        self.reading = reading
        self.pieces: list[tuple[int, int, str]] = []  # (line, column, text) of the CLASSIFIED BY block
        self.lines = 0
        self.isoo: dict[str, tuple[str, Span]] = {}
        self.declass_wraps = False  # the Declassify On line stopped inside its date of source

    def starts(self, lineno: int, text: str) -> bool:
        """Does `text` (on line `lineno`) hold CLASSIFIED BY, or its first word split from "BY:"?"""
        return lineno - 1 in self.reading.lines_with["classified"] and (
            scan.CLASSIFIED_BY.search(text) is not None or self._split_label(lineno, text) is not None)

    def _split_label(self, lineno: int, text: str) -> re.Match | None:
        """The CLASSIFIED that ends `text` when the next line that is not blank opens with "BY:"."""
        if not text.rstrip()[-3:].lower() == "ied":  # (the quick test: most lines end otherwise)
            return None
        m = _SPLIT_LABEL_HEAD.search(text)
        if m is None:
            return None
        lines = self.reading.lines
        index = lineno  # (0-based: the line after)
        while index < len(lines) and not lines[index].strip():
            index += 1
        return m if index < len(lines) and _SPLIT_LABEL_TAIL.match(lines[index]) else None

    def start(self, lineno: int, offset: int, text: str) -> bool:
        m = scan.CLASSIFIED_BY.search(text) or self._split_label(lineno, text)
        if _in_prose(text, m):
            return False  # "water classified by AyA as unpotable": a sentence, not the block
        if self.pieces:
            # A second CAB (a repeated header copy) adds nothing, unless the first was cut
            # short in a partial extract ("Classified By: Charge...") or is a bare label that
            # the next one fills ("Classified By: Classified by CG Simon Henshaw, reasons …":
            # the web page's label before the cable's own, split apart as glued header pieces).
            last = self.pieces[-1][2].rstrip()
            bare = len(self.pieces) == 1 and bool(scan.CLASSIFIED_BY.fullmatch(last))
            if not last.endswith(("...", "\u2026")) and not bare:
                return True
            self.pieces = []
        glued = _GLUED_PORTION.search(text, m.end())
        if glued is not None and _ends_citation(text, m.end(), glued.start()):
            # "… for Reason 1.4 (c)  (S/NF) HMG agrees …": the first paragraph run onto the
            # block's line; the block ends at its reason, the paragraph is read with its mark
            self.pieces.append((lineno, offset + m.start(), text[m.start():glued.start()].rstrip()))
            self.lines = 1
            self.reading.portions.paragraph(lineno, offset + glued.start(1), text[glued.start(1):])
            return True
        self.pieces.append((lineno, offset + m.start(), text[m.start():].rstrip()))
        self.reading.layout.authority_opened()
        self.lines = 1
        return True

    def stays_open_over_blank(self) -> bool:
        """After a blank line, does the open block still continue (it stops mid-citation or mid-sentence)?"""
        if self.declass_wraps:  # (a Declassify On date of source does not go on after a blank)
            self.declass_wraps = False
            return False
        if len(self.pieces) == 1 and _SPLIT_LABEL_HEAD.match(self.pieces[0][2]):
            return True  # "CLASSIFIED" / blank / "BY: …": the label's second word is still to come
        return self._wants_reason() or self._unfinished() or self._reason_after_blank()

    def _reason_after_blank(self) -> bool:
        """Is the line after this blank the block's reason, restated with the classifier
        (``Classified By: Political Counselor`` / blank / ``Political Counselor Richard Mills
        reasons, 1.4 b and d``, 08LONDON1972)? Only a block without a reason, one blank line."""
        if not self.pieces or self.lines >= _CAB_MAX_LINES or _REASON_KEYWORD.search(self._text()):
            return False
        lines, after = self.reading.lines, self.pieces[-1][0] + 1  # (0-based: the line after the blank)
        if after >= len(lines) or lines[after - 1].strip():
            return False
        nxt = lines[after]
        keyword = _REASON_KEYWORD.search(nxt)
        return (keyword is not None and _CITATION.match(nxt, len(nxt) - len(nxt[keyword.end():].lstrip(" ,;:"))) is not None
                and not scan.PARAGRAPH.match(nxt) and not nxt.lstrip().startswith("("))

    def _text(self) -> str:
        return " ".join([piece for _, _, piece in self.pieces])

    def _wants_reason(self) -> bool:
        """Does the CAB stop inside its reason citation (``for reasons 1.4 (b) and`` / ``REASON:``)?"""
        if not self.pieces or self.lines >= _CAB_MAX_LINES:
            return False
        text = self._text()
        if not _DANGLING_REASON.search(text, last_words(text, 2)):
            return False  # (the quick test: nothing at its end dangles)
        keyword = None
        for keyword in _REASON_KEYWORD.finditer(text):
            pass
        if keyword is None:
            return bool(_DANGLING_SECTION.search(text, last_words(text, 2)))
        return bool(_DANGLING_REASON.search(text[keyword.start():]))

    def _unfinished(self) -> bool:
        """Does the CAB stop mid-sentence before any reason (``Ambassador E. Anthony Wayne for``,
        ``Gene A. Cretz, Ambassador, Embassy Tripoli,``)? Renderings that double-space lines then
        put a blank line inside the block; the next line still belongs to it."""
        if not self.pieces or self.lines >= _CAB_MAX_LINES:
            return False
        text = self._text()
        return bool(_CAB_DANGLING.search(text, last_words(text, 1))) and _REASON_KEYWORD.search(text) is None

    def continues(self, lineno: int, offset: int, text: str) -> bool:
        """Does `text` continue the open block (kept), or end it (the layout leaves the block)?"""
        if self.declass_wraps:
            return self._declass_wrap(lineno, offset, text)
        stripped = text.strip()
        if _REASON_WRAP.match(text) and self._wants_reason():
            # the rest of a wrapped citation: "(d)." after "1.4 (b) and", "4 (b,d)." after "1."
            self.pieces.append((lineno, offset + len(text) - len(text.lstrip()), stripped))
            self.lines += 1
            return True
        paragraph = scan.PARAGRAPH.match(text)
        if paragraph and not re.match(r"\s*1\s*\.\s*[0-9]", text):
            self.reading.layout.authority_closed()
            return False
        if scan.EO_START.match(text) or scan.TAGS.match(text) or scan.SUBJECT.match(text) \
                or scan.DERIVED_FROM.match(text) or scan.DECLASSIFY_ON.match(text) or scan.REASON_LINE.match(text) \
                or scan.DATE_LINE.match(text) \
                or scan.collapse_banner(text) or self.lines >= _CAB_MAX_LINES or stripped.startswith("("):
            self.reading.layout.authority_closed()
            return False
        self.pieces.append((lineno, offset + len(text) - len(text.lstrip()), stripped))
        self.lines += 1
        return True

    def isoo_line(self, lineno: int, offset: int, text: str, labels: frozenset[str]) -> bool:
        """An ISOO authority line (Derived From, Declassify On, Reason): in a memo's header, or in
        its authority block after the body, where ISOO and CAPCO memos usually put it."""
        for key in labels:  # (at most one of the ISOO labels matches: they start with different words)
            pattern = _ISOO_LABELS.get(key)
            m = pattern.match(text) if pattern is not None else None
            if not m:
                continue
            end = len(text.rstrip())
            glued = _GLUED_PORTION.search(text, m.start(1)) if key == "reason" else None
            if glued is not None and _ends_citation(text, m.start(1), glued.start()):
                # "REASON: 1.4 (b), (d) (S) Ambassador telephoned …": the first paragraph run
                # onto the line; the reason ends where its mark begins
                end = len(text[:glued.start()].rstrip())
                self.reading.portions.paragraph(lineno, offset + glued.start(1), text[glued.start(1):])
            if key not in self.isoo:
                self.isoo[key] = (text[m.start(1):end].strip(), span_at(lineno, offset + m.start(1), offset + end))
                if key == "declassify_on" and _UNFINISHED_SOURCE_DATE.search(text, m.start(1)):
                    self.declass_wraps = True  # its date of source goes on on the next line
                    self.reading.layout.authority_opened()
            return True
        return False

    def _declass_wrap(self, lineno: int, offset: int, text: str) -> bool:
        """The rest of a wrapped ``Declassify on: Source marked …, Date of source: June`` (``27,
        2009``), taken into its value; any other line leaves it as it is."""
        self.declass_wraps = False
        self.reading.layout.authority_closed()
        if not _DATE_TAIL.match(text):
            return False
        value, span = self.isoo["declassify_on"]
        stripped = text.strip()
        start = offset + len(text) - len(text.lstrip())
        self.isoo["declassify_on"] = (f"{value} {stripped}", Span(span.line, span.column, lineno, start + len(stripped) + 1))
        return True

    # -- assembly of the block --------------------------------------------------------------------

    def block(self, text: str, lowered_text: str | None) -> AuthorityBlock | None:
        """The authority block read, or None (`text`: the document's, for its source-list mention)."""
        if not self.pieces and not self.isoo:
            return None
        classifier = reason = None
        spans = []
        if self.pieces:
            text_of_block = self._text()
            first_line, first_col, _ = self.pieces[0]
            last_line, last_col, last_text = self.pieces[-1]
            spans.append(Span(first_line, first_col + 1, last_line, last_col + len(last_text) + 1))
            head = scan.CLASSIFIED_BY.match(text_of_block) or scan.CLASSIFIED_BY.search(text_of_block)
            body = text_of_block[head.end():]
            again = scan.CLASSIFIED_BY.match(body)  # "CLASSIFIED BY: CLASSIFIED BY POLITICAL …"
            if again:
                body = body[again.end():]
            derived_inline = _DERIVED_INLINE.search(body) \
                if prefilter.may_match(_DERIVED_INLINE_NEEDS, prefilter.lowered(body)) else None
            if derived_inline:  # "Classified By: J. Smith, Analyst, Derived From: Multiple Sources"
                value = body[derived_inline.end():].strip().rstrip(".")
                self.isoo.setdefault("derived_from", (value, self._locate(value) or spans[0]))
                body = body[:derived_inline.start()]
            elif _MULTIPLE_SOURCES.fullmatch(body.strip()):
                # "Classified By: MULTIPLE SOURCES" (10STATE369): the source of a derivative
                # classification, written on the CAB line; no one classified it originally
                value = body.strip().rstrip(".")
                self.isoo.setdefault("derived_from", (value, self._locate(value) or spans[0]))
            keyword = _REASON_KEYWORD.search(body)
            citation = _CITATION.search(body, keyword.end() if keyword else 0)
            if keyword is None and citation is not None:
                cut = citation.start()
            else:
                cut = keyword.start() if keyword else len(body)
            order = _ORDER_CITED.search(body, 0, cut)  # "DCM Hugo Llorens for E.O. 12958 reasons …"
            name_text = body[:order.start() if order else cut].strip().rstrip(",;.:- ").strip()
            name_text = _TRAILING_FOR.sub("", name_text).strip().rstrip(",;")
            if keyword is None and citation is None and re.search(r"(?:\.\.\.|\u2026)\s*$", body):
                # a partial extract cut the block short ("Classified By: Acting..."): keep the
                # sign of it, so rules can tell a truncated block from one without a reason
                name_text += "..."
            classifier = read_classifier(name_text, self._locate(name_text) or spans[0])
            if citation is not None:
                opened = body[:citation.start()].rstrip()
                written = ("(" if opened.endswith("(") else "") + citation.group(0)  # "Reasons (1.4 b,d)"
                reason = self._reason(written, spans[0])
            elif keyword is not None:
                rest = body[keyword.end():].strip()
                reason = Reason(None, (), rest, self._locate(rest) or spans[0])
        if "reason" in self.isoo and reason is None:
            value, span = self.isoo["reason"]
            citation = _CITATION.search(value)
            reason = self._reason(citation.group(0), span) if citation else Reason(None, (), value, span)
            spans.append(span)
        derived = self.isoo.get("derived_from")
        declass = None
        if "declassify_on" in self.isoo:
            value, span = self.isoo["declassify_on"]
            spans.append(span)
            try:
                declass = replace(parse_declass("DECL: " + stamps.extended_value(value)), raw=value, span=span)
            except MarkingSyntaxError as exc:
                self.reading.report(Unreadable("declassify_on", value, span,
                                               plain("the Declassify On instruction", value, exc)))
        if derived:
            spans.append(derived[1])
        spans.sort()
        whole = Span(spans[0].line, spans[0].column, spans[-1].end_line, spans[-1].end_column)
        return AuthorityBlock(span=whole, classified_by=classifier, reason=reason,
                              derived_from=derived[0] if derived else None,
                              derived_from_span=derived[1] if derived else None,
                              declassify_on=declass,
                              source_list=mentions_source_list(text, lowered_text))

    def _reason(self, citation: str, fallback: Span) -> Reason:
        span = self._locate(citation.strip()) or fallback
        try:
            section, letters = parse_reason(citation)
        except MarkingSyntaxError as exc:
            self.reading.report(Unreadable("reason", citation.strip(), span, plain("the reason citation", citation, exc)))
            return Reason(None, (), citation.strip(), span)
        return Reason(section, letters, citation.strip(), span)

    def _locate(self, fragment: str) -> Span | None:
        """The span of `fragment` inside the CAB lines (first line it starts on)."""
        if not fragment:
            return None
        probe = fragment.split(None, 1)[0]  # (the first word only: a fragment may be megabytes)
        for lineno, column, text in self.pieces:
            at = text.find(probe)
            if at >= 0:
                line_text = text[at:]
                length = min(len(fragment), len(line_text))
                return Span(lineno, column + at + 1, lineno, column + at + length + 1)
        return None


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


def last_words(text: str, count: int) -> int:
    """Where the last `count` blank-separated words of `text` start (0: it has no more words).
    A pattern anchored at the end of the text that spans no more words is searched from there:
    a regex search of the whole text would try every position."""
    parts = text.rsplit(None, count)
    return len(parts[0]) if len(parts) > count else 0


# "sources list" / "list of sources", matched where a "source" is (found by str.find, several
# times faster than the regex engine's scan); the word boundary before each is checked by hand
_SOURCE_LIST = (lazy(r"sources?\s+list\b"), lazy(r"list\s+of\s+sources\b"))
_SOURCE_HEADING = lazy(r"sources?(?:\s+(?:used|cited))?\s*:")


def mentions_source_list(text: str, lowered: str | None) -> bool:
    """Does the text mention a list of sources? Case-insensitive, searched in `lowered`, the
    text lower-cased where that is exact (markcheck.reader.prefilter.lowered), several times faster."""
    if lowered is None:
        return any(re.search(r"\b" + p.pattern, text, re.I) for p in _SOURCE_LIST) \
            or re.search(r"^[^\S\n]*" + _SOURCE_HEADING.pattern, text, re.I | re.M) is not None
    at = lowered.find("source")
    if at < 0 or ("list" not in lowered and ":" not in lowered):
        return False
    after = 0  # (where the text after the "source" before this one starts)
    while at >= 0:
        if _SOURCE_LIST[0].match(lowered, at) and _word_starts(lowered, at):
            return True
        if _SOURCE_HEADING.match(lowered, at) and not lowered[lowered.rfind("\n", 0, at) + 1:at].strip():
            return True  # a "Sources:" heading opening its line, the list under it
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
