"""The check, rules and rule commands through `markcheck.cli.main`, and the Python API."""

from __future__ import annotations

import datetime
import json
import pickle

import pytest

import markcheck
from markcheck import cli
from markcheck.config import Config

from tests.samples import CLEAN_CABLE

CLEAN = CLEAN_CABLE

# CONFIDENTIAL banner over a SECRET//NOFORN portion: ROL-001 and DIS-001, both errors at 5:1.
UNDER = CLEAN.replace("NOFORN\nSIPDIS\n", "SIPDIS\n").replace("(C/NF)", "(S/NF)")


@pytest.fixture
def files(tmp_path):
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "under.md").write_text(UNDER, encoding="utf-8")
    (tmp_path / "notes.csv").write_text("not,a,document\n", encoding="utf-8")
    return tmp_path


TODAY = "2010-01-01"  # a fixed run date: date-relative rules (DEC-017) must not depend on the clock


def _run(capsys, *argv):
    argv = list(argv)
    if argv and argv[0] not in ("rules", "rule") and "--today" not in argv:
        argv += ["--today", TODAY]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_file_exits_0(files, capsys):
    assert _run(capsys, str(files / "clean.txt")) == (0, "", "1 file passed\n")
    assert _run(capsys, str(files / "clean.txt"), "-q") == (0, "", "")


def test_text_format(files, capsys):
    code, out, _ = _run(capsys, "check", str(files / "under.md"))
    assert code == 1
    lines = out.splitlines()
    path = files / "under.md"
    assert lines == [
        f"{path}:5:1: DIS-001 [error] Overall marking CONFIDENTIAL lacks NOFORN, required by (S/NF) on line 15; "
        f"add the caption line NOFORN under the classification line (overall marking SECRET//NOFORN)",
        f"{path}:5:1: ROL-001 [error] Overall marking CONFIDENTIAL is below the highest portion level SECRET "
        f"((S/NF) on line 15); expected SECRET//NOFORN",
    ]


def test_json_report_lists_every_file(files, capsys):
    code, out, _ = _run(capsys, "--format", "json", str(files))
    assert code == 1
    report = json.loads(out)
    assert report["schema_version"] == 1
    assert report["tool"] == {"name": "markcheck", "version": markcheck.__version__}
    assert [f["path"] for f in report["files"]] == [str(files / "clean.txt"), str(files / "under.md")]
    clean, under = report["files"]
    assert clean == {"path": str(files / "clean.txt"), "profile": "state_cable", "era": "EO12958A",
                     "date": "2009-03-20", "classification": "CONFIDENTIAL//NOFORN",
                     "expected_classification": "CONFIDENTIAL//NOFORN", "findings": []}
    assert under["classification"] == "CONFIDENTIAL"
    assert under["expected_classification"] == "SECRET//NOFORN"
    assert [f["rule"] for f in under["findings"]] == ["DIS-001", "ROL-001"]
    assert set(under["findings"][0]) == {"rule", "name", "severity", "message", "line", "column", "end_line",
                                         "end_column", "citation"}
    assert report["summary"] == {"files": 2, "error": 2, "warning": 0, "info": 0}


def test_select_and_ignore_are_comma_separated_and_repeatable(files, capsys):
    target = str(files / "under.md")
    _, out, _ = _run(capsys, target, "--select", "ROL,CAP", "--select", "DIS-001")
    assert [line.split()[1] for line in out.splitlines()] == ["DIS-001", "ROL-001"]
    code, out, _ = _run(capsys, target, "--ignore", "ROL-001,noforn-rollup")
    assert (code, out) == (0, "")


def test_unreadable_file_is_listed_and_the_run_continues(files, capsys):
    (files / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    code, out, _ = _run(capsys, "--format", "json", str(files))
    assert code == 2
    report = json.loads(out)
    entry = next(f for f in report["files"] if f["path"].endswith("binary.txt"))
    assert [f["rule"] for f in entry["findings"]] == ["MCK-002"]
    assert "binary" in entry["findings"][0]["message"]
    assert len(report["files"]) == 3


def test_missing_file_exits_2(tmp_path, capsys):
    code, out, _ = _run(capsys, str(tmp_path / "nope.txt"))
    assert code == 2 and "MCK-002" in out


def test_today_must_be_a_date(files, capsys):
    code, _, err = _run(capsys, str(files / "clean.txt"), "--today", "yesterday")
    assert code == 2 and "YYYY-MM-DD" in err


def test_rules_catalogue(capsys):
    code, out, _ = _run(capsys, "rules")
    assert code == 0
    assert any(line.startswith("ROL-001") and "overall-below-portion" in line for line in out.splitlines())
    _, out, _ = _run(capsys, "rules", "--select", "CAP")
    assert {line[:3] for line in out.splitlines()[1:]} == {"CAP"}


def test_rule_explanation(capsys):
    code, out, _ = _run(capsys, "rule", "DIS-001")
    assert code == 0
    for fragment in ("DIS-001 noforn-rollup", "ISM-ID-00070", "state_cable error", "Eras:", "Confidence: V"):
        assert fragment in out
    assert _run(capsys, "rule", "noforn-rollup")[1] == out
    assert _run(capsys, "rule", "XYZ-999")[0] == 2


def test_python_api_results_are_plain_and_picklable():
    result = markcheck.check_text(UNDER, path="under.txt", config=Config(today=datetime.date(2010, 1, 1)))
    assert result.path == "under.txt"
    assert [f.rule for f in result.findings] == ["DIS-001", "ROL-001"]
    assert pickle.loads(pickle.dumps(result)) == result
    assert result.to_dict()["expected_classification"] == "SECRET//NOFORN"


def test_python_api_paths(files):
    results = markcheck.check_paths([str(files)], config=Config(today=datetime.date(2010, 1, 1)))
    assert [r.path.rsplit("/", 1)[-1] for r in results] == ["clean.txt", "under.md"]


def test_a_crashing_check_exits_2_and_names_the_rule(files, capsys, monkeypatch):
    from types import SimpleNamespace

    from markcheck import engine

    def boom(doc, ctx):
        raise RuntimeError("kaput")

    kinds = dict(engine.registry())
    kinds["level-rollup"] = SimpleNamespace(prepare=lambda rule: boom)
    monkeypatch.setattr(engine, "registry", lambda: kinds)
    code, out, _ = _run(capsys, str(files / "clean.txt"), "--select", "ROL-001,DIS-001")
    assert code == 2
    assert "MCK-001 [error] ROL-001 (level-rollup) failed: RuntimeError: kaput" in out


@pytest.mark.parametrize("collecting", [True, False])
def test_a_check_leaves_the_collector_as_it_found_it(files, capsys, collecting):
    """The start-up runs without the cyclic collector; the caller's choice is restored after it."""
    import gc

    was = gc.isenabled()
    try:
        gc.enable() if collecting else gc.disable()
        assert cli.main(["--isolated", "--today", "2010-01-01", str(files / "clean.txt")]) == 0
        assert gc.isenabled() is collecting
    finally:
        gc.enable() if was else gc.disable()
