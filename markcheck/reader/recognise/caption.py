"""Captions: the words under a telegram's classification line (NOFORN, SIPDIS, EXDIS, NODIS,
SENSITIVE …), a written-out "sensitive but unclassified" statement, which conveys SBU, the
release caption (RELEASABLE TO PAKISTAN), the cable's overall release marking, and handling
captions (DEA SENSITIVE). Caption words at the end of a passing instruction (``STATE FOR
CA/P/IP … DOETSCH SENSITIVE``) are captions too: the line break before them was lost."""

from __future__ import annotations

import re

from ...model import Caption, Span
from ...vocabulary import country_code
from .. import scan
from .common import span_at

_WORD = re.compile(r"[A-Za-z]+")
# A statement that the telegram is SBU (its SENSITIVE caption written out).
_SBU_STATEMENT = re.compile(r"\bsensitive\s+but\s+unclassified\b", re.I)
# The release caption, in capitals as captions are written: "RELEASABLE TO UK", "REL TO
# PAKISTAN AND INDIA"; the countries as names or codes.
_RELEASE = re.compile(r"^\s*(?:RELEASABLE|REL)\s+TO\s+([A-Z][A-Z .,/&'-]{0,80}?)[\s.]*$")
_COUNTRY_BREAK = re.compile(r"(?<!\s)\s*(?:,|/|&|\bAND\b)\s*")  # (a match starts where a blank run starts: linear)
# Handling captions of other agencies, by the dissemination control they stand for.
_HANDLING = {"DEA SENSITIVE": "DEA SENSITIVE"}
_HANDLING_LINE = re.compile(r"^\s*(DEA\s+SENSITIVE)\s*$")
# A passing instruction ("STATE FOR …", "DEPT PASS TO …", "USDOC ALSO FOR …") with caption
# words glued onto its end, in capitals.
_PASSING = re.compile(r"^\s*[A-Z][A-Z/.&-]*(?:\s+[A-Z][A-Z/.&-]*){0,2}\s+(?:ALSO\s+)?(?:FOR|PASS)\s")
_CAPTION_WORDS = frozenset(scan.CAPTION_WORDS)


class CaptionRecogniser:
    """The captions of one document, each name once (the first occurrence)."""

    WORDS = ("sensitive",)  # every line `statement` reads holds it (the pass looks it up)

    def __init__(self):
        self.captions: list[Caption] = []

    def add(self, name: str, raw: str, span: Span) -> None:
        for caption in self.captions:
            if caption.name == name:
                return
        self.captions.append(Caption(name=name, raw=raw, span=span))

    def statement(self, lineno: int, offset: int, text: str) -> None:
        """"THIS CABLE IS SENSITIVE BUT UNCLASSIFIED. NOT FOR INTERNET DISTRIBUTION." in the
        header or opening paragraph 1 conveys SBU like the SENSITIVE caption does."""
        m = _SBU_STATEMENT.search(text)
        if m:
            self.add("SENSITIVE", m.group(0), span_at(lineno, offset + m.start(), offset + m.end()))

    def line(self, lineno: int, offset: int, text: str) -> bool:
        """A caption line (``NOFORN SIPDIS``), a "Sensitive but unclassified" one, a release or
        a handling caption: read?"""
        m = scan.CAPTION_LINE.match(text)
        if not m:
            return self._release(lineno, offset, text) or self._handling(lineno, offset, text)
        rest = m.group(2).strip()
        words = _WORD.findall(m.group(1))
        if rest and rest[0].isalpha() and rest.split(None, 1)[0].upper() in ("BUT",):
            if words[-1].upper() == "SENSITIVE":  # "Sensitive but unclassified" statement
                self.add("SENSITIVE", text.strip(), span_at(lineno, offset, offset + len(text)))
                return True
        upper = m.group(1).upper()
        for w in words:
            start = offset + m.start(1) + upper.find(w.upper())
            self.add(w.upper(), w, span_at(lineno, start, start + len(w)))
        return True

    def _release(self, lineno: int, offset: int, text: str) -> bool:
        """``RELEASABLE TO PAKISTAN``: the cable's overall release marking (5 FAH-3 H-713)."""
        m = _RELEASE.match(text)
        if not m:
            return False
        names = [name for name in _COUNTRY_BREAK.split(m.group(1)) if name.strip()]
        if not names:
            return False
        # (the caption names the foreign recipients; the release list it stands for starts with USA)
        countries = tuple(dict.fromkeys(("USA", *(country_code(name) for name in names))))
        span = span_at(lineno, offset + len(text) - len(text.lstrip()), offset + len(text.rstrip()))
        if not any(c.name == "REL TO" for c in self.captions):
            self.captions.append(Caption(name="REL TO", raw=text.strip(), span=span, countries=countries))
        return True

    def _handling(self, lineno: int, offset: int, text: str) -> bool:
        """``DEA SENSITIVE``: a handling caption, the dissemination control of that name."""
        m = _HANDLING_LINE.match(text)
        if not m:
            return False
        self.add(_HANDLING[" ".join(m.group(1).split())], m.group(1), span_at(lineno, offset + m.start(1), offset + m.end(1)))
        return True

    def trailing(self, lineno: int, offset: int, text: str) -> bool:
        """Caption words glued onto the end of a passing instruction (``STATE FOR CA/P/IP …
        MARY DOETSCH SENSITIVE``, 08STOCKHOLM704): read? The instruction itself is no marking."""
        if not _PASSING.match(text):
            return False
        words = []  # the caption words that end the line, last first
        end = len(text.rstrip(" \t,;"))
        while end > 0:
            start = max(text.rfind(" ", 0, end), text.rfind(",", 0, end), text.rfind(";", 0, end)) + 1
            if text[start:end] not in _CAPTION_WORDS:
                break
            words.append((start, end))
            end = len(text[:start].rstrip(" \t,;"))
        if not words or end == 0:
            return False
        for start, stop in reversed(words):
            self.add(text[start:stop], text[start:stop], span_at(lineno, offset + start, offset + stop))
        return True
