"""Kind `banner-line`: the classification lines themselves (HDR-001, HDR-002, LVL-001).

params:
  check: first | spacing | designation
    first        the document has a first classification line, and its designation is one of
                 `designations`
    spacing      a classification line whose letter-spacing is irregular (``S ECR E T``,
                 ``SS E C R E T``) — the reader normalised it; the finding says to what
    designation  every classification line (first, SECTION/page headers, closing) uses one of
                 `designations`; compound terms such as ``SECRET SENSITIVE`` are not designations
  designations: [TEXT, ...]  the authorised designations, as the reader normalises them (a NATO,
                             JOINT or foreign document's line, //NATO SECRET, is judged by
                             the reading of its head, not here)
                             (letter-spacing removed); compared without spaces
  defer: [TEXT, ...]         (first, designation) designations containing one of these words are
                             left to another rule (LIMITED OFFICIAL USE fused with a level: LVL-002;
                             RESTRICTED, a non-US level: LVL-003)
  when: {...}                the shared condition

Message values: `found` (the designation), `written` (the line as written), `normalised`,
`expected` (the designations, listed), `where` (first classification line / section header …),
`line`, `problem` (the whole finding: the hit's phrase, rules/messages.yaml `banner-line`, rendered).
"""

from __future__ import annotations

import functools
from typing import Iterable

from ..model import Banner, Document, Span
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "banner-line"
PLACEHOLDERS = frozenset({"found", "normalised", "expected", "where", "line", "written", "problem"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"start"}  # for rules/messages.yaml

_WHERE = {"first": "first classification line", "section": "section header", "page": "page header",
          "repeat": "repeated classification line", "closing": "closing classification line"}


@functools.lru_cache(maxsize=256)
def _key(text: str) -> str:
    return "".join(text.upper().split())


def _listed(values) -> str:
    values = list(values)
    return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else "".join(values)


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    mode = params["check"]
    allowed = list(params.get("designations") or ())
    keys = frozenset(_key(d) for d in allowed)
    expected = _listed(allowed)
    defer = [_key(d) for d in params.get("defer") or ()]

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        return tuple(_judge(doc, mode, keys, expected, defer)) if when(doc) else ()

    return run


def _judge(doc: Document, mode: str, keys: frozenset[str], expected: str, defer: list[str]) -> Iterable[Hit]:
    if mode == "first":
        first = doc.first_banner
        if first is None:
            span = _text_start(doc)
            start = f"it starts at line {span.line}" if span else "the document has no header"
            yield Hit(span, {"found": "none", "normalised": "", "expected": expected, "where": "first line",
                             "line": str(span.line) if span else "1", "written": "",
                             "phrase": "no_classification_line", "start": start})
            return
        key = _key(first.designation)
        if key not in keys and not any(d in key for d in defer) and not _foreign(first):
            yield Hit(first.span, _values(first, expected, "not_authorized"))
        return
    if mode == "spacing":
        for banner in doc.banners:
            if banner.spacing == "irregular":
                yield Hit(banner.span, _values(banner, expected, "irregular_spacing"))
        return
    for banner in doc.banners:
        key = _key(banner.designation)
        if key in keys or any(d in key for d in defer) or _foreign(banner):
            continue
        yield Hit(banner.span, _values(banner, expected, "not_a_designation"))


def _foreign(banner: Banner) -> bool:
    """A NATO, JOINT or other foreign document's line (``//NATO SECRET``): its head is the owner's
    level, read from the register (reader/foreign.py); a head it cannot read is SYN-002's."""
    return banner.designation.startswith("//")


def _values(banner: Banner, expected: str, phrase: str) -> dict:
    written = banner.raw if len(banner.raw) <= 60 else banner.raw[:57] + "..."
    where = _WHERE.get(banner.kind, "classification line")
    found = banner.designation or written
    return {"found": found, "normalised": banner.designation, "expected": expected, "where": where,
            "line": str(banner.span.line), "written": written, "phrase": phrase}


def _text_start(doc: Document) -> Span | None:
    """Where the telegram text starts when it has no classification line: its first header element."""
    spans = [c.span for c in doc.captions]
    spans += [s for s in (doc.eo_line.span if doc.eo_line else None, doc.tags_span, doc.subject_span) if s]
    spans += [p.span for p in doc.portions[:1]]
    return min(spans) if spans else None
