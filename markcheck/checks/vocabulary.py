"""Kind `vocabulary`: the words and separators of markings as written (POR-003, POR-004, HDR-010,
LVL-003, SYN-001, SYN-005).

params:
  check: unknown | separators | tokens | unreadable | in_sentence
    unknown     portion marks use only words of the marking vocabulary (rules/vocabulary.yaml):
                a mark with no level or control at all (``(SE)``, ``(CNF)``), or a level with an
                unknown control (``(S/NOFRN)``); legacy IC tokens (WNINTEL, NOCONTRACT …) are
                reported at `legacy_severity`; a mark missing one of its parentheses (``C)``) is
                malformed
    separators  CAPCO separators in portion marks (or, with ``markings: banners``, classification
                lines): ``//`` between categories (level, FGI, IC dissemination, non-IC
                dissemination), ``/`` between items of one category, no blank beside a slash,
                no run of three slashes, a comma only inside a REL TO or DISPLAY ONLY list, a
                hyphen only inside compound controls (SBU-NF, LES-NF, OC-USGOV); the expected
                marking is the CAPCO form of what was read
    tokens      `tokens` (e.g. R, RESTRICTED, NR) appear in a US portion mark or as a designation;
                marks written with the ``//`` non-US prefix (``(//NR)``) are allowed
    unreadable  every marking-shaped span the reader could not read (doc.unreadable), except
                whole portion marks of unknown words, which `unknown` reports, and marks inside
                sentences, which `in_sentence` reports
    in_sentence marking-shaped tokens inside a sentence that no recogniser read as a portion mark
                (markcheck.reader.recognise.stray)
  markings: portions | banners (separators) the markings judged (default: portions)
  tokens: [WORD, ...]          (tokens) the words to report
  defer: [WORD, ...]           (unknown) words left to another rule (e.g. RESTRICTED: LVL-003)
  legacy_severity: LEVEL       (unknown) severity for legacy tokens
  release_list_severity: LEVEL (unknown) severity for places named outside a REL TO list
                               (``(SECRET REL INDIA)``): a release mark in words, not an unknown one
  expected: {KIND: TEXT}       (unreadable) what a readable marking of each kind looks like
                               (portion, banner, eo_line, reason, declassify_on, default)
  when: {...}                  the shared condition

Message values: `mark` (as written), `where` (``paragraph 3``), `found` (the offending words),
`expected`, `problem` (the hit's phrase, rules/messages.yaml `vocabulary`, rendered).
"""

from __future__ import annotations

import functools
import re
from typing import Iterable

from ..model import Document, Level, Portion, Span
from ..suggest import hint
from ..vocabulary import classify_control, vocabulary
from . import _outline
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "vocabulary"
PLACEHOLDERS = frozenset({"mark", "where", "found", "expected", "problem"})
# the fields this kind gives its phrases (rules/messages.yaml `vocabulary`)
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"words", "missing", "left", "right", "reason", "codes", "standard",
                                               "subject"}

_WORD = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
_LEVELS = frozenset(Level.words())  # the register's level forms and their spellings (TOPSECRET, UNCLAS)


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    mode = params["check"]
    wanted = [str(t).upper() for t in params.get("tokens") or ()]

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        if not when(doc):
            return ()
        if mode == "unknown":
            return tuple(_unknown(doc, params))
        if mode == "separators":
            return tuple(_banner_separators(doc) if params.get("markings") == "banners" else _separators(doc))
        if mode == "tokens":
            return tuple(_tokens(doc, wanted))
        if not doc.unreadable:
            return ()
        if mode == "in_sentence":
            return tuple(_in_sentence(doc))
        return tuple(_unreadable(doc, params.get("expected") or {}))

    return run


@functools.lru_cache(maxsize=256)
def _inner(mark: str) -> str:
    text = mark.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return " ".join(text.upper().split())


def _words(mark: str) -> list[str]:
    return list(_mark_words(mark))


@functools.lru_cache(maxsize=256)
def _mark_words(mark: str) -> tuple[str, ...]:
    """The words of a portion mark; the same few marks recur in every document."""
    return tuple(_WORD.findall(_inner(mark)))


def _span(p: Portion) -> Span:
    return p.mark_span or p.span


def _values(p: Portion, **extra) -> dict:
    return {"mark": p.mark or "", "where": _outline.describe(p), "found": "", "expected": "", **extra}


def unknown_mark(doc: Document, p: Portion) -> bool:
    """A portion mark the grammar read but whose words name no level or control (``(SE)``)."""
    if p.mark is None or p.marking is not None or p.mark_span is None:
        return False
    return p.mark_span in _unreadable_portion_spans(doc.unreadable)


_SPANS_OF: tuple = ((), frozenset())  # (doc.unreadable, its portion spans): the last document's


def _unreadable_portion_spans(unreadable: tuple) -> frozenset:
    """The spans of the unreadable portion marks, built once per document (not once per portion,
    which made a document of many unreadable marks quadratic)."""
    global _SPANS_OF
    if _SPANS_OF[0] is not unreadable:
        _SPANS_OF = (unreadable, frozenset(u.span for u in unreadable if u.kind == "portion"))
    return _SPANS_OF[1]


def _listed(words) -> str:
    return ", ".join(words)


def _hinted(words) -> str:
    """The words, each followed by its did-you-mean from the register when it looks like a typo."""
    return ", ".join(f"{w}{hint(w)}" for w in words)


def _unknown(doc: Document, params) -> Iterable[Hit]:
    defer = {str(w).upper() for w in params.get("defer") or ()}
    legacy_severity = params.get("legacy_severity")
    release_list_severity = params.get("release_list_severity")
    legacy = vocabulary().legacy
    for p in doc.portions:
        if p.mark is None:
            continue
        if p.marking is None:
            if not unknown_mark(doc, p):
                continue
            words = _words(p.mark)
            if defer & set(words):
                continue
            found = _listed(words) or _inner(p.mark)
            yield Hit(_span(p), _values(p, found=found, expected_phrase="a_level_and_controls", phrase="not_a_mark",
                                        words=_hinted(words) or found))
            continue
        written = p.mark.strip()
        balanced = written.startswith("(") == written.endswith(")")
        if balanced and not p.marking.unknown:
            continue  # the usual portion: nothing unknown, nothing missing
        if not balanced:
            missing = "closing" if written.startswith("(") else "opening"
            yield Hit(_span(p), _values(p, mark=written, found=written, expected=f"({p.marking.portion()})",
                                        phrase="parenthesis_missing", missing=missing))
        unknown = [w for w in p.marking.unknown if w.upper() not in defer]
        strange = [w for w in unknown if w.upper() not in legacy]
        old = [w for w in unknown if w.upper() in legacy]
        countries = vocabulary().countries
        places = [w for w in strange if w.upper() in countries]
        strange = [w for w in strange if w.upper() not in countries]
        if places:
            codes = ", ".join(countries[w.upper()] for w in places)
            yield Hit(_span(p), _values(p, found=_listed(places), codes=codes, expected_phrase="a_release_list",
                                        phrase="place_outside_release_list"), release_list_severity)
        if strange:
            yield Hit(_span(p), _values(p, found=_listed(strange), standard=f"({p.marking.portion()})",
                                        expected_phrase="without_unknown_words", phrase="unknown_words",
                                        words=_hinted(strange)))
        if old:
            yield Hit(_span(p), _values(p, found=_listed(old), expected_phrase="current_controls",
                                        phrase="legacy_control"), legacy_severity)


# --- separators ------------------------------------------------------------------------------

def _category(item: str) -> str | None:
    """level | dissem | non_ic | rel | fgi | legacy, or None when the item is not one word/control."""
    item = " ".join(item.split())
    if item in _LEVELS:
        return "level"
    if item == "REL" or item.startswith("REL ") or item.startswith("REL TO"):
        return "dissem"
    if item == "FGI" or item.startswith("FGI "):
        return "fgi"
    found = classify_control(item)
    if found is not None:
        return found[0]
    return None


def _split_item(item: str) -> tuple[list[str], str] | None:
    """An item whose parts are joined by a space or hyphen instead of a separator: (parts, joiner)."""
    for joiner, pattern in ((" ", r"\s+"), ("-", r"\s*-\s*")):
        parts = [x for x in re.split(pattern, item) if x]
        if len(parts) > 1 and all(_category(x) for x in parts):
            return parts, joiner
    return None


# A comma separates the countries of these lists and nothing else.
_LISTS = ("REL TO", "DISPLAY ONLY", "RELEASABLE TO")


@functools.lru_cache(maxsize=256)
def _separator_problem(inner: str) -> tuple[str, str, str] | None:
    """(phrase, left, right) of a marking's first separator problem (a portion mark's inside or a
    classification line), or None."""
    if inner.startswith("//"):
        return None  # non-US portion, e.g. (//GBR S): its own syntax
    if re.search(r"//\s*$", inner) or re.search(r"(?<!/)/\s*$", inner):
        return "trailing_separator", "", ""
    run = re.search(r"/{3,}", inner)
    if run:
        return "extra_slashes", run.group(), ""
    for slash in re.finditer(r"\s*/+\s*", inner):
        if slash.group() != slash.group().strip():
            left = re.split(r"[\s/]+", inner[:slash.start()].strip())
            right = re.split(r"[\s/]+", inner[slash.end():].strip())
            return "blank_beside_separator", left[-1] if left else "", right[0] if right else ""
    groups = inner.split("//")
    previous = None
    for index, group in enumerate(groups):
        items = [x for x in group.split("/") if x]
        for item in items:
            comma = _comma_problem(item)
            if comma:
                return comma
        categories = []
        for item in items:
            category = _category(item)
            if category is None:
                split = _split_item(item)
                if split is None:
                    continue  # unknown words are POR-003's
                parts, joiner = split
                return ("joined_by_space" if joiner == " " else "joined_by_hyphen"), parts[0], parts[1]
            categories.append((item, category))
        if not categories:
            continue
        for (a, ca), (b, cb) in zip(categories, categories[1:]):
            if ca != cb:
                return "slash_across_categories", a, b
        if previous is not None and previous[1] == categories[0][1] and categories[0][1] != "level":
            return "double_slash_within_category", previous[0], categories[0][0]
        previous = categories[-1]
    return None


def _comma_problem(item: str) -> tuple[str, str, str] | None:
    """A comma between two known words outside a country list (``NOFORN, ORCON``)."""
    if "," not in item or " ".join(item.split()).startswith(_LISTS):
        return None
    left, right = (x.strip() for x in item.split(",")[:2])
    if _category(left) and _category(right):
        return "joined_by_comma", left, right
    return None


def _separators(doc: Document) -> Iterable[Hit]:
    for p in doc.portions:
        if p.mark is None or p.marking is None or p.marking.entire_text:
            continue
        problem = _separator_problem(_inner(p.mark))
        if problem is None:
            continue
        phrase, left, right = problem
        yield Hit(_span(p), _values(p, found=p.mark, expected=f"({p.marking.portion()})", phrase=phrase,
                                    left=left, right=right, subject=f"portion mark {p.mark} ({_outline.describe(p)})"))


def _banner_separators(doc: Document) -> Iterable[Hit]:
    """Each distinct classification line once (a document repeats its banner on every page); a
    line the reader could not read to its end is SYN-001's."""
    seen = set()
    unread = {u.span.line for u in doc.unreadable if u.kind == "banner"}
    for banner in doc.banners:
        written = " ".join(banner.raw.split()).upper()
        if banner.spacing != "plain" or written in seen or "/" not in written or banner.span.line in unread:
            continue
        seen.add(written)
        problem = _separator_problem(written)
        if problem is None:
            continue
        phrase, left, right = problem
        yield Hit(banner.span, {"mark": banner.raw, "where": f"{banner.kind} classification line", "found": banner.raw,
                                "expected": _line_says(doc, banner), "phrase": phrase, "left": left, "right": right,
                                "subject": f"classification line {banner.raw}"})


def _line_says(doc: Document, banner) -> str:
    """The CAPCO form of everything the line says: its marking and the captions read on it."""
    from ..reader.assemble import with_line_captions

    return with_line_captions(doc, banner.span.line, banner.marking).banner()


# --- tokens ----------------------------------------------------------------------------------

def _tokens(doc: Document, wanted: list[str]) -> Iterable[Hit]:
    listed = frozenset(wanted)
    for banner in doc.banners:
        if banner.designation.startswith("//"):
            continue  # a foreign document's own level (//NATO RESTRICTED), as (//NR) in a portion
        words = _designation_words(banner.designation)
        if listed.isdisjoint(words):
            continue
        found = [t for t in wanted if t in words]
        if found:
            yield Hit(banner.span, {"mark": repr(banner.raw), "where": "classification line", "found": found[0],
                                    "expected_phrase": "a_us_level",
                                    "phrase": "non_us_level_in_banner"})
    for p in doc.portions:
        if p.mark is None:
            continue
        words = _us_words(p.mark)
        if listed.isdisjoint(words):
            continue
        found = [t for t in wanted if t in words]
        if found:
            yield Hit(_span(p), _values(p, found=found[0], expected_phrase="a_non_us_mark",
                                        phrase="non_us_level_in_portion"))


@functools.lru_cache(maxsize=64)
def _designation_words(designation: str) -> frozenset[str]:
    return frozenset(designation.upper().split())


@functools.lru_cache(maxsize=256)
def _us_words(mark: str) -> frozenset[str]:
    """The words of a US portion mark; none for a non-US mark written with ``//`` (``(//NR)``)."""
    return frozenset() if _inner(mark).startswith("//") else frozenset(_mark_words(mark))


# --- unreadable ------------------------------------------------------------------------------

def _unreadable(doc: Document, expected: dict) -> Iterable[Hit]:
    whole = {p.mark_span for p in doc.portions if unknown_mark(doc, p)}
    for u in doc.unreadable:
        if u.kind == "portion" and u.span in whole or u.kind == IN_SENTENCE:
            continue
        yield Hit(u.span, {"mark": u.raw, "where": u.kind.replace("_", " "), "found": u.raw,
                           "expected": expected.get(u.kind) or expected.get("default") or "a readable marking",
                           "phrase": "unreadable", "reason": u.message})


IN_SENTENCE = "in_sentence"  # (markcheck.reader.recognise.stray: a mark inside a sentence, SYN-005's)


def _in_sentence(doc: Document) -> Iterable[Hit]:
    for u in doc.unreadable:
        if u.kind == IN_SENTENCE:
            yield Hit(u.span, {"mark": u.raw, "where": "sentence", "found": u.raw, "expected": "",
                               "phrase": "unreadable", "reason": u.message})
