"""A catalogue's classification field, read as what it says: a level and whether NOFORN.

Archives keep each document's classification in a field of their own (index.csv's
``metadata_classification``, Cablegate's ``classification`` column). Such a field is compared
with what the document's text declares: the corpus evaluation (scripts/corpus_metrics.py) and
the catalogue cross-check (CAT-001, `markcheck.checks.catalogue`) read it the same way.
State's ``UNCLASSIFIED//FOR OFFICIAL USE ONLY`` is its SBU: level UNCLASSIFIED without NOFORN,
which is what an ``UNCLAS`` cable with the ``SENSITIVE`` caption reads as.
"""

from __future__ import annotations

import re

from .model import Level

_BLANKS = re.compile(r"\s+")


def catalogue_key(value: str) -> tuple[str, bool] | None:
    """(level word, NOFORN?) of a catalogue value, or None when its level is not one markcheck
    knows (``RESTRICTED``, a typo, an empty field)."""
    words = _BLANKS.sub(" ", value).strip().upper()
    head = words.split("//")[0].strip()
    try:
        level = Level.from_word(head)
    except KeyError:
        return None
    return level.banner, "NOFORN" in words.replace(" ", "") or "NOT RELEASABLE TO FOREIGN NATIONALS" in words


def declared_key(doc) -> tuple[str, bool] | None:
    """(level word, NOFORN?) of what the document's text declares, or None without a level."""
    marking = doc.classification
    if marking is None or marking.level is None:
        return None
    return Level(marking.level).banner, marking.noforn
