"""Each planted page defect is found on its page, in Word, PDF and text alike; correct documents
are clean; the same document gives the same findings in the three formats."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from markcheck.api import check_file
from markcheck.config import Config

from .fixtures import WRITERS, cui_memo, secret_memo, with_page, write

FORMATS = sorted(WRITERS)
CONFIG = Config(today=datetime.date(2026, 12, 7))

DEFECTS = {
    # name: (document, rule, page)
    "page-marked-below-content": (lambda: with_page(secret_memo(), 3, header="CONFIDENTIAL"), "PAG-004", 3),
    "missing-footer": (lambda: with_page(secret_memo(), 2, footer=None), "PAG-002", 2),
    "missing-header": (lambda: with_page(secret_memo(), 2, header=None, footer="SECRET//NOFORN"), "PAG-001", 2),
    "header-and-footer-disagree": (lambda: with_page(secret_memo(), 2, footer="CONFIDENTIAL"), "PAG-003", 2),
    "classified-portion-on-unmarked-page": (
        lambda: with_page(secret_memo(), 2, header=None, footer=None,
                          body=("3. (S) A secret paragraph on an unmarked page.",)), "PAG-006", 2),
    "cui-page-marked-unclassified": (lambda: with_page(cui_memo(), 2, header="UNCLASSIFIED"), "PAG-004", 2),
    "first-page-below-a-later-page": (
        lambda: with_page(with_page(secret_memo(), 1, header="CONFIDENTIAL",
                                    body=secret_memo()[0].body[:3] + ("1. (C) A confidential paragraph.",)),
                          3, body=("5. (U) Nothing secret here.",) + secret_memo()[2].body[1:]), "PAG-005", 1),
}


def _findings(path):
    return check_file(str(path), CONFIG).findings


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_correct_classified_memo_is_clean(tmp_path, fmt):
    findings = _findings(write(secret_memo(), tmp_path, "memo", fmt))
    assert findings == (), [f"{f.rule} {f.where} {f.message}" for f in findings]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_correct_cui_memo_is_clean(tmp_path, fmt):
    findings = _findings(write(cui_memo(), tmp_path, "cui", fmt))
    assert findings == (), [f"{f.rule} {f.where} {f.message}" for f in findings]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_a_planted_defect_is_found_on_its_page(tmp_path, fmt, defect):
    make, rule, page = DEFECTS[defect]
    findings = _findings(write(make(), tmp_path, defect, fmt))
    pages = {f.page for f in findings if f.rule == rule}
    assert pages == {page}, [f"{f.rule} {f.where} {f.message}" for f in findings]
    assert all(f.where.startswith(f"page {page}") for f in findings if f.rule == rule)
    others = {f.rule for f in findings if f.rule.startswith("PAG") and f.rule != rule and f.page != page}
    assert not others, others  # no page rule fires on a page the defect is not on


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_the_same_document_reads_the_same_in_word_pdf_and_text(tmp_path, defect):
    make, _, _ = DEFECTS[defect]
    seen = {}
    for fmt in FORMATS:
        findings = _findings(write(make(), tmp_path, defect, fmt))
        seen[fmt] = Counter((f.rule, f.page, f.message) for f in findings)
    assert seen["docx"] == seen["pdf"] == seen["txt"], seen


def test_a_scanned_page_is_reported_on_its_page_and_not_guessed(tmp_path):
    findings = _findings(write(with_page(secret_memo(), 2, scanned=True), tmp_path, "scanned", "pdf"))
    unread = [f for f in findings if f.rule == "PAG-007"]
    assert [(f.page, f.severity) for f in unread] == [(2, "error")]
    assert "no text layer" in unread[0].message
    assert not [f for f in findings if f.rule.startswith("PAG") and f.rule != "PAG-007"]


def test_a_pdf_without_any_text_layer_is_one_finding(tmp_path):
    sheets = [with_page(secret_memo(), n, scanned=True)[n - 1] for n in (1, 2, 3)]
    findings = _findings(write(sheets, tmp_path, "scan", "pdf"))
    assert [f.rule for f in findings] == ["MCK-002"], [f.message for f in findings]
    assert "no text on any of its 3 page(s)" in findings[0].message and "no text layer" in findings[0].message
