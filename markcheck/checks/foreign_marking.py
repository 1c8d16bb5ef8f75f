"""Kind `foreign-marking`: foreign-government, JOINT and release markings in CAPCO documents
(ROL-020..022, ROL-024, CMP-020..022, FRM-020..024).

params:
  check: form | codes | display_list | joint | relido_foreign | fgi_rollup | display_rollup | relido_rollup
         | owner_rollup
    form            a control or level written in the other place's form: with `place: banner`
                    a portion form in a classification line (``SECRET//NF``, ``//NS``), with
                    `place: portion` a banner form in a portion mark (``(S//NOFORN)``,
                    ``(SECRET)``, ``(//NATO SECRET)``)
    codes           each code of a REL TO, DISPLAY ONLY or FGI list and each foreign owner is a
                    register value (GENC trigraph, tetragraph, FGI source); with
                    `deprecated: true`, only codes the register deprecated on or before the
                    document's date; with `order: true`, only FGI and DISPLAY ONLY lists out of
                    register order (trigraphs A-Z, then tetragraphs A-Z)
    display_list    DISPLAY ONLY names the countries it may be shown to
    joint           a JOINT classification names USA and another owner, and releases to every owner
    relido_foreign  RELIDO on a portion no US owner shares
    fgi_rollup      an overall FGI marking names every source the portions name, and conceals
                    them all when a portion conceals its source (``FGI`` alone)
    display_rollup  an overall DISPLAY ONLY is the countries every portion may be shown to
    relido_rollup   an overall RELIDO only when every relevant portion carries RELIDO
    owner_rollup    an overall NATO, JOINT or foreign head (``//NATO SECRET``) names the owner,
                    level and NATO control its portions roll up to; a US portion makes it a US
                    document
  when: {...}

Each hit names its phrase (rules/messages.yaml `foreign-marking`).
"""

from __future__ import annotations

from typing import Iterable

from .. import register
from ..model import Document, Level, Marking
from ..vocabulary import display_only_string, expand_tetragraphs
from . import _marks, _outline
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "foreign-marking"
PLACEHOLDERS = frozenset({"problem", "mark", "where", "found", "expected"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"} | {"written", "form", "codes", "list", "canonical", "portion",
                                              "date", "owners"}
_LISTS = ("REL TO ", "REL ", "DISPLAY ONLY ", "FGI ")  # an item that holds a country list


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    check = _CHECKS[params["check"]]

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        if not when(doc):
            return ()
        return tuple(check(doc, params))

    return run


def _markings(doc: Document) -> Iterable[tuple[Marking, object, str, str]]:
    """(marking, span, as written, where) of every classification line and marked portion."""
    for banner in doc.banners:
        yield banner.marking, banner.span, banner.raw, "classification line"
    for p in _marks.marked_portions(doc):
        yield p.marking, _marks.portion_span(p), p.mark or p.marking.portion(), _outline.describe(p)


# --- form ----------------------------------------------------------------------------------------

def _form(doc: Document, params) -> Iterable[Hit]:
    if params.get("place") == "banner":
        yield from _banner_forms(doc)
    else:
        yield from _portion_forms(doc)


def _banner_forms(doc: Document) -> Iterable[Hit]:
    for banner in doc.banners:
        items = _items(banner.raw)
        if banner.marking.owner and items:  # //NS, //DEU S: a foreign head in its portion form
            wanted = banner.marking.banner().lstrip("/").split("//")[0]
            if items[0] != wanted and _same_reading(items[0], wanted):
                yield Hit(banner.span, {**_values(banner.raw, "classification line"), "written": items[0],
                                        "form": wanted, "phrase": "portion_form_in_banner"})
        for item in items[1:]:
            entry = _control_entry(item)
            if entry is not None and item == entry.portion != entry.banner:
                yield Hit(banner.span, {**_values(banner.raw, "classification line"), "written": item,
                                        "form": entry.banner, "phrase": "portion_form_in_banner"})


def _portion_forms(doc: Document) -> Iterable[Hit]:
    for p in _marks.marked_portions(doc):
        written = p.mark or ""
        items = _items(written.strip("()"))
        if not items or items[0] == "CUI":
            continue  # (a CUI portion writes its LDCs as the CUI Registry does: (CUI//NOFORN))
        head, rest = items[0], items[1:]
        wanted = _portion_head(p.marking)
        if wanted is not None and head != wanted and _same_reading(head, wanted):
            yield Hit(_marks.portion_span(p), {**_values(written, _outline.describe(p)), "written": head,
                                               "form": wanted, "phrase": "banner_form_in_portion"})
        for item in rest:
            entry = _control_entry(item)
            if entry is not None and item == entry.banner != entry.portion:
                yield Hit(_marks.portion_span(p), {**_values(written, _outline.describe(p)), "written": item,
                                                   "form": entry.portion, "phrase": "banner_form_in_portion"})


def _items(text: str) -> list[str]:
    """The items of a marking as written, in order: ``SECRET//NF/REL TO USA, GBR`` -> SECRET,
    NF (an item with a country list, REL TO, DISPLAY ONLY or FGI, is left out)."""
    text = " ".join(text.upper().split())
    foreign = text.startswith("//")
    out = []
    for index, category in enumerate(text.lstrip("/").split("//")):
        for item in category.split("/"):
            item = item.strip()
            if not item:
                continue
            if foreign and index == 0:
                out.append(item)  # the head of a foreign mark: owner and level, one item
                break
            if not item.startswith(_LISTS):
                out.append(item)
    return out


def _control_entry(item: str):
    entry = register.entry_for(item)
    return entry if entry is not None and entry.family in ("dissem", "non-ic") else None


def _portion_head(marking: Marking) -> str | None:
    """The portion form of a marking's first item: its level, or its foreign head (``NS``, ``DEU S``)."""
    if marking.owner:
        return marking.portion().lstrip("/").split("//")[0]
    return marking.level.name if marking.level is not None else None


def _same_reading(written: str, wanted: str) -> bool:
    """Is `written` the banner form of the portion-form head `wanted` (SECRET for S, NATO SECRET
    for NS, DEU SECRET for DEU S), not some other word the reader kept as unknown?"""
    from ..reader.foreign import is_foreign_head

    if " " not in wanted and wanted in Level.__members__:
        return written in {e.banner for e in register.us_levels()} and Level.from_word(written).name == wanted
    return is_foreign_head(written)


def _values(mark: str, where: str) -> dict:
    return {"mark": mark, "where": where, "found": mark, "expected": ""}


# --- codes ---------------------------------------------------------------------------------------

def _codes(doc: Document, params) -> Iterable[Hit]:
    deprecated_only, order_only = params.get("deprecated"), params.get("order")
    day = doc.date.value.isoformat() if doc.date is not None else None
    fgi_sources = frozenset(e.value for e in register.family("fgi"))
    release = register.release_codes()
    owners_known = register.country_codes() | register.tetragraph_codes() | {"FGI", "NATO"}
    for marking, span, written, where in _markings(doc):
        lists = (("REL TO", marking.rel_to, release), ("DISPLAY ONLY", marking.display_only, release),
                 ("FGI", marking.fgi, fgi_sources), ("owner", marking.owner, owners_known))
        for name, codes, known in lists:
            if not codes:
                continue
            values = {**_values(written, where), "list": name}
            if order_only:
                canonical = _canonical(codes)
                if name in ("DISPLAY ONLY", "FGI") and tuple(codes) != canonical:
                    yield Hit(span, {**values, "codes": " ".join(codes), "canonical": " ".join(canonical),
                                     "phrase": "out_of_order"})
                continue
            for code in codes:
                if code in marking.unknown:
                    continue  # (the reader kept it as an unknown word: POR-003/SYN-002 report it)
                gone = register.deprecated(code)
                if deprecated_only:
                    if gone and day is not None and gone <= day:
                        yield Hit(span, {**values, "codes": code, "date": gone, "phrase": "deprecated_code"})
                elif code not in known:
                    yield Hit(span, {**values, "codes": code, "phrase": "unknown_code"})


def _canonical(codes) -> tuple[str, ...]:
    tetras = register.tetragraph_codes()
    return tuple(sorted(codes, key=lambda c: (c in tetras or len(c) != 3, c)))


# --- one marking's combinations ------------------------------------------------------------------

def _display_list(doc: Document, params) -> Iterable[Hit]:
    for marking, span, written, where in _markings(doc):
        if "DISPLAY ONLY" in marking.dissem and not marking.display_only:
            yield Hit(span, {**_values(written, where), "phrase": "display_only_without_countries"})


def _joint(doc: Document, params) -> Iterable[Hit]:
    for marking, span, written, where in _markings(doc):
        if not marking.joint:
            continue
        values = {**_values(written, where), "owners": " ".join(marking.owner)}
        if "USA" not in marking.owner or len(marking.owner) < 2:
            yield Hit(span, {**values, "phrase": "joint_owners"})
        elif marking.rel_to is None or not set(marking.owner) <= expand_tetragraphs(marking.rel_to):
            yield Hit(span, {**values, "phrase": "joint_not_released_to_owners"})


def _relido_foreign(doc: Document, params) -> Iterable[Hit]:
    for marking, span, written, where in _markings(doc):
        if marking.owner and "USA" not in marking.owner and "RELIDO" in marking.dissem:
            yield Hit(span, {**_values(written, where), "owners": " ".join(marking.owner),
                             "phrase": "relido_foreign"})


# --- the overall marking against the roll-up -----------------------------------------------------

def _overall(doc: Document) -> tuple[Marking, Marking, dict] | None:
    declared, expected = doc.classification, doc.rollup
    if declared is None or expected is None or expected.level is None or declared.level is None:
        return None
    written = _marks.banner_text(declared)
    return declared, expected, {**_values(written, "overall marking"), "found": written,
                                "expected": expected.banner()}


def _fgi_rollup(doc: Document, params) -> Iterable[Hit]:
    found = _overall(doc)
    if found is None:
        return
    declared, expected, values = found
    if declared.fgi is None or expected.fgi is None or declared.owner or expected.owner:
        return  # (no FGI marking at all is MSC-001's finding)
    span = _marks.banner_span(doc)
    if expected.fgi == () and declared.fgi != ():
        portion = next(p for p in _marks.marked_portions(doc) if p.marking.fgi == ())
        yield Hit(span, {**values, "portion": _marks.describe_portion(portion), "phrase": "fgi_source_revealed"})
    elif set(expected.fgi) - set(declared.fgi) and declared.fgi != ():
        missing = [c for c in expected.fgi if c not in declared.fgi]
        yield Hit(span, {**values, "codes": " ".join(missing), "phrase": "fgi_sources_missing"})


def _display_rollup(doc: Document, params) -> Iterable[Hit]:
    found = _overall(doc)
    if found is None:
        return
    declared, expected, values = found
    if declared.noforn and expected.noforn:
        return
    have = expand_tetragraphs(declared.display_only or ())
    want = expand_tetragraphs(expected.display_only or ())
    if (declared.display_only is None) == (expected.display_only is None) and have == want:
        return
    if expected.display_only is None and declared.display_only is None:
        return
    wanted = display_only_string(expected.display_only) if expected.display_only else "no DISPLAY ONLY"
    yield Hit(_marks.banner_span(doc), {**values, "list": wanted, "phrase": "display_only_not_common"})


def _relido_rollup(doc: Document, params) -> Iterable[Hit]:
    found = _overall(doc)
    if found is None:
        return
    declared, expected, values = found
    if "RELIDO" in declared.dissem and "RELIDO" not in expected.dissem and not expected.noforn:
        portion = next((p for p in _marks.marked_portions(doc)
                        if "RELIDO" not in p.marking.dissem and p.marking.level > Level.U), None)
        if portion is not None:
            yield Hit(_marks.banner_span(doc), {**values, "portion": _marks.describe_portion(portion),
                                                "phrase": "relido_not_everywhere"})


def _owner_rollup(doc: Document, params) -> Iterable[Hit]:
    """A NATO, JOINT or other foreign head in the overall marking at the level of the roll-up (a
    level above or below it is ROL-001's or ROL-002's), naming another owner or level than the
    portions roll up to: a US portion makes the document a US one, with FGI (ISM-ID-00064)."""
    found = _overall(doc)
    if found is None:
        return
    declared, expected, values = found
    apart = _nato_controls_apart(doc, expected)
    if apart is not None:
        yield Hit(_marks.banner_span(doc), {**values, **apart})
        return
    if not declared.owner or declared.level != expected.level:
        return
    head = (declared.owner, declared.joint, declared.foreign_level)
    if head == (expected.owner, expected.joint, expected.foreign_level):
        return
    others = [p for p in _marks.marked_portions(doc) if p.marking.level is not None
              and (p.marking.owner, p.marking.joint) != head[:2]]
    other = max(others, key=lambda p: p.marking.level, default=None)  # (the first of the highest)
    if other is None:  # one owner throughout: the head misses the level or control of its highest portion
        from ..reader.foreign import rank

        other = max((p for p in _marks.marked_portions(doc) if p.marking.level is not None),
                    key=lambda p: rank(p.marking))
    phrase = "foreign_head_over_us_portion" if not other.marking.owner else "foreign_head_not_rollup"
    yield Hit(_marks.banner_span(doc), {**values, "portion": _marks.describe_portion(other), "phrase": phrase})


def _nato_controls_apart(doc: Document, expected: Marking) -> dict | None:
    """A NATO document whose portions carry NATO controls no one NATO level of the register holds
    (ATOMAL in one portion, BOHEMIA in another) cannot be marked in one head: the roll-up names
    neither control, and the finding names each with its first portion."""
    from ..reader.foreign import NATO, controls_apart, nato_level

    if expected.owner != (NATO,):
        return None
    portions = [p for p in _marks.marked_portions(doc) if p.marking.owner == (NATO,)]
    controls = controls_apart(p.marking.foreign_level for p in portions)
    if not controls:
        return None

    def control(p) -> str | None:
        level = nato_level(p.marking.foreign_level or "")
        return level.control if level is not None else None

    firsts = [next(p for p in portions if control(p) == c) for c in controls]
    return {"codes": " and ".join(f"{c} ({_marks.describe_portion(p)})" for c, p in zip(controls, firsts)),
            "phrase": "nato_controls_apart",
            "expected": f"the {' and '.join(controls)} portions in documents of their own"}


_CHECKS = {"form": _form, "codes": _codes, "display_list": _display_list, "joint": _joint,
           "relido_foreign": _relido_foreign, "fgi_rollup": _fgi_rollup, "display_rollup": _display_rollup,
           "relido_rollup": _relido_rollup, "owner_rollup": _owner_rollup}
