"""Portion positions and the backstop: a SECRET mark under an UNCLASSIFIED banner, wherever a person
sees it (a Markdown table cell, struck text, a task item, a definition; a list label of any kind, a
checkbox, a quote marker, a table pipe or a ``Word:`` label before it; a place inside a sentence),
is read as a portion (ROL-004) or reported where it stands (SYN-005). Prose that only looks like a
mark (references ``(A) … (B) … (C)``, reasons ``1.4 (B), (C)``, an acronym, a UN document symbol)
passes."""

from __future__ import annotations

import pytest

from markcheck.api import check_text
from markcheck.document import build_document


def _doc(line: str) -> str:
    return f"UNCLASSIFIED\n\n{line}\n\nUNCLASSIFIED\n"


def _errors(line: str, path: str):
    return [(f.rule, f.line, f.column) for f in check_text(_doc(line), path=path).findings if f.severity == "error"]


# (the portion's line, the file's name, the line and column of the mark as written)
READ_AS_PORTIONS = [
    ("| col | text |\n|---|---|\n| 1 | (S) secret cell |", "table.md", 5, 7),
    ("~~(S)~~ struck text.", "struck.md", 3, 3),
    ("- [ ] (S) task", "task.md", 3, 7),
    ("Term\n: (S) text", "definition.md", 4, 3),
    ("1. (U) Text. **(S)** bold mid.", "bold.md", 3, 16),
    ("(a) (S) text.", "a.txt", 3, 5),
    ("iv. (S) text.", "roman.txt", 3, 5),
    ("Note: (S) text.", "note.txt", 3, 7),
    ("1.2.3 (S) text.", "dotted.txt", 3, 7),
    ("> (S) text", "quote.txt", 3, 3),
    ("[ ] (S) text", "checkbox.txt", 3, 5),
    ("| (S) | cell", "pipe.txt", 3, 3),
    ("1. (U) a | (S) b", "cells.txt", 3, 12),
]


@pytest.mark.parametrize("line, path, lineno, column", READ_AS_PORTIONS, ids=[c[1] for c in READ_AS_PORTIONS])
def test_a_mark_at_a_portion_position_is_read(line, path, lineno, column):
    doc = build_document(_doc(line), path=path)
    marks = [(p.mark, p.mark_span.line, p.mark_span.column) for p in doc.portions if p.mark == "(S)"]
    assert marks == [("(S)", lineno, column)]
    assert ("ROL-004", 1, 1) in _errors(line, path)


INSIDE_A_SENTENCE = [
    ("1. (U) Text with (S//NF) inside.", 18, "marking (S//NF) inside a line"),
    ("1. (U) Text, (TS//SI) after comma.", 14, "marking (TS//SI) inside a line"),
    ("1. (U) Text - (S) after dash.", 15, "possible portion mark (S)"),
    ("1. (U) Text; (S) x.", 14, "possible portion mark (S)"),
]


@pytest.mark.parametrize("line, column, message", INSIDE_A_SENTENCE, ids=[c[0] for c in INSIDE_A_SENTENCE])
def test_a_mark_inside_a_sentence_is_reported_where_it_stands(line, column, message):
    findings = [f for f in check_text(_doc(line), path="memo.txt").findings if f.rule == "SYN-005"]
    assert [(f.line, f.column, f.severity) for f in findings] == [(3, column, "error")]
    assert message in findings[0].message


@pytest.mark.parametrize("line", [
    "1. (S) Text with (S//NF) inside.",  # an unambiguous marking is reported whatever the banner
])
def test_an_unambiguous_marking_inside_a_sentence_is_reported_under_any_banner(line):
    text = f"SECRET//NOFORN\n\n{line}\n\nSECRET//NOFORN\n"
    assert [f.column for f in check_text(text, path="memo.txt").findings if f.rule == "SYN-005"] == [18]


@pytest.mark.parametrize("line", [
    "1. (U) See REFS: (A) STATE 1234, (B) STATE 5678 (C) STATE 9012.",  # a references list
    "1. (U) Classified for reasons 1.4 (B), (C) and (D) of the order.",  # reasons
    "1. (U) As paragraph (C) of the agreement says, nothing.",  # an item
    "1. (U) First para changed from (C) to (U).",  # a mention of a mark
    "1. (U) The OPCW Technical Secretariat (TS) met on Monday.",  # an acronym
    "1. (U) The report (S/2008/1) of the Secretary-General.",  # a UN document symbol
    "1. (U) Text; (U) x.",  # a level no higher than the banner's
    "1. (U) The text would: (A) name the parties;\n(B) refer to the claims; (C) remove the rest.",  # a list across lines
])
def test_prose_that_looks_like_a_mark_passes(line):
    assert [f for f in check_text(_doc(line), path="memo.txt").findings if f.rule == "SYN-005"] == []


@pytest.mark.parametrize("line", [
    "REF: (C) SAN JOSE 01713",  # a reference label keeps its letter a reference
    "(iv) (c) the third item.",  # a lower-case letter after a list label is a list letter
])
def test_a_label_that_makes_a_letter_an_item_reads_no_mark(line):
    assert [p.mark for p in build_document(_doc(line), path="memo.txt").portions] == []


def test_a_label_glued_before_a_numbered_paragraph_keeps_its_number():
    text = "CONFIDENTIAL\n\n6. (C) Text.\n\nComment: 7. (C) More text.\n\nCONFIDENTIAL\n"
    doc = build_document(text, path="memo.txt")
    assert [(p.mark, p.paragraph) for p in doc.portions] == [("(C)", 6), ("(C)", 7)]


def test_a_markdown_table_cell_is_a_portion_with_source_columns():
    text = "UNCLASSIFIED\n\n| a | b |\n|---|---|\n| `x` | (U) one |\n| (U) two | **(S)** three |\n\nUNCLASSIFIED\n"
    doc = build_document(text, path="table.md")
    assert [(p.mark, p.mark_span.line, p.mark_span.column) for p in doc.portions] == \
        [("(U)", 5, 9), ("(U)", 6, 3), ("(S)", 6, 15)]
