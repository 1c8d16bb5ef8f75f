"""Cheap, exact prefilters for the case-insensitive regular expressions the reader runs on every line.

A case-insensitive pattern with a leading ``\\b`` makes Python's regex engine try every position
of every line, which costs more than the rest of the reader's work on that line. Most lines
cannot match because they lack a word the pattern needs, and that is a plain substring test
on the lower-cased line: for ASCII words re.IGNORECASE is exactly lower-case comparison, except
for the four non-ASCII letters it folds onto ASCII ones (İ ı ſ K). A line holding one of those
always goes to the regex, so a prefilter never changes a result.

The words a pattern needs are read from the pattern itself (its literal runs on every path
through it, and "one of" sets for alternations), so patterns kept as data (vocabulary.yaml
``notices``) get a prefilter without anyone writing one.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Iterable, Iterator, Mapping, Sequence

_MIN_WORD = 3  # shorter required runs ("of", "a") filter nothing
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


def _lines_of(text: str, search: Callable[[int], int], at: int) -> Iterator[int]:
    """Line indices in `text` of the hits of `search(start)` (the offset of the first hit at or
    after `start`, or -1 as str.find gives), from the hit at offset `at`, one per line: after a
    hit, the search goes on at the next line."""
    line = start = 0
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


def may_match(pattern: re.Pattern, lowered: str | None) -> bool:
    """Can `pattern` match a line whose `lowered()` form is `lowered` (None: unknown)?

    Every requirement is tested, the most selective first: substring tests are far cheaper
    than the search they save."""
    if lowered is None:
        return True
    try:
        clauses = _ORDERED[id(pattern)][1]
    except KeyError:
        clauses = sorted(required(pattern), key=_selectivity, reverse=True)
        _ORDERED[id(pattern)] = (pattern, clauses)
    for clause in clauses:
        for word in clause:
            if word in lowered:
                break
        else:
            return False
    return True


# By the pattern's id, which stays its own while the entry keeps the pattern alive (hashing a
# pattern reads its whole compiled code, which costs more than the substring tests it decides)
_ORDERED: dict[int, tuple[re.Pattern, list[tuple[str, ...]]]] = {}


def _selectivity(clause: tuple[str, ...]) -> tuple[int, int]:
    return min(len(w) for w in clause), -len(clause)


@functools.lru_cache(maxsize=64)
def gate_words(patterns: tuple[re.Pattern, ...], common: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """Lower-case words of which a line must hold one for any of `patterns` to match it; None
    when some pattern needs no word (then nothing can be ruled out). `common`: words on many
    lines, not chosen while a pattern needs another."""
    words: set[str] = set()
    for pattern in patterns:
        clause = best_clause(pattern, common)
        if clause is None:
            return None
        words.update(clause)
    return shortest_words(words) or None


def shortest_words(words: set[str]) -> tuple[str, ...]:
    """`words` without those that hold another of them (sorted): a line holding "enclosure"
    holds "encl", so looking for the shorter word finds both."""
    return tuple(sorted(w for w in words if not any(v != w and v in w for v in words)))


@functools.lru_cache(maxsize=64)
def gate(patterns: tuple[re.Pattern, ...], common: frozenset[str] = frozenset()) -> Callable[[str], bool] | None:
    """``test(lowered)``, true whenever any of `patterns` may match the lower-cased ASCII line;
    None when some pattern needs no word (then nothing can be ruled out). (`common`: as for gate_words.)"""
    needed = gate_words(patterns, common)
    if needed is None:
        return None

    def test(lowered: str) -> bool:
        for word in needed:
            if word in lowered:
                return True
        return False

    return test


def best_clause(pattern: re.Pattern, common: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """The requirement of `pattern` that rejects most: the one whose shortest word is longest,
    but not one of `common` words only (words known to be on many lines) if it has another."""
    clauses = required(pattern)
    if not clauses:
        return None
    rarer = [clause for clause in clauses if not common.issuperset(clause)]
    return max(rarer or clauses, key=_selectivity)


@functools.lru_cache(maxsize=256)
def required(pattern: re.Pattern) -> tuple[tuple[str, ...], ...]:
    """What every match of `pattern` contains, compared case-insensitively: a tuple of clauses,
    each a tuple of lower-case ASCII words of which at least one occurs (all clauses hold).

    Conservative: words come only from parts every match passes through (the top-level
    sequence, groups, repeats of at least one) and from alternations whose every branch has a
    word; optional parts, classes and lookarounds end a word. A pattern it cannot read gets no
    clauses (always searched)."""
    try:
        from re import _constants as const  # Python 3.11+
        from re import _parser as parser
    except ImportError:  # Python 3.10
        import sre_constants as const
        import sre_parse as parser
    try:
        tree = parser.parse(pattern.pattern, pattern.flags)
    except Exception:
        return ()
    repeats = tuple(getattr(const, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                    if hasattr(const, name))
    atomic = getattr(const, "ATOMIC_GROUP", None)

    def sequence(items) -> list[tuple[str, ...]]:
        clauses: list[tuple[str, ...]] = []
        run: list[str] = []

        def flush() -> None:
            word = "".join(run).lower()
            if len(word) >= _MIN_WORD and word.isascii():
                clauses.append((word,))
            run.clear()

        for op, av in items:
            if op is const.LITERAL:
                run.append(chr(av))
                continue
            flush()
            if op is const.SUBPATTERN:
                clauses.extend(sequence(av[-1]))
            elif op in repeats and av[0] >= 1:
                clauses.extend(sequence(av[2]))
            elif atomic is not None and op is atomic:
                clauses.extend(sequence(av))
            elif op is const.BRANCH:
                either = []
                for branch in av[1]:
                    found = [c for c in sequence(branch) if len(c) == 1]
                    if not found:
                        either = []
                        break
                    either.append(max(found, key=lambda c: len(c[0]))[0])
                if either:
                    clauses.append(tuple(dict.fromkeys(either)))
        flush()
        return clauses

    try:
        return tuple(dict.fromkeys(sequence(tree)))
    except Exception:
        return ()
