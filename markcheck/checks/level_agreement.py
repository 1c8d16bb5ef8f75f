"""Kind `level-agreement`: a level written elsewhere agrees with the first classification line.

params:
  source: repeated-banners | security-code | entire-text
    repeated-banners  SECTION/page headers, repeated and closing classification lines of the same
                      telegram (a different telegram number means another cable pasted after it)
    security-code     the transmission security code of the routing header (ZNY CCCCC ...)
    entire-text       whole-text portion marks such as ``1. (C - ENTIRE TEXT).``
  codes: {CODE: LEVEL}             (security-code) what each code stands for; codes not listed
                                   are not judged
  expected_codes: {LEVEL: TEXT}    (security-code) the code to show as expected for a level
  lower_severity: LEVEL            severity when the element is *lower* than the first line
                                   (default: the rule's)
  compare_controls: [profile, ...] (repeated-banners) under these profiles the closing line must
                                   also repeat the controls written on the first line
  when: {...}                      the shared condition

Message values: `where` (what carries the level), `found` (its level), `expected` (the first
line's level), `relation` (higher / lower / different), `first_line` (line number), `code`,
`expected_code`, `mark`, `problem` (the hit's phrase, rules/messages.yaml `level-agreement`, rendered).
"""

from __future__ import annotations

from typing import Iterable

from ..model import Banner, Document, Level, Marking
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "level-agreement"
PLACEHOLDERS = frozenset({"where", "found", "expected", "relation", "first_line", "code", "expected_code", "mark",
                          "problem"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"section"}  # for rules/messages.yaml

_WHERE = {"section": "section header", "page": "page header", "repeat": "repeated classification line",
          "closing": "closing classification line"}


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    codes = {str(k).upper(): str(v).upper() for k, v in (params.get("codes") or {}).items()}

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        return tuple(_judge(doc, params, ctx, codes)) if when(doc) else ()

    return run


def _judge(doc: Document, params, ctx: Context, codes: dict[str, str]) -> Iterable[Hit]:
    first = doc.first_banner
    if first is None or first.marking.level is None:
        return
    source = params["source"]
    lower = params.get("lower_severity")
    if source == "repeated-banners":
        yield from _repeated(doc, first, lower, ctx.profile in (params.get("compare_controls") or ()))
    elif source == "security-code":
        yield from _security_code(doc, first, codes, params, lower)
    else:
        yield from _entire_text(doc, first, lower)


def _base(first: Banner) -> dict:
    """The message values every hit starts from (built only for a hit)."""
    return {"expected": first.marking.level.banner, "first_line": str(first.span.line), "code": "",
            "expected_code": "", "mark": ""}


def _relation(found: Level, expected: Level) -> str:
    return "higher" if found > expected else "lower"


def _same_telegram(first: Banner, other: Banner) -> bool:
    if first.number is None or other.number is None:
        return True
    try:
        return int(first.number) == int(other.number)
    except ValueError:
        return first.number == other.number


def _controls(marking: Marking) -> tuple:
    return (marking.dissem, marking.non_ic, marking.rel_to)


def _repeated(doc: Document, first: Banner, lower: str | None, controls: bool):
    for banner in doc.banners:
        if banner.kind == "first" or banner.marking.level is None or not _same_telegram(first, banner):
            continue
        where = _WHERE.get(banner.kind, "classification line")
        detail = f" (SECTION {banner.section[0]:02d} OF {banner.section[1]:02d})" if banner.section else ""
        found, expected = banner.marking.level, first.marking.level
        if found != expected:
            relation = _relation(found, expected)
            yield Hit(banner.span, dict(_base(first), where=where, found=found.banner, relation=relation,
                                        section=detail, phrase="level_differs"), lower if found < expected else None)
        elif controls and banner.kind == "closing" and _controls(banner.marking) != _controls(first.marking):
            shown, wanted = banner.marking.banner(), first.marking.banner()
            yield Hit(banner.span, dict(_base(first), where=where, found=shown, expected=wanted, relation="different",
                                        phrase="controls_differ"), lower)


def _security_code(doc: Document, first: Banner, codes: dict[str, str], params, lower: str | None):
    code = (doc.tx_security_code or "").upper()
    if code not in codes:
        return
    found = Level[codes[code]]
    expected = first.marking.level
    if found == expected:
        return
    wanted = (params.get("expected_codes") or {}).get(expected.name, "")
    relation = _relation(found, expected)
    yield Hit(doc.tx_security_span or first.span,
              dict(_base(first), where="transmission security code", found=found.banner, relation=relation, code=code,
                   expected_code=wanted, phrase="security_code"), lower if found < expected else None)


def _entire_text(doc: Document, first: Banner, lower: str | None):
    for p in doc.portions:
        if p.marking is None or not p.marking.entire_text or p.marking.level is None:
            continue
        found, expected = p.marking.level, first.marking.level
        if found == expected:
            continue
        relation = _relation(found, expected)
        yield Hit(p.mark_span or p.span, dict(_base(first), where="whole-text mark", found=found.banner, relation=relation,
                                             mark=p.mark or "", phrase="entire_text"), lower if found < expected else None)
