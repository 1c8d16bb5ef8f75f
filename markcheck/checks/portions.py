"""Kind `portions`: every portion carries its mark, in its place (POR-001, POR-002, POR-006, POR-007).

params:
  check: unmarked | placement | nesting
    unmarked   each paragraph and the SUBJECT line carries a portion mark. Paragraphs are judged
               through the outline of the document (`_outline`): items nested in a marked
               paragraph take its mark, an unmarked heading whose items are all marked is not a
               portion of its own, and lines that merely start with an out-of-sequence number are
               not paragraphs. When no paragraph is marked at all, one finding covers them all.
               A paragraph whose text starts with a redaction (XXXXXXXX), which may have taken the
               mark with it, and a document with a whole-text mark are not judged.
    placement  a mark written after its text (``3. Text … (S)``) instead of right after the
               paragraph number
    nesting    a nested item classified higher than the paragraph it belongs to (allowed; the
               parent's mark is not raised)
  if_controlled: true        (unmarked) only when some portion carries a control (SBU, FOUO, NF…)
  subject_severity: LEVEL | {profile: LEVEL}   (unmarked) severity for the SUBJECT line
  era_severity: {ERA: LEVEL} caps the severity for documents of those eras ("off" silences)
  when: {...}                the shared condition (classified, date_from, date_before)

Message values: `portion` (``paragraph 12``), `line`, `classification` (the declared level),
`example` (a mark to use, e.g. ``(C)``), `mark` (as written), `count`, `parent`, `parent_mark`,
`level`, `parent_level`, `problem` (the hit's phrase, rules/messages.yaml `portions`, rendered).
"""

from __future__ import annotations

from typing import Iterable

from ..model import Document, Level
from . import _docpath as dp
from . import _outline
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "portions"
PLACEHOLDERS = frozenset({"portion", "line", "classification", "example", "mark", "count", "parent",
                          "parent_mark", "level", "parent_level", "problem"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"}  # for rules/messages.yaml


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    era_severity = params.get("era_severity") or {}
    mode = params["check"]

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        if not when(doc):
            return ()
        if mode == "unmarked":
            hits = _unmarked(doc, params, ctx)
        elif mode == "placement":
            hits = _placement(doc)
        else:
            hits = _nesting(doc)
        found = list(hits)
        if not found:
            return ()
        ceiling = era_severity.get(doc.era)
        own = rule.severity_for(ctx.profile)

        def severity(chosen: str | None = None) -> str | None:
            level = chosen or own
            if ceiling is not None:
                level = dp.cap_severity(level, ceiling)
            return None if level == own else level

        return [Hit(span, values, severity(chosen)) for span, values, chosen in found]

    return run


def _level_word(doc: Document) -> str:
    marking = doc.classification
    return marking.level.banner if marking is not None and marking.level is not None else "UNMARKED"


def _example(doc: Document) -> str:
    marking = doc.classification
    if marking is None or marking.level is None:
        return "(U)"
    return _MARK_OF[marking.level]


_MARK_OF = {level: f"({level.name})" for level in Level}  # a member's `.name` is a descriptor call


def _controlled(doc: Document) -> bool:
    return any(p.marking is not None and (p.marking.dissem or p.marking.non_ic or p.marking.rel_to is not None)
               for p in doc.portions)


def _whole_text_marked(doc: Document) -> bool:
    """Does a portion mark say it covers the entire text ("1. (C - ENTIRE TEXT).")?"""
    for p in doc.portions:
        if p.marking is not None and p.marking.entire_text:
            return True
    return False


def _subject_severity(params, ctx: Context) -> str | None:
    value = params.get("subject_severity")
    if isinstance(value, dict):
        return value.get(ctx.profile)
    return value


# The three modes yield (span, message values, severity chosen by the mode or None) per hit;
# `run` applies the era ceiling and makes the hits.

def _unmarked(doc: Document, params, ctx: Context):
    if params.get("if_controlled") and not _controlled(doc):
        return
    if _whole_text_marked(doc):
        return  # "1. (C - ENTIRE TEXT)." marks every portion (POR-005 judges its level)
    entries = _outline.outline(doc)
    base = {"classification": _level_word(doc), "example": _example(doc), "mark": "", "parent": "",
            "parent_mark": "", "level": "", "parent_level": ""}
    paragraphs = []
    marked = False  # some portion besides the SUBJECT line carries a mark
    for p, role, _ in entries:  # one pass: the SUBJECT line is judged, the paragraphs gathered
        if role == "subject":
            if p.mark is None:
                yield p.span, dict(base, portion=_outline.describe(p), line=str(p.span.line), count="1"), \
                    _subject_severity(params, ctx)
            continue
        marked = marked or p.mark is not None
        if role == "paragraph":
            paragraphs.append(p)
    if paragraphs and not marked:
        first = paragraphs[0]
        count = len(paragraphs)
        what = _outline.describe(first) + ("" if count == 1 else f" (like all {count} paragraphs of the document)")
        yield first.span, dict(base, portion=what, line=str(first.span.line), count=str(count)), None
        return
    items_of = None  # paragraph id -> its items, gathered on the first unmarked paragraph
    for p in paragraphs:
        if p.mark is not None or p.redacted:
            continue
        if items_of is None:
            items_of = _outline.children_by_parent(entries)
        items = items_of.get(id(p), ())
        if items and all(i.mark is not None for i in items):
            continue  # a heading ("1. Key Points") whose items carry the marks
        yield p.span, dict(base, portion=_outline.describe(p), line=str(p.span.line), count="1"), None


def _placement(doc: Document):
    for p in doc.portions:
        if p.placement != "trailing" or p.mark is None:
            continue
        label = p.label or (p.number + "." if p.number else "")
        yield p.mark_span or p.span, {
            "portion": _outline.describe(p), "line": str(p.span.line), "mark": p.mark,
            "classification": _level_word(doc), "example": f"{label} {p.mark} …".strip(), "count": "1",
            "parent": "", "parent_mark": "", "level": "", "parent_level": "",
            "phrase": "trailing_mark"}, None


def _nesting(doc: Document):
    levels = {p.marking.level for p in doc.portions if p.marking is not None and p.marking.level is not None}
    if len(levels) < 2:
        return  # an item above its paragraph takes two levels: no need to work out the outline
    for p, role, parent in _outline.outline(doc):
        if role != "nested" or parent is None or p.marking is None or parent.marking is None:
            continue
        level, parent_level = p.marking.level, parent.marking.level
        if level is None or parent_level is None or level <= parent_level:
            continue
        overall = max(level, doc.rollup.level if doc.rollup and doc.rollup.level is not None else Level.U)
        yield p.mark_span or p.span, {
            "portion": _outline.describe(p), "line": str(p.span.line), "mark": p.mark or "",
            "parent": _outline.describe(parent), "parent_mark": parent.mark or "",
            "level": level.banner, "parent_level": parent_level.banner,
            "classification": overall.banner, "example": "", "count": "1",
            "phrase": "higher_than_parent"}, None
