"""The two wrong readings of the hand-read precision sample (docs/corpus-evaluation.md, issue 16),
fixed as classes: the CLASSIFIED BY label split over two lines (09TRIPOLI939), and a lettered
answer option of a questionnaire read as a portion mark (06BUENOSAIRES109). The lines are the
cables' own; the shapes that must stay as they were are tested beside them."""

from __future__ import annotations

from markcheck.api import check_text
from markcheck.document import build_document

HEADER = """\
DE RUEHTRO #0939/01 3291445
ZNY CCCCC ZZH
O P 251445Z NOV 09
FM AMEMBASSY TRIPOLI
TO RUEHC/SECSTATE WASHDC IMMEDIATE 5506

"""

# 09TRIPOLI939: a page header glued onto the SUBJECT line splits "CLASSIFIED" from "BY:"
TRIPOLI = HEADER + """\
C O N F I D E N T I A L SECTION 01 OF 03 TRIPOLI 000939

SIPDIS

STATE FOR NEA/MAG E.O. 12958: DECL: 11/25/2019

TAGS: PGOV PREL ELTN EAID SOCI LY EINV

SUBJECT: DEADLY DRIVING HABITS: ACCIDENTS THIRD CAUSE OF DEATH IN LIBYA TRIPOLI 00000939 001.2 OF 003 CLASSIFIED

BY: Gene A. Cretz, Ambassador, U.S. Embassy Tripoli, Department of State. REASON: 1.4 (b), (d)

1.(C) Summary: Traffic accidents are the third-leading cause of death in Libya.
"""


def test_a_classified_by_label_split_over_two_lines_is_the_block():
    doc = build_document(TRIPOLI)
    block = doc.cab
    assert block is not None
    assert block.classified_by.name == "Gene A. Cretz"
    assert (block.reason.section, block.reason.letters) == ("1.4", ("b", "d"))
    assert (block.span.line, block.span.end_line) == (15, 17)
    assert not [f for f in check_text(TRIPOLI).findings if f.rule.startswith("CAB-")]


def test_classified_at_a_line_end_without_by_after_it_is_no_block():
    text = TRIPOLI.replace("BY: Gene", "Gene")
    doc = build_document(text)
    assert doc.cab is None
    assert any(f.rule == "CAB-001" for f in check_text(text).findings)


def test_unclassified_at_a_line_end_is_no_split_label():
    text = TRIPOLI.replace(" CLASSIFIED\n", " UNCLASSIFIED\n")
    assert build_document(text).cab is None


# 06BUENOSAIRES109: the annual crime questionnaire answers each question with a lettered option
SURVEY = """\
UNCLAS SECTION 01 OF 02 BUENOS AIRES 000109

SIPDIS

E.O. 12958: N/A
TAGS: ASEC AR
SUBJECT: (U) ANNUAL CRIME EVALUATION QUESTIONNAIRE

1. (U) CRIME MOBILITY:

(F) Gangs and other criminal elements roam freely day
or night, and target Emboff and affluent residential
areas for burglaries and crimes of violence against
residents.

2. (U) CRIME AMBIANCE (Emboff neighborhoods are):

(C) Within walking distance (approx one mile) of high
crime areas, which are perceived as unsafe because
street crime and residential crimes are common day and
night.

DISCUSSION: Recoleta, Palermo and Belgrano are known
for muggings, vehicle and apartment break-ins.

3. (U) AGGRESSIVENESS OF CRIMINALS (Criminal
perpetrators usually):

(D) Do not avoid and may seek violent confrontation
with occupants during burglaries.
"""


def test_a_questionnaire_option_is_no_portion_mark():
    doc = build_document(SURVEY)
    assert not [p for p in doc.portions if p.marking is not None and p.marking.level is not None
                and p.marking.level.name == "C"]
    assert not [f for f in check_text(SURVEY).findings if f.rule == "ROL-004"]


def test_a_confidential_paragraph_after_a_colon_is_still_a_portion():
    # no lettered options in the document: "(C)" under a heading ending with a colon is a mark
    text = SURVEY.replace("(F) Gangs", "Gangs").replace("(D) Do not", "Do not")
    doc = build_document(text)
    assert [p.span.line for p in doc.portions if p.mark == "(C)"] == [18]
    assert any(f.rule == "ROL-004" for f in check_text(text).findings)
