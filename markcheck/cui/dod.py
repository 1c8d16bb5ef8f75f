"""The checks only DoD's convention makes (the `dod_cui` profile): what a DoD CUI banner and
portion mark show, the designation indicator block, distribution statements, and "may contain
CUI" disclaimers. Each follows the dodcui.mil page its rule quotes (rules/CUI.yaml); the shared
CUI checks are markcheck.cui.judge's.
"""

from __future__ import annotations

import re

from ..checks.base import Context, Hit
from ..model import Document
from .expected import used_words
from .finding import START, classified_banner, hit
from .model import CuiFacts

# A 'Controlled by:' value that names an organization and its office on one line: the two parts
# written apart (`OUSD(I&S)/IAP`, `Department of the Army, AMC G-1`, `DLA - J6`).
_ORG_AND_OFFICE = re.compile(r"/|,|;|\s[-\u2013\u2014]\s")
# How a point of contact is reached: an e-mail address (an office mailbox) or a telephone number
# (`703-555-0135`, `(202) 555-0199`, `DSN 555-0102`).
_REACHABLE = re.compile(r"@|\(?\b[0-9]{3}\)?[\s.-]*[0-9]{3}[\s.-][0-9]{4}\b|\bDSN\b[\s:]*[0-9]{3}[\s.-]?[0-9]{4}\b", re.I)
# The letter on the block's 'Distribution statement:' line (`B`, `D.`, `Statement C`).
_LETTER = re.compile(r"^\s*(?:statement\s+)?(?P<letter>[A-Z])\b\.?", re.I)


def dod_banner_content(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """DoD: an unclassified document's CUI banner is CUI alone and its CUI portion marks are
    (CUI); categories and LDCs belong in the indicator block. A classified document's CUI block
    and its (S//CUI) portions follow 32 CFR 2002.20(g) (CUI-003, CUI-010)."""
    hits = []
    for banner in facts.banners:
        extra = [w.raw for w in banner.words]
        if banner.control is not None and banner.level is None and extra:
            hits.append(hit(banner.span, f"the CUI banner {banner.raw} carries {', '.join(extra)}",
                            found=banner.raw, expected="CUI"))
    if classified_banner(doc) is None:
        for portion in facts.portions:
            extra = [w.raw for w in portion.words]
            if portion.control == "CUI" and portion.level is None and extra:
                hits.append(hit(portion.span, f"the portion mark ({portion.raw}) carries {', '.join(extra)}",
                                found=f"({portion.raw})", expected="(CUI), with the categories and LDCs "
                                "listed in the designation indicator block"))
    return tuple(hits)


def indicator_incomplete(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """DoD's block: Controlled by (organization and office, on one line or two), CUI Category
    listing every category the portions carry, the LDC or the distribution statement when the
    document has one (never both), and a POC reached by telephone or an office mailbox."""
    block = facts.indicator
    if block is None or not block.of("controlled_by"):
        return ()
    missing = []
    controlled = block.of("controlled_by")
    if len(controlled) == 1 and not _ORG_AND_OFFICE.search(controlled[0].value):
        missing.append(f"the office or division ('Controlled by: {controlled[0].value}' names one organization)")
    if not block.of("category"):
        missing.append("'CUI Category:'")
    ldcs = any(w.kind == "ldc" for w in used_words(facts)) or bool(block.of("ldc"))
    statement = bool(block.of("distribution")) or any(s.letter in "BCDEF" for s in facts.distribution)
    if ldcs and not block.of("ldc") and not statement:
        missing.append("'Distribution/Dissemination Control:' (the document uses LDCs)")
    if facts.distribution and not ldcs and not block.of("distribution"):
        missing.append(f"'Distribution Statement: {facts.distribution[0].letter}' (the document has the statement)")
    if not block.of("poc"):
        missing.append("'POC:'")
    elif not any(_REACHABLE.search(line.value) for line in block.of("poc")):
        missing.append(f"a telephone number or office mailbox on 'POC: {block.of('poc')[0].value}'")
    listed = {w.value for line in block.of("category") for w in line.words}
    if block.of("category"):
        unlisted = sorted({w.value for w in used_words(facts) if w.kind == "category"} - listed)
        if unlisted:
            missing.append("categories " + ", ".join(unlisted) + " on its 'CUI Category:' line")
    hits = []
    if missing:
        hits.append(hit(block.span, "the designation indicator block lacks " + "; ".join(missing),
                        expected="Controlled by (organization and office), CUI Category, "
                                 "the LDC or the distribution statement, POC with a telephone number or mailbox"))
    if ldcs and statement:
        hits.append(hit(block.span, "the document uses both limited dissemination controls and a distribution "
                        "statement", expected="either the LDC or the distribution statement, not both"))
    return tuple(hits)


def distribution(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """DoD: controlled technical information and export-controlled information carry a
    distribution statement B-F, written out in full, with its reason, date of determination and
    controlling office, and annotated by the same letter in the indicator block; statement A
    never marks CUI."""
    needs = set(params.get("requires_statement", ("CTI",)))
    held = {w.value for w in used_words(facts) if w.kind == "category"}
    if facts.indicator is not None:
        held |= {w.value for line in facts.indicator.of("category") for w in line.words if w.kind == "category"}
    hits = []
    if held & needs and not any(s.letter in "BCDEF" for s in facts.distribution):
        hits.append(hit(START, f"the document holds {', '.join(sorted(held & needs))} but no distribution "
                        "statement B-F", expected="DISTRIBUTION STATEMENT B, C, D, E or F with reason, date and office"))
    hits += _annotated(facts)
    for statement in facts.distribution:
        if statement.letter == "A":
            hits.append(hit(statement.span, "distribution statement A (public release) on a document that holds CUI",
                            found="A", expected="a statement B-F"))
            continue
        if statement.letter not in "BCDEF":
            hits.append(hit(statement.span, f"distribution statement {statement.letter} is not one of A-F",
                            found=statement.letter, expected="B, C, D, E or F"))
            continue
        lacks = [name for name, value in (("the reason", statement.reason), ("the date of determination",
                 statement.date), ("the controlling office", statement.office)) if value is None]
        if lacks:
            hits.append(hit(statement.span, f"distribution statement {statement.letter} lacks {', '.join(lacks)}",
                            found=statement.letter, expected="reason, date of determination and controlling office"))
    return tuple(hits)


def _annotated(facts: CuiFacts) -> list[Hit]:
    """The indicator block's statement letter against the statements written out in full: a
    letter with no statement written out, or a letter no written statement has."""
    if facts.indicator is None:
        return []
    written = [s.letter for s in facts.distribution]
    hits = []
    for line in facts.indicator.of("distribution"):
        m = _LETTER.match(line.value)
        if m is None:
            continue
        letter = m.group("letter").upper()
        if not written:
            hits.append(hit(line.span, f"'{line.label}: {line.value}' names statement {letter}, which the document "
                            "does not write out in full", found=line.value,
                            expected=f"DISTRIBUTION STATEMENT {letter} written out in full on the first page"))
        elif letter not in written:
            hits.append(hit(line.span, f"'{line.label}: {line.value}' names statement {letter}, but the statement "
                            f"written out is {', '.join(written)}", found=letter, expected=" or ".join(written)))
    return hits


def disclaimer(doc: Document, facts: CuiFacts, ctx: Context, params) -> tuple[Hit, ...]:
    """DoD: no disclaimer that a document "may contain CUI" on an unclassified document (a
    classified document's CUI warning follows DoD's classified marking guidance, not judged here)."""
    if classified_banner(doc) is not None:
        return ()
    return tuple(hit(d.span, f"the disclaimer '{d.raw}' says the document may contain CUI", found=d.raw,
                     expected="the CUI markings of the CUI the document holds (banner, portions, indicator "
                              "block), or none when it holds no CUI")
                 for d in facts.disclaimers)


CHECKS = {"dod_banner_content": dod_banner_content, "indicator_incomplete": indicator_incomplete,
          "distribution": distribution, "disclaimer": disclaimer}
