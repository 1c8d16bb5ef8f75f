"""Marking statements (vocabulary.yaml ``notices``: dissemination notices, "classified by
compilation", …): the first occurrence of each, with the level named beside it."""

from __future__ import annotations

import functools
import re

from ...model import Level, Notice
from .. import prefilter, scan
from ..prefilter import Needs
from .common import span_at


class NoticeRecogniser:
    """The notices of one document and whether it declares itself classified by compilation."""

    # the lines it reads hold one of these words (the pass looks them up: `WordGroups`)
    COMPILATION_WORDS = ("compilation",)

    def __init__(self):
        self.notices: list[Notice] = []
        self.compilation = False

    @staticmethod
    def words() -> tuple[str, ...]:
        return notice_words()

    def read_compilation(self, text: str) -> None:
        if not self.compilation and scan.COMPILATION.search(text):
            self.compilation = True

    def read(self, lineno: int, offset: int, text: str) -> None:
        """The first occurrence of each marking statement named in vocabulary.yaml ``notices``."""
        lowered = prefilter.lowered(text)  # for the exact prefilters of markcheck.reader.prefilter
        gate = notice_gate()
        if lowered is not None and gate is not None and not gate(lowered):
            return
        for name, patterns in notice_patterns():
            if self.notices and any(n.name == name for n in self.notices):
                continue
            m = _first_search(patterns, text, lowered)
            if m is None:
                continue
            level = scan.LEVEL_WORD.search(text, m.start())
            self.notices.append(Notice(name, text.strip(), span_at(lineno, offset + m.start(), offset + m.end()),
                                       Level.from_word(" ".join(level.group(0).split())) if level else None))


def _first_search(patterns: tuple[tuple[re.Pattern, Needs], ...], text: str, lowered: str | None) -> re.Match | None:
    """The match of the first of `patterns` found in `text` (each tried only if the line holds its needed words)."""
    for pattern, needed in patterns:
        if prefilter.may_match(needed, lowered):
            m = pattern.search(text)
            if m:
                return m
    return None


@functools.lru_cache(maxsize=1)
def notice_patterns() -> tuple[tuple[str, tuple[tuple[re.Pattern, Needs], ...]], ...]:
    """vocabulary.yaml ``notices``: per statement, its patterns with the words each needs."""
    from ...resources import load_data

    table = load_data("vocabulary.yaml").get("notices") or {}
    return tuple((name, tuple((re.compile(entry["pattern"]), prefilter.needs(entry["needs"])) for entry in entries))
                 for name, entries in table.items())


@functools.lru_cache(maxsize=1)
def notice_words() -> tuple[str, ...]:
    """Words of which a line holds one whenever some notice pattern may match it: the first
    group each pattern needs (declared as a word rare in prose)."""
    return prefilter.shortest_words(word for _, patterns in notice_patterns() for _, needed in patterns
                                    for word in needed[0])


@functools.lru_cache(maxsize=1)
def notice_gate():
    """True for a lower-cased ASCII line whenever some notice pattern may match it."""
    words = notice_words()

    def test(lowered: str) -> bool:
        for word in words:
            if word in lowered:
                return True
        return False

    return test
