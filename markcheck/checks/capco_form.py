"""Kind `capco-form`: how SCI, SAP and atomic energy values are written (FRM-001..004).

params:
  check: order | duplicate | place | separator
    order      one family's values in register order: control systems, their compartments and
               sub-compartments (``SI-G ABCD EFGH``, not ``SI-G EFGH ABCD``; ``SI/TK``, not
               ``TK/SI``), atomic energy markings
    duplicate  a value, or an SCI control system or SAP program, written twice in one marking
               (``SI-G ABCD/SI-NK`` is ``SI-G ABCD-NK``: compartments join their system)
    place      the banner form in a banner and the portion form in a portion mark: a SAP's prefix
               (``SAR-`` / ``SPECIAL ACCESS REQUIRED-``) and atomic energy markings whose register
               forms differ (``DCNI`` / ``DOD UNCLASSIFIED CONTROLLED NUCLEAR INFORMATION``);
               a form the register lists as also written (``RD-CNWDI``, ``DOD UCNI``) is accepted
    separator  each family a category of its own, after ``//`` (``TS//SI//NF``, not ``TS/SI/NF``)
  when: {...}  the shared condition

Judged in every classification line and portion mark that carries such a value. Message values:
`mark` (as written), `where`, `found`, `expected`, `problem` (the hit's phrase, rules/messages.yaml
`capco-form`).
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from .. import register
from ..capco.items import aea_banner, aea_order, aea_values, sap_parts, sap_key, sci_parts, sci_union
from ..capco.written import family_items, mixed_categories
from ..model import Document, Marking
from . import _outline
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "capco-form"
PLACEHOLDERS = frozenset({"mark", "where", "found", "expected", "problem"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"left", "right", "form"}


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    judge = _CHECKS[params["check"]]

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        if not when(doc):
            return ()
        hits = []
        for text, marking, span, where, banner in _markings(doc):
            for values in judge(text, marking, banner):
                hits.append(Hit(span, {"mark": text, "where": where, "expected": "", **values}))
        return hits

    return run


def _markings(doc: Document):
    """(text as written, marking, span, where, is a banner) of each marking with these values."""
    for banner in doc.banners:
        if _has(banner.marking):
            yield " ".join(banner.raw.split()), banner.marking, banner.span, f"{banner.kind} classification line", True
    for p in doc.portions:
        if p.marking is not None and p.mark and _has(p.marking):
            yield p.mark, p.marking, p.mark_span or p.span, _outline.describe(p), False


def _has(marking: Marking) -> bool:
    return bool(marking.sci or marking.sap or marking.aea)


def _order(text: str, marking: Marking, banner: bool) -> Iterable[dict]:
    sci = [i.text for i in family_items(text, "sci")]
    canonical = list(sci_union(sci))
    if len(canonical) == len(sci) and sci != canonical:
        yield {"phrase": "out_of_order", "found": "/".join(sci), "expected": "/".join(canonical)}
    aea = [v for i in family_items(text, "aea") for v in aea_values(i.text)]
    ordered = list(aea_order(aea))
    if len(ordered) == len(aea) and aea != ordered:
        shown = [aea_banner(v) for v in ordered] if banner else ordered
        yield {"phrase": "out_of_order", "found": "/".join(i.text for i in family_items(text, "aea")),
               "expected": "/".join(shown)}


def _duplicate(text: str, marking: Marking, banner: bool) -> Iterable[dict]:
    systems = Counter(sci_parts(i.text)[0] for i in family_items(text, "sci"))
    for system, count in systems.items():
        if count > 1:
            written = [i.text for i in family_items(text, "sci") if sci_parts(i.text)[0] == system]
            yield {"phrase": "repeated", "found": "/".join(written), "form": system,
                   "expected": sci_union(written)[0]}
    programs = Counter(sap_key(sap_parts(i.text)[0]) for i in family_items(text, "sap"))
    for program, count in programs.items():
        if count > 1:
            yield {"phrase": "repeated", "found": program, "form": program, "expected": program}
    values = Counter(v for i in family_items(text, "aea") for v in aea_values(i.text))
    for value, count in values.items():
        if count > 1:
            yield {"phrase": "repeated", "found": value, "form": value, "expected": value}


def _place(text: str, marking: Marking, banner: bool) -> Iterable[dict]:
    syntax = register.syntax("sar")
    wrong, right = (syntax["portion_prefix"], syntax["banner_prefix"]) if banner else \
        (syntax["banner_prefix"], syntax["portion_prefix"])
    for item in family_items(text, "sap"):
        if item.text.startswith(wrong):
            yield {"phrase": "wrong_place", "found": item.text, "expected": right + item.text[len(wrong):],
                   "form": "portion" if banner else "banner"}
    for item in family_items(text, "aea"):
        entry = register.entry_for(item.text, "aea")
        if entry is None or item.text in entry.also:
            continue
        want = entry.banner if banner else entry.portion
        if want and item.text != want:
            yield {"phrase": "wrong_place", "found": item.text, "expected": want, "form": "portion" if banner else "banner"}


def _separator(text: str, marking: Marking, banner: bool) -> Iterable[dict]:
    for left, right in mixed_categories(text):
        yield {"phrase": "one_category", "found": f"{left.text}/{right.text}", "left": left.text, "right": right.text,
               "expected": f"{left.text}//{right.text}"}


_CHECKS = {"order": _order, "duplicate": _duplicate, "place": _place, "separator": _separator}
