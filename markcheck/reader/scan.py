"""The line shapes the reader's recognisers share (markcheck.reader.recognise).

How the lines of cables and memos look (classification line, captions, E.O. line, TAGS,
SUBJECT, classification authority block, numbered paragraphs), with the oddities of real
archives (letter-spaced banners, glued header lines, wrapped REASON lines, pasted metadata rows,
CSV continuation backslashes), and the line-start gates built from them. The shapes find
marking strings for the grammars and never decide what is lawful.
"""

from __future__ import annotations

import functools
import itertools
import re

from .. import register
from ..lazyre import lazy
from .prefilter import FOLDS_TO_ASCII
from .scan_banner import (BANNER_START, DESIGNATIONS, NON_US_DESIGNATIONS, SPACED_HINT, BannerLine,  # noqa: F401
                          _BANNER_OPENINGS, _GLUED_SPACED, _WRITTEN, _words_pattern, collapse_banner, find_banner,
                          line_start)

# How a line starts that may open with a date-time group ("O 201552Z MAR 09", "O P 040759Z MAR
# 08", "131914Z DEC 89"): up to two precedence letters, then the day and time. A gate only: the
# dtg grammar reads the group and the service text after it (parse.parse_dtg_line).
DTG_START = re.compile(r"\s*(?:[ZOPRM] ){0,2}[0-9]{6}")
DAY_DATE = re.compile(r"^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), "
                      r"([0-9]{1,2} [A-Z][a-z]+ [0-9]{4})")
# A memo's date alone on a line, without a label: "March 3, 2020", "3 March 2020", "Sept. 3, 2020",
# "March 3rd, 2020", "Tuesday, March 3, 2020", "03/03/2020", "2020-03-03".
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)(?:[a-z]{0,6}\.?)"
_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?"
UNLABELLED_DATE = re.compile(r"^\s*" + _WEEKDAY + r"(" + _MONTH + r" " + _DAY + r", ?[0-9]{4}|" + _DAY + r" " + _MONTH
                             + r",? [0-9]{4}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})\s*$")
ISO_DATE = lazy(r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})(?: [0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?\s*$")
LABELLED_ROW = lazy(r"^\s*(?:Class|Date|Key|Tags):[ ]*\t")
ROW_NUMBER = lazy(r"^\s*[0-9]{1,7}\s*$")
TAB_ROW = lazy(r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})(?: [0-9:]+)?\t")
SECURITY_CODE = re.compile(r"^\s*(ZN[YR])\s+([A-Z]{5})\b")
# The E.O. line, also written without dots ("EO 12958 DECL: 06/16/2016", "E.O 12958:").
EO_LINE = re.compile(r"E\s?\.?\s?[OM0]\s?\.?\s*(?::\s*(?=[0-9]))?([0-9]{3,5})?\s*:?", re.I)  # also "E.O.: 12958:"
EO_START = re.compile(r"^\s*E\s?\.\s?[OM0]\s?\.?\s*[0-9]{3,5}|^\s*EO\s+[0-9]{4,5}\b|^\s*E\s?\.\s?O\s?\.?\s*:", re.I)
# (not inside "DECLASSIFIED BY": a declassification stamp on the E.O. line is not a CAB; "Derived
# from:" glued after a SUBJECT or REF line starts the derivative block, 09TRIPOLI805)
LABEL_SPLIT = lazy(r"(?<=\S)\s*(?=E\s?\.\s?O\s?\.\s*[0-9]{4,5}\s*:|TAGS?:|SUBJECT:|(?<!DE)CLASSIFIED BY\b|DERIVED FROM\s*:)", re.I)
TAGS = re.compile(r"^\s*TAGS?\b\s*:?\s*(.*)$", re.I)
SUBJECT = re.compile(r"^\s*SUBJ(?:ECT)?\s*:\s*(.*)$", re.I)
CLASSIFIED_BY = re.compile(r"\bclassi?fied\s+by\b(?!\s*:?\s*line\b)\s*:?\s*", re.I)  # not "(ADDED CLASSIFIED BY LINE)"
DATE_LINE = re.compile(r"^\s*dated?\s*:\s*(\S(?:.*\S)?)\s*$", re.I)  # not (\S.*?)\s*$: quadratic on blank runs
DERIVED_FROM = lazy(r"^\s*derived\s+from\s*:\s*(.*)$", re.I)
DECLASSIFY_ON = lazy(r"^\s*declassify\s+on\s*:\s*(.*)$", re.I)
REASON_LINE = lazy(r"^\s*reasons?\s*:\s*(.*)$", re.I)
# A paragraph number: "1.", "12)", "¶3.", "4 (C)"; never the start of a decimal ("2.7 million",
# or a reason citation wrapped onto its own line, "1.4 (b) and (d)").
PARAGRAPH = lazy(r"^(\s*(?:\u00b6\s*)?)([0-9]{1,3})(\s*[.)](?![0-9])\s*|\s+(?=\())")
# "A. (C) text", "-- (S) text"; a letter glued to the parenthesis ("D(S):PPARK", a drafting
# line) is not a sub-paragraph.
SUBPARAGRAPH = lazy(r"^(\s*)(?:([A-Za-z])(\.\s*|\s+)|(--|-|\*|\u2022)(\s*))(?=\()")
LEADING_MARK = lazy(r"^\s*\(")
# The *_START patterns: supersets, matched from the start of a line, which let the reader pass
# over a line without reading it further. Each is blanks and then one of several openings,
# every opening starting with a character or a set of them: the regex engine tests that before
# it tries the rest of the opening, and reads the blanks once, not once per opening.
# How a line starts that `_paragraph` reads as a paragraph: PARAGRAPH, SUBPARAGRAPH or LEADING_MARK.
_PARAGRAPH_NUMBER = r"[0-9]{1,3}(?:\s*[.)](?![0-9])|\s+\()"
_PARAGRAPH_OPENINGS = (r"\(", _PARAGRAPH_NUMBER, r"\u00b6\s*" + _PARAGRAPH_NUMBER, r"[A-Za-z](?:\.\s*|\s+)\(",
                       r"--?\s*\(", r"[*\u2022]\s*\(")
PARAGRAPH_START = line_start(*_PARAGRAPH_OPENINGS)
# How a line starts that holds a date of origin (DTG, DATE_LINE, DAY_DATE).
_DATE_OPENINGS = (r"[0-9]", r"[ZOPRM] (?:[ZOPRM] )?[0-9]", r"[Dd][Aa][Tt][Ee]",
                  r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", _MONTH + " ")
DATE_START = line_start(*_DATE_OPENINGS)
# Characters that start no line BANNER_START matches (it needs a blank, a quote or an ASCII
# letter first): paragraph numbers and marks, which most lines the reader reads start with.
NO_BANNER_INITIALS = frozenset("0123456789(-*.\u00b6\u2022")
# How every body line starts that may be a paragraph (PARAGRAPH, SUBPARAGRAPH, LEADING_MARK) or
# a classification line (BANNER_START): the reader passes over the other body lines, the prose.
BODY_LINE_START = line_start(*_PARAGRAPH_OPENINGS, *_BANNER_OPENINGS)


def _letter_openings() -> frozenset[str]:
    """The three letters BODY_LINE_START matches: a designation's first three, in any letter case."""
    heads = {word[:3] for word in DESIGNATIONS + NON_US_DESIGNATIONS}
    cased = {"".join(chars) for head in heads for chars in itertools.product(*zip(head.lower(), head))}
    return frozenset(head for head in cased if BODY_LINE_START.match(head))


# Every other opening of BODY_LINE_START has a non-letter (a blank, a dot, a parenthesis, a
# digit ...) among its first three characters. So a line whose first three characters after
# blanks (or all of them, if fewer) are letters, and not one of these, is prose: a string test
# tells the reader so on most body lines, where the regex call costs several times more.
LETTER_OPENINGS = _letter_openings()

# How every header line starts (before the body: routing lines, the classification line, its
# captions, E.O. line, TAGS, SUBJECT, ISOO authority lines) that may carry something the reader
# takes: a date, a transmission security code, a classification line, a paragraph, or one of
# the labels (EO_START, CAPTION_LINE, TAGS, SUBJECT, DERIVED FROM, DECLASSIFY ON, REASON).
# Words found anywhere (CLASSIFIED BY, glued labels) and classification lines glued after
# other text are looked for separately.
HEADER_LINE_START = line_start(
    *_DATE_OPENINGS, *_BANNER_OPENINGS, *_PARAGRAPH_OPENINGS, r"ZN[YR]", r"[Ee]",
    r"(?i:noforn|sipdis|nodis|exdis|limdis|stadis|sensitive|releasable|rel to|dea sensitive|tags?|subj|derived"
    r"|declassify|reasons?)")
# A whole-text mark written without parentheses: "1. SECRET - ENTIRE TEXT.", "1.Secret - Entire Text."
BARE_ENTIRE_TEXT = lazy(r"((?:" + _words_pattern(_WRITTEN) + r")\s*-+\s*ENTIRE\s+TEXT)(?![A-Za-z])", re.I)
# A portion mark missing one of its parentheses right after a paragraph number: "5. C) Text",
# "7. SBU) Text", "5. (C Text", "11. (C XXXXXXXXXXXX": read as a mark, reported by POR-003.
MALFORMED_MARK = lazy(r"\((TS|S|C|U|SBU)(?=\s+[A-Z(\"'])|(TS|S|C|U|SBU|[SC]//?NF|SBU/NF)\)")
# A paragraph whose text starts with a redaction (WikiLeaks "XXXXXXXXXXXX", "[DETAILS REMOVED]").
REDACTED_START = lazy(r"\s*(?:(?:\(\s*)?[Xx]{4,}|\[?DETAILS REMOVED)")  # not \s*\(?\s*: quadratic
# A short heading or a repeated number between a paragraph number and its mark:
# "1. Key Points: -- (C) text", "1.KEY POINTS -- (C)", "1. Summary: (SBU)", "1. 1. (SBU)".
HEADED_MARK = lazy(r"\s*(?:[0-9]{1,3}\.\s*|[A-Za-z][A-Za-z ]{1,24}?\s*(?::(?:\s*(?:--?|\u2014))?|--?|\u2014)\s*)(?=\()")
# (up to 200 characters: a CAPCO mark with a long REL TO list, "(C//REL TO USA, AUS, CAN, GBR,
# NZL, DEU, FRA, ITA)", is a mark; `looks_like_mark` keeps other long parentheticals out)
MARK = re.compile(r"\(([^()\n]{1,200})\)")
# PARAGRAPH and, in the same regex call, the MARK right after it (groups 4 and 5; None if none)
PARAGRAPH_MARK = re.compile(PARAGRAPH.pattern + "(" + MARK.pattern + ")?")
_CAPCO_MARK = re.compile(r"(?:TS|S|C|U)\s*//")
# a classified level, portion or banner form, then REL: (SECRET/rel IAEA), (S/REL FRANCE, ... AND QATAR)
_RELEASE_MARK = re.compile("(?:" + _words_pattern(w for e in reversed(register.us_levels()) if e.portion != "U"
                                                  for w in (e.portion, e.banner))
                           + r")(?:\s*/{1,2}\s*|\s+)REL\b", re.I)
TRAILING_MARK = lazy(r"\((TS|S|C|U|SBU)(?:[/ -]{1,2}[A-Z]{1,6})?\)\s*$")
# (link text and target stop at the next bracket: a line of "[" or "[a](" must not be quadratic)
MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\[\]\s]*\)")
LEVEL_WORD = lazy(r"\b(?:" + _words_pattern(e.banner for e in reversed(register.us_levels())) + r")\b", re.I)
COMPILATION = lazy(r"classif\w*\s+(?:by|based\s+on|due\s+to)\s+(?:the\s+)?compilation", re.I)

CAPTION_WORDS = _CAPTION_WORDS = ("NOFORN", "SIPDIS", "NODIS", "EXDIS", "LIMDIS", "STADIS", "SENSITIVE")
CAPTION_LINE = re.compile(
    r"^\s*((?:(?:" + "|".join(_CAPTION_WORDS) + r")(?![A-Za-z])[\s,;/]*)++)(.*)$", re.I)
# the first words of the release and handling captions (RELEASABLE TO PAKISTAN, DEA SENSITIVE)
_OTHER_CAPTION_WORDS = ("RELEASABLE", "REL TO", "DEA SENSITIVE")

# The labels a header piece may start with (their patterns are matched from its start), each
# with the letters its pattern can open with. The reader tries a label's pattern only on a
# piece whose first character after blanks is one of them: a dictionary look-up for the piece
# instead of a regex call for every label.
_LABEL_INITIALS = {"caption": "".join(sorted({word[0].lower() for word in _CAPTION_WORDS + _OTHER_CAPTION_WORDS})),
                   "eo": "e", "tags": "t", "subject": "s", "derived_from": "d", "declassify_on": "d", "reason": "r"}
HEADER_LABELS = frozenset(_LABEL_INITIALS)


def _labels_by_initial() -> dict[str, frozenset[str]]:
    """For every character that re.IGNORECASE matches to a label's initial (either letter case,
    or a non-ASCII letter that folds onto it, such as "\u017f" onto "s"), the labels it may start."""
    labels: dict[str, set[str]] = {}
    for label, letters in _LABEL_INITIALS.items():
        initial = re.compile(f"[{letters}]", re.I)
        for char in letters + letters.upper() + FOLDS_TO_ASCII:
            if initial.fullmatch(char):
                labels.setdefault(char, set()).add(label)
    return {char: frozenset(found) for char, found in labels.items()}


_LABELS_BY_INITIAL = _labels_by_initial()
_NO_LABELS: frozenset[str] = frozenset()


def header_labels(piece: str) -> frozenset[str]:
    """The labels (of HEADER_LABELS) that may start `piece`, told by its first character after blanks."""
    return _LABELS_BY_INITIAL.get(piece.lstrip()[:1], _NO_LABELS)


_LEVEL_BANNERS = frozenset(e.banner for e in register.us_levels())
_MARK_FIRST_WORDS = frozenset({*(w for w in register.level_forms() if " " not in w), "UNCLAS", "SBU", "LOU", "FOUO",
                               "NF", "CUI", "LES", "NOFORN", "REL", "SBU-NF"})


_MARK_LETTERS = frozenset("CSUTNFBREO")
# Acronyms made only of mark letters that head a paragraph as a topic label: "3. (EU) Barroso …".
_ACRONYMS = frozenset({"EU", "UN", "US", "NSC", "ROC"})
# State office symbols: S/CT, S/P, S/ES, S/GAC, S/SRAP …
_OFFICE_SYMBOL = lazy(r"S/(?:CT|P|ES|ES-O|GAC|SRAP|CRS|WCI|OCR|TIP|SEMEP|USSES|CIEA|ECC|LGBT|RPP|SECC)")
# a lower-cased mark with dissemination controls, (s/nf) or (c//noforn); never prose like (s/he)
_LOWER_CASE_MARK = re.compile(r"(?:ts|s|c|u|sbu)(?:\s*/{1,2}\s*(?:nf|noforn|orcon|oc|fouo|sbu|rel(?: to)? [a-z ,]+))+")


@functools.lru_cache(maxsize=4096)
def looks_like_mark(inner: str, numbered: bool = True) -> bool:
    """Is a parenthesised text at the start of a portion meant as a portion mark?

    Known mark words always count. Right after a paragraph number, a short upper-case code made
    only of letters that marks use ((SE), (CNF), (SC)) counts too, and so does any single capital
    ((K)): it stands where the mark goes, so a typo is reported (POR-003) rather than silently
    taken for prose. Acronyms such as (AU), and list labels such as (A) on a line without a
    paragraph number, do not.
    """
    text = inner.strip()
    if text.startswith("//"):  # non-US portion marks: (//GBR C), (//NATO S), (//NR)
        return bool(re.fullmatch(r"//[A-Z]{2,6}( (TS|S|C|U|R))?", text))
    if not text or len(text) > (200 if _CAPCO_MARK.match(text) or _RELEASE_MARK.match(text) else 45) \
            or not re.fullmatch(r"[A-Za-z/ ,&\-]+", text):
        return False
    if re.match(r"(?:[A-Z] ){3}", text):
        return False  # a letter-spaced note such as (C O R R E C T E D C O P Y), not a mark
    if text in ("c", "s", "u", "sbu", "ts") or _LOWER_CASE_MARK.fullmatch(text):
        return True  # sentence-case renderings: (c), (s), (u), (s/nf)
    if text != text.upper():
        # mixed case: only marks like (C/Rel Aus) or (S/Rel China), and a level word spelled out
        # right after a paragraph number: "1. (Confidential) Key Points"
        if numbered and text.upper() in _LEVEL_BANNERS:
            return True
        return bool(re.match(r"^(TS|S|C|U|SBU)\s*/+\s*", text)) or bool(_RELEASE_MARK.match(text))
    if text == "R" or text in NON_US_DESIGNATIONS:
        return numbered  # "3. (R) …": a non-US level used as a US mark (LVL-003); not (R-IN)
    first = re.split(r"[/ ,\-]", text, maxsplit=1)[0]  # (C,NF): a mark with a comma for a slash, reported
    if not numbered and _OFFICE_SYMBOL.fullmatch(text):
        return False  # "(S/CT) funds …" on a wrapped line: a State office symbol, not a mark
    if first in _MARK_FIRST_WORDS:
        return True
    if numbered and len(text) == 1 and text.isalpha():
        return True  # "1. (K) Text": one capital right after a paragraph number stands where the mark goes
    return numbered and 2 <= len(text) <= 3 and set(text) <= _MARK_LETTERS and text not in _ACRONYMS


def split_glued(text: str) -> list[tuple[int, str]]:
    """Header lines whose breaks were lost: ``…NOFORNE.O. 12958: DECL: …TAGS: …``."""
    low = None
    if text.isascii():  # fast path: a label needs CLASSIFIED BY, or a colon after E.O. (dotted),
        low = text.lower()  # TAGS, SUBJECT or DERIVED FROM
        if "classified" not in low and (":" not in text or ("." not in text and "tag" not in low
                                                              and "subject" not in low and "derived" not in low)):
            return [(0, text)]
    if (_LABEL.search(text, 1) if low is None else _LABEL_LOWER.search(low, 1)) is None:
        return [(0, text)]  # (a label at the start splits nothing: most E.O., TAGS and SUBJECT lines)
    starts = [0] + _label_starts(text, low)
    # "NOFORNE.O." — the E of E.O. glued to a caption word
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        out.append((start, text[start:end]))
    return out


# The labels of LABEL_SPLIT themselves, searched from their first letter: far fewer positions
# to try than LABEL_SPLIT's lookbehind at every character.
_LABEL = lazy(LABEL_SPLIT.pattern[LABEL_SPLIT.pattern.index("(?=") + 3:-1], re.I)
# ... and written in lower case, for the lower-cased text of an ASCII line: there re.IGNORECASE
# is exactly lower-case comparison, and a case-sensitive search is about three times faster.
# (Lower-casing the pattern keeps its meaning: it has no escape such as \S or \B; a test checks.)
_LABEL_LOWER = re.compile(_LABEL.pattern.lower())


def _label_starts(text: str, low: str | None = None) -> list[int]:
    """Where LABEL_SPLIT matches in `text` after its start: before each label, at the start of
    the blanks that lead to it, when a non-blank comes before them. `low`: `text` lower-cased,
    given only for ASCII text."""
    starts = []
    for m in (_LABEL.finditer(text) if low is None else _LABEL_LOWER.finditer(low)):
        start = m.start()
        while start > 0 and text[start - 1].isspace():
            start -= 1
        if start > 0:
            starts.append(start)
    return starts


def clean_line(line: str) -> str:
    """Strip CSV continuation backslashes and trailing blanks; keep columns of the rest."""
    line = line.rstrip()
    if line.endswith("\\"):
        line = line[:-1].rstrip()
    return line
