"""Reading SCI, SAP and atomic energy values where the grammar's tokens end early: nothing after
them is lost."""

from __future__ import annotations

from markcheck.document import build_document

LINE = "SECRET//SPECIAL ACCESS REQUIRED-BUTTER POPCORN/GOLDEN BOY//NOFORN"


def test_a_second_nickname_of_two_words_is_read_whole():
    """GOLDEN BOY after the program separator is one program, as BUTTER POPCORN before it: no
    word of it is left unknown, and the controls after it (NOFORN) are read."""
    text = f"Date: 20240105\n{LINE}\n\nSUBJECT: (U) Test\n\n1. (S//SAR-BP/GB//NF) Text.\n\n{LINE}\n"
    doc = build_document(text, path="memo.txt")
    marking = doc.banners[0].marking
    assert marking.noforn and marking.unknown == ()
    assert set(marking.sap) == {"SAR-BUTTER POPCORN", "SAR-GOLDEN BOY"}
