"""Classification lines (banners): the first, page and section banners, repeats and the closing
one, letter-spaced or glued to the header pieces after them, with a telegram's tail (originator,
number and captions) read apart from the marking."""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from ...model import MAX_ELEMENTS, Level, Unreadable
from ...vocabulary import vocabulary
from .. import scan
from ..lenient import with_tail_controls
from ..grammar import MarkingSyntaxError
from ..parse import parse_banner
from .common import span_at
from .trouble import plain

_LETTERS_NUMBER = re.compile(r"[A-Z]{2,4}[0-9]{3,6}")  # a banner tail of letters glued to a number
_TELEGRAM_NUMBER = re.compile(r"^[0-9]{2,7}$")
_GLUED_NUMBER = re.compile(r"^([0-9]{2,7})([A-Z][A-Z.:0-9]*)$")


class BannerRecogniser:
    """The classification lines of one document (`reading.banners`), in the order read."""

    LINE_START = scan.BANNER_START  # every classification line starts so (after blanks)

    def __init__(self, reading):
        self.reading = reading
        self.banners: list[Banner] = []

    def read(self, lineno: int, offset: int, text: str, line: scan.BannerLine) -> bool:
        """Is `text` (a line or a segment, `line` its collapsed designation) a classification line? Read it."""
        reading, layout = self.reading, self.reading.layout
        text_reading = _banner_reading(line.text)
        if text_reading is None:
            return False
        glued, banner_text, parts, originator, number, tail_captions, error = text_reading
        if error is not None:
            # The designation is kept (it is recognisable); the rest is reported as unreadable.
            column = offset + line.column - 1 + _source_column(text[line.column - 1:], banner_text, error.column)
            reading.report(Unreadable("banner", text.strip(), span_at(lineno, column - 1, column),
                                      plain("the classification line", banner_text, error)))
        first = not self.banners
        if not first and not _banner_shaped(parts, originator, number) \
                and not (not layout.body and line.spacing != "plain"):
            return False
        if first and layout.body and not _banner_shaped(parts, originator, number):
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
        if first:
            kind = "first"
        elif parts.section is not None:
            kind = "section"
        elif parts.page is not None or layout.body:
            kind = "page"
        else:
            kind = "repeat"
        raw = text.strip() if len(glued) == 1 or raw_glued is None else raw_glued[0][1].strip()
        # (past the bound a banner of a text already kept is counted: no span, no model object)
        fields = (kind, raw, parts.marking, lineno, start, end, line.spacing, parts.section, originator, number,
                  parts.designation)
        if len(self.banners) < MAX_ELEMENTS or reading.folding.keeps_banner_at(self.banners, fields):
            self.banners.append(reading.folding.banner(fields))
        opens_header = first or (number is not None and not layout.body) or kind == "repeat" or \
            (number is not None and parts.section is not None and parts.section[0] == 1)
        if opens_header:
            layout.header_opened()
            for name in tail_captions:
                reading.captions.add(name, name, span_at(lineno, start, end))
        for glue_offset, piece in (raw_glued or glued)[1:]:
            reading.header.piece(lineno, offset + line.column - 1 + glue_offset, piece, glued=True)
        return True


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
        designation = banner_text[:exc.column - 1].rsplit("SECTION", 1)[0].strip(" /") or banner_text.split(None, 1)[0]
        try:
            parts = parse_banner(designation)
        except MarkingSyntaxError:
            return None
        error = exc
    parts = with_tail_controls(parts)
    originator, number, tail_captions = split_tail(parts.tail)
    parts, originator = _compound_designation(parts, originator, tail_captions)
    return glued, banner_text, parts, originator, number, tuple(tail_captions), error


def _banner_shaped(parts, originator, number) -> bool:
    if parts.section is not None or parts.page is not None or parts.tail is None:
        return True
    words = parts.tail.split()
    return number is not None and len(words) <= 6 or bool(_LETTERS_NUMBER.fullmatch(parts.tail))


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


def split_tail(tail: str | None) -> tuple[str | None, str | None, list[str]]:
    """Originator, telegram number and caption words glued after them (``ROME 001018 NOFORN SIPDIS``)."""
    if not tail:
        return None, None, []
    words = tail.split()
    originator, number, captions = [], None, []
    for word in words:
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
