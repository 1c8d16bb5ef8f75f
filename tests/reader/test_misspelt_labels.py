"""An authority-block label spelt a letter or two off is reported where it stands, with the label
it stands for; labels of their own (Declassified By, Reclassified By) and the spellings the reader
accepts are not."""

from __future__ import annotations

import datetime

import pytest

from markcheck.checks.base import Context
from markcheck.document import build_document
from markcheck.engine import check_document
from markcheck.rulepack import builtin_rules

MEMO = """SECRET//NOFORN

MEMORANDUM FOR THE RECORD
Date: March 3, 2020

SUBJECT: (U) Test

1. (S//NF) Text.

Classified By: Jane Roe, Director
Derived From: Guide 12, dated 20190101
Declassify On: 20450303

SECRET//NOFORN
"""


def _findings(text: str, rule: str) -> list:
    rules = [r for r in builtin_rules() if r.id == rule]
    doc = build_document(text, path="memo.txt")
    ctx = Context(today=datetime.date(2026, 12, 7), profile=doc.profile)
    return [f for f in check_document(doc, rules, ctx) if f.rule == rule]


@pytest.mark.parametrize("written, label, line", [
    ("Declasify On:", "Declassify On", 12),
    ("Declassify Om:", "Declassify On", 12),
    ("Clasified By:", "Classified By", 10),
    ("Classifed By:", "Classified By", 10),
    ("Derived Form:", "Derived From", 11),
])
def test_a_misspelt_label_is_reported_with_the_label_it_stands_for(written, label, line):
    right = {"Declassify On": "Declassify On:", "Classified By": "Classified By:", "Derived From": "Derived From:"}[label]
    text = MEMO.replace(right, written)
    found = _findings(text, "SYN-001")
    assert [(f.line, f.column) for f in found] == [(line, 1)]
    assert f"'{written}' is not an authority-block label" in found[0].message
    assert f"did you mean '{label}:'?" in found[0].message


def test_a_label_after_a_paragraph_number_is_placed_at_the_label():
    text = MEMO.replace("Declassify On:", "3. Declasify On:")
    found = _findings(text, "SYN-001")
    assert [(f.line, f.column) for f in found] == [(12, 4)]


@pytest.mark.parametrize("line", [
    "Declassified By: John Smith, Records Officer",
    "Reclassified By: John Smith, Director",
    "Classified As: a routine matter",
    "CLASSFIED BY: Jane Roe, Director",
    "Drafted By: Jane Roe",
])
def test_labels_of_their_own_and_accepted_spellings_are_not_reported(line):
    text = MEMO.replace("SUBJECT: (U) Test", f"SUBJECT: (U) Test\n\n{line}")
    assert _findings(text, "SYN-001") == []


def test_the_correct_memo_has_no_unread_label():
    assert _findings(MEMO, "SYN-001") == []
