"""The memo layout: the authority block after the body (where ISOO and CAPCO memos put it), a
date without a 'Date:' label, and a 'Classified By' value read as name, then position."""

from __future__ import annotations

import datetime

import pytest

MEMO = """SECRET

MEMORANDUM FOR THE RECORD

{date}

SUBJECT: (U) Liaison arrangements

1. (S) The liaison office will meet monthly.

2. (U) Minutes are kept by the secretariat.

John Smith
Director, Office of Liaison

Classified By: John Smith, Director, Office of Liaison
{tail}
SECRET
"""
TAIL = "Derived From: Multiple Sources\nDeclassify On: 20450303\n"


def test_authority_block_after_the_body(text_doc, at):
    doc, source = text_doc(MEMO.format(date="Date: March 3, 2020", tail=TAIL))
    cab = doc.cab
    assert cab.derived_from == "Multiple Sources"
    assert at(source, cab.derived_from_span) == "Multiple Sources"
    assert cab.declassify_on is not None and cab.declassify_on.date == datetime.date(2045, 3, 3)
    assert at(source, cab.declassify_on.span) == "20450303"


def test_reason_line_after_the_body(text_doc):
    tail = "Reason: 1.4(c)\nDeclassify On: 20300303\n"
    doc, _ = text_doc(MEMO.format(date="Date: March 3, 2020", tail=tail))
    assert doc.cab.reason.section == "1.4" and doc.cab.reason.letters == ("c",)
    assert doc.cab.declassify_on.date == datetime.date(2030, 3, 3)


def test_the_header_copy_wins_over_a_later_one(text_doc):
    text = MEMO.format(date="Date: March 3, 2020", tail=TAIL).replace(
        "SUBJECT:", "Declassify On: 20400101\n\nSUBJECT:")
    doc, _ = text_doc(text)
    assert doc.cab.declassify_on.date == datetime.date(2040, 1, 1)


@pytest.mark.parametrize("written,day", [
    ("March 3, 2020", datetime.date(2020, 3, 3)),
    ("3 March 2020", datetime.date(2020, 3, 3)),
    ("Sept. 14, 2011", datetime.date(2011, 9, 14)),
    ("14 Sep 2011", datetime.date(2011, 9, 14)),
    ("March 3rd, 2020", datetime.date(2020, 3, 3)),
    ("1st March 2020", datetime.date(2020, 3, 1)),
    ("03/03/2020", datetime.date(2020, 3, 3)),
    ("2020-03-03", datetime.date(2020, 3, 3)),
])
def test_date_without_a_label(text_doc, at, written, day):
    doc, source = text_doc(MEMO.format(date=written, tail=TAIL))
    assert doc.date.value == day
    assert at(source, doc.date.span) == written
    assert any("without a 'Date:' label" in note and written in note for note in doc.notes)


def test_a_weekday_before_the_date_is_read_past(text_doc, at):
    doc, source = text_doc(MEMO.format(date="Tuesday, March 3, 2020", tail=TAIL))
    assert doc.date.value == datetime.date(2020, 3, 3)
    assert at(source, doc.date.span) == "March 3, 2020"


def test_dated_is_a_date_label(text_doc, at):
    doc, source = text_doc(MEMO.format(date="Dated: March 3rd, 2020", tail=TAIL))
    assert doc.date.value == datetime.date(2020, 3, 3)
    assert at(source, doc.date.span) == "March 3rd, 2020"
    assert not any("label" in note for note in doc.notes)


def test_a_day_first_numeric_date_is_not_guessed(text_doc):
    doc, _ = text_doc(MEMO.format(date="13/03/2020", tail=TAIL))
    assert doc.date is None


def test_a_labelled_date_says_nothing_in_the_notes(text_doc):
    doc, _ = text_doc(MEMO.format(date="Date: March 3, 2020", tail=TAIL))
    assert doc.date.value == datetime.date(2020, 3, 3)
    assert not any("label" in note for note in doc.notes)


@pytest.mark.parametrize("line", [
    "The meeting of March 3, 2020 was cancelled.",
    "March 3, 2020 - the meeting was cancelled",
])
def test_a_date_inside_a_sentence_is_not_the_memo_date(text_doc, line):
    doc, _ = text_doc(MEMO.format(date=line, tail=TAIL))
    assert doc.date is None


def test_classified_by_is_name_then_position(text_doc):
    doc, _ = text_doc(MEMO.format(date="Date: March 3, 2020", tail=TAIL))
    who = doc.cab.classified_by
    assert (who.name, who.position) == ("John Smith", "Director, Office of Liaison")


def test_an_over_long_classified_by_value_is_still_split(text_doc):
    """Past the longest string the grammars take, the value is split at its commas all the same."""
    text = MEMO.format(date="Date: March 3, 2020", tail=TAIL).replace(
        "Office of Liaison\nDerived", "Office of Liaison " + "x" * 5000 + "\nDerived")
    doc, _ = text_doc(text)
    who = doc.cab.classified_by
    assert who.name == "John Smith" and who.position.startswith("Director, Office of Liaison x")
