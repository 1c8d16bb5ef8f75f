"""A damaged copy is told apart from a wrong record in every output: the document-level
`incomplete` reasons (markcheck.reader.incomplete) in the model, JSON, SARIF, `inspect` and the report.

The texts are real corpus openings: 02ROME1725 (a body-only extract that starts at its
classification line) and 04BOGOTA2313 (a database record that says it is a partial extract).
"""

from __future__ import annotations

import json

import pytest

from markcheck import cli
from markcheck.document import build_document

BODY_ONLY = """\
C O N F I D E N T I A L ROME 001725

SIPDIS

DEPT FOR P, EUR/WE, EUR/RPM, EUR/RUS

E.O. 12958: DECL: 04/04/2012
TAGS: IT PREL RS NATO
SUBJECT: (C) TEST

1. (C) Text.
"""

PARTIAL_RECORD = """\
id: 14485
date: 3/2/2004 22:05
refid: 04BOGOTA2313
origin: Embassy Bogota
classification: SECRET
header:
This record is a partial extract of the original cable. The full text of the original cable is not available.

----------------- header ends ----------------

S E C R E T SECTION 01 OF 02 BOGOTA 002313

SIPDIS

E.O. 12958: DECL: 03/07/2019
TAGS: PTER PGOV CO
SUBJECT: (S) TEST

1. (S) Text.
"""

WHOLE = "O 040916Z APR 02\nFM AMEMBASSY ROME\nTO SECSTATE WASHDC 3346\n\n" + BODY_ONLY


def _run(capsys, *argv):
    code = cli.main([*argv, "--today", "2018-01-01", "--isolated"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def copies(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in (("body.txt", BODY_ONLY), ("record.txt", PARTIAL_RECORD), ("whole.txt", WHOLE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_model_names_each_reason_with_its_position():
    assert build_document(WHOLE).incomplete == ()
    (header,) = build_document(BODY_ONLY).incomplete
    assert header.reason == "no-routing-header" and (header.span.line, header.span.column) == (1, 1)
    assert "the date of origin (HDR-007)" in header.unchecked
    record = build_document(PARTIAL_RECORD).incomplete
    assert [r.reason for r in record] == ["partial-extract", "no-routing-header"]
    assert (record[0].span.line, record[0].span.column) == (7, 18)


def test_json_lists_the_reasons_and_no_date_error_blames_the_record(copies, capsys):
    _, out, _ = _run(capsys, "--format", "json", "body.txt", "record.txt", "whole.txt")
    files = {f["path"]: f for f in json.loads(out)["files"]}
    assert "incomplete" not in files["whole.txt"]
    body = files["body.txt"]
    assert list(body)[:7] == ["path", "profile", "era", "date", "classification",
                              "expected_classification", "incomplete"]
    assert body["incomplete"][0]["reason"] == "no-routing-header" and body["incomplete"][0]["line"] == 1
    rules = [f["rule"] for f in body["findings"]]
    assert "HDR-007" not in rules and rules.count("HDR-009") == 1
    assert [r["reason"] for r in files["record.txt"]["incomplete"]] == ["partial-extract", "no-routing-header"]


def test_sarif_run_and_results_carry_the_reasons(copies, capsys):
    _, out, _ = _run(capsys, "--format", "sarif", "body.txt", "whole.txt")
    (run,) = json.loads(out)["runs"]
    listed = run["properties"]["incompleteFiles"]
    assert [f["uri"] for f in listed] == ["body.txt"]
    assert listed[0]["incomplete"][0]["reason"] == "no-routing-header"
    for result in run["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert ("incomplete" in result["properties"]) == (uri == "body.txt")


def test_text_output_and_inspect_say_the_copy_is_incomplete(copies, capsys):
    _, out, _ = _run(capsys, "body.txt")
    assert "body.txt:1:1: HDR-009 [warning] this copy is incomplete: the text starts at its classification line" in out
    cli.main(["inspect", "record.txt"])
    shown = capsys.readouterr().out
    assert "incomplete         7:18  the record says it is a partial extract of the original cable" in shown


def test_the_report_marks_the_file_and_lists_what_was_not_checked(copies, capsys):
    _run(capsys, "report", "body.txt", "whole.txt", "-o", "report.html")
    html = (copies / "report.html").read_text(encoding="utf-8")
    assert html.count("incomplete copy</span>") == 1
    assert 'data-reason="no-routing-header"' in html and "Not checked: the date of origin (HDR-007)" in html
