"""Kind `notice`: statements a document must carry in certain situations (MSC-001, MSC-002, MSC-004).

The reader records the statements named in rules/vocabulary.yaml ``notices`` (Document.notices);
this kind decides when one is required.

params:
  check: fgi | waiver | transmittal
    fgi          a portion marked as foreign-government information needs FGI in the overall
                 marking or the statement "This document contains <country> information";
                 `reason_hint` adds a finding when a reason letter that means FGI is cited but
                 nothing is marked FGI
    waiver       a classified document with no portion marks at all (a portion-marking waiver)
                 carries the warning that it may not be used as a source for derivative
                 classification
    transmittal  a classified document that lists enclosures or attachments carries the removal
                 note ("Upon removal of attachments, this document is …"), the note names a level
                 no higher than the overall marking, and no lower than the document's own portions
  notice: NAME                 the statement that satisfies the rule (a key of ``notices``)
  list_notice: NAME            (transmittal) the statement that makes a document a transmittal
  reason_hint: {letters: [b], severity: info}   (fgi)
  when: {...}                  the shared condition

Message values: `problem` (the hit's phrase, rules/messages.yaml `notice`, rendered), `found`,
`expected`, `classification`, `portion`.
"""

from __future__ import annotations

from typing import Iterable

from ..model import Document, Level
from . import _marks
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "notice"
PLACEHOLDERS = frozenset({"problem", "found", "expected", "classification", "portion"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"cited", "listing_line", "note_level", "own", "fgi", "countries"}


def _notice(doc: Document, name: str):
    for notice in doc.notices:  # a loop, not next() over a generator made per document
        if notice.name == name:
            return notice
    return None


def _level(doc: Document) -> str:
    marking = doc.classification
    return marking.level.banner if marking is not None and marking.level is not None else "UNMARKED"


def _banner_fgi(doc: Document) -> bool:
    first = doc.first_banner
    declared = doc.classification
    if declared is not None and (declared.fgi is not None or declared.owner):  # //NATO SECRET names its owner
        return True
    return first is not None and first.marking.fgi is not None


# Each mode returns its hits (a tuple: no generator made for the usual document, which has none).

def _fgi(doc: Document, params) -> tuple[Hit, ...]:
    notice = params.get("notice", "fgi")
    if _notice(doc, notice) is not None:
        return ()
    fgi_portions = [p for p in doc.portions if p.marking is not None and p.marking.fgi is not None]
    if fgi_portions and not _banner_fgi(doc):
        declared = _marks.banner_text(doc.classification)
        p = fgi_portions[0]
        countries = sorted({c for q in fgi_portions for c in (q.marking.fgi or ())})
        portion = _marks.describe_portion(p)
        return (Hit(_marks.banner_span(doc) or p.mark_span or p.span, {
            "classification": _level(doc), "portion": portion, "found": declared,
            "fgi": "FGI " + " ".join(countries) if countries else "FGI", "countries": " ".join(countries) or "<country>",
            "expected_phrase": "fgi_expected", "phrase": "fgi_not_identified"}),)
    hint = params.get("reason_hint")
    reason = doc.cab.reason if doc.cab else None
    if not hint or reason is None or fgi_portions or _banner_fgi(doc):
        return ()
    hinted = {str(x).lower() for x in hint.get("letters", ())}
    letters = [c for c in reason.letters if c in hinted]
    if not letters:
        return ()
    cited = f"{reason.section or ''} ({letters[0]})".strip()
    return (Hit(reason.span, {
        "classification": _level(doc), "portion": "", "found": reason.raw,
        "expected_phrase": "fgi_reason_expected",
        "cited": cited, "phrase": "fgi_reason_without_fgi"}, hint.get("severity")),)


def _waiver(doc: Document, params) -> tuple[Hit, ...]:
    if not doc.classified or any(p.mark is not None for p in doc.portions):
        return ()
    if _notice(doc, params.get("notice", "derivative_waiver")) is not None:
        return ()
    return (Hit(_marks.banner_span(doc), {
        "classification": _level(doc), "portion": "", "found": "no portion marks and no notice",
        "expected_phrase": "waiver_expected",
        "phrase": "waiver_without_warning"}),)


def _transmittal(doc: Document, params) -> tuple[Hit, ...]:
    listing = _notice(doc, params.get("list_notice", "enclosures"))
    if listing is None or not doc.classified:
        return ()
    return tuple(_removal_note(doc, params, listing))


def _removal_note(doc: Document, params, listing) -> Iterable[Hit]:
    declared = doc.classification.level
    own = doc.rollup.level if doc.rollup is not None and doc.rollup.level is not None else Level.U
    note = _notice(doc, params.get("notice", "transmittal"))
    base = {"classification": declared.banner, "portion": "", "found": listing.raw}
    if note is None:
        yield Hit(listing.span, dict(base, found="no removal note", own=own.banner,
                                     expected_phrase="removal_note_unclassified" if own == Level.U else "removal_note",
                                     listing_line=listing.span.line, phrase="no_removal_note"))
        return
    if note.level is None:
        return
    if note.level > declared:
        yield Hit(note.span, dict(base, found=note.raw, expected_phrase="at_least_the_note",
                                  note_level=note.level.banner, phrase="removal_note_higher"))
    elif note.level < own:
        yield Hit(note.span, dict(base, found=note.raw, expected_phrase="removal_note",
                                  note_level=note.level.banner, own=own.banner, phrase="removal_note_lower"))


_MODES = {"fgi": _fgi, "waiver": _waiver}  # any other `check` is transmittal


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    judge = _MODES.get(params["check"], _transmittal)

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        return judge(doc, params) if when(doc) else ()

    return run
