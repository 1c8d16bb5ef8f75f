"""Marking words of register families markcheck does not read yet: SCI control systems, special
access programs, atomic energy markings (rules/register/).

An SCI control system (SI, TK-BLFH, SI-G ABCD), a special access program (SAR-BP) or an atomic
energy marking (RD) is a real marking: the reader names its family so the finding says "a
marking markcheck does not read yet", not "did you mean …" for a word it knows. NATO levels and
controls, JOINT and other governments' levels are read (markcheck/reader/foreign.py).
"""

from __future__ import annotations

import functools

from . import register

# The families of the register whose words are named, not read yet.
UNREAD_FAMILIES = ("sci", "aea", "sar")


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    by_word = {word: name for name in UNREAD_FAMILIES for word in register.words(name)}
    prefixes = tuple((prefix, name) for name in UNREAD_FAMILIES
                     for key in ("portion_prefix", "banner_prefix")
                     if (prefix := register.syntax(name).get(key)))
    return by_word, prefixes


@functools.lru_cache(maxsize=1024)
def family_of(item: str) -> tuple[str, str] | None:
    """(label, system) of a marking item of a family not read yet, e.g. ``SI-G ABCD`` ->
    ("SCI control system", "SI"); None if the item belongs to no such family. A compartment
    (``TK-BLFH``) or sub-compartment (``SI-G ABCD``) belongs to its control system's family."""
    by_word, prefixes = _tables()
    text = " ".join(item.upper().split())
    for prefix, name in prefixes:
        if text.startswith(prefix) and len(text) > len(prefix):
            if " " in prefix:  # SPECIAL ACCESS REQUIRED-BUTTER POPCORN: the program is the rest
                return register.label(name), text
            return register.label(name), "-".join(text.split()[0].split("-")[:2])  # SAR-BP of SAR-BP-52X3
    if " " in text and text in by_word:  # a value written in words: DOD UCNI, NATO SECRET, RD-SG 14
        return register.label(by_word[text]), text
    first = text.split(" ", 1)[0] if text else ""
    system = first.split("-", 1)[0]
    for word in (text, first, system):
        if word in by_word:
            return register.label(by_word[word]), system
    return None


def describe(item: str) -> str | None:
    """How a message names an item of a family not read yet: ``SCI control system SI``."""
    found = family_of(item)
    return f"{found[0]} {found[1]}" if found else None

