"""Read, as far as it goes, a marking the grammars cannot read whole.

A portion mark such as ``(TS//SI/TK-BLFH//SAR-BP-52X3//RS/NF)`` or ``(//DEU TS//REL TO USA,
DEU)`` is a real marking: its level must count in the roll-up, its known controls must be read,
and whatever is left must be reported, never skipped. This reader splits a mark at its CAPCO
separators (``//`` between categories, ``/`` within one) and reads each item on its own; every
item it does not understand is kept in the marking's `unknown` list, where the rules report it
(POR-003 for unknown words).
"""

from __future__ import annotations

import functools
import re

from ..lazyre import lazy
from ..model import Level, Marking
from ..capco.items import register_family
from .parse import _PortionBuilder
from .foreign import absorb_nato_control, is_foreign_head, read_head
from ..vocabulary import classify_control, country_code, vocabulary

_LEVEL_WORDS = Level.words()  # the register's forms of the US levels and their spellings
# Characters a portion mark is made of (digits: SAR-BP-52X3; '_' is reported, not read).
_MARK_TEXT = lazy(r"[A-Z0-9/ ,&\-_]+")
_UNTOKENISED = lazy(r"//|[0-9_]")  # what the scanner's mark test turns away
_CODE = lazy(r"[A-Z]{3,4}")


def marking_shaped(inner: str) -> bool:
    """Is a parenthesised text at a portion position a marking the grammar may not read: a
    non-US mark (``//NS//…``, ``//DEU TS//…``) or a US level followed by a separator?"""
    text = " ".join(inner.split())
    if not _MARK_TEXT.fullmatch(text) or not _UNTOKENISED.search(text):
        return False  # (marks without '//', a digit or '_' are the scanner's to judge: (S/CT) is an office)
    if text.startswith("//"):
        return is_foreign_head(text[2:].split("//", 1)[0])
    head = re.split(r" ?/", text, maxsplit=1)
    return len(head) == 2 and head[0] in _LEVEL_WORDS


@functools.lru_cache(maxsize=1024)
def read_portion(inner: str) -> Marking | None:
    """The marking of a portion mark read item by item (None: no level and nothing known)."""
    text = " ".join(inner.upper().split())
    reader = _Items()
    categories = [c.strip() for c in text.split("//")]
    if text.startswith("//"):
        categories = categories[1:]
        reader.foreign(categories.pop(0) if categories else "")
    for index, category in enumerate(categories):
        for position, item in enumerate(i.strip() for i in category.split("/")):
            if item:
                reader.item(item, first=index == 0 and position == 0)
    return reader.marking()


class _Items(_PortionBuilder):
    """The grammar's portion builder, fed item by item instead of from a parse tree."""

    def __init__(self):
        super().__init__(None)

    def foreign(self, head: str) -> None:
        """``NS`` (a NATO level), ``DEU TS`` (a country and its level), ``JOINT S CAN USA``."""
        read_head(self, head.split())

    def item(self, item: str, first: bool) -> None:
        if first and self.level is None and item in _LEVEL_WORDS:
            self.level = _LEVEL_WORDS[item]
            return
        if item == "REL" or item.startswith("REL TO") or item.startswith("REL "):
            self._release(item)
            return
        if item.startswith("DISPLAY ONLY"):
            self.written.append("DISPLAY ONLY")
            self.dissem.add("DISPLAY ONLY")
            self.display_only = self.display_only or []
            self._places(item[len("DISPLAY ONLY"):], self.display_only)
            return
        if item == "FGI" or item.startswith("FGI "):
            self.fgi = [country_code(w) for w in item.split()[1:]]
            return
        family = register_family(item)
        if family:  # SCI, SAP, atomic energy: one item ("SI-G ABCD" is one sub-compartment)
            self.unknown.extend(self.families.add(family, item))
            return
        found = classify_control(item)
        if found is None and self.rel_to is not None and _place(item):  # (C/REL NATO/AUS)
            self.rel_to.append(_place(item))
            return
        for word in ([item] if found else item.split()):
            self._control(word)

    def _control(self, word: str) -> None:
        found = classify_control(word)
        if found is None:
            self.unknown.append(word)
        else:
            self._add(found, word)  # (a legacy control goes to `unknown`, as the grammar's reading does)

    def _release(self, item: str) -> None:
        self.written.append("REL TO")
        self.rel_to = self.rel_to or []
        self._places(re.sub(r"^REL(?: TO)?", "", item), self.rel_to)

    def _places(self, places: str, into: list[str]) -> None:
        for place in re.split(r" ?, ?| AND | ?& ?", places.strip()):  # (normalised: one blank at most)
            if not place:
                continue
            code = _place(place)
            if code:
                into.append(code)
            else:  # kept in the list as written (not a narrower release), and reported
                into.append(place)
                self.unknown.append(place)

    def marking(self) -> Marking | None:
        absorb_nato_control(self)
        if self.level is None and (self.dissem or self.non_ic):
            self.level = Level.U  # (SBU), (LES): unclassified portions, as the grammar reads them
        if self.level is None and not self.fgi:
            return None
        return Marking(level=self.level, dissem=frozenset(self.dissem), non_ic=frozenset(self.non_ic),
                       rel_to=tuple(self.rel_to) if self.rel_to is not None else None,
                       fgi=tuple(self.fgi) if self.fgi is not None else None, unknown=tuple(self.unknown),
                       written=tuple(self.written), **self.families.fields(), owner=tuple(self.owner),
                       joint=self.joint, foreign_level=self.foreign_level,
                       display_only=tuple(self.display_only) if self.display_only is not None else None)


def _trailing_tail(tail: str) -> tuple[str, str | None]:
    """(markings, originator and number) of a tail such as ``ABCD//NOFORN STATE 123456``."""
    words = tail.split(" ")
    if len(words) < 3 or not words[-1].isdigit() or not words[-2].isalpha():
        return tail, None
    start = len(words) - 2
    while start > 1 and words[start - 1].isalpha():
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def with_tail_controls(parts):
    """Banner parts whose controls the grammar cut short: in ``TOP SECRET//SI-G ABCD//ORCON/NOFORN``
    the blank inside the sub-compartment ``SI-G ABCD`` ends the controls, and ``ABCD//ORCON/NOFORN``
    is read as the tail (so is ``BOY//NOFORN`` of a SAP nickname of two words after a first
    program, ``SPECIAL ACCESS REQUIRED-BUTTER POPCORN/GOLDEN BOY//NOFORN``: the word is kept as
    unknown and reported). Markings in such a tail are read here, not dropped."""
    tail, marking = parts.tail, parts.marking
    if not tail or "/" not in tail or not (marking.written or marking.unknown or marking.sci or marking.sap
                                           or marking.aea):
        return parts
    from dataclasses import replace

    text, rest_of_tail = _trailing_tail(" ".join(tail.split()))
    first, _, rest = text.partition("/")
    unknown = list(marking.unknown)
    if first.strip():
        unknown.append(first.strip())
    extra = read_portion("U/" + rest.lstrip("/")) if rest.strip("/ ") else None
    if extra is not None:
        from ..capco.rollup import with_values

        marking = with_values(marking, extra)
        unknown.extend(extra.unknown)
        marking = replace(marking, dissem=marking.dissem | extra.dissem, non_ic=marking.non_ic | extra.non_ic,
                          rel_to=extra.rel_to if extra.rel_to is not None else marking.rel_to,
                          written=marking.written + extra.written)
    return replace(parts, marking=replace(marking, unknown=tuple(unknown)), tail=rest_of_tail)


def _place(word: str) -> str | None:
    """The code of a release-list entry the register knows or a trigraph/tetragraph, else None."""
    countries = vocabulary().countries
    if word in countries:
        return countries[word]
    return word if _CODE.fullmatch(word) else None
