"""A reason citation wrapped onto the next line keeps its letters, and the classifier's name is
only the name (issue 16, wrong readings). Every CAB pair of lines is quoted from a real cable of
the corpus (its name in the case id); the telegram around it is the same small frame."""

from __future__ import annotations

import pytest

from markcheck.document import build_document
from markcheck.model import Level

HEAD = """\
R 210721Z SEP 09
FM AMEMBASSY VIENNA
TO RUEHC/SECSTATE WASHDC 3532

C O N F I D E N T I A L VIENNA 000515

E.O. 12958: DECL: 09/18/2019
TAGS: PREL
SUBJECT: (C) TEST

"""
BODY = "\n1. (C) Text of the first paragraph.\n"


@pytest.mark.parametrize("cab, section, letters", [
    pytest.param("Classified By: Deputy Chief of Mission Scott F. Kilner for reasons 1.4\n(b) and (d).",
                 "1.4", ("b", "d"), id="06VIENNA515"),
    pytest.param("Classified By: Ambassador E. Anthony Wayne for reasons 1.4\n(b)and(d)", "1.4", ("b", "d"),
                 id="07BUENOSAIRES376"),
    pytest.param("CLASSIFIED BY AMBASSADOR ANNE W. PATTERSON.  REASON: 1.5 \n(B) AND (D) ", "1.5", ("b", "d"),
                 id="02BOGOTA3281"),
    pytest.param("Classified By: POLITICAL COUNSELOR ROBERT R. DOWNES FOR 1.4 \n(D) ", "1.4", ("d",),
                 id="06CARACAS958-no-reason-keyword"),
    pytest.param("Classified By: Political Counselor Pete O'Donohue for reasons 1.4 b and \n d ", "1.4", ("b", "d"),
                 id="10KUWAIT88-bare-letter"),
    pytest.param("Classified By: Charge d'Affaires, a.i., Peter Burleigh for Reasons 1.4 \n(B, D) ", "1.4", ("b", "d"),
                 id="09NEWDELHI1464"),
    pytest.param("Classified By: Charge d'Affaires, a.i. Simon Henshaw, reasons 1.4 (b & \nd) ", "1.4", ("b", "d"),
                 id="08TEGUCIGALPA765"),
])
def test_a_wrapped_citation_keeps_its_letters(cab, section, letters):
    doc = build_document(HEAD + cab + "\n" + BODY)
    assert (doc.cab.reason.section, doc.cab.reason.letters) == (section, letters)
    assert not doc.unreadable
    assert [p.mark for p in doc.portions if p.mark] == ["(C)", "(C)"]  # the subject's and paragraph 1's


def test_a_bare_section_before_a_marked_paragraph_takes_no_letter_from_it():
    doc = build_document(HEAD + "Classified By: Ambassador Kurt Volker for reasons 1.4\n(C) Summary: the talks went well.\n")
    assert doc.cab.reason.letters == ()
    assert [p.mark for p in doc.portions if p.mark] == ["(C)", "(C)"]


@pytest.mark.parametrize("cab, name, position", [
    # 08MEXICO2187: the keyword broken by a blank run; the office symbol M/C is the position's
    ("Classified By: Classified by Acting Econ M/C Laura Kirkconnell for reas  ons 1.5 (b) and (d.)",
     "Laura Kirkconnell", "Acting Econ M/C"),
    # 08MADRID707: the order cited after the name
    ("Classified By: DCM Hugo Llorens for E.O. 12958 reasons 1.4(d),(e)", "Hugo Llorens", "DCM"),
    # 08RANGOON557
    ("Classified By: P/E Chief Leslie Hayden for reasons 1.4 (b) and (d)", "Leslie Hayden", "P/E Chief"),
    # 09ASHGABAT757: the label misspelt
    ("Classfied By: Charge Richard Miles, reasons 1.4 (b) and (d).", "Richard Miles", "Charge"),
    # issue 16: an office symbol after the name, a reference list glued after it
    ("Classified By: LEE O. COLDREN SA/PAB, REASON 1.5 (D)", "LEE O. COLDREN", "SA/PAB"),
    ("Classified By: Consul Jane Smith ADANA 222 ADANA 216 for reasons 1.4 (b)", "Jane Smith", "Consul"),
])
def test_the_classifier_is_the_name_and_position_only(cab, name, position):
    doc = build_document(HEAD + cab + "\n" + BODY)
    assert (doc.cab.classified_by.name, doc.cab.classified_by.position) == (name, position)
    assert doc.cab.reason.letters


def test_a_paragraph_run_onto_the_reason_line_is_read_with_its_mark():
    doc = build_document(HEAD.replace("C O N F I D E N T I A L", "S E C R E T")
                         + "Classified By: Ambassador John Smith\n"
                         "REASON: 1.4 (b), (d) (S) Ambassador telephoned the minister on June 1.\n" + BODY)
    assert (doc.cab.reason.section, doc.cab.reason.letters) == ("1.4", ("b", "d"))
    (run_on,) = [p for p in doc.portions if p.span.line == 12]
    assert run_on.mark == "(S)" and run_on.marking.level == Level.S
