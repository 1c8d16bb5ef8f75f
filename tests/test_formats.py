"""Output formats and the CI flags: sarif, junit, github, gitlab, auto; --output, --strict,
--exit-zero, --statistics. Every format is produced through `markcheck.cli.main`, as CI runs it."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from markcheck import cli
from markcheck.api import check_paths
from markcheck.checks.base import PROFILES
from markcheck.config import Config
from markcheck.findings import Finding
from markcheck.formats import CHOICES, FORMATS, Run, render, resolve
from markcheck.formats import github as github_format
from markcheck.rulepack import load_rules

from tests.samples import CLEAN_CABLE

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
EXAMPLE = SHARED / "examples" / "09USNATO114.txt"
CORPUS = SHARED / "corpus"
TODAY = "2010-01-01"  # a fixed run date: date-relative rules (DEC-017) must not depend on the clock

CLEAN = CLEAN_CABLE
# CONFIDENTIAL banner over a SECRET//NOFORN portion: ROL-001 and DIS-001 (errors) on the banner.
UNDER = CLEAN.replace("NOFORN\nSIPDIS\n", "SIPDIS\n").replace("(C/NF)", "(S/NF)")
# A warning and no error: the SUBJECT line lacks its portion mark (POR-001).
WARNS = CLEAN.replace("SUBJECT: (C) RFG", "SUBJECT: RFG")


def _run(capsys, *argv, today=TODAY):
    code = cli.main([*argv, "--today", today, "--isolated"])  # no .markcheck.yaml from around the test
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def docs(tmp_path, monkeypatch):
    """clean.txt, under.txt (2 errors), warns.txt (1 warning) in a temporary working directory."""
    monkeypatch.chdir(tmp_path)
    for name, text in (("clean.txt", CLEAN), ("under.txt", UNDER), ("warns.txt", WARNS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="session")
def sarif_validator():
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA} (the shared folder sits next to the repository)")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _assert_valid_sarif(validator, doc: dict) -> None:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def _example() -> Path:
    if not EXAMPLE.is_file():
        pytest.skip(f"example cable not found at {EXAMPLE}")
    return EXAMPLE


def _corpus(limit: int | None = None) -> list[str]:
    files = sorted(str(p) for p in CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip(f"corpus not found at {CORPUS}")
    return files[:limit] if limit else files


# --- the registry ------------------------------------------------------------------------------


def test_every_format_is_a_choice_and_auto_resolves_from_the_environment():
    assert set(CHOICES) == {"text", "json", "sarif", "junit", "github", "gitlab", "jsonl", "parquet", "auto"}
    assert resolve("auto", {"GITHUB_ACTIONS": "true"}) == "github"
    assert resolve("auto", {"GITHUB_ACTIONS": "false"}) == "text"
    assert resolve("auto", {}) == "text"
    for name in FORMATS:
        assert resolve(name, {"GITHUB_ACTIONS": "true"}) == name
    with pytest.raises(ValueError):
        resolve("xml")


def test_empty_runs_render_as_complete_documents():
    for name in FORMATS:
        out = render(name, [], Run())
        if name in ("json", "sarif", "gitlab"):
            json.loads(out)
        elif name == "junit":
            root = ET.fromstring(out)
            assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "0", "0")
        else:
            assert out == ""


def test_text_is_the_default_and_the_normal_path_loads_no_other_format(docs):
    code = ("import sys; from markcheck import cli; rc = cli.main(['under.txt', '--today', '2010-01-01', '--isolated', '-q']); "
            "loaded = sorted(m for m in sys.modules if m.startswith('markcheck.formats.')); "
            "print(rc, loaded, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], cwd=docs, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    # the text format's own helpers (colour) may load; no other format does
    assert result.stderr.strip() == "1 ['markcheck.formats.text', 'markcheck.formats.text_style']", result.stderr
    assert result.stdout.splitlines()[0].startswith("under.txt:5:1: DIS-001 [error] ")


# --- SARIF ---------------------------------------------------------------------------------------


def test_sarif_of_the_example_cable_is_valid_and_complete(sarif_validator, capsys):
    code, out, _ = _run(capsys, "--format", "sarif", str(_example()))
    assert code == 0  # the example has warnings and infos, no error
    doc = json.loads(out)
    _assert_valid_sarif(sarif_validator, doc)
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "markcheck"
    catalogue = load_rules()
    ids = [r["id"] for r in driver["rules"]]
    assert ids[:len(catalogue)] == [r.id for r in catalogue]  # the full catalogue, in ID order
    assert {"MCK-001", "MCK-002", "MCK-003", "MCK-004"} <= set(ids) and len(set(ids)) == len(ids)
    rol = driver["rules"][ids.index("ROL-001")]
    source = next(r for r in catalogue if r.id == "ROL-001")
    assert rol["name"] == "overall-below-portion"
    assert rol["shortDescription"]["text"] == source.summary
    assert rol["fullDescription"]["text"] and "\n" not in rol["fullDescription"]["text"].strip()
    assert source.citation in rol["help"]["text"] and source.citation in rol["help"]["markdown"]
    for authority in source.authority:  # the quoted law travels with the rule
        assert authority.quote in rol["help"]["text"] and authority.quote in rol["help"]["markdown"]
    assert rol["defaultConfiguration"]["level"] == "error"
    assert rol["properties"]["citation"] == source.citation
    assert rol["properties"]["confidence"] == source.confidence
    assert "rollup" in rol["properties"]["tags"]
    for rule in driver["rules"]:  # what GitHub reads for every rule
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note", "none")
    assert run["results"], "the example cable has warnings and infos"
    expected = json.loads(_run(capsys, "--format", "json", str(_example()))[1])["files"][0]["findings"]
    assert len(run["results"]) == len(expected)
    for result, finding in zip(run["results"], expected):
        assert result["ruleId"] == finding["rule"] == ids[result["ruleIndex"]]
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding["severity"]]
        assert result["message"]["text"] == finding["message"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"] == {"startLine": finding["line"], "startColumn": finding["column"],
                                      "endLine": finding["end_line"], "endColumn": finding["end_column"]}
        assert re.fullmatch(r"[0-9a-f]{64}", result["partialFingerprints"]["markcheck/v2"])


def test_sarif_uris_are_relative_posix_and_percent_encoded(docs, sarif_validator, capsys):
    (docs / "sub dir").mkdir()
    (docs / "sub dir" / "memo #1.txt").write_text(UNDER, encoding="utf-8")
    _, out, _ = _run(capsys, "--format", "sarif", "sub dir")
    doc = json.loads(out)
    _assert_valid_sarif(sarif_validator, doc)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    assert uris == {"sub%20dir/memo%20%231.txt"}
    assert doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == docs.resolve().as_uri() + "/"


def test_sarif_of_200_corpus_cables_is_valid(sarif_validator, capsys):
    files = _corpus(200)
    code, out, _ = _run(capsys, "--format", "sarif", *files)
    assert code in (0, 1)
    doc = json.loads(out)
    _assert_valid_sarif(sarif_validator, doc)
    results = doc["runs"][0]["results"]
    assert results, "200 real cables produce findings"
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_sarif_keeps_an_unreadable_file_as_a_tool_result(docs, sarif_validator, capsys):
    (docs / "binary.txt").write_bytes(b"\x00\x01binary")
    code, out, _ = _run(capsys, "--format", "sarif", "binary.txt")
    assert code == 2
    doc = json.loads(out)
    _assert_valid_sarif(sarif_validator, doc)
    (result,) = doc["runs"][0]["results"]
    assert result["ruleId"] == "MCK-002"
    assert doc["runs"][0]["invocations"] == [{"executionSuccessful": False}]


# --- the whole corpus, checked once and rendered in every format ------------------------------


@pytest.fixture(scope="module")
def corpus_results():
    return check_paths(_corpus(), config=Config(today=datetime.date.fromisoformat(TODAY)), jobs=0)


def test_whole_corpus_sarif_is_valid(corpus_results, sarif_validator):
    doc = json.loads(render("sarif", corpus_results, Run()))
    _assert_valid_sarif(sarif_validator, doc)
    assert len(doc["runs"][0]["results"]) == sum(len(r.findings) for r in corpus_results)


def test_whole_corpus_junit_agrees_with_json(corpus_results):
    _assert_junit_matches_json(render("junit", corpus_results, Run()), render("json", corpus_results, Run()))


# --- JUnit ---------------------------------------------------------------------------------------


def _enabled(profile: str | None) -> set[str]:
    return {r.id for r in load_rules() if profile is None or r.severity_for(profile) != "off"}


def _assert_junit_matches_json(xml_text: str, json_text: str, failing=("error",)) -> None:
    root = ET.fromstring(xml_text)
    report = json.loads(json_text)
    suites = root.findall("testsuite")
    assert root.tag == "testsuites" and len(suites) == len(report["files"])
    names = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
    assert len(names) == len(set(names)), "test case names must be unique"
    assert len({n for _, n in names}) == len(names), "names alone are unique too (GitLab keeps the first)"
    total = {"tests": 0, "failures": 0, "errors": 0}
    for suite, entry in zip(suites, report["files"]):
        cases = suite.findall("testcase")
        by_rule = {c.get("classname").removeprefix("markcheck."): c for c in cases}
        assert all(c.get("classname").startswith("markcheck.") for c in cases)
        fired = {f["rule"] for f in entry["findings"]}
        abnormal = {r for r in fired if r in ("MCK-001", "MCK-002")}
        expected_cases = fired if entry["profile"] is None else _enabled(entry["profile"]) | fired
        assert set(by_rule) == expected_cases
        failing_rules = {f["rule"] for f in entry["findings"] if f["severity"] in failing} - abnormal
        assert {r for r, c in by_rule.items() if c.find("failure") is not None} == failing_rules
        assert {r for r, c in by_rule.items() if c.find("error") is not None} == abnormal
        counts = {"tests": len(cases), "failures": len(failing_rules), "errors": len(abnormal)}
        assert {k: int(suite.get(k)) for k in counts} == counts
        for key in total:
            total[key] += counts[key]
        for rule, case in by_rule.items():
            findings = [f for f in entry["findings"] if f["rule"] == rule]
            body = case.find("failure") if case.find("failure") is not None else case.find("system-out")
            if findings and rule not in abnormal:
                assert body is not None and len(body.text.splitlines()) == len(findings)
    assert {k: int(root.get(k)) for k in total} == total


def test_junit_one_suite_per_file_one_case_per_enabled_rule(docs, capsys):
    paths = ["clean.txt", "under.txt", "warns.txt"]
    code, xml_text, _ = _run(capsys, "--format", "junit", *paths)
    assert code == 1
    _, json_text, _ = _run(capsys, "--format", "json", *paths)
    _assert_junit_matches_json(xml_text, json_text)
    root = ET.fromstring(xml_text)
    under = root.find("testsuite[@name='under.txt']")
    failure_cases = [c for c in under.findall("testcase") if c.find("failure") is not None]
    assert [c.get("classname") for c in failure_cases] == ["markcheck.DIS-001", "markcheck.ROL-001"]
    rol = failure_cases[1]
    assert rol.get("name") == "under.txt :: ROL-001 overall-below-portion"
    assert rol.get("file") == "under.txt"
    assert rol.find("failure").get("type") == "error"
    assert rol.find("failure").get("message").startswith("1 finding, first at line 5: Overall marking CONFIDENTIAL")
    assert rol.find("failure").text.startswith("under.txt:5:1: ROL-001 [error] ")
    # a warning passes by default (the verdict matches the exit code), its finding in system-out
    warns = root.find("testsuite[@name='warns.txt']")
    por = warns.find("testcase[@classname='markcheck.POR-001']")
    assert por.find("failure") is None and "POR-001 [warning]" in por.find("system-out").text


def test_junit_under_strict_fails_warnings(docs, capsys):
    code, xml_text, _ = _run(capsys, "--format", "junit", "--strict", "warns.txt")
    assert code == 1
    _, json_text, _ = _run(capsys, "--format", "json", "warns.txt")
    _assert_junit_matches_json(xml_text, json_text, failing=("error", "warning"))
    por = ET.fromstring(xml_text).find(".//testcase[@classname='markcheck.POR-001']")
    assert por.find("failure").get("type") == "warning"


def test_junit_respects_the_rule_selection(docs, capsys):
    _, xml_text, _ = _run(capsys, "--format", "junit", "--select", "ROL", "--ignore", "ROL-002", "under.txt")
    classes = [c.get("classname") for c in ET.fromstring(xml_text).iter("testcase")]
    assert "markcheck.ROL-001" in classes and "markcheck.ROL-002" not in classes
    assert all(c.startswith("markcheck.ROL-") for c in classes)


def test_junit_unreadable_file_is_an_error_case_and_a_repeated_path_stays_unique(docs, capsys):
    (docs / "binary.txt").write_bytes(b"\x00\x01binary")
    code, xml_text, _ = _run(capsys, "--format", "junit", "binary.txt", "under.txt", "under.txt")
    assert code == 2
    root = ET.fromstring(xml_text)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["binary.txt", "under.txt", "under.txt (2)"]
    (case,) = suites[0].findall("testcase")
    assert case.get("classname") == "markcheck.MCK-002" and case.find("error") is not None
    assert root.get("errors") == "1"
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(names) == len(set(names))


def test_junit_escapes_quotes_and_drops_characters_xml_cannot_carry():
    from markcheck.api import Result

    finding = Finding("ROL-001", "overall-below-portion", "error", 'says "<S//NF>" & \x0c more', 3, 1, 3, 9,
                      "cite", "a.txt")
    result = Result("a.txt", "state_cable", None, None, None, None, (finding,))
    case = ET.fromstring(render("junit", [result], Run())).find(".//testcase[@classname='markcheck.ROL-001']")
    assert case.find("failure").get("message") == '1 finding, first at line 3: says "<S//NF>" & \ufffd more'


# --- GitHub annotations --------------------------------------------------------------------------


def _parse_command(line: str) -> tuple[str, dict, str]:
    """Undo the workflow-command escaping, as the Actions runner does."""
    match = re.fullmatch(r"::(\w+) (.*?)::(.*)", line)
    assert match, line
    kind, props, data = match.groups()

    def unescape(text):
        for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
            text = text.replace(code, char)
        return text

    pairs = dict(p.split("=", 1) for p in props.split(","))
    assert all(":" not in v for v in pairs.values())
    return kind, {k: unescape(v) for k, v in pairs.items()}, unescape(data)


def test_github_annotations(docs, capsys):
    code, out, _ = _run(capsys, "--format", "github", "under.txt", "warns.txt")
    assert code == 1
    lines = out.splitlines()
    kind, props, message = _parse_command(lines[0])
    assert kind == "error"
    assert props == {"file": "under.txt", "line": "5", "col": "1", "endLine": "5", "endColumn": props["endColumn"],
                     "title": "DIS-001 noforn-rollup"}
    assert message.startswith("Overall marking CONFIDENTIAL lacks NOFORN")
    assert any(line.startswith("::warning file=warns.txt,line=12,") for line in lines)


def test_github_escaping():
    finding = Finding("DIS-002", "rel-to", "warning", "100% REL TO USA, FVEY\r\nnext: line", 2, 3, 2, 7,
                      "cite", None)
    line = github_format.command("dir,1/a:b.txt", finding)
    assert line == ("::warning file=dir%2C1/a%3Ab.txt,line=2,col=3,endLine=2,endColumn=7,"
                    "title=DIS-002 rel-to::100%25 REL TO USA, FVEY%0D%0Anext: line")
    assert "\n" not in line and "\r" not in line
    _, props, message = _parse_command(line)
    assert props["file"] == "dir,1/a:b.txt" and message == finding.message
    assert github_format.escape_property("a%b") == "a%25b"  # % first: no double escaping
    info = Finding("DEC-017", "declassification-date-passed", "info", "m", 1, 1, 1, 1, "c", None)
    assert github_format.command("x.txt", info).startswith("::notice ")


def test_auto_is_github_under_github_actions(docs, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = _run(capsys, "--format", "auto", "under.txt")
    assert out.startswith("::error file=under.txt,line=5,col=1,")
    monkeypatch.delenv("GITHUB_ACTIONS")
    _, out, _ = _run(capsys, "--format", "auto", "under.txt")
    assert out.startswith("under.txt:5:1: DIS-001 [error] ")


# --- GitLab Code Quality -------------------------------------------------------------------------


def test_gitlab_code_quality_shape(docs, capsys):
    code, out, _ = _run(capsys, "--format", "gitlab", "clean.txt", "under.txt", "warns.txt")
    assert code == 1
    issues = json.loads(out)
    assert not out.startswith("\ufeff")
    assert {i["check_name"] for i in issues} >= {"ROL-001", "DIS-001", "POR-001"}
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("major", "minor", "info")
        assert issue["location"]["path"] in ("clean.txt", "under.txt", "warns.txt")
        assert issue["location"]["lines"]["begin"] >= 1
    rol = next(i for i in issues if i["check_name"] == "ROL-001")
    assert rol["severity"] == "major" and rol["location"] == {"path": "under.txt", "lines": {"begin": 5, "end": 5}}
    assert next(i for i in issues if i["check_name"] == "POR-001")["severity"] == "minor"
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_survive_a_line_inserted_above(docs, capsys):
    _, before, _ = _run(capsys, "--format", "gitlab", "under.txt")
    text = UNDER.replace("FM USMISSION USNATO\n", "FM USMISSION USNATO\nINFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE\n")
    (docs / "under.txt").write_text(text, encoding="utf-8")
    _, after, _ = _run(capsys, "--format", "gitlab", "under.txt")
    before, after = json.loads(before), json.loads(after)
    assert [i["check_name"] for i in before] == [i["check_name"] for i in after]
    assert {"DIS-001", "ROL-001"} <= {i["check_name"] for i in after}
    assert [i["location"]["lines"]["begin"] for i in after] == [i["location"]["lines"]["begin"] + 1 for i in before]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    # the SARIF partial fingerprints are the same values
    _, sarif, _ = _run(capsys, "--format", "sarif", "under.txt")
    assert [r["partialFingerprints"]["markcheck/v2"] for r in json.loads(sarif)["runs"][0]["results"]] == \
        [i["fingerprint"] for i in after]


def test_fingerprints_tell_identical_findings_apart_and_depend_on_path_and_text():
    from markcheck.api import Result
    from markcheck.formats.fingerprint import fingerprints, matched_text

    same = [Finding("POR-001", "portion-unmarked", "warning", "m", line, 1, line, 5, "c", None) for line in (2, 9)]
    result = Result(None, "state_cable", None, None, None, None, tuple(same))
    first, second = fingerprints(result, "a.txt")
    assert first != second
    assert fingerprints(result, "a.txt") == [first, second]
    assert fingerprints(result, "b.txt")[0] != first
    lines = ("abc", "  SECRET   //NOFORN  ", "xyz")
    assert matched_text(lines, Finding("R", "n", "error", "m", 2, 3, 2, 20, "c")) == "SECRET //NOFORN"
    assert matched_text(lines, Finding("R", "n", "error", "m", 1, 2, 3, 2, "c")) == "bc SECRET //NOFORN x"
    assert matched_text(lines, Finding("R", "n", "error", "m", 9, 1, 9, 2, "c")) == ""


# --- exit codes, --output, --statistics ----------------------------------------------------------


@pytest.mark.parametrize(("name", "flags", "expected"), [
    ("clean.txt", (), 0),
    ("warns.txt", (), 0),
    ("warns.txt", ("--strict",), 1),
    ("under.txt", (), 1),
    ("under.txt", ("--exit-zero",), 0),
    ("warns.txt", ("--strict", "--exit-zero"), 0),
    ("missing.txt", ("--exit-zero",), 2),
])
def test_exit_codes(docs, capsys, name, flags, expected):
    assert _run(capsys, name, *flags)[0] == expected


def test_exit_zero_still_reports_findings(docs, capsys):
    code, out, _ = _run(capsys, "--exit-zero", "under.txt")
    assert code == 0 and "ROL-001 [error]" in out


def test_usage_errors_exit_2(docs, capsys):
    assert _run(capsys, "--format", "xml", "under.txt")[0] == 2


def test_output_file_is_written_atomically(docs, capsys):
    code, out, _ = _run(capsys, "--format", "sarif", "--output", "reports.sarif", "under.txt")
    assert (code, out) == (1, "")
    assert json.loads((docs / "reports.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    code, out, _ = _run(capsys, "-o", "reports.sarif", "--format", "json", "clean.txt")
    assert code == 0 and json.loads((docs / "reports.sarif").read_text())["summary"]["files"] == 1
    assert sorted(p.name for p in docs.iterdir()) == ["clean.txt", "reports.sarif", "under.txt", "warns.txt"]


def test_output_into_a_missing_directory_exits_2(docs, capsys):
    code, _, err = _run(capsys, "--output", "no/such/dir/out.txt", "under.txt")
    assert code == 2 and "cannot write no/such/dir/out.txt" in err


def test_statistics_follow_text_results_on_stdout(docs, capsys):
    code, out, err = _run(capsys, "--statistics", "under.txt", "warns.txt", "clean.txt")
    assert code == 1 and err == "Found 2 errors, 1 warning in 2 files (2 fixable with --fix)\n"
    lines = out.splitlines()
    findings = [line for line in lines if re.match(r"\S+:\d+:\d+: ", line)]
    stats = lines[len(findings):]
    assert lines[:len(findings)] == findings and stats
    parsed = [line.split() for line in stats]
    counts = Counter(line.split()[1] for line in findings)
    assert {rule: int(n) for n, rule, _ in parsed} == dict(counts)
    assert [int(n) for n, _, _ in parsed] == sorted((int(n) for n, _, _ in parsed), reverse=True)
    order = [(-int(n), rule) for n, rule, _ in parsed]
    assert order == sorted(order)
    assert ["ROL-001", "overall-below-portion"] in [p[1:] for p in parsed]


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "junit", "github"])
def test_statistics_go_to_stderr_for_other_formats(docs, capsys, fmt):
    code, out, err = _run(capsys, "--format", fmt, "--statistics", "under.txt")
    assert code == 1
    assert [line.split()[1] for line in err.splitlines()[:-1]] == ["DIS-001", "ROL-001"]
    assert err.splitlines()[-1] == "Found 2 errors, 0 warnings in 1 file (2 fixable with --fix)"
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    elif fmt == "junit":
        ET.fromstring(out)


def test_json_contract_is_unchanged(docs, capsys):
    _, out, _ = _run(capsys, "--format", "json", "under.txt")
    report = json.loads(out)
    assert set(report) >= {"schema_version", "tool", "files", "summary"}
    assert report["schema_version"] == 1
    entry = report["files"][0]
    assert set(entry) == {"path", "profile", "era", "date", "classification", "expected_classification", "findings"}
    assert entry["path"] == "under.txt"  # as given, not rewritten
    assert report["summary"] == {"files": 1, "error": 2, "warning": 0, "info": 0}


def test_profiles_cover_every_rule_severity_in_sarif():
    doc = json.loads(render("sarif", [], Run()))
    for rule in doc["runs"][0]["tool"]["driver"]["rules"]:
        profiles = rule["properties"].get("profiles")
        if profiles is not None:
            assert set(profiles) == set(PROFILES)


def test_configuration_tool_findings_are_described_in_sarif_and_junit(docs, sarif_validator, capsys):
    (docs / ".git").mkdir()  # the configuration search stops here
    (docs / ".markcheck.yaml").write_text(
        'per-file-ignores:\n  - paths: ["nothing/*.txt"]\n    rules: ["ROL-001"]\n    reason: "test"\n',
        encoding="utf-8")
    code = cli.main([".", "--today", TODAY, "--format", "sarif"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    _assert_valid_sarif(sarif_validator, doc)
    run = doc["runs"][0]
    (result,) = [r for r in run["results"] if r["ruleId"].startswith("MCK-")]
    assert result["ruleId"] == "MCK-003" and result["level"] == "note"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "MCK-003"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == ".markcheck.yaml"
    cli.main([".", "--today", TODAY, "--format", "junit"])
    suite = ET.fromstring(capsys.readouterr().out).find("testsuite[@name='.markcheck.yaml']")
    (case,) = suite.findall("testcase")
    assert case.get("classname") == "markcheck.MCK-003" and case.find("failure") is None
    assert "MCK-003 [info]" in case.find("system-out").text


def test_streamed_json_is_the_report_dumped_whole(docs, tmp_path):
    """The JSON writer streams one file entry at a time; its text is exactly
    ``json.dumps(report, indent=2)``, for no files, files with findings, and suppressions."""
    import dataclasses
    import io

    from markcheck.formats import json_report, write
    from markcheck.suppress import Suppression

    odd = tmp_path / "caf\u00e9 \"quoted\"\n.txt"
    odd.write_text(UNDER.replace("RFG", "RFG \u2014 \u00e9t\u00e9 \\ tab\there"), encoding="utf-8")
    results = check_paths([str(docs)], config=Config(today=datetime.date(2010, 1, 1)))
    assert any(r.findings for r in results) and any("\n" in (r.path or "") for r in results)
    finding = next(f for r in results for f in r.findings)
    kept = dataclasses.replace(results[0], suppressed=(Suppression(finding, "config", "why\nnot", "x:1:1"),))
    for case in ([], results, [kept, *results[1:]]):
        whole = json.dumps(json_report.report(case), indent=2) + "\n"
        assert json_report.render(case) == whole
        out = io.StringIO()
        write("json", case, None, out)
        assert out.getvalue() == whole
        json.loads(whole)


def test_json_layout_is_json_dumps_with_indent():
    """`json_report.pretty` writes exactly what json.dumps(indent=2) writes, for any JSON data."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from markcheck.formats.json_report import pretty

    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
    data = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=25)

    @settings(max_examples=400, deadline=None)
    @given(data)
    def same(value):
        assert pretty(value) == json.dumps(value, indent=2)
        assert pretty(value, "    ") == json.dumps(value, indent=2).replace("\n", "\n    ")

    same()
    assert pretty({1: "a"}) == json.dumps({1: "a"}, indent=2)  # a non-string key: as json.dumps has it


def test_file_entries_written_from_their_fields_are_what_json_dumps_writes():
    """The JSON writer lays out a file entry and its findings from their fields (no dicts);
    whatever the values, text, None, numbers or anything else, and with every key of
    `to_dict`, the report is exactly ``json.dumps(report, indent=2)``."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from markcheck.api import Result
    from markcheck.escape import json_text
    from markcheck.formats import json_report

    odd = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.lists(st.text(max_size=3),
                                                                                           max_size=2)
    text = st.text() | st.sampled_from(["", "\u2028", "caf\u00e9 \"x\"\\\n", "\ud800", "caf\udce9", "##[error]x"])
    value = text | st.none() | odd
    number = st.integers() | odd | text
    severity = st.sampled_from(["error", "warning", "info"]) | text  # a key of the summary
    findings = st.lists(st.builds(Finding, value, value, severity, value, number, number, number, number, value,
                                  value), max_size=3)
    results = st.lists(st.builds(Result, value, value, value, value, value, value, findings.map(tuple)),
                       max_size=3)

    @settings(max_examples=300, deadline=None)
    @given(results)
    def same(case):
        assert json_report.render(case) == json_text(json.dumps(json_report.report(case), indent=2)) + "\n"

    same()
    assert json_report.FILE_KEYS + ("findings",) == tuple(Result(*[None] * 6, ()).to_dict())
    assert json_report.FINDING_KEYS == tuple(Finding("r", "n", "s", "m", 1, 1, 1, 1, "c").to_dict())
