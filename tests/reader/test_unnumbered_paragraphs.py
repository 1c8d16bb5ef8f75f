"""Unnumbered paragraphs of a classified telegram are portions, checked for a mark (issue 16):
a prose block of the body before the first numbered or marked paragraph (10SANAA317's
``This is an action request: see paragraph 12.``) is POR-001's when it has no mark. What State
practice leaves unmarked is not reported: a block after a numbered paragraph continues it, a
block after a line ending with a mark takes it (08MANAMA232), and header pieces glued together
(09CAIRO1788) or text after a page header (09SECTION02OF03QRIPOLI583) are no paragraphs.
The lines are the cables' own."""

from __future__ import annotations

from markcheck.api import check_text
from markcheck.document import build_document

SANAA = """\
O 171253Z FEB 10
FM AMEMBASSY SANAA
TO RUEHC/SECSTATE WASHDC IMMEDIATE 3740

S E C R E T SANAA 000317

NOFORN
SIPDIS

E.O. 12958: DECL: 02/17/2020
TAGS: CASC PTER KCRM YM
SUBJECT: (S/NF) INCREASING NUMBER OF AMCIT NATIONAL SECURITY
CASES STRAINS POST,S RESOURCES

REF: A. SANAA 71
B. SANAA 151

Classified By: Ambassador Stephen Seche for reasons 1.4(b) and (d).

This is an action request: see paragraph 12.

1. (S/NF) Summary: Since the start of 2010, Post has seen a
dramatic increase in the number of Amcits arrested.

2. (S/NF) Post has devoted significant resources to these cases.

Consular officers visit each detainee within days of the arrest, and
report on every visit to the Department.
"""


def _prose(text):
    return [(p.span.line, p.span.end_line) for p in build_document(text).portions if p.prose]


def _por001(text):
    return [(f.line, f.severity, f.message) for f in check_text(text).findings if f.rule == "POR-001"]


def test_an_unnumbered_paragraph_before_paragraph_one_is_a_portion_without_a_mark():
    assert _prose(SANAA) == [(20, 20)]
    (finding,) = _por001(SANAA)
    assert finding[:2] == (20, "error")
    assert finding[2].startswith("the unnumbered paragraph on line 20 has no portion mark; the document is SECRET")


def test_the_same_paragraph_marked_is_read_as_marked():
    text = SANAA.replace("This is an action request", "(U) This is an action request")
    assert _prose(text) == [] and _por001(text) == []


def test_a_block_after_a_numbered_paragraph_continues_it():
    # the last block (line 27) follows paragraph 2: it takes paragraph 2's mark
    assert all(line != 27 for line, _ in _prose(SANAA))


def test_an_unclassified_telegram_is_not_judged():
    text = SANAA.replace("S E C R E T SANAA", "UNCLAS SANAA").replace("(S/NF)", "(SBU)").replace("NOFORN\n", "")
    assert _prose(text) == []


def test_headings_and_short_lines_are_no_paragraphs():
    text = SANAA.replace("This is an action request: see paragraph 12.", "ACTION REQUEST\n\nSee paragraph 12.")
    assert _prose(text) == []


def test_a_block_after_a_line_ending_with_a_mark_takes_that_mark():
    # 08MANAMA232: the paragraph's mark stands at the end of the authority block's line
    text = SANAA.replace("for reasons 1.4(b) and (d).", "for reasons 1.4 (b) and (d) (S)")
    assert _prose(text) == []


def test_the_whole_body_unnumbered_and_unmarked_is_one_finding():
    body = SANAA[:SANAA.index("1. (S/NF) Summary")] + (
        "Since the start of 2010, Post has seen a dramatic increase in the number of Amcits arrested.\n\n"
        "Post has devoted significant resources to these cases over the past months.\n")
    assert [line for line, _ in _prose(body)] == [20, 22, 24]
    (finding,) = _por001(body)
    assert "(like all 3 paragraphs of the document)" in finding[2]


# 09CAIRO1788: "SUBJECT:" alone, its text glued to the authority block on the next block
CAIRO = """\
R 140853Z SEP 09
FM AMEMBASSY CAIRO
TO RUEHC/SECSTATE WASHDC 3739

C O N F I D E N T I A L SECTION 01 OF 02 CAIRO 001788 SIPDIS DEPARTMENT FOR NEA/ELA, NEA/ARP E.O. 12958: DECL: 09/14/2019 TAGS: PREL

SUBJECT:

ARAB LEAGUE SPOKESMAN BRIEFS ON SEPTEMBER MINISTERIAL Classified By: Minister Counselor for Economic and Political Affairs Donald A. Blome for reasons 1.4 (b) and (d).
1.(C) Key Points: -- According to Arab League (AL) Cabinet Chief Hisham Youssef, the key topics were Iraq and Sudan.
"""

# 09SECTION02OF03QRIPOLI583: section 2 of a cable whose section 1 is missing
SECTION_TWO = """\
P 151522Z JUL 09
FM AMEMBASSY TRIPOLI
TO RUEHC/SECSTATE WASHDC PRIORITY 5070

C O N F I D E N T I A L SECTION 02 OF 03 TRIPOLI 000583

SIPDIS

E.O. 12958: DECL: 7/15/2019
TAGS: CVIS PREL LY

** * Missing Section 001 * ***********************

TRIPOLI 07200583 002 OF 003 few days to several weeks due to Security Advisory Opinion requirements. The GOL considers this unfair.

5. (C) The Libyans raised the matter again on July 12.
"""


def test_header_pieces_glued_together_are_no_paragraph():
    assert _prose(CAIRO) == []


def test_text_after_a_page_header_continues_a_paragraph():
    assert _prose(SECTION_TWO) == []
