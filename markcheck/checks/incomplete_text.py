"""Kind `incomplete-text`: one finding that the copy in hand is not the whole document (HDR-009).

The reasons are the reader's (`markcheck.reader.incomplete`, `Document.incomplete`): a telegram without
its routing header, a record that says it is a partial extract, a truncated preview before the
full cable, a database row before the classification line. Damage the reader reads through
leaves nothing unchecked, and the message says so. The finding names each reason
and what could not be checked, so an archive user tells "our copy is damaged" from "the record
is wrong"; the rules that would blame the original for the loss stay silent (their `at_most`
on `incomplete_reasons`).

params:
  when: {...}                  the shared condition

Message values: `reasons` (each reason in plain words), `unchecked` (what could not be checked).
"""

from __future__ import annotations

from typing import Iterable

from ..model import Document
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "incomplete-text"
PLACEHOLDERS = frozenset({"reasons", "unchecked"})
_READ_THROUGH = "nothing, the markings were read in the cable's own text"


def prepare(rule: Rule) -> Run:
    when = compile_condition(rule.params.get("when"))

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        if not doc.incomplete or not when(doc):
            return ()
        unchecked = dict.fromkeys(item for reason in doc.incomplete for item in reason.unchecked)
        span = next((r.span for r in doc.incomplete if r.span is not None), None)
        return (Hit(span, {"reasons": "; ".join(r.detail for r in doc.incomplete),
                           "unchecked": "; ".join(unchecked) or _READ_THROUGH},
                    cause=tuple(r.reason for r in doc.incomplete)),)

    return run
