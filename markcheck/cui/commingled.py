"""CUI in a classified banner (`SECRET//NOFORN//CUI//SP-CTI`): the CUI block read as a CUI marking.

A classified document that holds CUI shows the CUI control marking after its classified part,
and under NARA's convention the CUI block carries the Specified categories and LDCs of the CUI
portions as a CUI banner does. The classified reader understands `CUI` as a control but not the
categories after it; here the block from `CUI` to the end of the line is read through
grammars/cui.lark, so every word of it is either understood (and taken out of the classified
reading's unknown words) or reported by CUI-006 with a CUI did-you-mean, never passed over.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..lazyre import lazy
from ..model import Banner, Level, Portion, Span
from .marking import CuiSyntaxError, cui_marking, cui_word
from .model import CuiMarking

# The CUI control marking as a block of a classified banner: after `//`, a word of its own.
_CUI_BLOCK = lazy(r"//\s*(?P<block>(?:CUI|CONTROLLED)(?![A-Z0-9_-]).*?)\s*$")


def is_commingled(banner: Banner) -> bool:
    m = banner.marking
    return "CUI" in m.non_ic and m.level is not None and m.level > Level.U


def read_block(banner: Banner) -> CuiMarking:
    """The CUI block of a classified `banner` that carries CUI, with its span, its classified
    part (`SECRET//NOFORN`) and level; a block the CUI grammar cannot read is one unknown word."""
    raw, span = banner.raw, banner.span
    m = _CUI_BLOCK.search(raw) if span.line == span.end_line else None
    if m is None:  # CUI spelled otherwise (a multi-line or spaced banner): the control alone
        return CuiMarking("banner", banner.raw, span, "CUI", (), banner.marking.level, classified_part=raw)
    block = _read("banner", m.group("block"), span.line, span.column + m.start("block"))
    return replace(block, level=banner.marking.level, classified_part=raw[:m.start()].rstrip())


def read_portion_block(portion: Portion, inner: str, column: int) -> CuiMarking | None:
    """The CUI block of a portion mark that starts with a level (`(S//CUI)`, `(U//CUI//SP-CTI)`):
    a CUI portion at that level, its span the whole mark; None when the mark has no CUI block.
    `inner` is the mark without its parentheses, `column` where `inner` starts."""
    marking = portion.marking
    if marking is None or "CUI" not in marking.non_ic and "CUI" not in inner.upper():
        return None
    m = _CUI_BLOCK.search(inner)
    if m is None:
        return None
    block = _read("portion", m.group("block"), portion.mark_span.line, column + m.start("block"))
    return replace(block, span=portion.mark_span, level=marking.level, classified_part=inner[:m.start()].strip(),
                   unclassified=marking.level == Level.U)


def _read(kind: str, text: str, line: int, column: int) -> CuiMarking:
    try:
        return cui_marking(kind, text, line, column)
    except CuiSyntaxError as exc:
        word = cui_word(text, line, column + exc.column - 1, column + len(text))
        return CuiMarking(kind, text, Span(line, column, line, column + len(text)), "CUI",
                          (replace(word, kind="unknown", value=None),))


def refine(banner: Banner, block: CuiMarking) -> Banner:
    """`banner` with the words its CUI block reads (categories, LDCs, or words CUI-006 reports)
    taken out of its classified reading's unknown words."""
    covered = {part.upper() for w in block.words for part in re.split(r"[\s,/]+", w.raw) if part}
    marking = banner.marking
    unknown = tuple(w for w in marking.unknown if w.upper() not in covered)
    if unknown == marking.unknown:
        return banner
    return replace(banner, marking=replace(marking, unknown=unknown))
