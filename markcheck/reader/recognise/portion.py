"""Portions and their marks: numbered and lettered paragraphs, a mark at the start of a line,
marks inside a line (sub-portions, paragraphs glued together by an export), a mark trailing its
paragraph, a mark missing a parenthesis, and a mark the grammar cannot tokenise (read item by
item, the rest reported)."""

from __future__ import annotations

import functools
import re

from ...lazyre import lazy
from ...model import MAX_ELEMENTS, Marking, Portion, Span, Unreadable
from .. import inline, scan
from ..lenient import marking_shaped, read_portion
from ..grammar import MarkingSyntaxError
from ..parse import parse_portion
from ..positions import labelled_mark
from .common import TakenMarks, number_value, span_at
from .trouble import plain

_ALPHANUMERIC = lazy(r"[A-Za-z0-9]")
# The start of an item of a lettered list: "(B) BRASILIA 460", "B. (B) STATE 41489", "REF: (A) …".
# A telegram reference and nothing more: "SAN JOSE 01713", "08 STATE 41489", "STATE 1234 (NOTAL)."
_TELEGRAM_REFERENCE = lazy(r"\s*(?:[0-9]{2}\s+)?[A-Z][A-Z.'-]*(?:\s+[A-Z][A-Z.'-]*){0,3}\s+[0-9]{1,6}"
                                 r"(?:\s*\(NOTAL\))?\s*[.,;]?\s*")
_LIST_LABEL = lazy(r"^\s*(?:REFS?\s*:\s*)?(?:[A-Za-z][.)]\s*)?\(([A-Z])\)")
# A line opening with a lettered option whose letter is no mark: "(F) Gangs and other …".
_OPTION_LABEL = re.compile(r"^\s*\((?![CSU]\))([A-Z])\)\s+\S")


class PortionRecogniser:
    """The portions of one document, in the order read."""

    LINE_START = scan.PARAGRAPH_START  # a line it reads as a paragraph starts so (marks in prose aside)

    def __init__(self, reading):
        self.reading = reading
        self.portions: list[Portion] = []
        self.taken = TakenMarks()  # (line, column of "(") of every mark read (`stray`)
        self.lettered = False  # lower-case list letters seen: (c) is a list item, not CONFIDENTIAL
        self._options: bool | None = None  # do lines open with lettered options that are no marks?

    @staticmethod
    def mark_like(inner: str, numbered: bool = True) -> bool:
        """A portion mark the scanner knows, or a marking it cannot tokenise (read leniently)."""
        return scan.looks_like_mark(inner, numbered) or marking_shaped(inner)

    def paragraph(self, lineno: int, offset: int, text: str) -> None:
        opening = _opening(text) if len(text) <= _MEMO_CHARS else _opening.__wrapped__(text)
        if opening is None:
            return
        if opening is _PROSE:
            self.in_prose(lineno, offset, text, positions=False)
            return
        number, label, line_start, rest_start, mark_text, written, mark_at, inner = opening
        rest = text[rest_start:]
        if written is not None and len(written) == 1 and "a" <= written <= "z":
            # "39. (b) …  40. (c) …": once lower-case list letters appear, (c)/(s)/(u) are letters too
            if inner is None:
                self.lettered = True
            elif self.lettered:
                inner = None
        if number is None and inner is not None and len(inner) == 1 and (
                self._letter_list(lineno, inner) or _TELEGRAM_REFERENCE.fullmatch(rest, len(mark_text))
                or self._answer_option(lineno)):
            # "(B) BRASILIA 460" / "(C) SAO PAULO 260" among lettered items, or an item that is a
            # telegram reference and nothing else ("(C) SAN JOSE 01713" under REF:): a list label
            inner = None
        if number is None and inner is None:
            # an unnumbered line that does not start with a mark is prose, not a portion
            self.in_prose(lineno, offset, text, positions=False)
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
        self.reading.layout.paragraph_read()
        self.add(lineno, offset + rest_start, text, inner, mark_text, mark_at, number=number,
                 is_subject=False, line_end=offset + len(text.rstrip()), line_start=offset + line_start,
                 label=label, redacted=redacted)

    def _letter_list(self, lineno: int, letter: str) -> bool:
        """Is an unnumbered ``(C)`` line one item of an upper-case lettered list (REF lists
        ``(A) … (B) … (C) …``): the nearest non-blank line before it starts with the previous
        letter, or the nearest after it with the next one?"""
        if not letter.isupper() or not letter.isalpha():
            return False
        lines = self.reading.lines
        for step, want in ((-1, chr(ord(letter) - 1)), (1, chr(ord(letter) + 1))):
            index = lineno - 1 + step
            while 0 <= index < len(lines) and not lines[index].strip():
                index += step
            if 0 <= index < len(lines):
                m = _LIST_LABEL.match(lines[index])
                if m and m.group(1) == want:
                    return True
        return False

    def _answer_option(self, lineno: int) -> bool:
        """Is an unnumbered ``(C)`` line the answer chosen to the line before it, as in a
        questionnaire (``2. (U) CRIME AMBIANCE (Emboff neighborhoods are):`` / ``(C) Within
        walking distance …``, 06BUENOSAIRES109)? The line before ends with a colon, and other
        lines of the document open with lettered options that are no mark, ``(D)``, ``(F)``."""
        lines = self.reading.lines
        index = lineno - 2
        while index >= 0 and not lines[index].strip():
            index -= 1
        if index < 0 or not lines[index].rstrip().endswith(":"):
            return False
        if self._options is None:
            self._options = any(_OPTION_LABEL.match(line) for line in lines if line.lstrip().startswith("("))
        return self._options

    def add(self, lineno, mark_offset, text, inner, written, mark_at, *, number, is_subject, line_end,
            line_start=None, label=None, redacted=False):
        """The portion of a paragraph (or of the subject line), and the marks inside its line."""
        start = line_start if line_start is not None else mark_offset
        inside = None
        if not is_subject and inline.may_hold(text):  # marks inside the line: sub-portions, glued paragraphs
            offset = line_end - len(text.rstrip())
            after = mark_offset + mark_at + len(written) - offset if inner is not None else start - offset
            inside = inline.inline_marks(text, after, number_value(number))
            if inside:
                line_end = offset + len(text[:inside[0].start].rstrip())
        self._portion_at(lineno, mark_offset, text, inner, written, mark_at, number=number, is_subject=is_subject,
                         line_end=line_end, start=start, label=label, redacted=redacted)
        if inside:
            self._inline_portions(lineno, offset, text, inside)

    def in_prose(self, lineno: int, offset: int, text: str, positions: bool = True) -> None:
        """Marks at sentence starts in a line that is not a portion (a wrapped line, a heading
        glued before a paragraph: ``CHINA ----- 3. (C) The Commission …``), and the mark that ends a
        heading line (``Background (S)``). A line the pass took for prose that opens with labels
        and a mark (`positions`: ``iv. (S)``, ``Note: (S)``, ``> (S)``) is a portion after all;
        `positions` is False when `paragraph` has looked for those already."""
        if not self.reading.banners:
            return
        if positions and "(" in text and labelled_mark(text) is not None:
            self.paragraph(lineno, offset, text)
            return
        if not inline.may_hold(text):
            heading = inline.heading_mark(text) if text.endswith(")") else None
            if heading is not None:
                self.reading.layout.paragraph_read()
                self._inline_portions(lineno, offset, text, [heading])
            return
        last = next((p.paragraph for p in reversed(self.portions) if p.paragraph is not None), None)
        marks = inline.inline_marks(text, 0, last)
        if marks:
            self.reading.layout.paragraph_read()
            self._inline_portions(lineno, offset, text, marks)

    def _inline_portions(self, lineno: int, offset: int, text: str, marks: list) -> None:
        """The portions of marks inside a line (markcheck.reader.inline), each up to the next one."""
        ends = [m.start for m in marks[1:]] + [len(text)]
        for mark, end in zip(marks, ends):
            line_end = offset + len(text[:end].rstrip())
            columns = offset + mark.mark_start, offset + mark.mark_start + len(mark.written)
            marking = self._parse_mark(mark.inner, lineno, offset + mark.mark_start + 1, columns)
            self.portions.append(Portion(span_at(lineno, offset + mark.start, line_end), mark.written, marking,
                                         span_at(lineno, *columns), mark.number, number_value(mark.number), False,
                                         label=mark.number and mark.number + "."))

    def _portion_at(self, lineno, mark_offset, text, inner, written, mark_at, *, number, is_subject, line_end,
                    start, label, redacted):
        if inner is None:
            span = span_at(lineno, start, line_end)
            trailing = scan.TRAILING_MARK.search(text) if not is_subject else None
            if trailing and number is not None:
                marking = self._parse_mark(trailing.group(0).strip()[1:-1], lineno, trailing.start())
                if self._keeps(marking, span):
                    mark_span = span_at(lineno, trailing.start(), trailing.start() + len(trailing.group(0).strip()))
                    self.portions.append(Portion(span, trailing.group(0).strip(), marking, mark_span, number,
                                                 number_value(number), is_subject, placement="trailing", label=label))
                return
            if self._keeps(None, span):
                self.portions.append(Portion(span, None, None, None, number, number_value(number), is_subject,
                                             label=label, redacted=redacted))
            return
        mark_start = mark_offset + mark_at  # (`written`: the mark as written, parentheses and all)
        mark_end = mark_start + len(written)
        marking = self._parse_mark(inner, lineno, mark_start + 1, (mark_start, mark_end))
        # (the spans are made for a portion kept: past the bound, most are only counted)
        if len(self.portions) < MAX_ELEMENTS or self.reading.folding.keeps_portion_at(self.portions, marking,
                                                                                      lineno, start, line_end):
            self.portions.append(Portion(span_at(lineno, start, line_end), written, marking,
                                         span_at(lineno, mark_start, mark_end), number, number_value(number),
                                         is_subject, label=label))

    def _keeps(self, marking: Marking | None, span: Span) -> bool:
        """Every portion up to MAX_ELEMENTS is kept; past it, see `fold.Folding.keeps_portion`."""
        return len(self.portions) < MAX_ELEMENTS or self.reading.folding.keeps_portion(self.portions, marking, span)

    def _parse_mark(self, inner: str, lineno: int, inner_offset: int,
                    mark_columns: tuple[int, int] | None = None) -> Marking | None:
        """The marking of a mark (`inner`: what its parentheses hold); `mark_columns`, the
        0-based columns of the mark as written, when they are not those of ``(inner)``."""
        self.taken.add(lineno, mark_columns[0] if mark_columns else inner_offset - 1)
        marking, exc = _portion_or_error(inner)
        if exc is not None:
            # read as far as it goes: what is left stays in `unknown`, and is reported from there
            marking = read_portion(inner)
            if marking is not None and marking.unknown:
                return marking
            # read whole only by passing over its form (`( S//REL TO USA,, GBR)`): still reported
            # as unreadable, but its level and controls count in the roll-up
            column = inner_offset + exc.column
            self.reading.report(Unreadable("portion", f"({inner})", Span(lineno, column, lineno, column + 1),
                                           plain("the portion mark", f"({inner})", exc, shift=1)))
            return marking
        if marking.level is None and not marking.fgi:
            start, end = mark_columns or (inner_offset - 1, inner_offset + len(inner) + 1)
            self.reading.report(Unreadable("portion", f"({inner})", span_at(lineno, start, end),
                                           f"unknown portion mark ({inner}): no classification level or control"))
            return None
        return marking


@functools.lru_cache(maxsize=4096)
def _portion_or_error(inner: str) -> tuple[Marking | None, MarkingSyntaxError | None]:
    """`parse_portion`, with its error kept like its result: a document that repeats an
    unreadable mark is parsed once per distinct mark, not once per line (the parser's own
    cache keeps results only)."""
    try:
        return parse_portion(inner), None
    except MarkingSyntaxError as exc:
        return None, exc


# A line or cell no longer than this has its opening memoised (`_opening`): a spreadsheet row of
# a million equal cells, or a short paragraph repeated on every page, is looked at once.
_MEMO_CHARS = 80
_PROSE = "prose"  # (`_opening`: the line is not a portion; marks inside it are read as in prose)


@functools.lru_cache(maxsize=4096)
def _opening(text: str):
    """How a line that may be a paragraph opens, apart from where it stands and what was read
    before it: None when it is no portion at all, _PROSE when it is prose, else its number,
    label, where it starts, where the text after its number starts, the mark as written, what
    the mark's parentheses hold, where the mark starts in that text, and the mark if it reads as
    one (`PortionRecogniser.paragraph` then weighs the list letters read before it)."""
    # (most lines here are numbered paragraphs: PARAGRAPH_MARK is tried before the PARAGRAPH_START gate)
    m = scan.PARAGRAPH_MARK.match(text)
    number = label = None
    if m:
        indent, number, separator, mark_text, written = m.groups()  # (the number follows `indent`)
        rest_start = m.end(3)
        rest = text[rest_start:]
        if not rest.strip():
            return None
        if not (rest.startswith("(") or separator[-1:].isspace() or separator.strip() in (".", ")")):
            return None
        if number.isdigit() and int(number) > 300:
            return None
        line_start = len(indent)
        label = (number + separator).strip()
    elif not scan.PARAGRAPH_START.match(text):
        return _labelled(text)
    else:
        m = scan.SUBPARAGRAPH.match(text)
        if m:
            rest_start = m.end()
            label = m.group(0).strip()
        elif scan.LEADING_MARK.match(text):
            rest_start = len(text) - len(text.lstrip())
        else:  # prose after all, unless labels open it (`positions`): marks inside it are read as in prose
            return _labelled(text)
        line_start = rest_start
        rest = text[rest_start:]
        mark = scan.MARK.match(rest)
        mark_text, written = mark.group(0, 1) if mark else (None, None)  # the mark; what its parentheses hold
    mark_at = 0  # (where the mark starts in `rest`)
    mark_like = PortionRecogniser.mark_like
    inner = written if written is not None and mark_like(written, number is not None) else None
    if number is not None and inner is None:
        headed = scan.HEADED_MARK.match(rest)  # "1. Key Points: -- (C) text", "1. Summary: (SBU) text"
        if headed:
            mark = scan.MARK.match(rest, headed.end())
            mark_text, written = mark.group(0, 1) if mark else (None, None)
            mark_at = headed.end()
            inner = written if written is not None and mark_like(written, True) else None
    if number is None and inner is None and written is not None:  # "(a) (S) text": a label, then the mark
        labelled = _labelled(text)
        if labelled is not _PROSE:
            return labelled
    return number, label, line_start, rest_start, mark_text, written, mark_at, inner


def _labelled(text: str):
    """`_opening` of a line that opens with labels and a mark (markcheck.reader.positions:
    ``iv. (S)``, ``[ ] (S)``, ``Note: (S)``), else _PROSE."""
    found = labelled_mark(text) if "(" in text else None
    if found is None:
        return _PROSE
    return None, found.label, found.label_start, found.rest_start, found.written, found.inner, 0, found.inner
