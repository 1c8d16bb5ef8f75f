"""Portion positions: where a person reads a parenthesised mark as the mark of a portion.

A mark at the start of a line or of a table cell is a portion's mark, and so is a mark after
the labels people put before a portion: list labels of every kind (``iv.``, ``(a)``, ``1.2.3``,
bullets), checkboxes (``[ ]``), quote markers (``>``), table pipes (``|``), a definition's colon
and a ``Word:`` label (``Note: (S) text``). The labels are data (rules/vocabulary.yaml
``portion_positions``) and this is the one rule that reads them: up to three labels, then the
mark. The paragraph recogniser reads numbered paragraphs with its own shapes first; a line it
would take for prose comes here before its marks are looked for inside sentences.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..resources import load_data
from .scan import MARK, looks_like_mark


@dataclass(frozen=True)
class LabelledMark:
    """A mark after labels at the start of a line or cell: the labels as written, where the
    text after them starts, the mark as written and what its parentheses hold."""

    label: str
    label_start: int
    rest_start: int
    written: str
    inner: str


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    return load_data("vocabulary.yaml")["portion_positions"]


@functools.lru_cache(maxsize=1)
def _labels() -> re.Pattern:
    """Blanks, one to three labels of the data or one word label (each followed by blanks, or by
    the mark), then "(" ."""
    label = "|".join(f"(?:{pattern})" for pattern in _data()["labels"].values())
    return re.compile(rf"[ \t]*((?:(?:{label})[ \t]*){{1,3}}|{_data()['word_label']}[ \t]*)(?=\()")


@functools.lru_cache(maxsize=1)
def _not_labels() -> frozenset[str]:
    return frozenset(word.upper() for word in _data()["not_labels"])


@functools.lru_cache(maxsize=1)
def item_words() -> frozenset[str]:
    """Words that make a parenthesised capital after them an item reference: ``paragraph (C)``."""
    return frozenset(word.upper() for word in _data()["item_words"])


@functools.lru_cache(maxsize=4096)
def labelled_mark(text: str) -> LabelledMark | None:
    """The mark after the labels that open `text`, or None (no label, no mark, or a label that
    makes what follows a reference: ``REF: (C) SAN JOSE 01713``)."""
    m = _labels().match(text)
    if m is None:
        return None
    label = m.group(1).strip()
    if label.endswith(":") and label[:-1].strip().upper() in _not_labels():
        return None
    mark = MARK.match(text, m.end())
    if mark is None:
        return None
    inner = mark.group(1)
    # a capital, or a lower-case mark with controls ((s/nf)): "(iv) (c) …" is a list, not CONFIDENTIAL
    if inner == inner.lower() and "/" not in inner or not looks_like_mark(inner, False):
        return None
    return LabelledMark(label, m.start(1), m.end(), mark.group(0), inner)
