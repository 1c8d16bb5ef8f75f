"""A classification line that starts with a foreign classification (the banner of a NATO, JOINT or
other government's document: //NATO SECRET, //JOINT SECRET CAN USA//REL TO USA, CAN, //DEU
SECRET) is read as the document's classification line, its level counted at the US equivalent;
a cable's own headings written after // stay prose."""

from __future__ import annotations

import datetime

import pytest

from markcheck.api import check_text
from markcheck.config import Config
from markcheck.document import build_document
from markcheck.model import Level
from markcheck.reader import scan

BODY = """
MEMORANDUM FOR: Director

Date: 14 March 2025

SUBJECT: ({mark}) Readiness review

1. ({mark}) The review is summarized here.

Classified By: John Doe, Chief, Coalition Planning
Derived From: Readiness Report, 20250305
Declassify On: N/A to NATO portions
"""


@pytest.mark.parametrize("line, mark, owner, level", [
    ("//NATO SECRET", "//NS", ("NATO",), Level.S),
    ("//COSMIC TOP SECRET//REL TO USA, NATO", "//CTS//REL TO USA, NATO", ("NATO",), Level.TS),
    ("//NATO RESTRICTED", "//NR", ("NATO",), Level.C),
    ("//JOINT SECRET CAN USA//REL TO USA, CAN", "//JOINT S CAN USA//REL TO USA, CAN", ("CAN", "USA"), Level.S),
    ("//DEU SECRET", "//DEU S", ("DEU",), Level.S),
    ("//FGI CONFIDENTIAL", "//FGI C", ("FGI",), Level.C),
])
def test_each_foreign_form_is_the_documents_classification_line(line, mark, owner, level):
    text = line + "\n" + BODY.format(mark=mark) + "\n" + line + "\n"
    doc = build_document(text, path="memo.txt")
    assert [b.kind for b in doc.banners] == ["first", "closing"]
    assert doc.classification.owner == owner and doc.classification.level == level
    assert doc.rollup.level == level  # the portions count at the same US level
    result = check_text(text, path="memo.txt", config=Config(profile="capco", today=datetime.date(2026, 12, 7)))
    assert [f"{f.rule} {f.message}" for f in result.findings if f.severity != "info"] == []


def test_a_foreign_line_gives_no_missing_classification_line():
    text = "//NATO SECRET\n" + BODY.format(mark="//NS")
    result = check_text(text, path="memo.txt", config=Config(profile="capco", today=datetime.date(2026, 12, 7)))
    assert "HDR-001" not in {f.rule for f in result.findings}


@pytest.mark.parametrize("line", [
    "//NATO SECRET//REL TO USA, NATO", "  //NATO SECRET", "//COSMIC TOP SECRET-BOHEMIA", "//NS",
    "//JOINT TOP SECRET CAN GBR USA", "//DEU S//REL TO USA, DEU", "//ITA RESTRICTED",
])
def test_foreign_lines_open_as_classification_lines(line):
    assert scan.BANNER_START.match(line) and scan.BODY_LINE_START.match(line)
    banner = scan.collapse_banner(line)
    assert banner is not None and banner.text == line.strip() and banner.column == len(line) - len(line.lstrip()) + 1


@pytest.mark.parametrize("line", [
    "//COMMENT", "//THE ROAD AHEAD - AREAS FOR FOLLOW-UP", "//US-SPAIN RELATIONS", "//NATO SUMMIT PREPARATIONS",
    "//SECRET", "//nato secret", "//Op Troika and its Updates", "//signed",
])
def test_headings_after_slashes_stay_prose(line):
    assert scan.collapse_banner(line) is None
    assert not scan.BODY_LINE_START.match(line)
