"""Kind `control`: how a dissemination control or caption may be used, and that it rolls up.

One kind for the CAPCO control templates and State caption rules (DIS-, CAP-): each template
says with which levels a control may appear, what it requires, what it excludes, and whether it
must be carried to (or kept off) the overall marking.

params:
  controls: [NAME, ...]       register names (NOFORN, ORCON, SBU NOFORN, NODIS...), caption names
                              (SIPDIS, SENSITIVE...) or the pseudo-control "REL TO"
  scope: [document, portions, rollup]
                              which markings to judge (default document and portions): `document`
                              is the declared overall marking (banner + captions); `rollup` takes
                              the control from the roll-up of the portions and looks for what it
                              requires or excludes in the declared overall marking (an SBU
                              portion asks for the SENSITIVE caption)
  levels: [U, C, S, TS]       a marking carrying the control must have one of these levels
  requires: [NAME, ...]       ...must also carry all of these
  conflicts: [NAME, ...]      ...must carry none of these
  forbidden: true             carrying the control at all is the finding (date windows via `when`)
  rollup: missing|extra|both  compare the declared overall marking with the roll-up of the portions:
                              a control the portions require but the banner lacks (missing), or
                              that the banner carries but the roll-up drops (extra: judged on
                              classified documents, and on unclassified ones where a portion
                              carries the control and the lattice supersedes it)
  rollup_severity: LEVEL      severity of roll-up hits when it differs from the rule's
  rollup_elsewhere: {PROFILE: RULE}
                              under these profiles another rule reports the same missing control
                              in that profile's own terms (an UNCLAS telegram's missing SENSITIVE
                              caption is CAP-006's): a missing control is not reported there, so
                              one cause is one finding
  when: {...}                 declarative condition (base.compile_condition)

Every hit names its phrase (rules/messages.yaml `control`, or the rule's own `phrases:`), which
the engine renders into `problem`, so one rule message covers the parts of a template and its
wording is data.
A roll-up hit about a missing control also carries `action`, what to do as the document's drafter
does it: under state_cable, a control a telegram conveys as a caption line (NOFORN, NODIS,
EXDIS...) is "add the caption line ..."; otherwise "expected <marking>".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from ..model import Document, Level, Marking
from ..rollup import rollup
from . import _marks
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "control"
PLACEHOLDERS = frozenset({"problem", "control", "marking", "where", "found", "expected", "action",
                          "required", "conflict", "level", "allowed", "portion"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"}  # the fields this kind gives its phrases (rules/messages.yaml)


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    template = _Template(params)
    scope = params.get("scope", ("document", "portions"))
    in_document, in_portions, in_rollup = "document" in scope, "portions" in scope, "rollup" in scope

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        # every scope and the roll-up comparison judge a marking that carries one of the controls
        if template.names.isdisjoint(_marks.all_tokens(doc)) or not when(doc):
            return ()
        hits: list[Hit] = []
        if in_document and doc.classification is not None:
            present = _marks.document_tokens(doc)
            if "SBU NOFORN" in doc.classification.non_ic:
                # UNCLAS with the SENSITIVE and NOFORN captions is State's SBU NOFORN: its NOFORN
                # caption is part of that control, not NOFORN on its own (DIS-010)
                present = present - {"NOFORN"}
            hits.extend(_judge(doc, template, doc.classification, present, None))
        if in_portions:
            hits.extend(_portions(doc, template))
        if in_rollup and doc.rollup is not None and doc.rollup.level is not None:
            hits.extend(_judge(doc, template, doc.rollup, _marks.tokens(doc.rollup), None,
                               _marks.document_tokens(doc)))
        if params.get("rollup"):
            hits.extend(_rollup(doc, params, ctx.profile in (params.get("rollup_elsewhere") or {}),
                                ctx.profile == "state_cable"))
        return hits

    return run


class _Template:
    """A rule's control template, read once: the controls (in rule order and as a set), the
    levels they allow, what they require and what they exclude."""

    def __init__(self, params):
        self.controls = list(params["controls"])
        self.names = frozenset(self.controls)
        self.forbidden = params.get("forbidden")
        self.levels = params.get("levels")
        self.allowed = frozenset(level for level in Level if level.name in self.levels) if self.levels else None
        self.requires = list(params.get("requires", ()))
        self.conflicts = list(params.get("conflicts", ()))

    def problems(self, marking: Marking, present: frozenset[str], others: frozenset[str]):
        """(control, wrong level, missing, clashing) for a marking carrying one of the controls,
        or None when it carries none or breaks nothing."""
        for control in self.controls:
            if control in present:
                break
        else:
            return None
        wrong_level = self.allowed is not None and marking.level is not None and marking.level not in self.allowed
        missing = [r for r in self.requires if r not in others] if self.requires else []
        clashing = [c for c in self.conflicts if c in others and c != control] if self.conflicts else []
        if not (self.forbidden or wrong_level or missing or clashing):
            return None
        return control, wrong_level, missing, clashing


def _portions(doc: Document, template: _Template) -> list[Hit]:
    """The template judged on each marked portion. Portions read alike share one Marking, and a
    marking that breaks nothing in one portion breaks nothing in the next: it is judged once."""
    hits: list[Hit] = []
    clean: set[int] = set()
    last = None  # the marking of the portion before, when it broke nothing
    for portion in _marks.marked_portions(doc):
        marking = portion.marking
        if marking is last or id(marking) in clean:
            continue
        present = _marks.tokens(marking)
        found = () if template.names.isdisjoint(present) else _judge(doc, template, marking, present, portion)
        if found:
            hits.extend(found)
            last = None
        else:
            clean.add(id(marking))
            last = marking
    return hits


def _judge(doc: Document, template: _Template, marking: Marking, present: frozenset[str], portion,
           declared: frozenset[str] | None = None) -> list[Hit]:
    """Template checks for one marking; at most one hit per problem type.

    `declared` (rollup scope) is where requirements and conflicts are looked up when they
    differ from the marking that carries the control."""
    problems = template.problems(marking, present, present if declared is None else declared)
    if problems is None:
        return []  # the usual case: nothing to say, so nothing to phrase
    return list(_phrased(doc, template, marking, portion, declared, problems))


def _phrased(doc: Document, template: _Template, marking: Marking, portion, declared, problems) -> Iterable[Hit]:
    """The hits for the `problems` of one marking."""
    control, wrong_level, missing, clashing = problems
    if portion is not None:
        span, where, written = _marks.portion_span(portion), f"portion on line {_marks.portion_span(portion).line}", portion.mark
    else:
        where = "overall marking" if declared is None else "roll-up of the portions"
        span, written = _marks.token_span(doc, control), _marks.banner_text(marking)
    base = {"control": control, "marking": written, "where": where,
            "found": _marks.banner_text(doc.classification),
            "expected": _marks.banner_text(doc.rollup)}
    levels = template.levels
    if template.forbidden:
        yield Hit(span, {**base, "phrase": "forbidden"})
    if wrong_level:
        yield Hit(span, {**base, "level": marking.level.banner, "allowed": _marks.join(levels), "phrase": "wrong_level"})
    if missing:
        yield Hit(span, {**base, "required": _marks.join(missing), "phrase": "missing_companion"})
    if clashing:
        yield Hit(span, {**base, "conflict": _marks.join(clashing), "phrase": "conflict"})


# Controls a State telegram conveys as a caption line of its own under the classification line.
_TELEGRAM_CAPTIONS = frozenset({"NOFORN", "NODIS", "EXDIS", "LIMDIS", "STADIS", "SENSITIVE"})


def _action(control: str, expected: str, telegram: bool) -> str:
    """What to do about a control the overall marking lacks, as the document's drafter does it:
    a telegram adds a caption line; a memo's banner takes the control."""
    if telegram and control in _TELEGRAM_CAPTIONS:
        return f"add the caption line {control} under the classification line (overall marking {expected})"
    return f"expected {expected}"


def _rollup(doc: Document, params, missing_elsewhere: bool = False, telegram: bool = False) -> Iterable[Hit]:
    declared, expected = doc.classification, doc.rollup
    if declared is None or expected is None or expected.level is None:
        return
    have, need = _marks.document_tokens(doc), _marks.tokens(expected)
    mode = params["rollup"]
    severity = params.get("rollup_severity")
    for control in params["controls"]:
        if (control in need) == (control in have):
            continue  # the overall marking and the roll-up agree about this control
        span = _marks.banner_span(doc)
        base = {"found": _marks.banner_text(declared), "expected": expected.banner(), "where": "overall marking",
                "marking": _marks.banner_text(declared)}
        if mode in ("missing", "both") and control in need and control not in have and not missing_elsewhere:
            if declared.level is not None and declared.level > Level.U and control in _UNCLASSIFIED_BANNER_ONLY:
                # A classified banner over portions that roll up to UNCLASSIFIED//SBU: the level
                # is ROL-002/ROL-003's finding; SBU or FOUO never belongs in a classified banner.
                continue
            source = _source_portion(doc, expected, control)
            if source is None:
                # No portion carries the control: the roll-up derived it from the release
                # markings together (NOFORN from REL TO lists with nothing in common, or from
                # REL TO beside unreleasable portions). That is DIS-003/DIS-004's finding.
                continue
            portion = _marks.describe_portion(source)
            action = _action(control, base["expected"], telegram)
            yield Hit(span, {**base, "control": control, "portion": portion, "action": action,
                             "phrase": "rollup_missing"}, severity)
        if mode in ("extra", "both") and control in have and control not in need and _dropped(doc, declared, expected, control):
            yield Hit(_marks.token_span(doc, control), {**base, "control": control, "portion": "",
                                                        "phrase": "rollup_extra"}, severity)


# Controls only an unclassified document conveys in its overall marking (DIS-007, DIS-009); LES
# is conveyed in a classified one too (ISM-ID-00145, ROL-023).
_UNCLASSIFIED_BANNER_ONLY = frozenset({"SBU", "SBU NOFORN", "FOUO", "SSI", "LES NOFORN", "LIMITED OFFICIAL USE"})


def _dropped(doc: Document, declared: Marking, expected: Marking, control: str) -> bool:
    """Whether an overall-marking control absent from the roll-up is a defect of this rule.

    It is when the document is classified (the lattice keeps such controls off classified
    banners) or when a portion carries the control and the lattice superseded it. An
    unclassified banner over classified portions is a level defect (ROL-004), and a control
    that no portion carries on an unclassified document is a caption choice, not a roll-up error.
    """
    if declared.level is None or declared.level == Level.U:
        return expected.level == Level.U and _marks.first_portion_with(doc, control) is not None
    return True


def _source_portion(doc: Document, expected: Marking, control: str):
    """The first portion that makes the roll-up carry `control`, directly or through the lattice
    (an SBU NOFORN portion in a classified document forces NOFORN): each portion is rolled up
    alone at the document's level."""
    for portion in _marks.marked_portions(doc):
        lifted = replace(portion.marking, level=max(portion.marking.level, expected.level))
        if control in _marks.tokens(rollup([lifted])):
            return portion
    return None
