""".markcheck.yaml: discovery, --config, validation errors, include/exclude, severity
overrides, per-file ignores with reasons (and unused ones), --show-settings.

Everything runs through `markcheck.cli.main` on real files in tmp_path, from a working
directory set per test, as a user or pre-commit would run it.
"""

from __future__ import annotations

import datetime
import fnmatch
import json
import os
import re
from pathlib import Path

import pytest

import markcheck
from markcheck import cli
from markcheck.config import Config
from markcheck.configfile import discover
from markcheck.resources import rules_dir
from markcheck.suppress import PerFileIgnore

from tests.samples import PARTLY_MARKED_CABLE, USER_RULE_FILE

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2010-01-01"  # fixed run date: DEC-017 must not depend on the clock

# Findings at TODAY (run with --isolated): 12:10 POR-001 [warning] (SUBJECT unmarked),
# 14:52 MSC-001 [info], 18:1 POR-001 [error] (paragraph 3 unmarked).
CABLE = PARTLY_MARKED_CABLE

RULE_FILE = USER_RULE_FILE


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A repository: .git, two cables, an unmarked README.md and LICENSE.txt; cwd is its root."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "cables").mkdir()
    (root / "legacy").mkdir()
    (root / "cables" / "a.txt").write_text(CABLE, encoding="utf-8")
    (root / "legacy" / "old.txt").write_text(CABLE, encoding="utf-8")
    (root / "README.md").write_text("# Cables\n\nThis repository holds cables.\n", encoding="utf-8")
    (root / "LICENSE.txt").write_text("MIT License\n\nPermission is hereby granted...\n", encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("MARKCHECK_CACHE_DIR", str(tmp_path / "cache"))
    return root


def config(root: Path, text: str, name: str = ".markcheck.yaml") -> Path:
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *argv):
    argv = list(argv)
    if "--today" not in argv:
        argv += ["--today", TODAY]
    if argv and argv[0] not in ("rules", "rule"):
        argv += ["--min-severity", "info", "--quiet"]  # every finding listed, nothing after them
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def found(out: str) -> list[tuple[str, str, str]]:
    """(path, rule, severity) of each text-format line."""
    rows = []
    for line in out.splitlines():
        m = re.match(r"(.+?):\d+:\d+: (\S+) \[(\w+)\]", line)
        assert m, line
        rows.append(m.groups())
    return rows


def report(capsys, *argv):
    code, out, err = run(capsys, "--format", "json", *argv)
    return code, json.loads(out), err


# -- discovery ----------------------------------------------------------------------------------


def test_config_is_found_walking_up_from_the_working_directory(project, capsys, monkeypatch):
    config(project, "ignore: [MSC-001, POR]\n")
    deep = project / "cables" / "deeper"
    deep.mkdir()
    monkeypatch.chdir(deep)
    assert discover() == project / ".markcheck.yaml"
    code, out, _ = run(capsys, "../a.txt")
    assert (code, out) == (0, "")
    code, out, _ = run(capsys, "--show-settings")
    assert code == 0
    assert out.splitlines()[0].startswith(f"config file: {project / '.markcheck.yaml'}")


def test_discovery_stops_at_the_repository_root(tmp_path, capsys, monkeypatch):
    config(tmp_path, "ignore: [ALL]\n")  # outside the repository: never used
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "a.txt").write_text(CABLE, encoding="utf-8")
    monkeypatch.chdir(repo)
    assert discover() is None
    code, out, _ = run(capsys, "a.txt")
    assert code == 1 and ("a.txt", "POR-001", "error") in found(out)
    _, out, _ = run(capsys, "--show-settings")
    assert out.startswith("config file: none")
    assert "max-findings-per-rule: 100  [built in" in out  # the per-document cap, stated


def test_config_option_and_isolated(project, tmp_path, capsys):
    elsewhere = tmp_path / "settings"
    (elsewhere / "policy").mkdir(parents=True)
    (elsewhere / "policy" / "XYZ.yaml").write_text(RULE_FILE, encoding="utf-8")
    # rule directories are relative to the configuration file, not to the working directory
    cfg = config(elsewhere, "select: [XYZ]\nrules: [policy]\n", name="team.yaml")
    code, out, _ = run(capsys, "--config", str(cfg), "cables/a.txt")
    assert code == 0 and found(out) == [("cables/a.txt", "XYZ-001", "warning")]
    config(project, "ignore: [ALL]\n")
    assert run(capsys, "cables/a.txt")[:2] == (0, "")  # the discovered file
    code, out, _ = run(capsys, "--isolated", "cables/a.txt")
    assert code == 1 and ("cables/a.txt", "POR-001", "error") in found(out)


def test_command_line_overrides_the_config(project, capsys):
    config(project, "select: [MSC]\nprofile: capco\ntoday: 2026-11-27\n")
    _, out, _ = run(capsys, "cables/a.txt")
    assert {rule for _, rule, _ in found(out)} == {"MSC-001"}
    _, out, _ = run(capsys, "cables/a.txt", "--select", "POR")
    assert {rule[:4] for _, rule, _ in found(out)} == {"POR-"}
    code = cli.main(["--show-settings", "--profile", "isoo"])
    out = capsys.readouterr().out
    assert code == 0
    assert "profile: isoo  [command line]" in out
    assert "today: 2026-11-27  [.markcheck.yaml:3]" in out  # as found: relative to the working directory


# -- invalid configuration: file:line:col on stderr, exit 2, never a traceback ------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi"))

INVALID = {
    "unknown-key": ("profile: auto\nselects: [ROL]\n", 2, 1, "unknown key 'selects'"),
    "wrong-type": ("select: ROL\n", 1, 9, "$.select: 'ROL' is not of type 'array'"),
    "wrong-item-type": ("ignore: [ROL, 7]\n", 1, 15, "$.ignore[1]: 7 is not of type 'string'"),
    "bad-profile": ("profile: cables\n", 1, 10, "$.profile"),
    "no-reason": ("per-file-ignores:\n  - paths: [legacy/**]\n    rules: [POR-001]\n", 2, 5,
                  "every per-file ignore needs a 'reason'"),
    "blank-reason": ("per-file-ignores:\n  - paths: [legacy/**]\n    rules: [POR]\n    reason: '  '\n", 4, 13,
                     "reason must be a non-empty string"),
    "alias-bomb": (BOMB, 5, 28, "too many YAML aliases"),
    "python-tag": ("profile: !!python/object/apply:os.system ['echo owned']\n", 1, 10, "is not allowed"),
    "duplicate-key": ("profile: auto\nprofile: isoo\n", 2, 1, "duplicate key 'profile'"),
    "syntax": ("select: [ROL\n", 2, 1, "YAML syntax"),
    "not-a-mapping": ("- ROL\n", 1, 1, "is not of type 'object'"),
    "bad-severity": ("severity:\n  POR-001: loud\n", 2, 12, "'loud' is not a severity"),
    "m-rule-to-error": ("severity:\n  HDR-008: error\n", 2, 3, "HDR-008 (security-code-mismatch) has confidence M"),
    "hint-to-error": ("severity:\n  DEC-019: warning\n", 2, 3, "DEC-019 (intelligence-exemption-without-reason-c) is at most info"),
    "unknown-rule": ("severity:\n  POR-999: off\n", 2, 3, "no rule 'POR-999'"),
    "unknown-selector": ("select: [ROL, NOPE]\n", 1, 15, "'NOPE' matches no rule"),
    "unknown-ignored-rule": ("per-file-ignores:\n  - paths: [x]\n    rules: [QQQ]\n    reason: r\n", 3, 13,
                             "'QQQ' matches no rule"),
    "impossible-date": ("today: 2026-13-45\n", 1, 8, "month must be in 1..12"),
    "not-a-date": ("today: '2026-02-30'\n", 1, 8, "not a date"),
    "missing-rules-dir": ("rules: [nowhere]\n", 1, 9, "rule directory not found"),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_config_is_refused_with_its_position(project, capsys, name):
    text, line, column, fragment = INVALID[name]
    path = config(project, text)
    for argv in (["cables/a.txt"], ["--show-settings"], ["--config", str(path), "cables/a.txt"]):
        code, out, err = run(capsys, *argv)
        assert code == 2, err
        assert out == ""
        assert "Traceback" not in err
        first = err.splitlines()[0]
        shown = str(path) if "--config" in argv else ".markcheck.yaml"  # found: shown relative to the cwd
        assert first.startswith(f"{shown}:{line}:{column}: "), first
        assert fragment in err


def test_every_error_of_a_file_is_listed(project, capsys):
    config(project, "profile: cables\nselect: ROL\nextra: 1\n")
    code, _, err = run(capsys, "cables/a.txt")
    assert code == 2
    prefix = ".markcheck.yaml:"
    assert [line[len(prefix):].split(":")[:2] for line in err.splitlines()] == [["1", "10"], ["2", "9"], ["3", "1"]]


def test_missing_or_unreadable_config_file(project, capsys):
    code, _, err = run(capsys, "--config", "nope.yaml", "cables/a.txt")
    assert code == 2 and err.startswith("nope.yaml:1:1: cannot read")
    (project / "bin.yaml").write_bytes(b"\xff\xfe\x00bad")
    code, _, err = run(capsys, "--config", "bin.yaml", "cables/a.txt")
    assert code == 2 and err.startswith("bin.yaml:1:1: not UTF-8")


def test_a_broken_rule_file_in_a_config_rules_directory_exits_2(project, capsys):
    (project / "policy").mkdir()
    (project / "policy" / "XYZ.yaml").write_text(RULE_FILE.replace("extends: control", "extends: magic"))
    config(project, "rules: [policy]\n")
    code, _, err = run(capsys, "cables/a.txt")
    assert code == 2 and "XYZ.yaml:" in err and "magic" in err


# -- include / exclude ----------------------------------------------------------------------------


def test_unmarked_readme_and_license_are_not_flagged(project, capsys):
    (project / "build").mkdir()
    (project / "build" / "copy.txt").write_text(CABLE, encoding="utf-8")
    # without a configuration, the default exclude leaves the README, LICENSE and build/ out
    _, out, _ = run(capsys, "--isolated", ".")
    assert {path for path, _, _ in found(out)} == {"cables/a.txt", "legacy/old.txt"}
    # an empty exclude replaces the default: everything the include globs select is checked
    config(project, "exclude: []\n")
    _, out, _ = run(capsys, ".")
    assert {path for path, _, _ in found(out)} == {"LICENSE.txt", "README.md", "build/copy.txt",
                                                   "cables/a.txt", "legacy/old.txt"}
    config(project, 'exclude: [README.md, "LICENSE*", build/]\n')
    code, data, _ = report(capsys, ".")
    assert [f["path"] for f in data["files"]] == ["cables/a.txt", "legacy/old.txt"]
    # files named on the command line: an excluded name is skipped, the rest checked; a run left
    # with nothing to check is an error that says why (it once passed silently), except under
    # the hook's --force-exclude, which pre-commit hands every staged text file
    code, out, err = run(capsys, "README.md", "LICENSE.txt", "build/copy.txt")
    assert (code, out) == (2, "")
    assert "nothing to check: none of the 3 paths given is selected (configuration: .markcheck.yaml)" in err
    assert "  build/copy.txt: excluded by exclude pattern 'build/' in .markcheck.yaml:1:34" in err
    code, out, err = run(capsys, "--force-exclude", "README.md", "LICENSE.txt", "build/copy.txt")
    assert (code, out) == (0, "") and "not an error with --force-exclude" in err
    _, data, _ = report(capsys, "README.md", "cables/a.txt")
    assert [f["path"] for f in data["files"]] == ["cables/a.txt"]


def test_include_selects_what_a_directory_walk_checks(project, capsys):
    (project / "cables" / "notes.rst").write_text(CABLE, encoding="utf-8")
    (project / "cables" / "B.TXT").write_text(CABLE, encoding="utf-8")
    config(project, "include: ['cables/**/*.txt', '*.rst']\n")
    _, data, _ = report(capsys, ".")
    assert [f["path"] for f in data["files"]] == ["cables/B.TXT", "cables/a.txt", "cables/notes.rst"]
    # a file named on the command line is checked even if include does not match it
    (project / "memo.org").write_text(CABLE, encoding="utf-8")
    _, data, _ = report(capsys, "memo.org")
    assert [f["path"] for f in data["files"]] == ["memo.org"]


def test_globs_are_relative_to_the_config_file(project, capsys, monkeypatch):
    config(project, "exclude: [legacy/old.txt]\n")
    monkeypatch.chdir(project / "legacy")
    _, out, _ = run(capsys, "old.txt", "../cables/a.txt")
    assert {path for path, _, _ in found(out)} == {"../cables/a.txt"}


# -- severity overrides ----------------------------------------------------------------------------


def test_severity_overrides(project, capsys):
    base = found(run(capsys, "cables/a.txt")[1])
    assert base == [("cables/a.txt", "POR-001", "warning"), ("cables/a.txt", "MSC-001", "info"),
                    ("cables/a.txt", "POR-001", "error")]
    # YAML reads an unquoted `off` as false: it means off
    config(project, "severity:\n  POR-001: info\n  MSC-001: off\n")
    code, out, _ = run(capsys, "cables/a.txt")
    assert code == 0
    assert found(out) == [("cables/a.txt", "POR-001", "info"), ("cables/a.txt", "POR-001", "info")]
    config(project, "severity: {portion-unmarked: error, MSC-001: warning}\n")
    code, out, _ = run(capsys, "cables/a.txt")
    assert code == 1
    assert [s for _, _, s in found(out)] == ["error", "warning", "error"]


def test_an_m_rule_may_be_lowered_or_kept_at_warning(project, capsys):
    config(project, "severity: {HDR-008: warning, CAP-004: info, DEC-022: off}\n")
    code, out, err = run(capsys, "--show-settings")
    assert code == 0, err
    assert "severity: CAP-004=info, DEC-022=off, HDR-008=warning" in out


# -- per-file ignores ------------------------------------------------------------------------------

PER_FILE = """\
per-file-ignores:
  - paths: [legacy/**]
    rules: [POR-001]
    reason: "Pre-2010 cables keep their original portion marks"
  - paths: [cables/**]
    rules: [MSC]
    reason: "FGI is identified in the cover memo"
"""


def test_per_file_ignores_record_their_reasons(project, capsys):
    config(project, PER_FILE)
    _, data, _ = report(capsys, ".")
    files = {f["path"]: [x["rule"] for x in f["findings"]] for f in data["files"]}
    assert files["legacy/old.txt"] == ["MSC-001"]
    assert files["cables/a.txt"] == ["POR-001", "POR-001"]
    suppressed = [(s["path"], s["rule"], s["line"], s["kind"], s["reason"], s["source"]) for s in data["suppressed"]]
    assert suppressed == [
        ("cables/a.txt", "MSC-001", 14, "config", "FGI is identified in the cover memo", ".markcheck.yaml:5:5"),
        ("legacy/old.txt", "POR-001", 12, "config", "Pre-2010 cables keep their original portion marks", ".markcheck.yaml:2:5"),
        ("legacy/old.txt", "POR-001", 18, "config", "Pre-2010 cables keep their original portion marks", ".markcheck.yaml:2:5"),
    ]
    # the existing keys are unchanged (settings, which names the configuration file, was added,
    # and rules, whether --fix resolves each rule with findings); a suppressed finding keeps its full shape
    assert set(data) == {"schema_version", "tool", "settings", "files", "summary", "suppressed", "rules"}
    assert data["settings"]["config_file"] == str(project / ".markcheck.yaml")
    reported = [x["severity"] for f in data["files"] for x in f["findings"]]
    assert data["summary"] == {"files": 2, "error": reported.count("error"), "warning": reported.count("warning"),
                               "info": reported.count("info")}
    assert {"message", "citation", "severity", "end_line", "end_column"} <= set(data["suppressed"][0])


def test_unused_per_file_ignores_are_reported(project, capsys):
    config(project, PER_FILE + """\
  - paths: [cables/**]
    rules: [ROL-001]
    reason: "matches a file, suppresses nothing"
  - paths: [archive/**]
    rules: [POR]
    reason: "matches no file"
""")
    code, out, _ = run(capsys, ".")
    mck = [line for line in out.splitlines() if "MCK-003" in line]
    assert mck == [
        (".markcheck.yaml:8:5: MCK-003 [info] per-file-ignores entry suppressed nothing in this run (paths cables/**; "
         "rules ROL-001; reason: matches a file, suppresses nothing); remove it if those findings are gone"),
        (f".markcheck.yaml:11:5: MCK-003 [info] per-file-ignores entry matches no checked file (paths archive/**; rules POR); "
         f"its paths are relative to {project}"),
    ]
    assert code == 1  # info does not fail the run; the POR-001 error in cables/a.txt does
    # a pre-commit run over one file says nothing about entries for files it did not look at
    _, out, _ = run(capsys, "legacy/old.txt")
    assert "MCK-003" not in out
    # a run that deselects an entry's rules does not call the entry unused
    _, out, _ = run(capsys, ".", "--select", "POR,MSC")
    assert [line.split(":")[1] for line in out.splitlines() if "MCK-003" in line] == ["11"]
    # and MCK-003 can be ignored like any rule
    _, out, _ = run(capsys, ".", "--ignore", "MCK-003")
    assert "MCK-003" not in out


def test_per_file_ignores_through_the_python_api(project):
    entry = PerFileIgnore(("*.txt",), ("POR-001",), "test", str(project))
    result = markcheck.check_text(CABLE, path="x.txt", config=Config(
        today=datetime.date(2010, 1, 1), per_file_ignores=(entry,), severity=(("MSC-001", "warning"),)))
    assert [(f.rule, f.severity) for f in result.findings] == [("MSC-001", "warning")]
    assert [(s.finding.rule, s.reason, s.kind) for s in result.suppressed] == [("POR-001", "test", "config")] * 2
    assert "suppressed" not in result.to_dict()


# -- --show-settings ---------------------------------------------------------------------------------


def test_show_settings_prints_every_value_and_its_source(project, capsys):
    cfg = config(project, "# team settings\nignore: [MSC-001]\nseverity: {POR-001: off}\n" + PER_FILE
                 + "exclude: [README.md]\n")
    for argv in (["--show-settings"], ["check", "--show-settings"]):
        code = cli.main([*argv, "--select", "POR,MSC"])
        out, err = capsys.readouterr()
        assert (code, err) == (0, "")
        lines = out.splitlines()
        assert lines[0] == f"config file: {cfg}  (found from {project})"
        assert f"relative to: {project}" in lines
        for expected in ("profile: auto  [default]",
                         "select: POR, MSC  [command line]",
                         "ignore: MSC-001  [.markcheck.yaml:2]",
                         "severity: POR-001=off  [.markcheck.yaml:3]",
                         "per-file-ignores:   [.markcheck.yaml:4]",
                         ("  - paths: legacy/**; rules: POR-001; reason: Pre-2010 cables keep their original "
                          "portion marks  [.markcheck.yaml:5:5]"),
                         "include: **/*.txt, **/*.md, **/*.docx, **/*.pdf  [default]",
                         "exclude: README.md  [.markcheck.yaml:11]",
                         "rules: (built-in rules only)  [default]",
                         "baseline: (none)  [default]"):
            assert expected in lines, (expected, lines)
        assert any(line.startswith("today: (the real date") for line in lines)


def test_check_without_paths_is_a_usage_error(project, capsys):
    code, out, err = run(capsys, "check")
    assert code == 2 and out == "" and "no PATH" in err


# -- packaging -------------------------------------------------------------------------------------


def test_config_schema_ships_in_the_wheel_and_is_valid():
    import jsonschema

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    schema_path = rules_dir() / "config.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["additionalProperties"] is False
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = pyproject["tool"]["setuptools"]
    assert setuptools["package-dir"]["markcheck.rules"] == "rules"
    patterns = setuptools["package-data"]["markcheck.rules"]
    assert any(fnmatch.fnmatch("config.schema.json", p) for p in patterns)


def test_the_readme_example_configuration_is_valid(project, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)
    assert "per-file-ignores" in example and "reason" in example
    (project / "policy" / "rules").mkdir(parents=True)
    config(project, example)
    code, out, err = run(capsys, "--show-settings")
    assert (code, err) == (0, "")
    assert "severity: HDR-005=error, POR-004=off  [.markcheck.yaml:" in out
    assert "extend-exclude" in out and "rules: (built-in rules only)  [default]" in out  # `rules:` is commented


def test_per_file_ignores_reach_worker_processes(project, capsys):
    config(project, PER_FILE)
    _, serial, _ = report(capsys, ".", "--jobs", "1")
    _, parallel, _ = report(capsys, ".", "--jobs", "2")
    assert parallel == serial and len(parallel["suppressed"]) == 3


def test_a_configuration_that_passed_the_schema_is_not_checked_again(project, capsys, monkeypatch):
    from markcheck import configfile

    config(project, "ignore: [MSC-001]\n")
    assert run(capsys, "--show-settings")[0] == 0

    def no_jsonschema():
        raise AssertionError("the schema check ran again")

    monkeypatch.setattr(configfile, "_validator", no_jsonschema)
    assert run(capsys, "--show-settings")[0] == 0  # same text: remembered
    monkeypatch.undo()
    monkeypatch.chdir(project)
    config(project, "ignore: MSC-001\n")  # changed text: checked, and refused
    code, _, err = run(capsys, "--show-settings")
    assert code == 2 and "is not of type 'array'" in err


def test_rule_commands_read_the_configured_rule_directories(project, capsys):
    """`markcheck rules` and `markcheck rule ID` show the catalogue `check` would run: the
    built-in rules plus the configuration's `rules:` directories (not with --isolated)."""
    (project / "policy").mkdir()
    (project / "policy" / "local.yaml").write_text(USER_RULE_FILE, encoding="utf-8")
    config(project, "rules: [policy]\n")
    code, out, err = cli.main(["rules"]), *capsys.readouterr()
    assert (code, err) == (0, "") and "XYZ-001" in out and "ROL-001" in out
    code, out, err = cli.main(["rule", "sipdis-anywhere"]), *capsys.readouterr()
    assert (code, err) == (0, "") and "XYZ-001" in out and "test citation" in out
    code, out, _ = cli.main(["rules", "--isolated"]), *capsys.readouterr()
    assert code == 0 and "XYZ-001" not in out and "ROL-001" in out
    assert cli.main(["rule", "XYZ-001", "--isolated"]) == 2
    assert "no rule 'XYZ-001'" in capsys.readouterr().err
    config(project, "rules: [missing]\n")
    code, out, err = cli.main(["rules"]), *capsys.readouterr()
    assert code == 2 and "rule directory not found" in err and ".markcheck.yaml:1:" in err


@pytest.mark.parametrize("arg, shown", [
    (".", ["a.txt", "sub/deep/y.md", "sub/x.txt"]),
    ("./", ["a.txt", "sub/deep/y.md", "sub/x.txt"]),
    ("./sub//deep", ["sub/deep/y.md"]),
    ("sub/", ["sub/deep/y.md", "sub/x.txt"]),
])
def test_walked_files_are_written_as_pathlib_writes_them(tmp_path, monkeypatch, arg, shown):
    """A directory argument's files are reported (and kept in baselines) under one spelling of
    their path, whatever the argument's redundant parts; the API's walk agrees with the CLI's."""
    from markcheck.api import iter_paths
    from markcheck.settings import select_files

    for rel in ("a.txt", "sub/x.txt", "sub/deep/y.md", "sub/notes.bak", "sub/.txt.bak"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("UNCLASSIFIED\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert select_files([arg], str(tmp_path), ["*.txt", "*.md"], []) == shown
    assert list(iter_paths([arg])) == shown
    absolute = select_files([str(tmp_path / arg)], str(tmp_path), ["*.txt", "*.md"], [])
    assert absolute == [str(tmp_path / path) for path in shown]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX links and pipes")
def test_the_walk_selects_what_os_walk_and_isfile_select(tmp_path, monkeypatch):
    """The walk reads whether an entry is a regular file from the directory listing (no stat
    per file) and tests the globs against a directory once for all its files: the same files
    as os.walk with os.path.isfile and `matches_any` per file, whatever the tree and globs."""
    from markcheck.globs import matches_any, relative
    from markcheck.settings import PRUNED_DIRS, select_files

    for rel in ("a.txt", "sub/x.txt", "sub/deep/y.md", "skip/z.txt", ".git/c.txt", "sub/notes.bak", "sub/deep/B.TXT"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("UNCLASSIFIED\n", encoding="utf-8")
    os.symlink(tmp_path / "a.txt", tmp_path / "sub" / "link.txt")  # a link to a file: selected
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")  # to nothing: not a file
    os.symlink(tmp_path / "sub", tmp_path / "linked")  # a link to a directory: not walked
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    os.mkfifo(tmp_path / "pipe.txt")  # not a regular file
    (tmp_path / "dir.txt").mkdir()  # a directory whose name matches
    (tmp_path / "dir.txt" / "in.md").write_text("x", encoding="utf-8")

    def by_os_walk(arg, include, exclude):
        found = []
        for dirpath, dirnames, filenames in os.walk(arg):
            dirnames[:] = [d for d in dirnames if d not in PRUNED_DIRS
                           and not matches_any(relative(os.path.join(dirpath, d), str(tmp_path)) + "/", exclude)]
            for name in filenames:
                path = os.path.join(dirpath, name)
                rel = relative(path, str(tmp_path))
                if matches_any(rel, include) and not matches_any(rel, exclude) and os.path.isfile(path):
                    found.append(os.path.normpath(path) if arg != "." else os.path.relpath(path))
        return sorted(found)

    monkeypatch.chdir(tmp_path)
    for arg in (".", str(tmp_path), "sub", "skip"):
        for include, exclude in ((["*.txt", "*.md"], []), (["**"], ["skip/"]), (["sub/**"], ["*.md"]),
                                 (["sub"], ["sub/deep"]), (["sub/deep", "*.bak"], ["*.txt"]), (["*.TXT"], ["skip"])):
            expected = by_os_walk(arg, include, exclude)
            assert select_files([arg], str(tmp_path), include, exclude) == expected
    assert "sub/link.txt" in select_files(["."], str(tmp_path), ["*.txt"], [])


def test_run_date_is_taken_once_per_configuration(monkeypatch):
    """Without `today`, a configuration takes the real date when first asked and keeps it for
    its documents; it stays out of equality, hashing and the fields, and travels with a pickle."""
    import pickle

    import markcheck.config as config_module

    days = iter([datetime.date(2026, 11, 27), datetime.date(2026, 11, 28)])

    class Clock:
        date = type("date", (), {"today": staticmethod(lambda: next(days))})

    monkeypatch.setattr(config_module, "datetime", Clock)
    config = Config()
    assert config.run_date() == datetime.date(2026, 11, 27) == config.run_date()
    assert Config().run_date() == datetime.date(2026, 11, 28)  # a new configuration asks again
    assert config == Config() and hash(config) == hash(Config()) and "_real_today" not in repr(config)
    assert pickle.loads(pickle.dumps(config)).run_date() == datetime.date(2026, 11, 27)
    assert Config(today=datetime.date(2001, 1, 2)).run_date() == datetime.date(2001, 1, 2)
