"""The reader's stages (docs/architecture.md): the layout state machine, the DTG read by its
grammar alone, and a package a newcomer can read (no module over ~400 lines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from markcheck.reader.build import Reading, build_document
from markcheck.reader.layout import Layout, Region
from markcheck.reader.grammar import MarkingSyntaxError
from markcheck.reader.parse_dates import parse_dtg_line
from markcheck.reader.source import Source

READER = Path(__file__).resolve().parents[2] / "markcheck" / "reader"

CABLE = """\
O 201552Z MAR 09 ZDK
FM USMISSION USNATO
TO SECSTATE WASHDC
C O N F I D E N T I A L USNATO 000114

NOFORN

E.O. 12958: DECL: 03/20/2019
TAGS: PREL, NATO
SUBJECT: (U) A TEST

Classified By: Ambassador Kurt Volker for reasons 1.4 (b) and

(d).

1. (C/NF) First paragraph.
"""


def _trace(text: str) -> dict[int, Region]:
    """The region after each line of `text`, as the pass leaves it."""
    reading = Reading(Source.from_text(text, "t.txt"))
    regions = []
    build = reading._segment

    def segment(lineno, offset, line):
        build(lineno, offset, line)
        regions.append((lineno, reading.layout.region))

    reading._segment = segment
    reading.build("auto")
    return dict(regions)


def test_the_layout_moves_through_its_regions_by_named_transitions():
    layout = Layout()
    assert layout.region is Region.PREAMBLE and not layout.header and not layout.body
    layout.header_opened()
    assert layout.region is Region.HEADER and layout.header and not layout.body
    layout.authority_opened()
    assert layout.authority_open and layout.header  # the block is inside the header
    layout.authority_closed()
    assert layout.region is Region.HEADER
    layout.paragraph_read()
    assert layout.region is Region.BODY and layout.body and not layout.header
    layout.header_opened()  # a repeated header copy after the body
    assert layout.region is Region.BODY_HEADER and layout.header and layout.body
    layout.authority_opened()
    layout.paragraph_read()  # (a move while the block is open is where the block returns to)
    assert layout.authority_open and layout.body and not layout.header
    layout.authority_closed()
    assert layout.region is Region.BODY


def test_a_cable_is_read_region_by_region():
    regions = _trace(CABLE)
    assert regions[1] is Region.PREAMBLE  # the DTG line
    assert regions[4] is Region.HEADER  # the classification line opens the header
    assert regions[12] is Region.AUTHORITY  # CLASSIFIED BY, its citation dangling ...
    assert regions[14] is Region.AUTHORITY  # ... continued after a blank line
    assert regions[16] is Region.BODY
    doc = build_document(CABLE, "t.txt")
    assert doc.cab.reason.letters == ("b", "d") and doc.cab.span.end_line == 14
    assert [p.mark for p in doc.portions] == ["(U)", "(C/NF)"]


def test_the_date_time_group_is_read_by_the_grammar_with_its_service_text_left_out():
    doc = build_document(CABLE, "t.txt")
    assert (doc.date.source, doc.date.raw, str(doc.date.value)) == ("dtg", "O 201552Z MAR 09", "2009-03-20")
    assert (doc.date.span.column, doc.date.span.end_column) == (1, 17)
    day, start, end = parse_dtg_line("  R 151646Z OCT 09 (CCY AD00C933D8/WSC2297 510)")
    assert (str(day), start, end) == ("2009-10-15", 2, 18)
    for prose in ("O 201552Z MAR 09 THE EMBASSY", "201552 PEOPLE CAME", "O 301552Z FEB 09"):
        with pytest.raises(MarkingSyntaxError):
            parse_dtg_line(prose)


def test_a_dtg_line_the_grammar_refuses_gives_no_date():
    doc = build_document(CABLE.replace("O 201552Z MAR 09 ZDK", "O 201552Z MAR 09 THE EMBASSY"), "t.txt")
    assert doc.date is None



def test_no_reader_module_is_over_about_400_lines():
    sizes = {str(path.relative_to(READER)): len(path.read_text(encoding="utf-8").splitlines())
             for path in READER.rglob("*.py")}
    assert len(sizes) > 15
    assert {name: size for name, size in sizes.items() if size > 410} == {}  # (about 400)
