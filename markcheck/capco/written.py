"""How a marking writes its SCI, SAP and atomic energy values: the items in the order and form
written, each with its category, for the form rules (FRM-001..004).

The grammars read a marking permissively (separators and order are judged by rules, not the
parser), and `Marking` keeps these values in canonical form; the form rules need what was
written. A marking is split at its CAPCO separators — ``//`` between categories, ``/`` between
the items of one — and each item is named by the family the register gives it (items.
register_family); the level, the controls and unknown words are items of no family here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .items import register_family


@dataclass(frozen=True)
class Item:
    category: int  # 0: the category the level opens
    family: str | None  # "sci", "sap", "aea" or None
    text: str


@functools.lru_cache(maxsize=1024)
def written_items(text: str) -> tuple[Item, ...]:
    """The items of a marking as written (a banner line, or a portion mark with or without its
    parentheses), blanks collapsed, in order."""
    text = " ".join(text.split()).upper()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    from ..vocabulary import classify_control

    out: list[Item] = []
    for index, category in enumerate(text.split("//")):
        for item in (i.strip() for i in category.split("/")):
            if not item:
                continue
            family = register_family(item)
            if family is None and out and out[-1].category == index and out[-1].family == "sap" \
                    and not classify_control(item):
                family = "sap"  # SAR-BP/GB: a second program after one prefix
            out.append(Item(index, family, item))
    return tuple(out)


def family_items(text: str, family: str) -> list[Item]:
    return [i for i in written_items(text) if i.family == family]


def mixed_categories(text: str) -> list[tuple[Item, Item]]:
    """Pairs of neighbouring items of one ``//`` category where one is of these families and the
    other is not of the same family (``TS/SI``, ``SI/NF``, ``RD/SI``): each family is a category
    of its own (CAPCO order: level//SCI//SAP//AEA//FGI//dissem//non-IC)."""
    items = written_items(text)
    pairs = []
    for left, right in zip(items, items[1:]):
        if left.category == right.category and (left.family or right.family) and left.family != right.family:
            pairs.append((left, right))
    return pairs
