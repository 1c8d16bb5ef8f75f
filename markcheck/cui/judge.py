"""The CUI checks, one function per `check:` of the `cui` kind (markcheck/checks/cui.py).

Each takes the document, its CUI facts, the context and the rule's params, and returns its hits
(a tuple; none for the usual document). Message values: `problem`, and where they apply
`found` and `expected`.
"""

from __future__ import annotations

import datetime as _dt

from ..checks.base import Context, Hit
from ..model import Document, Level, Span
from . import dod, register
from .expected import category_form, expected_banner, expected_block, ordered_categories, rolled_up_ldc, used_words
from .finding import START as _START, classified_banner as _classified_banner, hit as _hit
from .model import CuiFacts


def _has_cui_content(facts: CuiFacts) -> bool:
    return bool(facts.portions) or bool(facts.indicator and facts.indicator.of("controlled_by"))


def banner_missing(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """A document with CUI portions or a designation indicator has a CUI banner at the top
    (before its first portion), unless a classified banner heads it (CUI-009 judges that)."""
    if not _has_cui_content(facts) or _classified_banner(doc) is not None:
        return ()
    top = facts.top_banner
    first_portion = min((p.span.line for p in facts.portions), default=None)
    if top is not None and (first_portion is None or top.span.line < first_portion):
        return ()
    expected = expected_banner(facts, ctx.profile)
    problem = "the document holds CUI but has no CUI banner at the top" if top is None else \
        f"the first CUI banner ({top.raw}) is on line {top.span.line}, after the first CUI portion"
    return (_hit(_START, problem, expected=expected),)


def banner_bottom(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """The CUI banner is repeated at the bottom (after the last portion, or closing the CUI pages
    when the pages after it hold no CUI and are marked UNCLASSIFIED); a document that holds CUI
    with no CUI banner at all lacks this one too (CUI-001 reports the top)."""
    top = facts.top_banner
    if facts.bottom_banner is not None or (top is not None and top.level is not None) or _closed(doc, facts):
        return ()
    if top is None and (not _has_cui_content(facts) or _classified_banner(doc) is not None):
        return ()
    line = max(doc.line_count, 1)
    return (_hit(Span(line, 1, line, 2), "the CUI banner is not repeated at the bottom of the document",
                 expected=expected_banner(facts, ctx.profile)),)


def _closed(doc: Document, facts: CuiFacts) -> bool:
    """Whether a CUI banner after the top one closes the pages that hold CUI: no CUI portion
    follows it, and the lines after it that are banners are all UNCLASSIFIED (DoD's interior
    pages without CUI may be marked so)."""
    last = next((b for b in reversed(facts.banners) if b.position != "top" and b.level is None), None)
    if last is None or any(p.span.line > last.span.line for p in facts.portions):
        return False
    after = [b for b in doc.banners if b.span.line > last.span.line]
    return bool(after) and all(b.marking.level == Level.U and not b.marking.unknown for b in after)


def specified_in_banner(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """Every Specified category (and LDC) a CUI portion carries is in the top CUI banner, or in
    the CUI block of a classified banner (32 CFR 2002.20(b)(2)(iii), 2002.20(g)(2)); under DoD's
    profile the commingled banner only."""
    top = facts.top_banner
    if top is None or top.control is None or (ctx.profile == "dod_cui" and top.level is None):
        return ()  # (DoD's CUI banner is CUI alone; a commingled one follows 32 CFR 2002.20(g)(2))
    shown = {(w.value, w.specified) for w in top.categories} | {("LDC", w.value) for w in top.ldcs}
    missing = []
    for word in used_words(facts):
        key = (word.value, word.specified) if word.kind == "category" else ("LDC", word.value)
        if word.kind == "category" and not (word.specified and register.categories()[word.value]["specified"]):
            continue  # a Basic category (or one wrongly written with SP-, CUI-007's finding)
        if word.kind == "ldc" and not rolled_up_ldc(word, top.level is not None):
            continue  # NOFORN, REL TO of a commingled document: the classified part's (DIS-001)
        if key not in shown and word.raw.upper() not in missing:
            missing.append(" ".join(word.raw.upper().split()))
    if not missing:
        return ()
    return (_hit(top.span, f"the CUI banner {top.line_text} lacks {', '.join(missing)}, carried by a portion",
                 found=top.line_text, expected=expected_banner(facts, ctx.profile)),)


def banner_order(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """The banner's categories are in banner order: Specified first, each in the Registry's order."""
    hits = []
    for banner in facts.banners:
        written = [(w.value, w.specified) for w in banner.categories]
        if written and written != ordered_categories(written) and len(set(written)) == len(written):
            expected = "/".join(category_form(v, s) for v, s in ordered_categories(written))
            hits.append(_hit(banner.span, f"the categories of {banner.raw} are out of order: "
                             f"{'/'.join(category_form(v, s) for v, s in written)}", found=banner.raw,
                             expected=expected))
    return tuple(hits)


def banner_rolldown(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """Every category the document's overall CUI marking names (the top banner, the indicator's
    category line) is carried by a CUI portion, when the document portion-marks its CUI, unless a
    compilation notice covers it (ISM-ID-00475, ISM-ID-00504: "unless there is a compilation
    reason"; a classification-by-compilation notice covers every category). A bare `(CUI)`
    portion may hold any Basic category, and any category the indicator block lists (DoD's
    convention puts them there)."""
    if not facts.portions or doc.compilation_notice:
        return ()
    carried = {w.value for p in facts.portions for w in p.categories}
    # an unknown word stands, for this rule, for the category it most likely is (CUI-006 reports it)
    carried |= {w.suggestion.removeprefix("SP-") for p in facts.portions for w in p.unknown if w.suggestion}
    if facts.compilation is not None:
        carried |= {v for v in register.categories() if facts.compilation.covers(v)}
    bare = any(not p.categories for p in facts.portions)
    if bare and ctx.profile == "dod_cui":
        return ()
    places = [(facts.top_banner.line_text, facts.top_banner.categories)] if facts.top_banner is not None else []
    if facts.indicator is not None and not bare:  # (a bare (CUI) portion may hold what the block lists)
        places += [(f"{line.label}: {line.value}", tuple(w for w in line.words if w.kind == "category"))
                   for line in facts.indicator.of("category")]
    hits = []
    notice = " and no compilation notice names it" if facts.compilation is not None else ""
    for where, words in places:
        for word in words:
            entry = register.categories()[word.value]
            specified = word.specified or not entry["basic"]
            if word.value in carried or (bare and not specified):
                continue
            hits.append(_hit(word.span, f"{where} names {word.raw}, which no CUI portion carries{notice}",
                             found=word.raw, expected=f"a portion marked with {category_form(word.value, specified)}, "
                             f"a compilation notice that covers it, or {word.raw} taken out of {where}"))
    return tuple(hits)


def unknown_words(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """A word of a CUI marking (banner, portion, indicator line) the CUI register does not list,
    or one it marks deprecated: a warning before the date, an error from it."""
    hits = []
    places = [(m.raw, m.words) for m in (*facts.banners, *facts.portions)]
    if facts.indicator is not None:
        places += [(f"{line.label}: {line.value}", line.words) for line in facts.indicator.lines]
    for raw, words in places:
        for word in words:
            if word.kind != "unknown":
                hits.extend(_deprecated(raw, word, ctx))
                continue
            hint = f" (did you mean {word.suggestion}?)" if word.suggestion else ""
            hits.append(_hit(word.span, f"{raw} uses {word.raw}{hint}, which is not a CUI category or limited "
                             "dissemination control of the CUI Registry", found=word.raw,
                             expected=word.suggestion or "a category or LDC of the CUI Registry"))
    return tuple(hits)


def _deprecated(raw: str, word, ctx: Context) -> tuple[Hit, ...]:
    passed, date = register.deprecated(word.value, ctx.today)
    if not date:
        return ()
    return (Hit(word.span, {"problem": f"{word.raw} in {raw} is deprecated as of {date}", "found": word.raw,
                            "expected": "a current category or LDC of the CUI Registry"}, None if passed else "warning"),)


def specified_form(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """A Specified-only category written without SP-, or a Basic-only one written with it."""
    hits = []
    for m in (*facts.banners, *facts.portions):
        for word in m.categories:
            entry = register.categories()[word.value]
            if entry["specified"] and not entry["basic"] and not word.specified:
                hits.append(_hit(word.span, f"{word.raw} in {m.raw} is a CUI Specified category, written without SP-",
                                 found=word.raw, expected="SP-" + word.value))
            elif word.specified and not entry["specified"]:
                hits.append(_hit(word.span, f"{word.raw} in {m.raw} is a CUI Basic category, written with SP-",
                                 found=word.raw, expected=word.value))
    return tuple(hits)


def ldc_without_cui(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    return tuple(_hit(w.span, f"{w.raw} is a CUI limited dissemination control in a marking without CUI",
                      found=w.raw, expected="the LDC only after the CUI control marking, e.g. (CUI//"
                      + " ".join(w.raw.split()) + ")") for w in facts.stray_ldcs)


def commingled(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """A document with classified portions is headed by its classified banner: a CUI banner
    never stands for it (a CUI portion never lowers or hides the classified roll-up)."""
    rollup = doc.rollup
    if rollup is None or rollup.level is None or rollup.level <= Level.U or _classified_banner(doc) is not None:
        return ()
    top = facts.top_banner
    found = top.raw if top is not None else "no classification line"
    return (_hit(top.span if top is not None else _START,
                 f"the document holds {rollup.level.banner} portions but is headed by {found}",
                 found=found, expected=rollup.banner()),)


def commingled_banner(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """32 CFR 2002.20(g)(2): a classified document that holds CUI portions shows the CUI control
    marking in its overall (classified) banner (`SECRET//NOFORN//CUI`)."""
    first = _classified_banner(doc)
    if first is None or not facts.portions or any(b.level is not None and b.span.line == first.span.line
                                                   for b in facts.banners):
        return ()
    portion = min(facts.portions, key=lambda p: (p.span.line, p.span.column))
    expected = f"{first.raw}//{expected_block(facts, ctx.profile, commingled=True)}"
    return (_hit(first.span, f"the overall marking {first.raw} lacks the CUI control marking, though "
                 f"({portion.line_text}) on line {portion.span.line} holds CUI", found=first.raw, expected=expected),)


def commingled_portions(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """32 CFR 2002.20(g)(1): a classified document whose overall banner carries CUI portion-marks
    its CUI, so that no CUI portion mark at all means the CUI cannot be told from the rest."""
    if facts.portions:
        return ()
    return tuple(_hit(b.span, f"the overall marking {b.line_text} carries CUI, but no portion is marked as CUI",
                      found=b.line_text, expected="each CUI portion marked (CUI) (or (S//CUI) where it is also "
                      f"classified), or {b.classified_part} alone when the document holds no CUI")
                 for b in facts.banners[:1] if b.level is not None and b.position == "top")


def indicator_missing(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    if facts.indicator is not None and facts.indicator.of("controlled_by"):
        return ()
    if not (facts.portions or facts.banners):
        return ()
    return (_hit(_START, "the document holds CUI but no designation indicator names who controls it",
                 expected="a 'Controlled by:' line naming the designating agency"),)


def legacy(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """A legacy marking (FOUO, SBU, LES, SSI, LOU ...) in a CUI document of the CUI era."""
    start = register.conventions()["profiles"].get(ctx.profile, {}).get("cui_era_from")
    if start and doc.date is not None and doc.date.value < _dt.date.fromisoformat(str(start)):
        return ()
    return tuple(_hit(m.span, f"legacy marking {m.word} in {m.raw}", found=m.word, expected=m.equivalent)
                 for m in facts.legacy)


def decontrol(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """32 CFR 2002.20(e): a decontrol indicator names a specific date or event (an error when it
    names neither); a date on or before the run date is reported for information (holders may
    consider the CUI decontrolled as of that date); an event names how to reach a point of
    contact, on its line or in the indicator block beside it (a warning: the text says should)."""
    d = facts.decontrol
    if d is None:
        return ()
    if d.date is None and d.event is None:
        what = "names no date or event" if not d.raw else "is no readable date or event"
        return (_hit(d.span, f"'Decontrol on: {d.raw}' {what}", found=d.raw,
                     expected="a date that exists (YYYYMMDD, MM/DD/YYYY, Month D, YYYY) or an event"),)
    if d.date is not None and d.date <= ctx.today:
        return (Hit(d.span, {"problem": f"the decontrol date {d.date.isoformat()} has passed", "found": d.raw,
                             "expected": "decontrol per the designating agency, or a new date"}, "info"),)
    if d.event is not None and not d.contact and not _poc_beside(facts, d.span.line):
        return (Hit(d.span, {"problem": f"the decontrol event '{d.event}' gives no point of contact to verify it",
                             "found": d.raw, "expected": "a point of contact and how to reach them, on the line "
                             "or as 'POC:' in the indicator block"}, "warning"),)
    return ()


def _poc_beside(facts: CuiFacts, line: int) -> bool:
    """Whether the designation indicator block holds a POC line and the decontrol line is part of
    it or next to it (within the block's gap of a blank line or two)."""
    block = facts.indicator
    if block is None or not block.of("poc"):
        return False
    return block.span.line - 3 <= line <= block.span.end_line + 3


def ldc_category(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """ATTORNEY-CLIENT and ATTORNEY-WP need the PRIVILEGE category (ISM-ID-00507)."""
    words = used_words(facts)
    if any(w.kind == "category" and w.value == "PRIVILEGE" for w in words):
        return ()
    return tuple(_hit(w.span, f"{w.raw} without the CUI category PRIVILEGE", found=w.raw, expected="PRIVILEGE")
                 for w in words if w.kind == "ldc" and w.value in ("AC", "AWP"))


def unclassified_prefix(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """`UNCLASSIFIED//CUI` banners and `(U//CUI)` portion marks: the control marking comes first."""
    hits = [_hit(b.span, f"{b.raw} puts UNCLASSIFIED before the CUI control marking", found=b.raw,
                 expected=b.raw.split("//", 1)[1].strip()) for b in facts.banners if b.unclassified]
    hits += [_hit(p.span, f"portion mark ({p.line_text}) puts U before the CUI control marking",
                  found=f"({p.line_text})", expected=f"({p.raw})") for p in facts.portions if p.unclassified]
    return tuple(hits)


def portion_control(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """A CUI portion mark's control marking is the acronym CUI, never CONTROLLED."""
    return tuple(_hit(p.span, f"portion mark ({p.raw}) uses CONTROLLED", found=p.raw,
                      expected="(" + "CUI" + p.raw[len("CONTROLLED"):] + ")")
                 for p in facts.portions if p.control == "CONTROLLED")


CHECKS = {name: function for name, function in globals().items()
          if callable(function) and not name.startswith("_") and getattr(function, "__module__", "") == __name__}
CHECKS.update(dod.CHECKS)  # (DoD's own: the banner and portion content, the indicator block, statements)
