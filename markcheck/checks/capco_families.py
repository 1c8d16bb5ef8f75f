"""Kind `capco-families`: SCI control systems, special access programs and atomic energy
markings — their roll-up to the overall marking and the floors and companions ISM sets them.

params:
  check: rollup | template
    rollup    the declared overall marking against the roll-up of the portions (capco.rollup):
              `family` (sci | sap | aea, or a list of them) and `direction` (missing: a value the portions require
              that the banner lacks; extra: a banner value no portion carries)
    template  each ISM template of `templates` in every marking of `scope` (document: the
              declared overall marking; portions: each portion mark)
  templates: [{tokens: [GLOB…], unless: [GLOB…], levels: [U, C, S, TS], requires: [GLOB…],
               conflicts: [GLOB…], ism: ISM-ID-…}]
             a marking carrying a token that matches `tokens` (and none of `unless`) must have
             one of `levels`, carry a token matching each of `requires`, and none of `conflicts`;
             tokens are ISM name tokens (capco.tokens: SI-G, HCS-P-ABC, RD-SG-14, NF, OC)
  scope: [document, portions]  (template) which markings to judge (default both)
  when: {...}                  the shared condition

Message values: `marking` (as markcheck reads it), `where`, `found` (the tokens), `expected`,
`ism` (the ISM rule), `problem` (the hit's phrase, rules/messages.yaml `capco-families`).
"""

from __future__ import annotations

from typing import Iterable

from ..capco.items import aea_implied, sap_key, sap_parts, sci_parts
from ..capco.tokens import ism_tokens, matching
from ..model import Document, Level, Marking
from . import _marks, _outline
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "capco-families"
PLACEHOLDERS = frozenset({"marking", "where", "found", "expected", "ism", "problem"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"level", "allowed", "required", "conflict", "portion"}


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    check = params["check"]
    scope = params.get("scope", ("document", "portions"))

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        if not _carries_families(doc) or not when(doc):
            return ()
        if check == "rollup":
            families = params["family"] if isinstance(params["family"], list) else [params["family"]]
            return tuple(hit for family in families for hit in _rollup(doc, family, params["direction"]))
        return tuple(_templates(doc, params["templates"], scope))

    return run


def _carries_families(doc: Document) -> bool:
    """Does the overall marking or a portion carry an SCI, SAP or atomic energy value? (The
    roll-up may drop one: DCNI in a classified document.)"""
    return doc.derived("carries_capco_families", _carries)


def _carries(doc: Document) -> bool:
    markings = [doc.classification, doc.rollup, *(p.marking for p in doc.portions)]
    return any(m is not None and (m.sci or m.sap or m.aea) for m in markings)


# --- roll-up -----------------------------------------------------------------------------------

def _sci_items(values) -> set[tuple[str, ...]]:
    """Each control system, compartment and sub-compartment of SCI values, as a path."""
    out: set[tuple[str, ...]] = set()
    for value in values:
        system, compartments = sci_parts(value)
        out.add((system,))
        for name, subs in compartments.items():
            out.add((system, name))
            out.update((system, name, sub) for sub in subs)
    return out


def _items(family: str, marking: Marking) -> dict:
    """{what is compared: how a message names it} of one family's values of `marking`."""
    if family == "sci":
        return {path: "-".join(path[:2]) + (f" {path[2]}" if len(path) > 2 else "") for path in _sci_items(marking.sci)}
    if family == "sap":
        out = {}
        for value in marking.sap:
            program, compartments = sap_parts(value)
            out[(sap_key(program),)] = program
            for name, subs in compartments.items():
                out[(sap_key(program), name)] = f"{program}-{name}"
                out.update({(sap_key(program), name, sub): f"{program}-{name} {sub}" for sub in subs})
        return out
    return {v: v for v in aea_implied(marking.aea)}


def _rollup(doc: Document, family: str, direction: str) -> Iterable[Hit]:
    declared, expected = doc.classification, doc.rollup
    if declared is None or expected is None or declared.level is None or expected.level is None:
        return
    have, want = _items(family, declared), _items(family, expected)
    if direction == "missing":
        keys, phrase, source = [k for k in want if k not in have], "rollup_missing", want
    else:
        keys, phrase, source = [k for k in have if k not in want], "rollup_extra", have
    keys = [k for k in keys if not any(_within(k, other) for other in keys)]  # SI-G ABCD, not also SI-G
    if family == "aea":  # RD-CNWDI, not also the RD it implies
        keys = [k for k in keys if not any(o.startswith(f"{k}-") for o in keys)]
    if not keys:
        return
    portion = None
    if direction == "missing":
        portion = next((p for p in _marks.marked_portions(doc) if p.marking is not None
                        and set(_items(family, p.marking)) & set(keys)), None)
    yield Hit(_marks.banner_span(doc), {
        "marking": declared.banner(), "where": "overall marking", "found": ", ".join(sorted(source[k] for k in keys)),
        "expected": expected.banner(), "ism": "", "phrase": phrase,
        "portion": f"{portion.mark} on line {_marks.portion_span(portion).line}" if portion is not None else "no portion"})


def _within(key, other) -> bool:
    """Is `key` a control system or compartment that `other`, a narrower value, names too?"""
    return isinstance(key, tuple) and isinstance(other, tuple) and len(key) < len(other) and other[:len(key)] == key


# --- templates ---------------------------------------------------------------------------------

def _templates(doc: Document, templates, scope) -> Iterable[Hit]:
    if "document" in scope and doc.classification is not None and doc.classification.level is not None:
        for hit in _judge(doc.classification, templates, "overall marking"):
            yield Hit(_marks.banner_span(doc), hit)
    if "portions" in scope:
        for portion in doc.portions:
            marking = portion.marking
            if marking is None or marking.level is None or not (marking.sci or marking.sap or marking.aea):
                continue
            for hit in _judge(marking, templates, _outline.describe(portion), portion.mark or ""):
                yield Hit(_marks.portion_span(portion), hit)


def _judge(marking: Marking, templates, where: str, mark: str | None = None) -> Iterable[dict]:
    tokens = ism_tokens(marking)
    written = mark or marking.banner()
    for template in templates:
        found = [t for t in matching(tokens, template["tokens"]) if not matching(frozenset({t}), template.get("unless"))]
        if not found:
            continue
        base = {"marking": written, "where": where, "found": ", ".join(found), "ism": template.get("ism", ""),
                "expected": "", "portion": ""}
        levels = template.get("levels")
        if levels and (marking.level is None or marking.level.name not in levels):
            allowed = " or ".join(Level[n].banner for n in levels)
            # a level too low is raised; a value allowed only below the marking's level is removed
            # by a person (never advice to lower a classification)
            low = marking.level is None or marking.level < min(Level[n] for n in levels)
            yield {**base, "phrase": "wrong_level" if low else "only_lower_levels", "allowed": allowed,
                   "level": marking.level.banner if marking.level else "no level", "expected": allowed}
        for required in template.get("requires") or ():
            if not matching(tokens, [required]):
                yield {**base, "phrase": "missing_companion", "required": required, "expected": required}
        for conflict in template.get("conflicts") or ():
            hit = matching(tokens, [conflict])
            if hit:
                yield {**base, "phrase": "conflict", "conflict": ", ".join(hit)}
