"""Cheap, exact prefilters for the case-insensitive regular expressions the reader runs on every line.

A case-insensitive pattern with a leading ``\\b`` makes Python's regex engine try every position
of every line, which costs more than the rest of the reader's work on that line. Most lines
cannot match because they lack a word the pattern needs, and that is a plain substring test
on the lower-cased line: for ASCII words re.IGNORECASE is exactly lower-case comparison, except
for the four non-ASCII letters it folds onto ASCII ones (İ ı ſ K). A line holding one of those
always goes to the regex, so a prefilter never changes a result.

The words a pattern needs are declared beside it as data (`Needs`: vocabulary.yaml ``notices``
``needs``, or next to a pattern in the code), and tests check that every match of the pattern
holds them.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Iterable, Iterator, Mapping, Sequence

# What every match of a pattern holds: groups of lower-case ASCII words, one word of each group.
Needs = tuple[tuple[str, ...], ...]
# The only characters outside ASCII that re.IGNORECASE matches to ASCII letters (and the only
# ones whose str.lower() holds one): checked over all of Unicode by tests/test_prefilter.py.
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def lowered(text: str) -> str | None:
    """`text` with its ASCII letters lower-cased, if substring tests on it decide case-insensitive
    ASCII words exactly (always for ASCII text); None if the text holds a character that folds
    onto ASCII. Other letters keep their case: no ASCII word holds them, and lower-casing them
    (str.lower on a text with one curly quote) costs several times as much."""
    if text.isascii():
        return text.lower()
    if any(ch in text for ch in FOLDS_TO_ASCII):
        return None
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")  # (bytes.lower: ASCII only)


def may_contain(text: str, word: str) -> bool:
    """Can a case-insensitive pattern that needs the lower-case ASCII `word` match in `text`?"""
    low = lowered(text)
    return low is None or word in low


class JoinedLines:
    """The lines of a document joined once, so that a word or a pattern is searched in the whole
    text at a time (a few C-level scans instead of one Python call per line), and each match is
    mapped back to the line it is on (by counting the line breaks before it, also a C-level scan)."""

    def __init__(self, lines: Sequence[str]):
        self.text = "\n".join(lines)

    def holding(self, groups: "WordGroups", low: str | None = None) -> dict[str, frozenset[int]] | None:
        """For each of the `groups`, the indices of the lines that may hold one of its words,
        compared as case-insensitive patterns compare them (see `lowered`): every line that
        does, and perhaps others; None when that cannot be decided exactly for this text.
        `low`: the text as `lowered` gives it, when the caller has it already."""
        low = lowered(self.text) if low is None else low
        if low is None:
            return None
        found: dict[str, frozenset[int]] = {}
        for word in groups.searched:
            at = low.find(word)  # (most words are on no line: they need no more than this)
            found[word] = _NONE if at < 0 else frozenset(_lines_of(low, functools.partial(low.find, word), at))
        return {name: found[words[0]] if len(words) == 1 else frozenset().union(*(found[w] for w in words))
                for name, words in groups.searched_by_group.items()}

    def containing(self, word: str) -> list[int]:
        """Indices (ascending, once each) of the lines that hold `word` as written (letter case
        and all): a plain substring search, several times faster than a regex's."""
        return list(_lines_of(self.text, functools.partial(self.text.find, word), self.text.find(word)))

    def matching(self, pattern: re.Pattern) -> list[int]:
        """Indices (ascending, once each) of the lines in which `pattern` finds a match that
        does not cross a line break. Fast for a pattern that starts with a literal."""
        def search(start: int) -> int:
            while True:
                m = pattern.search(self.text, start)
                if m is None:
                    return -1
                if "\n" not in m.group(0):
                    return m.start()
                start = m.start() + m.group(0).index("\n") + 1  # not on this line; go on from the next

        return list(_lines_of(self.text, search, search(0)))


def lines_holding(text: str, word: str, start: int = 0) -> Iterator[int]:
    """Indices (ascending, once each) of the lines of `text` (lines joined by line breaks) that
    hold `word` as written, from offset `start` (the start of a line) on: a C-level search, where
    a test of every line would be a Python call per line."""
    return _lines_of(text, functools.partial(text.find, word), text.find(word, start), start)


def _lines_of(text: str, search: Callable[[int], int], at: int, start: int = 0) -> Iterator[int]:
    """Line indices in `text` of the hits of `search(start)` (the offset of the first hit at or
    after `start`, or -1 as str.find gives), from the hit at offset `at`, one per line: after a
    hit, the search goes on at the next line."""
    line = text.count("\n", 0, start)  # (`start`: the start of the line searching begins on)
    while at >= 0:
        line += text.count("\n", start, at)
        yield line
        start = text.find("\n", at) + 1  # where the next line starts (0: there is none)
        if not start:
            return
        line += 1
        at = search(start)


_NONE: frozenset[int] = frozenset()


class WordGroups:
    """Named groups of lower-case words whose lines `JoinedLines.holding` finds. Each word is
    searched once, whatever groups share it, and a word that holds another word of the set is
    not searched at all: the lines of the shorter one stand for it (a superset, which is all a
    prefilter needs)."""

    def __init__(self, groups: Mapping[str, Iterable[str]]):
        every = {w for words in groups.values() for w in words}
        self.searched = shortest_words(every)
        stand_in = {w: w if w in self.searched else min((v for v in self.searched if v in w), key=len)
                    for w in every}
        self.searched_by_group = {name: tuple(dict.fromkeys(stand_in[w] for w in words))
                                  for name, words in groups.items()}


def needs(declared: Iterable[str | Iterable[str]]) -> Needs:
    """`Needs` from its declaration: each item a word or a list of alternative words (lower-case
    ASCII, as `lowered` compares them). ValueError for anything else."""
    groups = []
    for item in declared:
        group = (item,) if isinstance(item, str) else tuple(item) if isinstance(item, (list, tuple)) else ()
        if not group or not all(isinstance(w, str) and w and w.isascii() and w == w.lower() for w in group):
            raise ValueError(f"a needed word must be lower-case ASCII text, not {item!r}")
        groups.append(group)
    if not groups:
        raise ValueError("a prefiltered pattern needs at least one word")
    return tuple(groups)


def may_match(needed: Needs, lowered: str | None) -> bool:
    """Can a pattern that needs `needed` match a line whose `lowered()` form is `lowered` (None:
    unknown)? Every group is tested in its order (put the most selective first): substring
    tests are far cheaper than the search they save."""
    if lowered is None:
        return True
    for group in needed:
        for word in group:
            if word in lowered:
                break
        else:
            return False
    return True


def shortest_words(words: Iterable[str]) -> tuple[str, ...]:
    """`words` without those that hold another of them (sorted): a line holding "enclosure"
    holds "encl", so looking for the shorter word finds both."""
    words = set(words)
    return tuple(sorted(w for w in words if not any(v != w and v in w for v in words)))
