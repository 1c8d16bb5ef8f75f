"""Authority-block labels written a letter or two off (``Declasify On:``, ``Clasified By:``).

Such a line is not read as the label, so the document would be told only that it has no
declassification instruction or no classifier, not that the line it has is misspelt. Each is
reported where it stands, with the label it most likely stands for (SYN-001)."""

from __future__ import annotations

import re
from typing import Iterator

from ...model import Span, Unreadable
from ...suggest import distance
from .. import scan

# The two-word labels of the authority block, and how each is read when spelt right.
LABELS = {"Classified By": scan.CLASSIFIED_BY, "Derived From": scan.DERIVED_FROM, "Declassify On": scan.DECLASSIFY_ON}
MAX_EDITS = 2
# A line opening with a two-word label and a colon, after any paragraph number.
_LABEL_SHAPED = re.compile(r"^[ \t]*(?:[0-9]{1,3}[.)][ \t]*)?([A-Za-z]{4,}[ \t]+[A-Za-z]{2,})[ \t]*:", re.M)


def misspelt_labels(text: str) -> Iterator[Unreadable]:
    """Each label-shaped line opening of `text` (lines joined by newlines) that is within
    MAX_EDITS of an authority-block label and is not read as one."""
    line, counted = 1, 0
    for m in _LABEL_SHAPED.finditer(text):
        written = m.group(1)
        label = _nearest(written)
        if label is None:
            continue
        line += text.count("\n", counted, m.start())
        counted = m.start()
        column = m.start(1) - (text.rfind("\n", 0, m.start()) + 1) + 1
        yield Unreadable("authority_label", written, Span(line, column, line, column + len(written)),
                         f"'{written}:' is not an authority-block label markcheck reads, so the line is not "
                         f"read; did you mean '{label}:'?")


def _nearest(written: str) -> str | None:
    if any(pattern.match(written + ":") for pattern in LABELS.values()):
        return None  # read as the label (CLASSFIED BY is a spelling the reader accepts)
    folded = " ".join(written.lower().split())
    first, second = folded.split(" ")
    for label in LABELS:
        want_first, want_second = label.lower().split(" ")
        # Same first letter and a second word at most one edit off: Declassified By, Reclassified
        # By and Classified As are labels or prose of their own, not misspellings.
        if first[0] == want_first[0] and distance(second, want_second) <= 1 \
                and 0 < distance(first, want_first) + distance(second, want_second) <= MAX_EDITS:
            return label
    return None
