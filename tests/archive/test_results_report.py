"""The HTML report made from a results file, without checking again."""

from __future__ import annotations

import json
import re

from markcheck.archive.summary import summarize

from .conftest import markcheck

CABLES = {"A": "SECRET\nO 201552Z MAR 09\n1. (C) A paragraph.\n",
          "B": "CONFIDENTIAL\nO 201552Z MAR 09\n1. (S) Higher than the banner.\n2. (TS) Even higher.\n",
          "C": "UNCLASSIFIED\n1. (U) Nothing classified.\n"}


def _results(tmp_path, fmt: str):
    table = tmp_path / "t.jsonl"
    table.write_text("".join(json.dumps({"id": k, "body": v, "cls": "SECRET"}) + "\n" for k, v in CABLES.items()),
                     encoding="utf-8")
    out = tmp_path / f"r.{fmt}"
    done = markcheck(str(table), "--text-column", "body", "--id-column", "id", "--metadata-column", "cls",
                     "--isolated", "--today", "2026-12-07", "--format", fmt, "-o", str(out))
    assert done.returncode == 1, done.stderr
    check = markcheck(str(table), "--text-column", "body", "--id-column", "id", "--metadata-column", "cls",
                      "--isolated", "--today", "2026-12-07", "--format", "json")
    return out, json.loads(check.stdout)


def test_the_report_of_a_results_file_counts_every_record_and_lists_the_worst(tmp_path):
    for fmt in ("jsonl", "parquet"):
        results, report = _results(tmp_path, fmt)
        page = tmp_path / f"{fmt}.html"
        done = markcheck("report", "--results", str(results), "-o", str(page))
        assert done.returncode == 1, done.stderr
        html = page.read_text(encoding="utf-8")
        rules: dict = {}
        for entry in report["files"]:
            for f in entry["findings"]:
                rules[f["rule"]] = rules.get(f["rule"], 0) + 1
        shown = dict(re.findall(r'data-rule="([A-Z]{3}-\d{3})" data-count="(\d+)"', html))
        assert {k: int(v) for k, v in shown.items()} == rules
        assert 'data-total="files" data-value="3"' in html
        assert 'data-classification="CONFIDENTIAL" data-records="1"' in html


def test_only_the_worst_records_are_kept(tmp_path):
    results, report = _results(tmp_path, "jsonl")
    facts = summarize(str(results), worst=1)
    worst = max(report["files"], key=lambda e: sum(f["severity"] == "error" for f in e["findings"]))
    assert [r.record_id for r in facts["worst"]] == [worst["record"]["id"]]
    assert [f.rule for f in facts["worst"][0].findings] == [f["rule"] for f in worst["findings"]]
    assert facts["documents"] == 3


def test_a_results_file_that_is_not_one_is_a_clear_error(tmp_path):
    bad = tmp_path / "r.jsonl"
    bad.write_text('{"kind": "document"}\nnot json\n', encoding="utf-8")
    done = markcheck("report", "--results", str(bad), "-o", str(tmp_path / "r.html"))
    assert done.returncode == 2 and "r.jsonl:2" in done.stderr and "Traceback" not in done.stderr
