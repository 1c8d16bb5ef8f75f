"""Property-based tests (hypothesis) over the whole pipeline and the marking model.

- any text, and any text made of marking fragments, gives a Document and findings, never an
  exception (nor an MCK-001 internal-error finding, which is how a contained one would show);
- every valid marking generated from the vocabulary survives render -> parse -> render, as a
  portion mark and as a classification line, alone and inside a document (inspect is stable);
- the roll-up is idempotent, independent of grouping and order, and monotone.
"""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings, strategies as st

from markcheck.api import check_text
from markcheck.config import Config
from markcheck.document import build_document
from markcheck.model import Level, Marking
from markcheck.reader.parse import parse_banner, parse_portion
from markcheck.rollup import rollup
from markcheck.vocabulary import vocabulary

CONFIG = Config(today=datetime.date(2010, 1, 1))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _no_internal_error(text: str):
    doc = build_document(text, path="doc.txt")
    assert doc.line_count >= 1
    result = check_text(text, path="doc.txt", config=CONFIG)
    assert not [f for f in result.findings if f.rule.startswith("MCK")], result.findings
    for finding in result.findings:
        assert 1 <= finding.line <= finding.end_line and finding.column >= 1
    return result


# --- any text ----------------------------------------------------------------------------------

@FAST
@given(st.text(max_size=400))
def test_any_text_is_read_and_checked(text):
    _no_internal_error(text)


FRAGMENTS = [
    "SECRET", "C O N F I D E N T I A L USNATO 000114", "UNCLAS", "TOP SECRET//SI//NOFORN",
    "SECRET SECTION 01 OF 02 STATE 083673", "CONFIDENTIAL PAGE 02 STATE 050657", "S e c r e t berlin",
    "LIMITED OFFICIAL USE", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "SECRET//REL TO USA, GBR", "SECRET//",
    "NOFORN", "SIPDIS", "NODIS", "EXDIS", "SENSITIVE", "E.O. 12958: DECL: 03/20/2019", "E.O. 12958: N/A",
    "E.O. 12065: GDS 11/15/85 (VEST, GEORGE S.)", "E.O. 13526: DECL: 25X1-HUMAN", "EO 12958 DECL: 1.6X1",
    "TAGS: PREL PGOV", "TAGS: [PREL](#)", "SUBJECT: (C) TITLE", "SUBJ: (U) X",
    "Classified By: Ambassador Kurt Volker, for reasons 1.4 (b) and (d)", "reasons 1.4 (b", "1.4 (d).",
    "Derived From: Multiple Sources", "Declassify On: 20341231", "Reason: 1.4(c)", "O 201552Z MAR 09",
    "P 131441Z NOV 07 ZDK", "Date: October 1, 2010", "1. (C/NF) text", "2. (U) text", "3. (S//REL TO USA, AUS)",
    "4. (SBU) x", "5. C) broken", "6. (C text", "7. (SE) typo", "8. XXXXXXXXXXXX", "11. (S) doubled",
    "A. (C) sub", "(U) lead", "(S//NF) lead", "1. SECRET - ENTIRE TEXT.", "(//GBR S) foreign", "\u00b61. (C) x",
    "123456", "2007-04-27 21:07:00", "Class: \tSECRET", "This document contains United Kingdom information",
    "classified by compilation", "(", ")", "//", "/", ",", "\t", " ", "", "\u2014", "\ufeff", "\x0c", "\u0130",
]
LINE_BREAKS = st.sampled_from(["\n", "\r\n", "\r", "\n\n"])


@st.composite
def documents(draw):
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        piece = draw(st.sampled_from(FRAGMENTS))
        if draw(st.booleans()):  # glue pieces together, or cut one
            piece = piece + draw(st.sampled_from(FRAGMENTS))
        elif draw(st.integers(0, 4)) == 0 and piece:
            piece = piece[:draw(st.integers(0, len(piece)))]
        parts.append(piece + draw(LINE_BREAKS))
    return "".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_documents_made_of_marking_fragments_are_read_and_checked(text):
    _no_internal_error(text)


# --- render -> parse is stable -----------------------------------------------------------------

_V = vocabulary()
_DISSEM = [n for n in _V.dissem_order if n != "REL TO"]
_NON_IC = list(_V.non_ic_order)
_UNCLASSIFIED_ONLY = {"SBU", "SBU NOFORN", "LES", "LES NOFORN", "SSI", "LIMITED OFFICIAL USE", "CUI"}
# trigraphs and tetragraphs; a register code with an underscore (AUSTRALIA_GROUP) is read by the
# item-by-item reader, not the portion grammar (tests/reader/test_unknown_words.py)
_CODES = sorted(c for c in set(_V.countries.values()) if " " not in c and "_" not in c)


@st.composite
def markings(draw) -> Marking:
    """A valid marking: controls from the vocabulary, REL TO only on classified information
    without NOFORN, unclassified-only controls only at U, and at U no NOFORN beside SBU (that is
    written SBU NOFORN)."""
    level = draw(st.sampled_from(list(Level)))
    dissem = draw(st.frozensets(st.sampled_from(_DISSEM), max_size=3))
    pool = _NON_IC if level == Level.U else [n for n in _NON_IC if n not in _UNCLASSIFIED_ONLY]
    non_ic = draw(st.frozensets(st.sampled_from(pool), max_size=2))
    if level == Level.U and "SBU" in non_ic:
        dissem -= {"NOFORN"}
    rel_to = None
    if level > Level.U and "NOFORN" not in dissem and draw(st.booleans()):
        rel_to = tuple(draw(st.lists(st.sampled_from(_CODES), min_size=1, max_size=4, unique=True)))
    return Marking(level=level, dissem=dissem, non_ic=non_ic, rel_to=rel_to)


def _same(a: Marking, b: Marking) -> bool:
    return (a.level, a.dissem, a.non_ic, a.rel_to) == (b.level, b.dissem, b.non_ic, b.rel_to)


@settings(max_examples=400, deadline=None)
@given(markings())
def test_portion_and_banner_forms_read_back_as_the_same_marking(marking):
    portion = parse_portion(marking.portion())
    assert _same(portion, marking), marking.portion()
    assert portion.portion() == marking.portion()
    banner = parse_banner(marking.banner()).marking
    assert _same(banner, marking), marking.banner()
    assert banner.banner() == marking.banner()


@settings(max_examples=150, deadline=None)
@given(markings(), markings())
def test_inspect_is_stable_through_a_document(first, second):
    """Write a memo with the markings, read it, write what was read, read again: same model."""
    def memo(banner: Marking, portions) -> str:
        lines = [banner.banner(), "", *[f"{n}. ({m.portion()}) Paragraph {n}." for n, m in enumerate(portions, 1)],
                 "", banner.banner(), ""]
        return "\n".join(lines)

    overall = rollup([first, second])
    doc = build_document(memo(overall, [first, second]))
    read = [p.marking for p in doc.portions]
    assert all(_same(r, m) for r, m in zip(read, [first, second])) and len(read) == 2
    assert _same(doc.banners[0].marking, overall)
    again = build_document(memo(doc.banners[0].marking, read))
    assert [p.marking for p in again.portions] == read
    assert again.banners[0].marking == doc.banners[0].marking and again.rollup == doc.rollup


# --- the roll-up lattice -------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(markings(), min_size=1, max_size=5), st.lists(markings(), min_size=1, max_size=5))
def test_rollup_is_idempotent_associative_commutative_and_monotone(a, b):
    whole = rollup(a + b)
    assert rollup([whole]) == whole  # idempotent (was not: REL TO beside an unclassified NODIS)
    assert rollup([rollup(a), rollup(b)]) == whole  # any grouping
    assert rollup(b + a) == whole and rollup(list(reversed(a + b))) == whole  # any order
    part = rollup(a)
    assert whole.level >= part.level  # monotone: more portions never lower the level ...
    assert not part.noforn or whole.noforn  # ... nor drop NOFORN
    assert part.dissem & {"ORCON", "PROPIN", "IMCON"} <= whole.dissem  # ... nor a rolling control


def test_a_long_capco_portion_mark_is_read_not_taken_for_prose():
    """Found by the round trip above: a mark of more than 45 characters was not a mark, so its
    paragraph counted as unmarked and its level was lost from the roll-up."""
    mark = "C//REL TO USA, AUS, CAN, GBR, NZL, DEU, FRA, ITA, JPN, ESP, NLD"
    doc = build_document(f"UNCLASSIFIED\n\n1. ({mark}) Paragraph.\n\nUNCLASSIFIED\n")
    (portion,) = doc.portions
    assert portion.marking is not None and portion.marking.level == Level.C
    assert doc.rollup.level == Level.C


def test_rollup_of_rel_to_beside_an_unclassified_nodis_portion_is_noforn():
    """Found by the idempotence property: the roll-up was SECRET//REL TO USA, GBR//NODIS (which
    CAP-002 forbids) and rolling that up again gave SECRET//NOFORN//NODIS."""
    once = rollup([parse_portion("S//REL TO USA, GBR"), parse_portion("U//ND")])
    assert once.banner() == "SECRET//NOFORN//NODIS"
    assert rollup([once]) == once
