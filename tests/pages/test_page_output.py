"""Findings point where a person looks: the page (and paragraph, table cell, header or footer) in
text, JSON, SARIF and the HTML report; --fix reports on Word and PDF files and never writes them."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from .fixtures import secret_memo, with_page, write


def _run(*args, cwd):
    settings = () if args[0] == "inspect" else ("--isolated", "--today", "2026-12-07")
    return subprocess.run([sys.executable, "-m", "markcheck", *args, *settings],
                          cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def _footerless(tmp_path):
    return write(with_page(secret_memo(), 2, footer=None), tmp_path, "memo", "docx")


def test_text_output_names_the_page_and_the_place(tmp_path):
    _footerless(tmp_path)
    result = _run("check", "memo.docx", cwd=tmp_path)
    assert result.returncode == 1
    (line,) = [line for line in result.stdout.splitlines() if "PAG-002" in line]
    assert line.startswith("memo.docx:") and line.endswith("[page 2, header (section 2)]")


def test_json_findings_carry_page_and_where(tmp_path):
    _footerless(tmp_path)
    report = json.loads(_run("check", "memo.docx", "--format", "json", cwd=tmp_path).stdout)
    (finding,) = [f for f in report["files"][0]["findings"] if f["rule"] == "PAG-002"]
    assert (finding["page"], finding["where"]) == (2, "page 2, header (section 2)")


def test_json_of_a_document_without_pages_is_unchanged(tmp_path):
    (tmp_path / "c.txt").write_text("SECRET\n\n1. (TS) Higher than the banner.\n")
    report = json.loads(_run("check", "c.txt", "--format", "json", cwd=tmp_path).stdout)
    assert all("page" not in f and "where" not in f for f in report["files"][0]["findings"])


def test_sarif_results_have_the_page_as_a_logical_location(tmp_path):
    _footerless(tmp_path)
    sarif = json.loads(_run("check", "memo.docx", "--format", "sarif", cwd=tmp_path).stdout)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "PAG-002"]
    assert result["locations"][0]["logicalLocations"] == [{"name": "page 2, header (section 2)", "kind": "page"}]
    assert result["properties"]["page"] == 2


def test_the_html_report_shows_the_page(tmp_path):
    _footerless(tmp_path)
    result = _run("report", "memo.docx", "-o", "report.html", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'data-where="page 2, header (section 2)"' in html


def test_fix_reports_on_word_and_pdf_files_and_does_not_write_them(tmp_path):
    sheets = with_page(secret_memo(), 1, header="CONFIDENTIAL")  # ROL-001: --fix would raise a text file's line
    paths = [write(sheets, tmp_path, "memo", fmt) for fmt in ("docx", "pdf")]
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    result = _run("check", "--fix", "memo.docx", "memo.pdf", cwd=tmp_path)
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths] == before
    assert "ROL-001 not changed by --fix: markcheck reports on Word and PDF files and does not write them" \
        in result.stderr
    assert result.returncode == 1  # the findings remain


def test_a_directory_walk_checks_word_and_pdf_files(tmp_path):
    for fmt in ("docx", "pdf"):
        write(secret_memo(), tmp_path, "memo", fmt)
    report = json.loads(_run(".", "--format", "json", cwd=tmp_path).stdout)
    assert sorted(f["path"] for f in report["files"]) == ["memo.docx", "memo.pdf"]


def test_inspect_shows_each_page_with_its_markings(tmp_path):
    write(with_page(secret_memo(), 3, header="CONFIDENTIAL"), tmp_path, "memo", "pdf")
    result = _run("inspect", "memo.pdf", cwd=tmp_path)
    pages = [line.split() for line in result.stdout.splitlines() if line.startswith("  page ")]
    assert [p[1] for p in pages] == ["1", "2", "3"]
    assert "top 'CONFIDENTIAL'" in [line for line in result.stdout.splitlines() if line.startswith("  page 3")][0]
    assert "holds SECRET//NOFORN" in result.stdout
