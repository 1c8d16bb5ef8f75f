"""A mark after a heading that opens the line, with no sentence end before it: ``## Background (S)
text``, ``Background (S) text``, ``KEY POINTS -- (C) Text``, ``Summary: (S) text``, and a heading's
own trailing mark ``Background (S)``. A person sees each of these marks; markcheck reads them as
portions. All-capital sentences, names with party labels and words glued to a parenthesis stay
prose."""

from __future__ import annotations

import pytest

from markcheck.api import check_text
from markcheck.document import build_document

MEMO = "UNCLASSIFIED\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: Test\n\n{body}\n\n2. (U) Another.\n\nUNCLASSIFIED\n"
AFTER_A_PARAGRAPH = "1. (U) First.\n\n{line}"

HEADED = {
    "markdown heading": ("## Background (S) A secret sentence.", "memo.md"),
    "bold heading": ("**Background** (S) A secret sentence.", "memo.md"),
    "plain heading": ("Background (S) A secret sentence.", "memo.txt"),
    "capital heading": ("KEY POINTS (S) A secret sentence.", "memo.txt"),
    "heading and dash": ("Key Points -- (S) A secret sentence.", "memo.txt"),
    "label and colon": ("Summary: (S) A secret sentence.", "memo.txt"),
    "heading's own mark": ("## Background (S)", "memo.md"),
    "plain heading's own mark": ("Background of the Talks (S)", "memo.txt"),
}


@pytest.mark.parametrize("where", ["opening the body", "after a paragraph"])
@pytest.mark.parametrize("name", sorted(HEADED))
def test_a_mark_after_a_heading_is_read(name, where):
    line, path = HEADED[name]
    body = line if where == "opening the body" else AFTER_A_PARAGRAPH.format(line=line)
    doc = build_document(MEMO.format(body=body), path=path)
    assert "(S)" in [p.mark for p in doc.portions]
    assert doc.rollup.level.name == "S"
    findings = check_text(MEMO.format(body=body), path=path).findings
    assert any(f.rule == "ROL-004" and f.severity == "error" for f in findings)


def test_the_mark_after_a_heading_points_into_the_source():
    text = MEMO.format(body="## Background (S) A secret sentence.")
    doc = build_document(text, path="memo.md")
    [portion] = [p for p in doc.portions if p.mark == "(S)"]
    line = text.splitlines()[portion.mark_span.line - 1]
    assert line[portion.mark_span.column - 1:portion.mark_span.end_column - 1] == "(S)"
    assert (portion.span.column, portion.mark_span.column) == (4, 15)  # the portion is the heading's text


PROSE = {
    "all-capital sentence": "1. (U) First.\n\nFIRST PARA CHANGED FROM (C) TO (U).",
    "party label": "1. (U) First.\n\nSenator Smith (R) said so.",
    "word glued to a parenthesis": "1. (U) First.\n\nTHE REST OF THE AGENDA(S)",
    "heading ending in a small word": "1. (U) First.\n\nChanged From (C) to unclassified.",
    "lower-case prose": "1. (U) First.\n\nthe report (S) says more.",
}


@pytest.mark.parametrize("name", sorted(PROSE))
def test_prose_with_parenthesised_letters_is_not_a_mark(name):
    doc = build_document(MEMO.format(body=PROSE[name]), path="memo.txt")
    assert [p.mark for p in doc.portions if not p.is_subject] == ["(U)", "(U)"]
