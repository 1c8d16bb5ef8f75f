"""The oddities of real cable archives (corpus README), one small document each.

Fixture files live in tests/reader/fixtures/; shorter cases are inline. Every test checks the
values the reader produces and where it found them.
"""

from __future__ import annotations

import datetime

import pytest

from markcheck.reader import scan
from markcheck.model import Level

HEADER = """\
P 131441Z NOV 07
FM AMEMBASSY ROME
TO RUEHC/SECSTATE WASHDC PRIORITY 1234
"""


def numbered(doc) -> list[tuple[int, str, str | None]]:
    """(line, number, mark) of the numbered paragraphs."""
    return [(p.span.line, p.number, p.mark) for p in doc.portions if p.number is not None]


# --- sentence-case rendering -------------------------------------------------------------------

def test_sentence_case_rendering(fixture_doc, at):
    doc, source = fixture_doc("sentence_case.txt")
    banner = doc.first_banner
    assert (banner.designation, banner.spacing, banner.originator, banner.number) == ("SECRET", "spaced", "BERLIN", "001068")
    assert (banner.span.line, banner.span.column) == (4, 1)
    assert at(source, banner.span) == "S e c r e t berlin 001068"
    assert [(c.name, c.raw, c.span.line) for c in doc.captions] == [("SIPDIS", "Sipdis", 5)]
    assert doc.eo_line.order == "12958"
    assert doc.eo_line.declass.date == datetime.date(2033, 8, 6)
    assert at(source, doc.eo_line.declass.span) == "decl: 08/06/2033"
    assert doc.tags == ("prel", "pgov", "gm")
    subject = next(p for p in doc.portions if p.is_subject)
    assert subject.mark == "(s)" and subject.marking.level == Level.S
    assert (subject.mark_span.line, subject.mark_span.column) == (8, 10)
    assert numbered(doc) == [(11, "1", "(u)"), (12, "2", "(S)"), (14, "3", "(s/nf)")]
    assert [p.marking.portion() for p in doc.portions if p.number] == ["U", "S", "S//NF"]
    # the CAB's reason is on the next line ("for\nreasons 1.4 (b) and (d).")
    assert doc.cab.reason.letters == ("b", "d")
    assert (doc.cab.reason.span.line, doc.cab.reason.span.column) == (10, 9)
    assert doc.classification.banner() == "SECRET"
    assert doc.rollup.banner() == "SECRET//NOFORN"
    assert doc.date.value == datetime.date(2008, 8, 7)


def test_sentence_case_prose_is_not_a_banner(text_doc):
    doc, _ = text_doc(HEADER + "CONFIDENTIAL ROME 001234\n"
                      "1. (C) Secret talks continued.\n"
                      "Secret meetings were held.\n"
                      "Confidential sources agree.\n")
    assert [b.span.line for b in doc.banners] == [4]
    assert scan.collapse_banner("Secret meetings were held.") is None
    assert scan.collapse_banner("S e c r e t berlin 001068").text == "SECRET BERLIN 001068"


# --- glued header lines ------------------------------------------------------------------------

def test_glued_header_lines(fixture_doc, at):
    doc, source = fixture_doc("glued_header.txt")
    banner = doc.first_banner
    assert banner.raw == "S E C R E T ROME 001018 NOFORN"
    assert (banner.span.line, banner.span.column, banner.span.end_column) == (8, 1, 31)
    assert "NOFORN" in {c.name for c in doc.captions}
    assert doc.classification.banner() == "SECRET//NOFORN"
    # each glued piece keeps its own column and letter case
    assert (doc.eo_line.span.line, doc.eo_line.span.column) == (8, 31)
    assert at(source, doc.eo_line.span) == "E.O. 12958: DECL: 06/05/2026"
    assert doc.eo_line.declass.date == datetime.date(2026, 6, 5)
    assert doc.tags == ("MOPS", "PREL", "IT")
    assert at(source, doc.tags_span) == "TAGS: MOPS, PREL, IT"
    assert doc.subject == "ITALIAN TROOPS IN LEBANON"
    assert at(source, doc.subject_span) == "SUBJECT: ITALIAN TROOPS IN LEBANON"
    assert doc.cab.classified_by.raw == "Ambassador Ronald P. Spogli"
    assert at(source, doc.cab.classified_by.span) == "Ambassador Ronald P. Spogli"
    assert doc.cab.reason.letters == ("b", "d")
    assert at(source, doc.cab.reason.span) == "1.4 (b) and (d)"
    assert numbered(doc) == [(9, "1", "(S/NF)"), (10, "2", "(U)")]


def test_glued_after_routing_text(text_doc, at):
    """WikiLeaks pages that lost their line breaks: "Cable dated:…]C O N F I D E N T I A L …"."""
    doc, source = text_doc(
        "Cable dated:2009-12-24T08:27:00C O N F I D E N T I A L SECTION 01 OF 04 KAMPALA 001413"
        "SIPDISE.O. 12958: DECL: 2019/12/24TAGS: PHUM PGOV PREL UG\n"
        "1. (C) Summary.\n")
    banner = doc.first_banner
    assert (banner.designation, banner.section, banner.originator, banner.number) == \
        ("CONFIDENTIAL", (1, 4), "KAMPALA", "001413")
    assert banner.span.column == 32
    assert at(source, banner.span).startswith("C O N F I D E N T I A L SECTION 01 OF 04")
    assert "SIPDIS" in {c.name for c in doc.captions}
    assert doc.eo_line.declass.date == datetime.date(2019, 12, 24)
    assert at(source, doc.eo_line.span) == "E.O. 12958: DECL: 2019/12/24"
    assert doc.tags == ("PHUM", "PGOV", "PREL", "UG")


# --- wrapped REASON lines ----------------------------------------------------------------------

def test_wrapped_reason_line_is_not_paragraph_one(fixture_doc, at):
    doc, source = fixture_doc("wrapped_reason.txt")
    assert doc.cab.reason.section == "1.4" and doc.cab.reason.letters == ("b", "d")
    assert (doc.cab.reason.span.line, doc.cab.reason.span.column) == (11, 1)
    assert at(source, doc.cab.reason.span) == "1.4(B), (D)"
    assert numbered(doc) == [(12, "1", "(S//NF)"), (14, "2", "(S//NF)")]
    assert all(p.span.line != 11 for p in doc.portions)
    assert doc.cab.span.line == 10 and doc.cab.span.end_line == 11
    assert doc.classification.banner() == "SECRET//NOFORN"
    assert doc.date.value == datetime.date(2009, 12, 18)


@pytest.mark.parametrize("cab,section,letters", [
    ("Classified By: Ambassador Jane Doe for reasons 1.4 (b) and\n(d).", "1.4", ("b", "d")),
    ("Classified By: Ambassador Jane Doe; reasons 1.4 (b), (d) and\n(e).", "1.4", ("b", "d", "e")),
    ("CLASSIFIED BY: Jane Doe, Ambassador; REASON: 1.4(B),\n(C), (D)", "1.4", ("b", "c", "d")),
    ("Classified By: Political Counselor Jane Doe for reasons\n\n1.4 (b) and (d).", "1.4", ("b", "d")),
    ("Classified By: Political Counselor Jane Doe. Reasons 1.\n4 (b/d).", "1.4", ("b", "d")),
    ("Classified By: Political Counselor Jane Doe. Reason: 1.\n\n4 (b) and (d).", "1.4", ("b", "d")),
    ("Classified By: DCM Jane Doe for Reasons 1.5 (b) and 1.5 (d).", "1.5", ("b", "d")),
    ("Classified By: DCM Jane Doe, reasons 1.4 (b), (c), and (d).", "1.4", ("b", "c", "d")),
], ids=["letters-wrapped", "third-letter-wrapped", "two-letters-wrapped", "blank-line-before-citation",
        "section-split-1-4", "section-split-and-blank-line", "section-repeated", "oxford-comma"])
def test_wrapped_reason_spellings(text_doc, cab, section, letters):
    doc, _ = text_doc(HEADER + "C O N F I D E N T I A L ROME 001234\n"
                      "E.O. 12958: DECL: 11/13/2017\n" + cab + "\n\n"
                      "1. (C) First paragraph.\n\n2. (U) Second paragraph.\n")
    assert (doc.cab.reason.section, doc.cab.reason.letters) == (section, letters)
    assert [p.number for p in doc.portions if not p.is_subject] == ["1", "2"]
    assert [p.mark for p in doc.portions] == ["(C)", "(U)"]
    assert doc.unreadable == ()


def test_wrapped_reason_does_not_swallow_a_marked_paragraph(text_doc):
    """A CAB cut off in its citation still ends at a real portion: "(C) Summary" is no reason letter."""
    doc, _ = text_doc(HEADER + "C O N F I D E N T I A L ROME 001234\n"
                      "Classified By: DCM Jane Doe for reasons 1.4 (b) and\n"
                      "(C) Summary: talks went well.\n")
    assert [(p.span.line, p.mark) for p in doc.portions] == [(6, "(C)")]
    assert doc.cab.span.end_line == 5


def test_decimal_number_starting_a_line_is_not_a_paragraph(text_doc):
    doc, _ = text_doc(HEADER + "UNCLAS ROME 001234\n"
                      "1. (SBU) Inflation fell from\n"
                      "15.6 percent in 1997 to 2.5 percent in 2007.\n"
                      "2. (U) Unemployment rose.\n")
    assert [(p.span.line, p.number) for p in doc.portions] == [(5, "1"), (7, "2")]


# --- TAGS, paragraph numbers, captions ---------------------------------------------------------

def test_markdown_links_in_tags(text_doc, at):
    doc, source = text_doc(HEADER + "UNCLAS ROME 001234\n"
                           "TAGS: [PREL](https://example.org/tag/PREL.html) [PGOV](#), [IT](#)\n")
    assert doc.tags == ("PREL", "PGOV", "IT")
    assert (doc.tags_span.line, doc.tags_span.column) == (5, 1)
    assert at(source, doc.tags_span).startswith("TAGS: [PREL](")


def test_pilcrow_paragraph_numbers_sections_and_closing_banner(fixture_doc, at):
    doc, source = fixture_doc("sections.txt")
    assert [(b.kind, b.span.line, b.section) for b in doc.banners] == [
        ("first", 8, (1, 2)), ("section", 17, (2, 2)), ("closing", 22, None)]
    assert all(b.marking.level == Level.S and b.spacing == "spaced" for b in doc.banners)
    assert at(source, doc.banners[1].span) == "S E C R E T SECTION 02 OF 02 STATE 083673"
    # ¶1. … ¶5.: the pilcrow is not part of the number; the section header mid-text ends nothing
    paragraphs = [p for p in doc.portions if not p.is_subject]
    assert [(p.span.line, p.number, p.paragraph, p.mark) for p in paragraphs] == [
        (15, "1", 1, "(S/NF)"), (16, "2", 2, "(C)"), (18, "3", 3, "(C/NF)"), (19, "4", 4, "(U)"),
        (20, "5", 5, "(S//NF)")]
    assert all(source.lines[p.span.line - 1].startswith("\u00b6") for p in paragraphs)
    assert [(p.span.column, p.mark_span.column) for p in paragraphs] == [(2, 5)] * 5
    assert doc.rollup.banner() == "SECRET//NOFORN"
    assert doc.tags == ("PREL", "NATO", "MARR")


def test_cab_glued_to_subject_line(fixture_doc, at):
    doc, source = fixture_doc("sections.txt")
    subject = next(p for p in doc.portions if p.is_subject)
    assert doc.subject == "(C) NATO SUMMIT PREPARATIONS"
    assert at(source, subject.span) == "(C) NATO SUMMIT PREPARATIONS"
    assert subject.marking.level == Level.C
    cab = doc.cab
    assert (cab.span.line, cab.span.column) == (14, 39)
    assert source.lines[13][38:].startswith("Classified By: EUR A/S Daniel Fried")
    assert at(source, cab.classified_by.span) == "EUR A/S Daniel Fried"
    assert (cab.reason.section, cab.reason.letters) == ("1.4", ("b", "d"))
    assert at(source, cab.reason.span) == "1.4 (b) and (d)"


def test_cab_glued_to_wrapped_subject(fixture_doc, at):
    doc, source = fixture_doc("subject_cab.txt")
    assert doc.subject == "QADHAFI DEVELOPMENT FOUNDATION ON NEGOTIATIONS FOR RELEASE"
    assert doc.cab.span.line == 11
    assert at(source, doc.cab.classified_by.span) == "Chris Stevens, CDA, Embassy Tripoli, Dept of State"
    assert (doc.cab.reason.section, doc.cab.reason.letters) == ("1.4", ("b",))
    # "1.(C) Media reports…": a paragraph with no space after the number, not a reason wrap
    assert numbered(doc) == [(12, "1", "(C)"), (14, "2", "(C)")]
    assert doc.eo_line.declass.date == datetime.date(2028, 3, 3)


def test_captions_after_department_routing_block(fixture_doc, at):
    doc, source = fixture_doc("department_header.txt")
    assert [b.span.line for b in doc.banners] == [10]
    assert doc.first_banner.designation == "SECRET"
    # "NOFORN, NOT FOR INTERNET DISTRIBUTION": the caption word starts the line, text follows
    assert [(c.name, c.span.line, c.span.column) for c in doc.captions] == [("NOFORN", 11, 1)]
    assert doc.classification.banner() == "SECRET//NOFORN"
    assert doc.date.value == datetime.date(2009, 1, 29)
    assert doc.tags == ("PTER", "PGOV", "ASEC", "EFIN", "ENRG", "KCIP")  # "TAG" for "TAGS"
    # "Classified by" inside the REF paragraph
    assert doc.cab.span.line == 15
    assert at(source, doc.cab.classified_by.span) == "S/CT Deputy Coordinator Robert Smith"
    assert doc.cab.reason.letters == ("c", "d")
    assert numbered(doc) == [(16, "1", "(U//FOUO)"), (17, "2", "(S//NF)")]
    assert doc.rollup.banner() == "SECRET//NOFORN"


def test_captions_and_sbu_statement(text_doc):
    doc, _ = text_doc("ZNR UUUUU ZZH\nP 011200Z JUN 06\nUNCLAS CAIRO 003874\nSIPDIS\nSENSITIVE\n"
                      "E.O. 12958: N/A\nSensitive but unclassified.  Please protect accordingly.\n"
                      "1. (SBU)  In a notable break with past practice.\n")
    assert [(c.name, c.span.line) for c in doc.captions] == [("SIPDIS", 4), ("SENSITIVE", 5)]
    assert doc.classification.banner() == "UNCLASSIFIED//SBU"
    assert doc.eo_line.declass.kind == "na"
    assert doc.tx_security_code == "UUUUU"
    assert numbered(doc) == [(8, "1", "(SBU)")]


# --- pasted metadata rows ----------------------------------------------------------------------

def test_metadata_block_is_not_the_classification(fixture_doc):
    doc, source = fixture_doc("metadata_block.txt")
    assert source.lines[10] == "SECRET//NOFORN"
    assert all(b.span.line != 11 for b in doc.banners)
    assert [(b.kind, b.span.line) for b in doc.banners] == [("first", 1), ("repeat", 20)]
    assert doc.classification.banner() == "CONFIDENTIAL"
    assert not doc.classification.noforn
    assert doc.date.value == datetime.date(2007, 4, 27) and doc.date.source == "dtg"
    assert doc.date.span.line == 17
    assert numbered(doc) == [(26, "1", "(C)"), (27, "2", "(U)")]


def test_metadata_tab_row_is_not_the_classification(fixture_doc):
    doc, source = fixture_doc("metadata_tab.txt")
    assert "\tSECRET//NOFORN\t" in source.lines[0]
    assert [(b.kind, b.span.line) for b in doc.banners] == [("first", 5)]
    assert doc.classification.banner() == "CONFIDENTIAL"
    assert doc.date.source == "dtg" and doc.date.span.line == 2
    assert numbered(doc) == [(11, "1", "(C)"), (12, "2", "(U)")]


def test_metadata_row_date_is_only_a_fallback(text_doc):
    doc, _ = text_doc("123456\n2007-04-27 21:07:00\n07ROME472\nEmbassy Rome\nSECRET//NOFORN\n\n"
                      "C O N F I D E N T I A L ROME 000472\nE.O. 12958: DECL: 04/27/2017\n"
                      "1. (C) Text.\n")
    assert doc.classification.banner() == "CONFIDENTIAL"
    assert doc.first_banner.span.line == 7
    assert doc.date.value == datetime.date(2007, 4, 27)
    assert doc.date.source == "metadata-row" and doc.date.span.line == 2
    assert any("metadata row" in note for note in doc.notes)


# --- banner typos ------------------------------------------------------------------------------

@pytest.mark.parametrize("line,designation,spacing,section,originator", [
    ("C C O N F I D E N T I A L ROME 000123", "CONFIDENTIAL", "irregular", None, "ROME"),
    ("CC O N F I D E N T I A L BRASILIA 000055", "CONFIDENTIAL", "irregular", None, "BRASILIA"),
    ("SS E C R E T SECTION 01 OF 02 PARIS 001699", "SECRET", "irregular", (1, 2), "PARIS"),
    ("E C R E T SECTION 01 OF 03 BAGHDAD 000146", "SECRET", "irregular", (1, 3), "BAGHDAD"),
    ("UNCLAS E F T O STATE 123456", "UNCLAS EFTO", "plain", None, "STATE"),
    ("S E C R E T THE HAGUE 002113", "SECRET", "spaced", None, "THE HAGUE"),
], ids=["doubled-letter", "doubled-first-token", "doubled-first-token-with-section", "missing-letter",
        "spaced-efto", "two-word-originator"])
def test_banner_typos(text_doc, at, line, designation, spacing, section, originator):
    doc, source = text_doc(HEADER + line + "\n1. (U) Text.\n")
    banner = doc.first_banner
    assert (banner.designation, banner.spacing, banner.section, banner.originator) == \
        (designation, spacing, section, originator)
    assert banner.number == line.split()[-1]
    assert (banner.span.line, banner.span.column) == (4, 1)
    assert at(source, banner.span) == line
    assert doc.unreadable == ()


def test_designation_one_letter_off_in_header_shape(text_doc):
    doc, _ = text_doc(HEADER + "NCLAS SECTION 01 OF 02 BRASILIA 001017\n1. (SBU) Text.\n")
    assert (doc.first_banner.designation, doc.first_banner.spacing) == ("UNCLAS", "irregular")
    assert doc.first_banner.section == (1, 2)


# --- unreadable marks are reported at their column ---------------------------------------------

def test_unreadable_portion_mark_position(text_doc):
    doc, source = text_doc(HEADER + "SECRET ROME 001234\n1. ( S//REL TO USA,, GBR) Text.\n")
    portion = next(p for p in doc.portions if p.number == "1")
    # read for the roll-up as far as it goes, and still reported as unreadable (never normalised silently)
    assert portion.mark == "( S//REL TO USA,, GBR)" and portion.marking.rel_to == ("USA", "GBR")
    [bad] = doc.unreadable
    assert bad.kind == "portion"
    # the second comma, counted in the line as written (the blank after "(" included)
    assert (bad.span.line, bad.span.column) == (5, 20)
    assert source.lines[4][19] == "," and source.lines[4][18] == ","


def test_comma_for_a_slash_is_an_unreadable_mark_not_an_unmarked_paragraph(text_doc):
    doc, source = text_doc(HEADER + "CONFIDENTIAL ROME 001234\n1. (C,NF) Text.\n2. (C, D and E) options.\n")
    first = next(p for p in doc.portions if p.number == "1")
    assert first.mark == "(C,NF)" and first.marking is None
    [bad] = [u for u in doc.unreadable if u.span.line == 5]
    assert bad.kind == "portion" and "(C,NF)" in bad.message
    assert source.lines[4][bad.span.column - 1] == ","


def test_unreadable_spaced_banner_position(text_doc):
    """The error column of a letter-spaced classification line points into the line as written."""
    doc, source = text_doc(HEADER + "S E C R E T SECTION 01 GF 02 ROME 001234\n1. (S) Text.\n")
    assert doc.first_banner.designation == "SECRET" and doc.first_banner.span.line == 4
    [bad] = doc.unreadable
    assert bad.kind == "banner"
    assert (bad.span.line, bad.span.column) == (4, 24)
    assert source.lines[3][23:25] == "GF"


def test_drafting_line_with_a_parenthesis_is_not_a_portion(text_doc):
    # "D(S):PPARK" is a drafting/clearance line, not sub-paragraph D marked SECRET
    doc, _ = text_doc(HEADER + "C O N F I D E N T I A L STATE 029700\n\nD(S):PPARK\n\n"
                      "A. (C) Lettered sub-paragraph.\n\n1. (C) Text.\n")
    assert [(p.span.line, p.mark) for p in doc.portions] == [(8, "(C)"), (10, "(C)")]
    assert doc.rollup.level == Level.C


# --- a non-US level on the classification line --------------------------------------------------

@pytest.mark.parametrize("line, spacing", [
    ("RESTRICTED STATE 012345", "plain"),
    ("R E S T R I C T E D STATE 012345", "spaced"),
])
def test_restricted_classification_line_is_read_without_a_us_level(text_doc, at, line, spacing):
    """RESTRICTED heads the telegram: it is its classification line (LVL-003 says it is not a
    US level), not a telegram without one."""
    doc, source = text_doc(HEADER + line + "\n\n1. (U) Text.\n")
    banner = doc.first_banner
    assert (banner.designation, banner.spacing, banner.marking.level, banner.originator) == \
        ("RESTRICTED", spacing, None, "STATE")
    assert at(source, banner.span) == line
    assert doc.classification.level is None and doc.unreadable == ()


@pytest.mark.parametrize("line", ["Restricted to the embassy compound until further notice.",
                                  "RESTRICTEDNESS OF ACCESS", "RESTRICTIONS ON TRAVEL"])
def test_restricted_in_prose_is_not_a_classification_line(text_doc, line):
    doc, _ = text_doc(HEADER + "CONFIDENTIAL STATE 012345\n\n1. (C) Text.\n" + line + "\n")
    assert [b.designation for b in doc.banners] == ["CONFIDENTIAL"]


# --- the tail of a classification line ---------------------------------------------------------

@pytest.mark.parametrize("tail, expected", [
    ("ROME 001018", ("ROME", "001018", [])),
    ("THE HAGUE 001018 NOFORN SIPDIS", ("THE HAGUE", "001018", ["NOFORN", "SIPDIS"])),
    ("STATE 001413SIPDISNOFORN", ("STATE", "001413", ["SIPDIS", "NOFORN"])),
    ("PTQ1859", ("PTQ1859", None, [])),
    ("USNATO 12 000114", ("USNATO", "12", [])),
    ("\u0661\u0662\u0663 ROME 0012", ("\u0661\u0662\u0663 ROME", "0012", [])),  # (digits of other scripts are not numbers)
    ("\u00c9COLE 12SIPDIS", ("\u00c9COLE", "12", ["SIPDIS"])),
    ("1SIPDIS ROME", ("1SIPDIS ROME", None, [])),
    ("SIPDIS ROME", ("ROME", None, ["SIPDIS"])),
])
def test_the_tail_of_a_classification_line(tail, expected):
    """Originator words start with a letter, and the telegram number (maybe with captions glued
    to it) with a digit: a word starting with a letter is not tried as a number."""
    from markcheck.reader.recognise.banner import split_tail

    assert split_tail(tail) == expected


@pytest.mark.parametrize("line, value", [
    ("E.O. 12958: DECL: 01/01/2019 TAG PTER, PGOV", "DECL: 01/01/2019"),
    ("E.O. 12958: DECL: 01/01/2019 tags PTER", "DECL: 01/01/2019"),
    # the Kelvin sign is read as the K it looks like (and reported: SYN-004); KTAG is no TAGS label
    ("E.O. 12958: DECL: 01/01/2019 \u212aTAG PTER", "DECL: 01/01/2019 KTAG PTER"),
    ("E.O. 12958: DECL: 01/01/2019 STAG PTER", "DECL: 01/01/2019 STAG PTER"),
    ("E.O. 12958: N/A", "N/A"),
])
def test_a_tags_line_glued_after_the_eo_value(text_doc, line, value):
    """The value ends before a glued TAGS label (a word of its own), whatever its letter case."""
    doc, _ = text_doc(HEADER + "UNCLAS ROME 001234\n" + line + "\n")
    read = doc.eo_line.declass.raw if doc.eo_line.declass is not None else doc.unreadable[0].raw
    assert read == value
