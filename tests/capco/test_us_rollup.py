"""The roll-up of SCI, SAP and atomic energy values per ISM, table-driven: portion marks -> the
overall marking markcheck expects (markcheck.rollup, capco.rollup), each row citing its rule."""

from __future__ import annotations

import pytest

from markcheck.reader.parse import parse_portion
from markcheck.rollup import rollup

ROWS = [
    # SCI: union by control system, compartments and sub-compartments merged (ISM-ID-00343)
    (["TS//SI//NF", "S//TK//NF"], "TOP SECRET//SI/TK//NOFORN"),
    (["TS//SI//NF", "TS//SI-G ABCD//OC/NF"], "TOP SECRET//SI-G ABCD//ORCON/NOFORN"),
    (["TS//SI-G ABCD//OC/NF", "TS//SI-G EFGH/SI-NK//OC/NF"], "TOP SECRET//SI-G ABCD EFGH-NK//ORCON/NOFORN"),
    (["S//HCS-P//NF", "S//HCS-O//OC/NF", "S//TK//NF"], "SECRET//HCS-O-P/TK//ORCON/NOFORN"),
    (["S//TK//NF", "S//SI//NF", "C"], "SECRET//SI/TK//NOFORN"),
    # SAP: union of programs (ISM-ID-00347), a program's compartments merged, HVSACO last
    (["S//SAR-BP//NF", "TS//SAR-GB//NF"], "TOP SECRET//SPECIAL ACCESS REQUIRED-BP/GB//NOFORN"),
    (["S//SAR-BP//NF", "S//SAR-BP-J12 XYZ//NF"], "SECRET//SPECIAL ACCESS REQUIRED-BP-J12 XYZ//NOFORN"),
    (["S//HVSACO", "S//SAR-BP//NF"], "SECRET//SPECIAL ACCESS REQUIRED-BP/HVSACO//NOFORN"),
    # atomic energy: RD over FRD (ISM-ID-00075), CNWDI and SIGMAs kept (-00073, -00074),
    # FRD-SIGMA beside RD is the RD-SIGMA (-00077, -00231), TFNI only alone (-00298)
    (["S//RD//NF", "C//FRD//NF"], "SECRET//RD//NOFORN"),
    (["S//RD//NF", "S//RD-CNWDI//NF"], "SECRET//RESTRICTED DATA-CRITICAL NUCLEAR WEAPON DESIGN INFORMATION//NOFORN"),
    (["S//RD-SG 14//NF", "S//RD-SG 20//NF"], "SECRET//RESTRICTED DATA-SIGMA 14/RESTRICTED DATA-SIGMA 20//NOFORN"),
    (["S//RD//NF", "S//FRD-SG 14//NF"], "SECRET//RESTRICTED DATA-SIGMA 14//NOFORN"),
    (["C//FRD//NF", "S//FRD-SG 15//NF"], "SECRET//FORMERLY RESTRICTED DATA-SIGMA 15//NOFORN"),
    (["C//FRD//NF", "C//TFNI//NF"], "CONFIDENTIAL//FRD//NOFORN"),
    (["C//TFNI//NF", "U"], "CONFIDENTIAL//TFNI//NOFORN"),
    # DCNI/UCNI only in an unclassified overall marking (ISM-ID-00078, -00079)
    (["U//DOD UCNI", "U"], "UNCLASSIFIED//DOD UNCLASSIFIED CONTROLLED NUCLEAR INFORMATION"),
    (["U//DOD UCNI", "C"], "CONFIDENTIAL"),
    # every family at once, in CAPCO order: level//SCI//SAP//AEA//dissem
    (["TS//SI/TK//SAR-BP//RD//NF", "S//HCS-P//NF"],
     "TOP SECRET//HCS-P/SI/TK//SPECIAL ACCESS REQUIRED-BP//RD//NOFORN"),
]


@pytest.mark.parametrize("portions, expected", ROWS, ids=[" + ".join(r[0]) for r in ROWS])
def test_rollup(portions, expected):
    marks = [parse_portion(p) for p in portions]
    assert rollup(marks).banner() == expected
    assert rollup(reversed(marks)).banner() == expected, "commutative"
    assert rollup([rollup(marks)]).banner() == expected, "idempotent"


def test_portion_form_of_the_rollup_reads_back_as_itself():
    """The roll-up rendered in portion form is a portion mark that reads as the same marking."""
    for portions, _ in ROWS:
        result = rollup(parse_portion(p) for p in portions)
        assert parse_portion(result.portion()) == result, result.portion()


def test_a_fix_never_drops_a_value():
    """--fix's safety net (fix.plan._at_least) refuses a marking that lost an SCI, SAP or atomic energy
    value; a narrower value keeps the family it implies (RD-CNWDI keeps RD)."""
    from markcheck.fix.plan import _at_least

    old = parse_portion("TS//SI-G ABCD/TK//SAR-BP//RD-CNWDI//NF")
    assert _at_least(old, parse_portion("TS//SI-G ABCD EFGH/TK//SAR-BP/GB//RD-CNWDI//NF"))
    assert not _at_least(old, parse_portion("TS//SI-G/TK//SAR-BP//RD-CNWDI//NF")), "a sub-compartment dropped"
    assert not _at_least(old, parse_portion("TS//SI-G ABCD/TK//RD-CNWDI//NF")), "a program dropped"
    assert not _at_least(old, parse_portion("TS//SI-G ABCD/TK//SAR-BP//RD//NF")), "CNWDI dropped"
    assert _at_least(parse_portion("S//RD//NF"), parse_portion("S//RD-CNWDI//NF"))
