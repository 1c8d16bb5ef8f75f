"""A copy cut short at a word ending in "..." before its body is told apart from a record that
lacks its authority block (issue 16, damaged texts): the copy's `incomplete` reason `cut-short`,
one HDR-009 finding, and no CAB-001 blaming the original. The text is 08WARSAW953's opening."""

from __future__ import annotations

from markcheck.api import check_text
from markcheck.document import build_document

WARSAW = """\
VZCZCXRO9516
DE RUEHWR #0953/01 2261233
ZNY SSSSS ZZH
O 131233Z AUG 08
FM AMEMBASSY WARSAW
TO RUEHC/SECSTATE WASHDC IMMEDIATE 6887

S E C R E T SECTION 01 OF 02 WARSAW 000953

SIPDIS

STATE FOR A/S FRIED, U/S ROOD

E.O. 12958: DECL: 08/13/2018
TAGS: PREL MARR PARM NATO KCFE RU GG PL
SUBJECT: TFGG01: POLAND'S CHOD ON GEORGIA, UKRAINE, AND
MISSILE DEFENSE

REF: W...

S E C R E T SECTION 01 OF 02 WARSAW 000953 SIPDIS STATE FOR A/S FRIED, U/S ROOD E.O. 12958: DECL: 08/13/2018 TAGS: PREL
"""


def test_a_copy_cut_before_its_body_says_so_and_blames_no_one():
    doc = build_document(WARSAW)
    (cut,) = [r for r in doc.incomplete if r.reason == "cut-short"]
    assert (cut.span.line, cut.span.column) == (19, 7)  # at the "..."
    rules = {(f.rule, f.severity) for f in check_text(WARSAW).findings}
    assert ("HDR-009", "warning") in rules
    assert not any(rule == "CAB-001" for rule, _ in rules)


def test_the_same_header_with_its_body_is_judged():
    whole = WARSAW.replace("REF: W...", "REF: WARSAW 900") + "\n1. (S) Text of the first paragraph.\n"
    doc = build_document(whole)
    assert not [r for r in doc.incomplete if r.reason == "cut-short"]
    assert any(f.rule == "CAB-001" and f.severity == "error" for f in check_text(whole).findings)


def test_a_cut_inside_the_body_is_no_cut_before_it():
    # the text goes on after the cut word: the checks stand
    text = WARSAW.replace("REF: W...", "REF: W...\n\n1. (S) The Chief of Defense said the talks went well.")
    assert not [r for r in build_document(text).incomplete if r.reason == "cut-short"]


TRIPOLI = """\
DE RUEHTRO #0222/01 0741317
ZNY CCCCC ZZH
P 151317Z MAR 09
FM AMEMBASSY TRIPOLI
TO RUEHC/SECSTATE WASHDC PRIORITY 4613

C O N F I D E N T I A L SECTION 01 OF 02 TRIPOLI 000222

SIPDIS

STATE FOR EEB (EGAN) AND NEA/MAG

E.O. 12958: DECL: 3/11/2019 TAGS: ECON ECIN LY ELAB EPET PGOV BBSR PTER

1. (C ) Summary: Secretary of the General People's Committee al-Mahmoudi opened the first fund.
"""


def test_a_copy_without_its_subject_block_says_so():
    # 09TRIPOLI222: from the TAGS line straight to paragraph 1; no SUBJECT, no Classified By
    doc = build_document(TRIPOLI)
    (lost,) = [r for r in doc.incomplete if r.reason == "no-subject-block"]
    assert lost.span.line == 13  # the TAGS line
    rules = {f.rule for f in check_text(TRIPOLI).findings}
    assert "HDR-009" in rules and "CAB-001" not in rules


def test_a_subject_line_keeps_the_authority_check():
    text = TRIPOLI.replace("PTER\n", "PTER\nSUBJECT: LIBYA: A NEW FUND\n")
    assert not [r for r in build_document(text).incomplete if r.reason == "no-subject-block"]
    assert any(f.rule == "CAB-001" and f.severity == "error" for f in check_text(text).findings)
