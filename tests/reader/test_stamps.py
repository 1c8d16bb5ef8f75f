"""Declassification, extension and reclassification stamps and source lists (markcheck.reader.stamps)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from markcheck.cli import main
from markcheck.document import build_document, read_document

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not (CORPUS / "index.csv").is_file(), reason=f"real-cable corpus not found at {CORPUS}")

HEADER = """\
O 201552Z MAR 11
FM AMEMBASSY PARIS
TO SECSTATE WASHDC

C O N F I D E N T I A L PARIS 000114

E.O. 13526: DECL: 03/20/2021
TAGS: PREL
SUBJECT: (C) TEST
"""


@needs_corpus
@pytest.mark.parametrize("name,authority,day", [
    ("73TEHRAN2077.txt", "US Department of State EO Systematic Review", dt.date(2005, 6, 30)),
    ("75TEHRAN2069.txt", "US Department of State EO Systematic Review", dt.date(2006, 7, 5)),  # wrapped
    ("66BUENOSAIRES2481.txt", "NARA", dt.date(2009, 9, 2)),  # on the E.O. line
    ("72TEHRAN1164.txt", None, dt.date(2006, 6, 21)),  # "E.O. 12958: AS AMENDED; DECLASSIFIED JUNE 21, 2006"
])
def test_declassification_stamps_of_real_cables(name, authority, day):
    doc = read_document(CORPUS / name)
    assert doc.declassified is not None
    assert (doc.declassified.authority, doc.declassified.date) == (authority, day)


@needs_corpus
def test_a_declassification_stamp_on_the_eo_line_is_not_a_classified_by_line():
    """"DECLASSIFIED BY NARA" held "CLASSIFIED BY": the line was cut there and read as a CAB."""
    doc = read_document(CORPUS / "66BUENOSAIRES2481.txt")
    assert doc.cab is None
    assert doc.eo_line.declass.event == "DECLASSIFIED BY NARA 09/02/2009"


def test_classified_by_glued_to_the_subject_is_still_split_off():
    """Only "DECLASSIFIED BY" is kept whole: "…BAHRAINClassified By: …" (08MANAMA496) is a CAB."""
    doc = build_document(HEADER.replace("SUBJECT: (C) TEST", "SUBJECT: (C) VISIT TO BAHRAINClassified By: "
                                        "Charge d'Affaires Christopher Henzel for reasons 1.4 (b) and (d)"))
    assert doc.cab.classified_by.name.endswith("Christopher Henzel")
    assert doc.subject == "(C) VISIT TO BAHRAIN"


@pytest.mark.parametrize("stamp,authority,day", [
    ("DECLASSIFIED\nAuthority: NND 969000\nDate: 1/1/01", "NND 969000", dt.date(2001, 1, 1)),
    ("Declassified by: David Smith, Director\nDeclassified on: 20120315", "David Smith", dt.date(2012, 3, 15)),
    ("Declassified/Released US Department of State EO Systematic Review 20 Mar 2014",
     "US Department of State EO Systematic Review", dt.date(2014, 3, 20)),
])
def test_stamp_forms(stamp, authority, day):
    doc = build_document(HEADER + "\n" + stamp + "\n\n1. (C) Text.\n")
    assert (doc.declassified.authority, doc.declassified.date) == (authority, day)


@pytest.mark.parametrize("prose", [
    "declassified; we have forwarded to EUR/NB for action.)",  # 06REYKJAVIK364
    "Declassified documents show that the talks failed.",
    "DECLASSIFIED",  # the word alone says neither who nor when
])
def test_prose_is_not_a_stamp(prose):
    doc = build_document(HEADER + "\n1. (C) The request asked that the agreements be\n" + prose + "\n")
    assert doc.declassified is None


@needs_corpus
def test_corpus_stamps_are_few():
    """Only the four stamped cables of the corpus carry a stamp (prose about declassification
    does not count)."""
    stamped = sorted(p.name for p in CORPUS.glob("*.txt") if read_document(p).declassified is not None)
    assert stamped == ["66BUENOSAIRES2481.txt", "72TEHRAN1164.txt", "73TEHRAN2077.txt", "75TEHRAN2069.txt"]


def test_extension_and_reclassification_stamps():
    doc = build_document(HEADER + "Declassify On: Classification extended on 20150101 to 20350101 by Jane Doe, "
                         "Director\nReclassified On: 20160301 by John Roe, Chief\n\n1. (C) Text.\n")
    ext, recl = doc.extensions
    assert (ext.kind, ext.by, ext.date) == ("extension", "Jane Doe, Director", dt.date(2015, 1, 1))
    assert (recl.kind, recl.by, recl.date) == ("reclassification", "John Roe, Chief", dt.date(2016, 3, 1))


def test_source_list_entries():
    doc = build_document(HEADER + "Derived From: Multiple Sources\n\n1. (C) Text.\n\nSources:\n"
                         "1. STATE 012345, 20090301, Declassify On: 20190301\n"
                         "2. Memo, Funding Problems, 20080115\n\nEnd of list.\n")
    first, second = doc.sources
    assert (first.date, first.declass.date) == (dt.date(2009, 3, 1), dt.date(2019, 3, 1))
    assert (second.date, second.declass) == (dt.date(2008, 1, 15), None)
    assert first.span.line == doc.sources[0].span.line and first.raw.startswith("STATE 012345")


@needs_corpus
def test_inspect_shows_the_stamp(capsys):
    assert main(["inspect", str(CORPUS / "75TEHRAN2069.txt")]) == 0
    out = capsys.readouterr().out
    assert "declassified        7:1  by US Department of State EO Systematic Review on 2006-07-05" in out


def test_an_extended_declassify_on_line_reads_the_new_date():
    """The revised line keeps the new instruction after 'to': it is the declassification date
    (before, the whole stamp was an unreadable value, a SYN- finding on a lawful extension)."""
    doc = build_document("SECRET\n\nDate: 20120105\n\nClassified By: David Smith, Chief\nReason: 1.4(d)\n"
                         "Declassify On: Classification extended on 20200105 to 20370105 by Jane Doe, Director\n\n"
                         "(S) Text.\n\nSECRET\n", profile="isoo")
    assert doc.unreadable == ()
    assert (doc.declass.kind, doc.declass.date) == ("date", dt.date(2037, 1, 5))


def test_derived_from_glued_after_the_subject_is_read():
    """09TRIPOLI805: 'SUBJECT: … MEETING REF: A. TRIPOLI 64 Derived from: DSCG 05-1, B,D' on one line."""
    doc = build_document(HEADER.replace("SUBJECT: (C) TEST", "SUBJECT: (C) TEST REF: A. TRIPOLI 64 Derived from: DSCG 05-1, B,D"))
    assert doc.cab.derived_from == "DSCG 05-1, B,D"
    assert doc.subject == "(C) TEST REF: A. TRIPOLI 64"


def test_a_source_line_without_derived_from_is_prose():
    """'Source: Europol data' (04THEHAGUE4) under a table is an attribution, not a source list."""
    doc = build_document(HEADER + "Classified By: Ambassador J. Smith, for reasons 1.4 (b)\n\n"
                         "1. (C) Seizures rose.\n\nSource: Europol data\n")
    assert doc.sources == ()
