"""A declassification stamp written on the E.O. line is the record's later review, read as such
(the model's `declassified`), never an unreadable original instruction (issue 16).

The line is quoted from 72TEHRAN1164 of the real-cable corpus.
"""

from __future__ import annotations

import datetime

from markcheck.api import check_text
from markcheck.document import build_document
from markcheck.reader.marking_spans import marking_spans

TEHRAN = """\
UNCLASSIFIED SECTION 01 OF 01 TEHRAN 1164

E.O. 12958: AS AMENDED; DECLASSIFIED JUNE 21, 2006
TAGS: MASS MARR IR
SUBJECT: ACCELERATION OF F-4ES FOR IRAN

1. Text.
"""


def test_the_stamp_on_the_eo_line_is_the_declassification_not_an_unreadable_instruction():
    doc = build_document(TEHRAN)
    assert doc.declassified is not None and doc.declassified.date == datetime.date(2006, 6, 21)
    assert doc.unreadable == ()
    (eo,) = [s for s in marking_spans(doc, ()) if s["kind"] == "eo_line"]
    assert eo["understood"] and eo["read"] == "declassification stamp"
    assert [f.rule for f in check_text(TEHRAN).findings if f.rule == "SYN-001"] == []


def test_an_unreadable_instruction_without_a_stamp_is_still_reported():
    doc = build_document(TEHRAN.replace("AS AMENDED; DECLASSIFIED JUNE 21, 2006", "AS AMENDED; SOMETIME LATER"))
    assert [u.kind for u in doc.unreadable] == ["eo_line"]
