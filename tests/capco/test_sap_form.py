"""The completed special access program category keeps the banner's own form (markcheck.capco.
rollup.sap_in_one_form): programs by nickname when the banner writes nicknames and each added
program's nickname is written somewhere in the document, else every program by its abbreviation;
never a mix (``SPECIAL ACCESS REQUIRED-BUTTER POPCORN/GB``)."""

from __future__ import annotations

import datetime

import pytest

from markcheck.capco.rollup import sap_in_one_form
from markcheck.config import Config
from markcheck.fix import fix_table, plan_file


@pytest.mark.parametrize("own,programs,seen,expected", [
    # a banner of nicknames, the added program's nickname given by a portion: nicknames
    (("SAR-BUTTER POPCORN",), ("SAR-BP", "SAR-GB"), ("SAR-BP", "SAR-GOLDEN BOY"),
     ("SAR-BUTTER POPCORN", "SAR-GOLDEN BOY")),
    # only the abbreviation is known for the added program: every program by its abbreviation
    (("SAR-BUTTER POPCORN",), ("SAR-BP", "SAR-GB"), ("SAR-BP", "SAR-GB"), ("SAR-BP", "SAR-GB")),
    # a banner of abbreviations stays one, whatever a portion writes
    (("SAR-BP",), ("SAR-BP", "SAR-GOLDEN BOY"), ("SAR-GOLDEN BOY",), ("SAR-BP", "SAR-GB")),
    # a program with compartments is written by its abbreviation, so all are
    (("SAR-BUTTER POPCORN",), ("SAR-BP", "SAR-GB-J12"), ("SAR-GB-J12",), ("SAR-BP", "SAR-GB-J12")),
    # HVSACO names no program and stands as written
    (("SAR-BUTTER POPCORN", "HVSACO"), ("SAR-BP", "SAR-GB", "HVSACO"), ("SAR-GOLDEN BOY",),
     ("SAR-BUTTER POPCORN", "SAR-GOLDEN BOY", "HVSACO")),
])
def test_the_sap_category_is_written_in_one_form(own, programs, seen, expected):
    assert sap_in_one_form(own, programs, seen) == expected


def _memo(banner: str, *portions: str) -> str:
    body = "\n\n".join(f"{n}. {mark} Text of paragraph {n}." for n, mark in enumerate(portions, 1))
    return (f"{banner}\n\nOFFICE OF SPECIAL PROGRAMS\n\nSeptember 4, 2025\n\nSUBJECT: (U) Review\n\n{body}\n\n"
            "Classified By: Robert B. Officer, Program Security Officer\n"
            "Derived From: OSP Security Classification Guide, dated 20230301\nDeclassify On: 20350904\n\n"
            f"{banner}\n")


@pytest.mark.parametrize("banner,portions,fixed", [
    ("TOP SECRET//SPECIAL ACCESS REQUIRED-BUTTER POPCORN//NOFORN", ("(TS//SAR-BP//NF)", "(S//SAR-GOLDEN BOY//NF)"),
     "TOP SECRET//SPECIAL ACCESS REQUIRED-BUTTER POPCORN/GOLDEN BOY//NOFORN"),
    ("TOP SECRET//SPECIAL ACCESS REQUIRED-BUTTER POPCORN//NOFORN", ("(TS//SAR-BP//NF)", "(S//SAR-GB//NF)"),
     "TOP SECRET//SPECIAL ACCESS REQUIRED-BP/GB//NOFORN"),
    ("TOP SECRET//SPECIAL ACCESS REQUIRED-BP//NOFORN", ("(TS//SAR-BP//NF)", "(S//SAR-GOLDEN BOY//NF)"),
     "TOP SECRET//SPECIAL ACCESS REQUIRED-BP/GB//NOFORN"),
])
def test_fix_completes_the_banner_in_its_own_form(tmp_path, banner, portions, fixed):
    path = tmp_path / "memo.txt"
    path.write_text(_memo(banner, *portions), encoding="utf-8")
    plan = plan_file(str(path), Config(today=datetime.date(2026, 12, 7)), None, fix_table())
    assert plan.new_text() == _memo(fixed, *portions)


@pytest.mark.parametrize("portions,expected", [
    (("TS//SAR-BP//NF", "S//SAR-GOLDEN BOY//NF"), "TOP SECRET//SPECIAL ACCESS REQUIRED-BP/GB//NOFORN"),
    (("TS//SAR-BUTTER POPCORN//NF", "S//SAR-GOLDEN BOY//NF"),
     "TOP SECRET//SPECIAL ACCESS REQUIRED-BUTTER POPCORN/GOLDEN BOY//NOFORN"),
    (("TS//SAR-BUTTER POPCORN//NF", "S//SAR-BP//NF", "S//SAR-GOLDEN BOY//NF"),
     "TOP SECRET//SPECIAL ACCESS REQUIRED-BUTTER POPCORN/GOLDEN BOY//NOFORN"),
])
def test_the_rollup_writes_its_programs_in_one_form(portions, expected):
    """The overall marking a finding offers is in one form too (ISM-ID-00347 rolls the programs up)."""
    from markcheck.reader.parse import parse_portion
    from markcheck.rollup import rollup

    assert rollup(parse_portion(p) for p in portions).banner() == expected
