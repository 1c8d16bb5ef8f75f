"""The example cable 09USNATO114 (a real CONFIDENTIAL//NOFORN telegram of March 2009), read
end to end: every element the reader finds, with its value and its position."""

from __future__ import annotations

import datetime

import pytest

from markcheck.document import read_document
from markcheck.model import Level
from markcheck.reader.source import Source


@pytest.fixture(scope="module")
def cable(example_path):
    return read_document(str(example_path)), Source.from_path(str(example_path))


def test_classification_and_rollup(cable, at):
    doc, _ = cable
    assert doc.profile == "state_cable"
    assert doc.classification.level == Level.C
    assert doc.classification.noforn
    assert doc.classification.banner() == "CONFIDENTIAL//NOFORN"
    assert doc.classified
    # the portions roll up to the same marking
    assert doc.rollup.banner() == "CONFIDENTIAL//NOFORN"
    assert doc.unreadable == ()


def test_date_from_dtg_and_era(cable, at):
    doc, source = cable
    assert doc.date.value == datetime.date(2009, 3, 20)
    assert doc.date.source == "dtg"
    assert doc.date.raw == "O 201552Z MAR 09"
    assert (doc.date.span.line, doc.date.span.column) == (8, 1)
    assert at(source, doc.date.span) == "O 201552Z MAR 09"
    assert doc.era == "EO12958A"


def test_first_banner_letter_spaced(cable, at):
    doc, source = cable
    assert len(doc.banners) == 1
    banner = doc.first_banner
    assert banner.kind == "first"
    assert banner.spacing == "spaced"
    assert banner.designation == "CONFIDENTIAL"
    assert banner.marking.level == Level.C and not banner.marking.noforn  # NOFORN comes from the caption line
    assert (banner.originator, banner.number, banner.section) == ("USNATO", "000114", None)
    assert (banner.span.line, banner.span.column, banner.span.end_column) == (20, 1, 38)
    assert at(source, banner.span) == "C O N F I D E N T I A L USNATO 000114"


def test_captions_and_transmission_code(cable, at):
    doc, source = cable
    assert [(c.name, c.span.line, c.span.column) for c in doc.captions] == [("NOFORN", 22, 1), ("SIPDIS", 23, 1)]
    assert doc.tx_security_code == "CCCCC"
    assert (doc.tx_security_span.line, doc.tx_security_span.column) == (7, 5)
    assert at(source, doc.tx_security_span) == "CCCCC"


def test_eo_line(cable, at):
    doc, source = cable
    eo = doc.eo_line
    assert eo.order == "12958"
    assert (eo.span.line, eo.span.column, eo.span.end_column) == (27, 1, 29)
    assert eo.declass.kind == "date"
    assert eo.declass.date == datetime.date(2019, 3, 20)
    assert eo.declass.date_format == "MM/DD/YYYY"
    assert at(source, eo.declass.span) == "DECL: 03/20/2019"
    assert doc.declass is eo.declass


def test_tags_markdown_links_unwrapped(cable, at):
    doc, _ = cable
    assert doc.tags == ("MARR", "NATO", "PGOV", "PHUM", "PREL", "BO")
    assert doc.tags_span.line == 28


def test_classification_authority_block(cable, at):
    doc, source = cable
    cab = doc.cab
    assert (cab.span.line, cab.span.column, cab.span.end_column) == (31, 1, 67)
    assert cab.classified_by.raw == "Ambassador Kurt Volker"
    assert cab.classified_by.position == "Ambassador"
    assert at(source, cab.classified_by.span) == "Ambassador Kurt Volker"
    assert cab.reason.section == "1.4"
    assert cab.reason.letters == ("b", "d")
    assert (cab.reason.span.line, cab.reason.span.column) == (31, 52)
    assert at(source, cab.reason.span) == "1.4 (b) and (d)"
    assert cab.derived_from is None


def test_subject_line_is_an_unmarked_portion(cable, at):
    doc, source = cable
    assert doc.subject == "RFG: NATO-BELARUS SECURITY AGREEMENT"
    subject = [p for p in doc.portions if p.is_subject]
    assert len(subject) == 1
    assert subject[0].mark is None and subject[0].marking is None
    assert (subject[0].span.line, subject[0].span.column) == (29, 10)
    assert at(source, subject[0].span) == "RFG: NATO-BELARUS SECURITY AGREEMENT"


def test_five_numbered_portions(cable, at):
    doc, source = cable
    paragraphs = [p for p in doc.portions if not p.is_subject]
    assert [(p.span.line, p.number, p.paragraph, p.mark) for p in paragraphs] == [
        (33, "11", 1, "(C/NF)"),
        (37, "12", 2, "(C/NF)"),
        (39, "13", 3, "(C/NF)"),
        (43, "14", 4, "(U)"),
        (49, "15", 5, "(C/NF)"),
    ]
    for p in paragraphs:
        assert p.span.column == 1
        assert p.mark_span.line == p.span.line and p.mark_span.column == 5
        assert at(source, p.mark_span) == p.mark
        assert p.placement == "leading"
    assert [p.marking.portion() for p in paragraphs] == ["C//NF", "C//NF", "C//NF", "U", "C//NF"]
    assert source.lines[32].startswith("11. (C/NF) This is a request for guidance.")
    assert any("doubled anchor digit" in note for note in doc.notes)
