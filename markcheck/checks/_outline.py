"""The outline of a document's portions: which are paragraphs, which are nested in one.

Shared by the portion kinds (POR-001, POR-006, POR-007). The reader reports every line that
starts like a portion; whether it *is* a paragraph of the document depends on the numbering
around it, which is what this module works out from the model alone:

* ``subject``    the SUBJECT line;
* ``paragraph``  a numbered paragraph continuing the document's own sequence (1., 2., 3. …; a
                 gap is accepted when the paragraph is marked: partial extracts skip paragraphs);
* ``nested``     an item inside a paragraph: lettered sub-paragraphs and bullets (``A.``, ``--``),
                 ``1)`` items in a document whose paragraphs are numbered ``1.``, and numbered
                 lists that restart at 1 inside a paragraph (quoted agreements, tasking lists);
* ``stray``      an unmarked line that merely starts with a number out of sequence — a wrapped
                 date or figure ("September\\n25. Hosting …"), not a paragraph;
* ``unnumbered`` a line that starts with a portion mark and has no label.

Each portion also gets its *parent*: the paragraph a nested item belongs to.
"""

from __future__ import annotations

import functools
import re
from typing import Optional, Sequence

from ..model import Document, Portion

_NUMBERED = re.compile(r"^[0-9]{1,3}")


# (portion, role, parent) for each portion, in document order; role is subject | paragraph |
# nested | stray | unnumbered. A plain tuple, unpacked by the portion kinds: a document makes one
# per portion.
Entry = tuple[Portion, str, Optional[Portion]]


@functools.lru_cache(maxsize=256)
def _style(label: str | None) -> str | None:
    """``.`` for "12." / "4" (number before a mark), ``)`` for "2)" / "3.)", None when not numbered."""
    if not label or not _NUMBERED.match(label):
        return None
    return ")" if label.rstrip().endswith(")") else "."


def outline(doc: Document) -> tuple[Entry, ...]:
    """The role and parent of every portion, in document order (worked out once per document:
    the portion kinds share it)."""
    found = doc.memo.get("outline")
    return found if found is not None else doc.derived("outline", _outline)


def _outline(doc: Document) -> tuple[Entry, ...]:
    portions: Sequence[Portion] = doc.portions
    styles = [None if p.is_subject else _style(p.label) for p in portions]
    main_style = next((style for style in styles if style), ".")
    entries: list[Entry] = []
    last = 0  # the last paragraph number of the document's own sequence
    nested_last: int | None = None  # inside a numbered list nested in a paragraph
    parent: Portion | None = None
    for p, style in zip(portions, styles):
        if p.is_subject:
            entries.append((p, "subject", None))
            continue
        number = p.paragraph
        if style is None or number is None:
            if p.label:  # lettered sub-paragraph or bullet
                entries.append((p, "nested", parent))
            elif p.prose:  # a paragraph with neither number nor mark, before the numbered ones
                entries.append((p, "paragraph", None))
            else:
                entries.append((p, "unnumbered", parent))
            continue
        marked = p.mark is not None
        if style != main_style:
            entries.append((p, "nested", parent))
            continue
        if nested_last is not None:
            if number == nested_last + 1 and not (marked and number == last + 1):
                nested_last = number
                entries.append((p, "nested", parent))
                continue
            nested_last = None
        if last == 0 or number == last + 1 or (number > last and marked):
            last = number
            parent = p
            entries.append((p, "paragraph", None))
        elif number == 1 and parent is not None:
            nested_last = 1
            entries.append((p, "nested", parent))
        elif marked:
            entries.append((p, "paragraph", None))  # a marked paragraph out of order still counts
            parent = p
        else:
            entries.append((p, "stray", parent))
    return tuple(entries)


def children_by_parent(entries: Sequence[Entry]) -> dict[int, list[Portion]]:
    """The items (nested or unnumbered portions) of every paragraph, keyed by the paragraph's
    id(), gathered in one pass."""
    out: dict[int, list[Portion]] = {}
    for portion, role, parent in entries:
        if role in ("nested", "unnumbered") and parent is not None:
            out.setdefault(id(parent), []).append(portion)
    return out


def describe(portion: Portion) -> str:
    """How a message names a portion: ``paragraph 12``, ``the SUBJECT line``, ``sub-paragraph B.``."""
    if portion.is_subject:
        return "the SUBJECT line"
    if portion.number is not None:
        return f"paragraph {portion.number}"
    if portion.label:
        return f"sub-paragraph {portion.label}"
    if portion.prose:
        return f"the unnumbered paragraph on line {portion.span.line}"
    return f"the portion on line {portion.span.line}"
