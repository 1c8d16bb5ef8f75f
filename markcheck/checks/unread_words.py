"""Kind `unread-words`: marking words kept in a reading but not understood (SYN-002, SYN-003).

The reader never drops a word of a marking: what it does not know stays in the marking's
`unknown` list (model.Marking). Portion marks' unknown words are POR-003's; this kind reports
the rest, so that a pass means every word of every marking was read.

params:
  check: banner | not_read_yet
    banner        words of a classification line that are not in the marking register
                  (``SECRET//NOFRON``), with the nearest register word as a suggestion; words of
                  families markcheck does not read yet are left to `not_read_yet`
    not_read_yet  items of register families markcheck does not read yet (NATO markings), in
                  banners and portion marks: real markings, named by family, never taken for typos
  legacy_severity: LEVEL       (banner) severity for legacy controls the register retired
  when: {...}                  the shared condition

Message values: `mark` (the marking as written), `where`, `found` (the words), `problem` (the
hit's phrase, rules/messages.yaml `unread-words`, rendered).
"""

from __future__ import annotations

from typing import Iterable

from ..model import Document
from ..register_families import describe, family_of
from ..suggest import hint
from ..vocabulary import vocabulary
from . import _outline
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "unread-words"
PLACEHOLDERS = frozenset({"mark", "where", "found", "problem"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"quoted", "words", "named"}  # for rules/messages.yaml


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    mode = params["check"]
    legacy_severity = params.get("legacy_severity")

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        if not when(doc):
            return ()
        if mode == "banner":
            return tuple(_banner_words(doc, legacy_severity))
        return tuple(_not_read_yet(doc))

    return run


def _banner_words(doc: Document, legacy_severity) -> Iterable[Hit]:
    legacy = vocabulary().legacy
    for banner in doc.banners:
        words = [w for w in banner.marking.unknown if not family_of(w)]
        if not words:
            continue
        old = [w for w in words if w.upper() in legacy]
        strange = [w for w in words if w.upper() not in legacy]
        values = {"mark": banner.raw, "where": "classification line", "quoted": repr(banner.raw)}
        if strange:
            yield Hit(banner.span, {**values, "found": ", ".join(strange), "phrase": "unknown_words",
                                    "words": ", ".join(f"{w}{hint(w)}" for w in strange)})
        if old:
            yield Hit(banner.span, {**values, "found": ", ".join(old), "phrase": "legacy_control"}, legacy_severity)


def _not_read_yet(doc: Document) -> Iterable[Hit]:
    for banner in doc.banners:
        items = [w for w in banner.marking.unknown if family_of(w)]
        if items:
            yield Hit(banner.span, _values(banner.raw, "classification line", items))
    for p in doc.portions:
        if p.marking is None or not p.marking.unknown:
            continue
        items = [w for w in p.marking.unknown if family_of(w)]
        if items:
            yield Hit(p.mark_span or p.span, _values(p.mark or "", _outline.describe(p), items))


def _values(mark: str, where: str, items: list[str]) -> dict:
    named = ", ".join(f"{item} ({describe(item)}, not yet checked)" for item in items)
    return {"mark": mark, "where": where, "found": ", ".join(items), "phrase": "not_read_yet", "named": named}
