"""Kind `reason-letters`: the reason categories cited are ones that exist, and the right ones.

Params:
  mode: section   — each letter exists under the cited section (1.5: a-g, 1.4: a-h; the era's
                    section when none is cited) and none is repeated
        order     — each letter exists in the order named on the E.O. line, in the version in
                    force on the document date (letters the cited section lacks are left to
                    mode `section`)
        exemption — an exemption of the named group needs one of its reasons
  group: (mode exemption) a key of ``exemption_reasons`` in rules/eras.yaml
  repeated_severity: (mode section) the severity of a letter cited twice when every letter
                    exists (default: the rule's)
  when / where: the shared condition and predicate items

All letters, sections and exemption-to-reason mappings come from rules/eras.yaml. Data of
confidence M (era ``reason_confidence: M``, exemption entries ``confidence: M``) reports at
most a warning.

Message values: document facts plus `found` (the reason as written), `problem`, `allowed`,
`expected`, `code` and `meaning` (mode exemption).
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from ..eras import era_by_code
from ..model import Document
from . import _docpath as dp
from . import _erafacts as facts
from .base import Context, Hit, Rule, Run

KIND = "reason-letters"
PLACEHOLDERS = frozenset({"date", "era", "order", "classification", "eo", "declass", "found", "problem",
                          "allowed", "expected", "code", "meaning"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"letters", "repeated", "section", "named"}  # for rules/messages.yaml


def _era_section(doc: Document) -> tuple[str | None, tuple[str, ...]]:
    era = era_by_code(doc.era) if doc.era else None
    return (era.reason_section, era.reason_letters) if era else (None, ())


def _letters(items) -> str:
    return ", ".join(f"({c})" for c in items)


def prepare(rule: Rule) -> Run:
    params = rule.params
    guards = dp.compile_guards(params)
    mode = params["mode"]

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        reason = doc.cab.reason if doc.cab else None
        if reason is None or not reason.letters or guards and not dp.all_pass(doc, guards):
            return ()
        return tuple(_judge(doc, rule, ctx, reason, mode))

    return run


def _judge(doc: Document, rule: Rule, ctx: Context, reason, mode: str) -> Iterable[Hit]:
    if mode == "section":
        yield from _section(doc, rule, ctx, reason)
    elif mode == "order":
        yield from _order(doc, rule, ctx, reason)
    else:
        yield from _exemption(doc, rule, ctx, reason, rule.params["group"])


def _base(doc: Document, reason) -> dict:
    """The message values every hit starts from (built only for a hit)."""
    return dict(dp.document_values(doc), found=dp.as_text(reason), code="", meaning="")


def _section(doc, rule, ctx, reason):
    known = facts.section_letters()
    if reason.section in known:
        section, allowed = reason.section, known[reason.section]
    else:
        section, letters = _era_section(doc)
        if section is None:
            return
        allowed = frozenset(letters)
    bad = [c for c in dict.fromkeys(reason.letters) if c not in allowed]
    repeated = [] if len(set(reason.letters)) == len(reason.letters) else \
        [c for c, n in Counter(reason.letters).items() if n > 1]
    if bad or repeated:
        only_repeated = not bad and rule.params.get("repeated_severity")
        severity = _cap(rule, ctx, rule.params["repeated_severity"]) if only_repeated else None
        phrase = "not_in_section_and_repeated" if bad and repeated else "not_in_section" if bad else "repeated"
        yield Hit(reason.span, dict(_base(doc, reason), phrase=phrase, letters=_letters(bad),
                                    repeated=_letters(repeated), section=section, allowed=facts.letter_text(allowed),
                                    expected=f"letters from section {section} {facts.letter_text(allowed)}, "
                                             f"each once"), severity)


def _order(doc, rule, ctx, reason):
    line = doc.eo_line
    if line is None or not line.order:
        return
    versions = facts.era_for_order(line.order, doc.date.value if doc.date else None)
    if not versions:
        return  # an order the era table does not know: DEC-013 reports it
    allowed = frozenset(l.lower() for era in versions for l in era.reason_letters)
    known = facts.section_letters()
    in_section = known.get(reason.section) or frozenset(l for ls in known.values() for l in ls)
    bad = [c for c in dict.fromkeys(reason.letters) if c in in_section and c not in allowed]
    if not bad:
        return
    named = " / ".join(dp.order_name(era) for era in versions)
    sections = sorted({era.reason_section for era in versions if era.reason_section})
    if allowed:
        have = f"a category {named} has: {' or '.join(sections)} {facts.letter_text(allowed)}"
    else:
        have = f"no 1.4/1.5 reason letters ({named} has no lettered reason categories)"
    severity = None
    if any(era.raw.get("reason_confidence") == "M" for era in versions):
        severity = _cap(rule, ctx, "warning")
    yield Hit(reason.span, dict(_base(doc, reason), phrase="not_in_order", letters=_letters(bad), named=named,
                                allowed=facts.letter_text(allowed), expected=have), severity)


def _exemption(doc, rule, ctx, reason, group):
    declass = doc.declass
    if declass is None:
        return
    codes = [c.upper() for c in (declass.codes or ((declass.code,) if declass.code else ()))]
    section = reason.section or _era_section(doc)[0]
    for code in codes:
        entry = next((e for e in facts.exemption_group(group) if e.matches(code)), None)
        if entry is None:
            continue
        need = entry.letters_for(section)
        if set(reason.letters) & need:
            continue
        wanted = " or ".join(f"({c})" for c in sorted(need))
        severity = _cap(rule, ctx, "warning") if entry.confidence == "M" else None
        yield Hit(declass.span, dict(_base(doc, reason), code=code, meaning=entry.meaning,
                                     phrase="none_of", letters=_letters(sorted(need)),
                                     allowed=facts.letter_text(need),
                                     expected=f"{section + ' ' if section else ''}{wanted}"), severity)
        return


def _cap(rule: Rule, ctx: Context, ceiling: str) -> str | None:
    own = rule.severity_for(ctx.profile)
    capped = dp.cap_severity(own, ceiling) if own in dp.SEVERITY_RANK else own
    return None if capped == own else capped
