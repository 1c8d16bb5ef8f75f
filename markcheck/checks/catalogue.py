"""Kind `catalogue`: an archive's own classification of a record agrees with its text.

Runs only on a record of an archive checked with ``--metadata-column`` (the value reaches the
check as ``ctx.catalogue``); a file on its own has no catalogue and is not judged. Both sides
are read as (level, NOFORN?) by `markcheck.catalogue`, the corpus evaluation's reading.

Message values: `catalogue` (the field as written), `declared` (the document's declared
classification, or ``no classification``), `problem` (what disagrees).
"""

from __future__ import annotations

from typing import Iterable

from ..catalogue import catalogue_key, declared_key
from ..model import Document, Level
from .base import Context, Hit, Rule, Run

KIND = "catalogue"
PLACEHOLDERS = frozenset({"catalogue", "declared", "problem"})

_RANK = {Level(level).banner: int(level) for level in Level}


def prepare(rule: Rule) -> Run:
    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        if ctx.catalogue is None:
            return ()
        problem = disagreement(ctx.catalogue, declared_key(doc))
        if problem is None:
            return ()
        first = doc.first_banner
        declared = doc.classification.banner() if declared_key(doc) is not None else "no classification"
        values = {"catalogue": ctx.catalogue.strip() or "(empty)", "declared": declared, "problem": problem}
        return (Hit(first.span if first is not None else None, values),)

    return run


def disagreement(value: str, declared: tuple[str, bool] | None) -> str | None:
    """What disagrees between the catalogue's `value` and the document's (level, NOFORN?), or
    None when they agree."""
    listed = catalogue_key(value)
    if listed is None:
        return "the catalogue's value is not a US classification level markcheck knows"
    if declared is None:
        return "the document declares no classification level"
    if listed[0] != declared[0]:
        higher = _RANK[listed[0]] > _RANK[declared[0]]
        return f"the catalogue's level is {'higher' if higher else 'lower'} than the document's"
    if listed[1] != declared[1]:
        return "NOFORN is only in the catalogue" if listed[1] else "NOFORN is only in the document"
    return None
