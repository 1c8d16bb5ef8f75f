"""Portion marks inside a line (markcheck.reader.inline): what a person sees after a sentence end is a
portion with its own span; parenthesised letters in prose are not marks."""

from __future__ import annotations

import pytest

from markcheck.api import check_text

CABLE_HEAD = """O 201552Z MAR 09
FM AMEMBASSY SAN JOSE
TO SECSTATE WASHDC

C O N F I D E N T I A L SAN JOSE 000114

SIPDIS

E.O. 12958: DECL: 03/20/2019
TAGS: PREL PGOV
SUBJECT: (U) MARKS INSIDE LINES

Classified By: Ambassador Peter Cianchette, for reasons 1.4 (b) and (d)

"""


def _marks(doc):
    return [(p.mark, p.number) for p in doc.portions if not p.is_subject]


def test_sub_portion_after_a_sentence_end(text_doc, at):
    doc, source = text_doc(CABLE_HEAD + "1. (U) Text. (S) A secret sentence.\n")
    first, second = [p for p in doc.portions if not p.is_subject]
    assert (first.mark, at(source, first.span)) == ("(U)", "1. (U) Text.")
    assert (second.mark, at(source, second.span)) == ("(S)", "(S) A secret sentence.")
    assert at(source, second.mark_span) == "(S)"
    assert second.marking.level.name == "S" and second.number is None
    assert doc.rollup.level.name == "S"


def test_paragraphs_glued_onto_one_line(text_doc, at):
    line = "5. (C) Mission view. 6. (C) More text. 8. (S/NF) Comment: the real defect."
    doc, source = text_doc(CABLE_HEAD + line + "\n")
    portions = [p for p in doc.portions if not p.is_subject]
    assert _marks(doc) == [("(C)", "5"), ("(C)", "6"), ("(S/NF)", "8")]
    assert [at(source, p.span) for p in portions] == [
        "5. (C) Mission view.", "6. (C) More text.", "8. (S/NF) Comment: the real defect."]
    assert [p.paragraph for p in portions] == [5, 6, 8]


def test_glued_paragraphs_give_the_real_defect_not_its_opposite():
    """Under a CONFIDENTIAL banner, the (S/NF) paragraph glued onto the line is the defect."""
    text = CABLE_HEAD + "1. (C) Mission view. 2. (C) More text. 3. (S/NF) Comment: the real defect.\n"
    rules = {f.rule for f in check_text(text).findings}
    assert {"ROL-001", "DIS-001"} <= rules
    assert "ROL-002" not in rules and "ROL-003" not in rules


def test_heading_glued_before_a_paragraph(text_doc):
    """An export that put a heading and the next paragraph on one line: ``CHINA ----- 3. (C) …``."""
    doc, _ = text_doc(CABLE_HEAD + "1. (C) Summary.\n\n2. (C) Text.\n\nCHINA ----- 3. (S) The Commission said so.\n")
    assert _marks(doc) == [("(C)", "1"), ("(C)", "2"), ("(S)", "3")]


def test_mark_after_a_sentence_end_on_a_wrapped_line(text_doc):
    doc, _ = text_doc(CABLE_HEAD + "1. (C) The talks went well\nand ended early. (S) He said more.\n")
    assert _marks(doc) == [("(C)", "1"), ("(S)", None)]


@pytest.mark.parametrize("prose", [
    "1. (C) The agreement lists items (a) and (b). (c) The third item follows.",
    "1. (C) Payments are made under Section 3(C) of the act. The rest follows.",
    "1. (C) This answers the questions of REF: (C) SAN JOSE 01713 and others.",
    "1. (C) Refs are these. (A) STATE 1234. (B) STATE 5678. (C) STATE 9999 of May.",
    "1. (C) The talks went well. (US) Officials agreed to meet.",
    "1. (C) The talks went well. (S/CT) Officials agreed to meet.",
    "1. (C) The talks went well. (s) He said more.",
    "1. (C) See paragraph 1. (C) Below.",
])
def test_prose_shapes_are_not_marks(text_doc, prose):
    doc, _ = text_doc(CABLE_HEAD + prose + "\n")
    assert _marks(doc) == [("(C)", "1")]
    assert not doc.unreadable


@pytest.mark.parametrize("prose", [
    "1. (C) The talks went well (S) and ended.",
    "1. (C) The talks went well. (S)",
])
def test_a_bare_level_above_the_banner_inside_a_sentence_is_reported_not_read(text_doc, prose):
    """No portion follows it to be marked, but a reader sees SECRET in a CONFIDENTIAL cable: it
    is reported as a possible mark (SYN-005), never passed over."""
    doc, _ = text_doc(CABLE_HEAD + prose + "\n")
    assert _marks(doc) == [("(C)", "1")]
    assert [(u.kind, u.raw) for u in doc.unreadable] == [("in_sentence", "(S)")]
