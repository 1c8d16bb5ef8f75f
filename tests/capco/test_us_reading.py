"""Reading SCI, SAP and atomic energy values where the grammar's tokens end early: nothing after
them is lost."""

from __future__ import annotations

from markcheck.document import build_document

LINE = "SECRET//SPECIAL ACCESS REQUIRED-BUTTER POPCORN/GOLDEN BOY//NOFORN"


def test_a_second_nickname_of_two_words_loses_nothing_after_it():
    """The blank in GOLDEN BOY ends the banner's controls; the rest (BOY//NOFORN) is read, not
    dropped as the telegram's originator: NOFORN counts, BOY is kept and reported."""
    text = f"Date: 20240105\n{LINE}\n\nSUBJECT: (U) Test\n\n1. (S//SAR-BP/GB//NF) Text.\n\n{LINE}\n"
    doc = build_document(text, path="memo.txt")
    marking = doc.banners[0].marking
    assert marking.noforn and "BOY" in marking.unknown
    assert set(marking.sap) == {"SAR-BUTTER POPCORN", "SAR-GOLDEN"}
