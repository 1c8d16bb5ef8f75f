"""The date grammars' value builders (markcheck.reader.date_builders, Lark Transformers) and the
CUI grammar's (markcheck.cui.builder): every form of each grammar read into its value."""

from __future__ import annotations

import datetime

import pytest

from markcheck.cui.marking import read_words
from markcheck.reader.date_builders import DeclassValues, DtgFields
from markcheck.reader.grammar import parse_text
from markcheck.reader.parse_dates import parse_declass, parse_dtg_line

# value as written -> (kind, code, codes, date, event, classifier, values)
DECLASS = {
    "N/A": ("na", None, (), None, None, None, 1),
    "DNG: 20190320": ("event", None, (), datetime.date(2019, 3, 20), "DNG", None, 1),
    "GDS": ("legacy", "GDS", ("GDS",), None, None, None, 1),
    "XGDS 2 12/31/2001 (SMITH, JOHN)": ("legacy", "XGDS-2", ("XGDS-2",), datetime.date(2001, 12, 31), None,
                                        "SMITH, JOHN", 1),
    "03/20/2019": ("date", None, (), datetime.date(2019, 3, 20), None, None, 1),
    "OADR": ("oadr", "OADR", (), None, None, None, 1),
    "25X6, 20600129": ("exemption", "25X6", ("25X6",), datetime.date(2060, 1, 29), None, None, 1),
    "X1, X2": ("x_code", "X1", ("X1", "X2"), None, None, None, 1),
    "DECL:": ("none", None, (), None, None, None, 0),
    "DECL: 03/20/2019": ("date", None, (), datetime.date(2019, 3, 20), None, None, 1),
    "DECL: 1.6 X1": ("x_code", "X1", ("X1",), None, None, None, 1),
    "DECL: OADR": ("oadr", "OADR", (), None, None, None, 1),
    "DECL: RDS-3 03/20/2019": ("legacy", "RDS-3", ("RDS-3",), datetime.date(2019, 3, 20), None, None, 1),
    "DECL: TEN YEARS": ("duration", "10", (), None, "TEN YEARS", None, 1),
    "DECL: TEN YEARS AFTER THE TALKS": ("event", None, (), None, "TEN YEARS AFTER THE TALKS", None, 1),
    "DECL: END OF TALKS": ("event", None, (), None, "END OF TALKS", None, 1),
    "DECL: N/A": ("na", None, (), None, None, None, 1),
    "25X1; 50X1-HUM": ("exemption", "25X1", ("25X1", "50X1-HUM"), None, None, None, 2),
}


@pytest.mark.parametrize("written", sorted(DECLASS))
def test_every_form_of_a_declassification_instruction_is_built(written):
    d = parse_declass(written)
    assert (d.kind, d.code, d.codes, d.date, d.event, d.classifier, d.values) == DECLASS[written]
    assert d.raw == written


def test_the_declassification_builder_is_a_transformer_of_the_grammars_tree():
    tree = parse_text("eo_line", "DECL: 03/20/2019")
    built = DeclassValues("DECL: 03/20/2019", "decl: 03/20/2019").transform(tree)
    assert (built.kind, built.date, built.date_format, built.raw) == \
        ("date", datetime.date(2019, 3, 20), "MM/DD/YYYY", "decl: 03/20/2019")


@pytest.mark.parametrize("line,expected", [
    ("O 201552Z MAR 09", (datetime.date(2009, 3, 20), 0, 16)),
    ("  R 151646Z OCT 09 (CCY AD00C933D8/WSC2297 510)", (datetime.date(2009, 10, 15), 2, 18)),
    ("131914Z DEC 1989", (datetime.date(1989, 12, 13), 0, 16)),
])
def test_a_date_time_group_is_built_from_its_tree(line, expected):
    assert parse_dtg_line(line) == expected
    group = line.strip()
    assert DtgFields(group).transform(parse_text("dtg", group))[1] == expected[0].month


@pytest.mark.parametrize("text,expected", [
    ("CUI", (False, "CUI", ())),
    ("UNCLASSIFIED//CUI//SP-CTI//FED ONLY", (True, "CUI", (("SP-CTI", 19, 25), ("FED ONLY", 27, 35)))),
    ("controlled//PRVCY/LEI//NOFORN", (False, "CONTROLLED", (("PRVCY", 12, 17), ("LEI", 18, 21),
                                                              ("NOFORN", 23, 29)))),
    ("CUI//SP-EXPT//REL TO USA, GBR", (False, "CUI", (("SP-EXPT", 5, 12), ("REL TO USA, GBR", 14, 29)))),
])
def test_a_cui_marking_is_built_word_by_word(text, expected):
    assert read_words(text) == expected
