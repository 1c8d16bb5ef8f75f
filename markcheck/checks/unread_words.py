"""Kind `unread-words`: marking words kept in a reading but not understood (SYN-002).

The reader never drops a word of a marking: what it does not know stays in the marking's
`unknown` list (model.Marking). Portion marks' unknown words are POR-003's; this kind reports
the rest, so that a pass means every word of every marking was read.

params:
  check: banner
    banner        words of a classification line that are not in the marking register
                  (``SECRET//NOFRON``), with the nearest register word as a suggestion
  legacy_severity: LEVEL       (banner) severity for legacy controls the register retired
  when: {...}                  the shared condition

Message values: `mark` (the marking as written), `where`, `found` (the words), `problem` (the
hit's phrase, rules/messages.yaml `unread-words`, rendered).
"""

from __future__ import annotations

from typing import Iterable

from ..model import Document
from ..suggest import hint
from ..vocabulary import vocabulary
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "unread-words"
PLACEHOLDERS = frozenset({"mark", "where", "found", "problem"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"quoted", "words"}  # for rules/messages.yaml


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    mode = params["check"]
    legacy_severity = params.get("legacy_severity")

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        if not when(doc):
            return ()
        return tuple(_banner_words(doc, legacy_severity))

    return run


def _banner_words(doc: Document, legacy_severity) -> Iterable[Hit]:
    legacy = vocabulary().legacy
    for banner in doc.banners:
        words = banner.marking.unknown
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
