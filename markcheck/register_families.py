"""Marking words of register families markcheck does not read yet (rules/register_families.yaml).

An SCI control system (SI, TK-BLFH, SI-G ABCD), a special access program (SAR-BP), an atomic
energy marking (RD) or a NATO control is a real marking: the reader names its family so the
finding says "a marking markcheck does not read yet", not "did you mean …" for a word it knows.
"""

from __future__ import annotations

import functools

from .resources import load_data


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], tuple[tuple[str, str], ...], dict[str, str], dict]:
    data = load_data("register_families.yaml")
    labels = data["labels"]
    by_word = {word: family for family, words in data["words"].items() for word in words}
    by_word.update((word, "nato") for word in data["nato_levels"])
    prefixes = tuple((prefix, family) for family, items in data["prefixes"].items() for prefix in items)
    return by_word, prefixes, labels, data["nato_levels"]


@functools.lru_cache(maxsize=1024)
def family_of(item: str) -> tuple[str, str] | None:
    """(label, system) of a marking item of a family not read yet, e.g. ``SI-G ABCD`` ->
    ("SCI control system", "SI"); None if the item belongs to no such family. A compartment
    (``TK-BLFH``) or sub-compartment (``SI-G ABCD``) belongs to its control system's family."""
    by_word, prefixes, labels, _ = _tables()
    text = " ".join(item.upper().split())
    for prefix, family in prefixes:
        if text.startswith(prefix) and len(text) > len(prefix):
            return labels[family], "-".join(text.split()[0].split("-")[:2])  # SAR-BP of SAR-BP-52X3
    first = text.split(" ", 1)[0] if text else ""
    system = first.split("-", 1)[0]
    for word in (text, first, system):
        if word in by_word:
            return labels[by_word[word]], system
    return None


def describe(item: str) -> str | None:
    """How a message names an item of a family not read yet: ``SCI control system SI``."""
    found = family_of(item)
    return f"{found[0]} {found[1]}" if found else None


def nato_level(word: str) -> tuple[bool, str | None]:
    """(is a NATO level, the US level abbreviation it is safeguarded at or None)."""
    levels = _tables()[3]
    return (word in levels, levels.get(word))
