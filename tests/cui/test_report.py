"""The HTML report shows CUI documents and their findings like any other: the file with its CUI
profile, each CUI finding, and the per-rule statistics equal to the JSON output."""

from __future__ import annotations

import json
from pathlib import Path

from markcheck import cli
from tests.test_report import json_expectation, totals_of

DOCUMENTS = Path(__file__).parent / "documents"


def test_report_shows_cui_findings_like_any_other(tmp_path, capsys):
    planted = tmp_path / "memo.txt"
    planted.write_text((DOCUMENTS / "nara_specified.txt").read_text(encoding="utf-8")
                       .replace("(CUI//SP-PRVCY)", "(CUI//SP-PRVYC)"), encoding="utf-8")
    paths = [str(planted), str(DOCUMENTS / "dod_cti.txt")]
    target = tmp_path / "report.html"
    assert cli.main(["report", "--isolated", *paths, "-o", str(target), "--today", "2026-12-07"]) == 1
    cli.main(["check", "--isolated", *paths, "--format", "json", "--today", "2026-12-07"])
    report = json.loads(capsys.readouterr().out)
    html = target.read_text(encoding="utf-8")
    page = totals_of(html)
    summary, rules = json_expectation(report)
    assert page.rules == rules and "CUI-006" in page.rules
    assert page.totals["errors"] == summary["errors"] == 1
    assert "did you mean SP-PRVCY?" in html
    assert "dod_cui" in html and ">cui<" in html.replace(" ", "")
