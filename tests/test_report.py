"""The standalone validation report (``markcheck report``) without a browser: content, escaping,
self-containment, atomic writing and the progress bar. tests/test_report_browser.py opens it
in headless Chromium."""

from __future__ import annotations

import hashlib
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from markcheck import cli
from markcheck.progress import Progress
from markcheck.report import report_data
from markcheck.resources import grammars_dir, rules_dir

TODAY = "2018-01-01"  # before the cables' declassification dates: DEC-017 stays quiet
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "examples" / "09USNATO114.txt"

DEFECTIVE = """\
O 201552Z MAR 09
FM AMEMBASSY ROME
TO SECSTATE WASHDC

C O N F I D E N T I A L ROME 001234

SIPDIS

E.O. 12958: DECL: 03/20/2019
TAGS: PREL PGOV
SUBJECT: (C) TALKS

Classified By: Ambassador Ronald Spogli, for reasons 1.4 (d)

1. (S/NF) Details.
2. (C) Background.
"""

CLEAN = DEFECTIVE.replace("C O N F I D E N T I A L", "S E C R E T").replace("SIPDIS\n", "NOFORN\nSIPDIS\n")

# Document text that must stay text: script elements, a closing textarea, javascript: URLs,
# entities already escaped once. The reader quotes the unreadable E.O. value in a SYN-001
# message, so these strings reach the report.
HOSTILE = """\
O 201552Z MAR 09
FM AMEMBASSY ROME
TO SECSTATE WASHDC

C O N F I D E N T I A L ROME 001234 <script>alert(1)</script>

SIPDIS

E.O. 12958: DECL: 03/20/2019 </textarea><script>alert(2)</script> &amp; javascript:alert(3)
TAGS: [PREL](javascript:alert(4)) PGOV
SUBJECT: <script>alert(5)</script> &amp; [click](javascript:alert(6))

Classified By: Ambassador <img src=x onerror=alert(7)>, for reasons 1.4 (b) and (d)

1. (S//</textarea>) Text with <script>alert(8)</script> and &amp; entities.
2. (S/NF) [link](javascript:alert(9)) &lt;b&gt;
"""
HOSTILE_NAME = "javascript:alert(10)&amp;<b>.txt"


def write_documents(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "defective.txt").write_text(DEFECTIVE, encoding="utf-8")
    (folder / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (folder / HOSTILE_NAME).write_text(HOSTILE, encoding="utf-8")
    return [str(folder / "defective.txt"), str(folder / "clean.txt"), str(folder / HOSTILE_NAME)]


def run(capsys, *argv):
    code = cli.main([*argv, "--today", TODAY])
    out, err = capsys.readouterr()
    return code, out, err


class Totals(HTMLParser):
    """The page's machine-readable totals: summary cards and the per-rule statistics rows."""

    def __init__(self):
        super().__init__()
        self.totals: dict[str, int] = {}
        self.rules: dict[str, dict[str, int]] = {}
        self.section = None
        self.sections: list[str] = []
        self.scripts = 0
        self.hrefs: list[str] = []
        self.srcs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.section = a.get("id")
            self.sections.append(self.section)
        if tag == "script":
            self.scripts += 1
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if "data-total" in a:
            self.totals[a["data-total"]] = int(a["data-value"])
        if self.section == "statistics" and tag == "tr" and "data-rule" in a:
            self.rules[a["data-rule"]] = {k: int(a[f"data-{k}"]) for k in ("count", "error", "warning", "info")}


def totals_of(html: str) -> Totals:
    parser = Totals()
    parser.feed(html)
    return parser


def json_expectation(report: dict) -> tuple[dict, dict]:
    """(summary, per-rule counts) from the JSON output, in the page's terms."""
    s = report["summary"]
    summary = {"files": s["files"], "errors": s["error"], "warnings": s["warning"], "infos": s["info"]}
    rules: dict[str, dict[str, int]] = {}
    for entry in report["files"]:
        for f in entry["findings"]:
            row = rules.setdefault(f["rule"], {"count": 0, "error": 0, "warning": 0, "info": 0})
            row["count"] += 1
            row[f["severity"]] += 1
    return summary, rules


@pytest.fixture
def docs(tmp_path):
    return write_documents(tmp_path / "docs")


def test_report_totals_equal_the_json_output(docs, tmp_path, capsys):
    code_json, out, _ = run(capsys, "check", "--format", "json", *docs)
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    code, stdout, err = run(capsys, "report", *docs, "-o", str(target))
    assert code == code_json == 1
    assert stdout == ""  # stdout carries results only; the report is the file
    assert f"wrote {target}" in err
    page = totals_of(target.read_text(encoding="utf-8"))
    summary, rules = json_expectation(json.loads(out))
    assert {k: page.totals[k] for k in summary} == summary
    assert page.rules == rules
    assert page.totals["clean"] == 1 and page.totals["with-findings"] == 2
    assert page.totals["findings"] == summary["errors"] + summary["warnings"] + summary["infos"]
    assert page.totals["suppressed"] == 0
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]  # written atomically


def test_report_lists_every_file_with_its_facts(docs, tmp_path, capsys):
    target = tmp_path / "report.html"
    run(capsys, "report", *docs, "-o", str(target))
    html = target.read_text(encoding="utf-8")
    for name in ("defective.txt", "clean.txt"):
        assert name in html
    assert html.count('data-file="') >= 3
    assert "CONFIDENTIAL" in html and "SECRET//NOFORN" in html  # classification and expected roll-up
    assert "EO12958A" in html and "2009-03-20" in html
    assert "ROL-001" in html and "32 CFR 2001.21(b)" in html  # rule and citation
    assert re.search(r'data-status="clean"', html)
    assert "<svg" in html and 'id="chart-rules"' in html and 'id="chart-eras"' in html
    assert 'id="suppressions"' in html and "No finding was suppressed" in html


def test_report_records_the_rule_pack_and_settings(docs, tmp_path, capsys):
    target = tmp_path / "report.html"
    run(capsys, "report", *docs, "-o", str(target), "--ignore", "MSC-001")
    html = target.read_text(encoding="utf-8")
    files = sorted([*rules_dir().glob("*.yaml"), *rules_dir().glob("*.json"), *grammars_dir().glob("*.lark")])
    assert files
    for path in files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() in html, path.name
    assert "MSC-001" in html.split('id="settings"')[1]  # the selection is recorded
    assert TODAY in html
    assert 'data-exit-code="1"' in html


def test_document_text_is_escaped(docs, tmp_path, capsys):
    target = tmp_path / "report.html"
    run(capsys, "report", *docs, "-o", str(target))
    html = target.read_text(encoding="utf-8")
    assert "&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&amp;amp;" in html  # "&amp;" in the text shows as the five characters it is
    assert "javascript:alert(10)&amp;amp;&lt;b&gt;.txt" in html  # the file name, as text
    assert "<script" not in html.lower()
    assert "</textarea>" not in html
    page = totals_of(html)
    assert page.scripts == 0
    assert all(h.startswith("#") for h in page.hrefs), page.hrefs  # only in-page links
    assert page.srcs == []


def test_report_is_self_contained(docs, tmp_path, capsys):
    target = tmp_path / "report.html"
    run(capsys, "report", *docs, "-o", str(target))
    html = target.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", html)
    assert "@import" not in html and "url(" not in html
    assert "<link" not in html


def test_report_without_findings(tmp_path, capsys):
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    target = tmp_path / "report.html"
    code, _, _ = run(capsys, "report", str(tmp_path / "clean.txt"), "-o", str(target), "--select", "ROL")
    assert code == 0
    page = totals_of(target.read_text(encoding="utf-8"))
    assert page.totals["files"] == 1 and page.totals["findings"] == 0 and page.rules == {}
    assert 'data-verdict="pass"' in target.read_text(encoding="utf-8")


def test_report_needs_an_output_file(docs, capsys):
    code, _, err = run(capsys, "report", *docs)
    assert code == 2 and "--output/-o" in err


def test_unwritable_report_exits_2(docs, tmp_path, capsys):
    code, _, err = run(capsys, "report", *docs, "-o", str(tmp_path / "missing" / "report.html"))
    assert code == 2 and "cannot write" in err


def test_suppressions_are_listed_with_their_reason(docs):
    """Results that carry suppressions (the configuration's per-file ignores, the baseline) show them."""
    from dataclasses import dataclass

    from markcheck.api import check_paths

    @dataclass(frozen=True)
    class Hidden:
        finding: object
        kind: str
        reason: str
        source: str

    results = check_paths(docs, jobs=1)
    finding = results[0].findings[0]
    results[0] = type("WithSuppressions", (), {
        **{k: getattr(results[0], k) for k in ("path", "profile", "era", "date", "classification",
                                                "expected_classification", "findings")},
        "suppressed": (Hidden(finding, "config", "Legacy <cables> keep their marks", ".markcheck.yaml:4:5"),),
    })()
    data = report_data(results, exit_code=1)
    assert data["summary"]["suppressed"] == 1
    from markcheck.report import render_html

    html = render_html(data)
    assert "Legacy &lt;cables&gt; keep their marks" in html
    assert 'id="total-suppressed" data-total="suppressed" data-value="1"' in html


# --- the progress bar ---------------------------------------------------------------------------

class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_draws_only_on_a_terminal_for_long_runs():
    quiet = io.StringIO()
    bar = Progress(500, stream=quiet)
    bar.update(250)
    bar.close()
    assert quiet.getvalue() == ""
    short = FakeTTY()
    bar = Progress(50, stream=short)
    bar.update(25)
    assert short.getvalue() == ""
    tty = FakeTTY()
    with Progress(120, stream=tty, interval=0) as bar:
        bar.update(60)
        bar.update(120)
    drawn = tty.getvalue()
    assert "60/120 files" in drawn and "120/120 files" in drawn
    assert drawn.endswith("\r")  # the line is cleared at the end


def test_report_of_a_long_run_draws_progress_on_a_terminal(tmp_path, monkeypatch, capsys):
    from markcheck.report_cmd import check_with_progress

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"c{i:02}.txt").write_text(CLEAN if i % 2 else DEFECTIVE, encoding="utf-8")
    tty = FakeTTY()
    from markcheck.config import Config

    results = check_with_progress([str(folder)], Config(), 1, stream=tty)
    assert len(results) == 60
    assert "60/60 files" in tty.getvalue()
    plain = io.StringIO()
    again = check_with_progress([str(folder)], Config(), 1, stream=plain)
    assert plain.getvalue() == ""
    assert [r.to_dict() for r in again] == [r.to_dict() for r in results]

    from markcheck import runner

    pools = []
    real = runner._in_pool
    monkeypatch.setattr(runner, "_in_pool", lambda *a: pools.append(a) or real(*a))
    parallel = check_with_progress([str(folder)], Config(), 2, stream=FakeTTY())
    assert len(pools) == 1  # one worker pool for the whole run, however often the bar moves
    assert [r.to_dict() for r in parallel] == [r.to_dict() for r in results]


@pytest.mark.skipif(not EXAMPLE.is_file(), reason=f"the example cable is not at {EXAMPLE}")
def test_example_cable_in_the_report(tmp_path, capsys):
    target = tmp_path / "report.html"
    run(capsys, "report", str(EXAMPLE), "-o", str(target))
    html = target.read_text(encoding="utf-8")
    assert "09USNATO114.txt" in html and "CONFIDENTIAL//NOFORN" in html and "POR-001" in html


def test_configuration_suppressions_and_settings_are_in_the_report(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "defective.txt").write_text(DEFECTIVE, encoding="utf-8")
    config = ("per-file-ignores:\n"
              "  - paths: [defective.txt]\n"
              "    rules: [ROL-001]\n"
              "    reason: the <originator> decides & records it\n")
    (tmp_path / ".markcheck.yaml").write_text(config, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", "defective.txt")
    code, _, err = run(capsys, "report", "defective.txt", "-o", "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    page = totals_of(html)
    summary, rules = json_expectation(json.loads(out))
    assert {k: page.totals[k] for k in summary} == summary and page.rules == rules
    assert "ROL-001" not in page.rules
    assert page.totals["suppressed"] == 1
    suppressions = html.split('id="suppressions"')[1].split("</section>")[0]
    assert 'data-rule="ROL-001"' in suppressions and 'data-kind="config"' in suppressions
    assert "the &lt;originator&gt; decides &amp; records it" in suppressions
    digest = hashlib.sha256(config.encode("utf-8")).hexdigest()
    assert digest in html.split('id="settings"')[1]  # the configuration file and its sha256


def test_baseline_suppressions_are_in_the_report(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "defective.txt").write_text(DEFECTIVE, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--isolated", "--format", "json", "defective.txt")
    found = json.loads(out)["summary"]
    run(capsys, "check", "--isolated", "--write-baseline", "baseline.json", "defective.txt")
    code, _, _ = run(capsys, "report", "--isolated", "--baseline", "baseline.json", "defective.txt", "-o", "r.html")
    assert code == 0  # everything known is in the baseline
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    page = totals_of(html)
    assert page.totals["findings"] == 0
    assert page.totals["suppressed"] == found["error"] + found["warning"] + found["info"]
    assert html.count('data-kind="baseline"') == page.totals["suppressed"]
    assert "recorded in the baseline baseline.json" in html
