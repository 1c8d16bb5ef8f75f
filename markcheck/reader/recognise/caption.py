"""Captions: the words under a telegram's classification line (NOFORN, SIPDIS, EXDIS, NODIS,
SENSITIVE …) and a written-out "sensitive but unclassified" statement, which conveys SBU."""

from __future__ import annotations

import re

from ...model import Caption, Span
from .. import scan
from .common import span_at

_WORD = re.compile(r"[A-Za-z]+")
# A statement that the telegram is SBU (its SENSITIVE caption written out).
_SBU_STATEMENT = re.compile(r"\bsensitive\s+but\s+unclassified\b", re.I)


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
        """A caption line (``NOFORN SIPDIS``), or a "Sensitive but unclassified" one: read?"""
        m = scan.CAPTION_LINE.match(text)
        if not m:
            return False
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
