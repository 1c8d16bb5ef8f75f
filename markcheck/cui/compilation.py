"""A CUI compilation notice: the statement that a document's CUI arises from compiling
information, the exception ISM makes to the roll-down of the overall CUI marking ("unless there
is a compilation reason", ISM-ID-00475, ISM-ID-00504).

Read in the two ways a person writes it: ISM's compilation reason as a labelled line
(`Compilation reason: the list of site locations, taken together, is CUI//SP-CTI`) and a sentence
that says the information is CUI by compilation (`This document is CUI by compilation.`,
`The compilation of these schedules is CUI.`). The categories the notice names are the ones it
covers; a notice that names none covers every category of the overall marking.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..model import Span
from . import register
from .model import CompilationNotice

_LABEL = re.compile(r"^\s*(?:\([A-Z/ -]{1,20}\)\s*)?compilation(?:\s+reason)?\s*:\s*(?P<value>\S.*?)\s*$", re.I)
_SENTENCE = re.compile(r"\b(?:CUI|controlled)\s+(?:by|based\s+on|due\s+to|because\s+of)\s+(?:the\s+|its\s+)?compilation\b"
                       r"|\bcompilation\s+of\b[^.;]{0,200}?\b(?:is|are|as)\s+(?:CUI|controlled)\b", re.I)
# a word that may be a category marking (SP-CTI, OPSEC): upper case, as markings are written
_WORD = re.compile(r"(?<![A-Za-z0-9-])(?:SP-)?[A-Z][A-Z0-9-]+(?![A-Za-z0-9-])")


def compilation(lines: Sequence[str]) -> CompilationNotice | None:
    """The document's first CUI compilation notice (a paragraph holding one), or None."""
    for start, end in paragraphs(lines):
        first = lines[start]
        label = _LABEL.match(first)
        text = " ".join(line.strip() for line in lines[start:end + 1])
        if label is None and _SENTENCE.search(text) is None:
            continue
        span = Span(start + 1, len(first) - len(first.lstrip()) + 1, end + 1, len(lines[end]) + 1)
        return CompilationNotice(text, span, _categories(text))
    return None


def paragraphs(lines: Sequence[str]):
    """(first, last) line indices of each run of non-blank lines."""
    start = None
    for index, line in enumerate(lines):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            yield start, index - 1
            start = None
    if start is not None:
        yield start, len(lines) - 1


def _categories(text: str) -> tuple[str, ...]:
    known = register.categories()
    found = []
    for m in _WORD.finditer(text):
        value = m.group().removeprefix("SP-")
        if value in known and value not in found:
            found.append(value)
    return tuple(found)
