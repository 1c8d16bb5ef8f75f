"""Nested configuration files, as Ruff reads them: every file is checked with the nearest
``.markcheck.yaml`` above it, which is the whole configuration of its subtree unless it says
``extend``; whichever way the run is started (from outside the tree, from inside a subtree, with
the pre-commit hook's file list, from the Python API)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from markcheck import cli
from markcheck.api import check_paths
from test_file_selection import write  # a cable: ROL-001 (error), CAB-002 (warning) under --today 2010-01-01

TODAY = "2010-01-01"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """archive/ selects ROL and CAB, and forgives CAB in legacy/; archive/annex/ has its own file
    selecting CAB only, forgiving it in old/ (a path relative to annex/)."""
    root = tmp_path / "archive"
    (root / ".git").mkdir(parents=True)
    write(root / ".markcheck.yaml", "select: [ROL, CAB]\nper-file-ignores:\n"
          "  - paths: [legacy/**]\n    rules: [CAB]\n    reason: the 1985 copies keep their old block\n")
    write(root / "annex" / ".markcheck.yaml", "select: [CAB]\nper-file-ignores:\n"
          "  - paths: [old/**]\n    rules: [CAB-002]\n    reason: annexed as received\n")
    for rel in ("a.txt", "legacy/l.txt", "annex/b.txt", "annex/old/o.txt", "annex/legacy/x.txt"):
        write(root / rel)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    monkeypatch.setenv("MARKCHECK_CACHE_DIR", str(tmp_path / "cache"))
    return root


# what each file must give: its rules found, and the rules suppressed (with the entry's reason)
EXPECTED = {
    "a.txt": ({"ROL-001", "CAB-002"}, {}),
    "legacy/l.txt": ({"ROL-001"}, {"CAB-002": "the 1985 copies keep their old block"}),
    "annex/b.txt": ({"CAB-002"}, {}),  # annex/ selects CAB only: no ROL
    "annex/old/o.txt": (set(), {"CAB-002": "annexed as received"}),
    "annex/legacy/x.txt": ({"CAB-002"}, {}),  # the parent's legacy/** is relative to archive/, not annex/
}


def run(capsys, *argv):
    code = cli.main(["check", "--today", TODAY, "--format", "json", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out else None, err


def by_file(report, root: Path, *, relative_to: Path | None = None) -> dict:
    base = relative_to or Path.cwd()
    out = {}
    for entry in report["files"]:
        rel = (base / entry["path"]).resolve().relative_to(root.resolve()).as_posix()
        out[rel] = {f["rule"] for f in entry["findings"]}
    return out


def suppressed(report, root: Path, base: Path) -> dict:
    out: dict = {}
    for s in report.get("suppressed", ()):
        rel = (base / s["path"]).resolve().relative_to(root.resolve()).as_posix()
        out.setdefault(rel, {})[s["rule"]] = s["reason"]
    return out


def test_from_outside_the_tree_each_file_gets_its_nearest_configuration(tree, capsys):
    code, report, err = run(capsys, str(tree))
    assert code == 1, err
    assert by_file(report, tree) == {rel: rules for rel, (rules, _) in EXPECTED.items()}
    assert suppressed(report, tree, Path.cwd()) == {rel: s for rel, (_, s) in EXPECTED.items() if s}
    assert "MCK-003" not in err  # each entry was used, judged on its own configuration's files


def test_from_inside_a_subtree(tree, capsys, monkeypatch):
    monkeypatch.chdir(tree / "annex")
    code, report, err = run(capsys, ".")
    assert by_file(report, tree, relative_to=tree / "annex") == {
        rel: rules for rel, (rules, _) in EXPECTED.items() if rel.startswith("annex/")}
    assert json.loads(json.dumps(report["settings"]))["config_file"] == str(tree / "annex" / ".markcheck.yaml")
    # naming files of both configurations from the subtree: each still gets its own
    code, report, err = run(capsys, "b.txt", "../legacy/l.txt")
    assert by_file(report, tree, relative_to=tree / "annex") == {
        "annex/b.txt": EXPECTED["annex/b.txt"][0], "legacy/l.txt": EXPECTED["legacy/l.txt"][0]}


def test_the_pre_commit_hooks_file_list(tree, capsys, monkeypatch):
    """pre-commit runs the manifest's entry from the repository root with the staged files."""
    import yaml

    manifest = yaml.safe_load((Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text())
    entry = manifest[0]["entry"].split()
    assert entry[:2] == ["markcheck", "check"]
    monkeypatch.chdir(tree)
    staged = ["annex/old/o.txt", "a.txt", "annex/b.txt"]
    code = cli.main([*entry[1:], "--today", TODAY, "--format", "json", *staged])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert by_file(report, tree) == {rel: EXPECTED[rel][0] for rel in staged}


def test_the_python_api_finds_each_files_configuration(tree):
    import datetime

    results = check_paths(tree, discover=True)
    found = {Path(r.path).relative_to(tree).as_posix(): {f.rule for f in r.findings if f.severity != "info"}
             for r in results}
    # the API checks with the real date: no date-relative rule is asked of this comparison
    assert {k: {r for r in v if not r.startswith("DEC")} for k, v in found.items()} == \
        {rel: rules for rel, (rules, _) in EXPECTED.items()}
    assert {Path(r.path).relative_to(tree).as_posix(): {s.finding.rule: s.reason for s in r.suppressed}
            for r in results if r.suppressed} == {rel: s for rel, (_, s) in EXPECTED.items() if s}
    with pytest.raises(ValueError, match="not both"):
        check_paths(tree, discover=True, config=__import__("markcheck").Config(today=datetime.date(2010, 1, 1)))
    # in worker processes too, with the same results in the same order
    assert [r.to_dict() for r in check_paths(str(tree), discover=True, jobs=2)] == [r.to_dict() for r in results]


def test_show_settings_and_show_files_say_which_file_governs(tree, capsys):
    assert cli.main(["check", "--show-settings", str(tree / "annex" / "old" / "o.txt")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"config file: {tree / 'annex' / '.markcheck.yaml'}  (found from {tree / 'annex' / 'old'})")
    assert "select: CAB  [" in out and "reason: annexed as received" in out
    assert cli.main(["check", "--show-settings", str(tree)]) == 0
    out = capsys.readouterr().out
    blocks = out.split("\n\n")
    assert [b.splitlines()[0].split("  ")[0] for b in blocks] == [
        f"config file: {tree / '.markcheck.yaml'}", f"config file: {tree / 'annex' / '.markcheck.yaml'}"]
    assert "governs: 2 files of this run" in blocks[0] and "governs: 3 files of this run" in blocks[1]
    assert cli.main(["check", "--show-files", "--format", "json", str(tree)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {Path(r["path"]).relative_to(tree).as_posix(): Path(r["config_file"]).relative_to(tree).as_posix()
            for r in rows} == {rel: ("annex/" if rel.startswith("annex/") else "") + ".markcheck.yaml"
                               for rel in EXPECTED}
    assert cli.main(["check", "--show-files", str(tree)]) == 0  # text: one path a line, as before
    assert capsys.readouterr().out.splitlines() == [str(tree / rel) for rel in sorted(
        EXPECTED, key=lambda r: (str(tree / r)))]


def test_config_and_isolated_still_decide_for_every_file(tree, capsys):
    code, report, _ = run(capsys, "--isolated", str(tree))
    assert all("ROL-001" in rules for rules in by_file(report, tree).values())
    assert "suppressed" not in report
    code, report, _ = run(capsys, "--config", str(tree / "annex" / ".markcheck.yaml"), str(tree))
    assert not any("ROL-001" in rules for rules in by_file(report, tree).values())


def test_command_line_flags_override_every_configuration(tree, capsys):
    code, report, _ = run(capsys, "--select", "ROL", str(tree))
    assert by_file(report, tree) == {rel: {"ROL-001"} for rel in EXPECTED}  # annex/ too, which selects CAB


def test_an_invalid_nested_file_stops_the_run_with_its_position(tree, capsys):
    write(tree / "annex" / "old" / ".markcheck.yaml", "select: [CAB]\nignore: [NOPE-1]\n")
    code, report, err = run(capsys, str(tree))
    assert (code, report) == (2, None)
    assert f"{tree / 'annex' / 'old' / '.markcheck.yaml'}:2:10:" in err.replace(os.path.relpath(tree), str(tree))


def test_unused_entries_are_judged_per_configuration(tree, capsys):
    write(tree / "annex" / ".markcheck.yaml", "select: [CAB]\nper-file-ignores:\n"
          "  - paths: [nothing/**]\n    rules: [CAB-002]\n    reason: kept for later\n")
    code, report, err = run(capsys, str(tree))
    unused = [e for e in report["files"] if e["findings"] and e["findings"][0]["rule"] == "MCK-003"]
    assert [Path(e["path"]).resolve() for e in unused] == [(tree / "annex" / ".markcheck.yaml").resolve()]


# -- extend -------------------------------------------------------------------------------------


def test_extend_inherits_the_parent_and_overrides_what_it_sets(tree, capsys):
    write(tree / "annex" / ".markcheck.yaml", "extend: ../.markcheck.yaml\nignore: [ROL]\n"
          "extend-exclude: [old/]\n")
    code, report, err = run(capsys, str(tree))
    found = by_file(report, tree)
    assert "annex/old/o.txt" not in found  # the extending file's extend-exclude
    assert found["annex/b.txt"] == {"CAB-002"}  # select [ROL, CAB] inherited, ROL ignored here
    # the parent's per-file-ignores keep their meaning: legacy/** from archive/, so not annex/legacy
    assert found["annex/legacy/x.txt"] == {"CAB-002"}
    # an entry both files apply is judged once, on all their files: used in archive/legacy
    assert not any("MCK-003" in rules for rules in by_file(report, tree).values())
    assert suppressed(report, tree, Path.cwd()) == {"legacy/l.txt": {"CAB-002": "the 1985 copies keep their old block"}}
    assert cli.main(["check", "--show-settings", str(tree / "annex" / "b.txt")]) == 0
    out = capsys.readouterr().out
    assert f"extends: {tree / '.markcheck.yaml'}" in out
    assert "select: ROL, CAB  [" in out and "reason: the 1985 copies keep their old block" in out


def test_extend_refuses_a_missing_file_and_a_cycle(tree, capsys):
    write(tree / "annex" / ".markcheck.yaml", "select: [CAB]\nextend: nowhere.yaml\n")
    code, _, err = run(capsys, str(tree))
    assert code == 2 and ":2:9: $.extend: no configuration file" in err
    write(tree / "annex" / ".markcheck.yaml", "extend: ../.markcheck.yaml\n")
    write(tree / ".markcheck.yaml", "extend: annex/.markcheck.yaml\n")
    code, _, err = run(capsys, str(tree))
    assert code == 2 and "$.extend: the files extend each other" in err


@pytest.mark.parametrize("pattern, expected", [
    ("*.md", ("*.md",)),  # a name: the same anywhere
    ("annex/old/", ("old/",)),
    ("annex/**/x.txt", ("**/x.txt",)),
    ("legacy/**", ()),  # selects nothing below annex/
    ("**/old/", ("**/old/",)),  # "**" spans no directory too
    ("annex", ("**",)),  # annex/ itself: everything below it
    ("ann*/", ("**",)),
    ("old", ("old",)),
    ("a*/deep/*.txt", ("deep/*.txt",)),
])
def test_rebase_keeps_what_a_glob_selects(tmp_path, pattern, expected):
    from markcheck.configextend import rebase

    assert rebase([pattern], str(tmp_path), str(tmp_path / "annex")) == expected


# -- the other commands take the same configuration options ---------------------------------------


def span_rules(entry: dict) -> set[str]:
    return {f["rule"] for span in entry["markings"] for f in span["findings"]}


def test_inspect_reads_each_file_with_its_configuration(tree, capsys):
    """The rules shown beside each marking span are those ``check`` runs on the file."""
    assert cli.main(["inspect", "--format", "json", str(tree / "a.txt"), str(tree / "annex" / "b.txt")]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    rules = [span_rules(f) for f in files]
    assert "ROL-001" in rules[0] and "ROL-001" not in rules[1]  # annex/ selects CAB only
    assert cli.main(["inspect", "--format", "json", "--isolated", str(tree / "annex" / "b.txt")]) == 0
    assert "ROL-001" in span_rules(json.loads(capsys.readouterr().out)["files"][0])
    assert cli.main(["inspect", "--format", "json", "--config", str(tree / "annex" / ".markcheck.yaml"),
                     str(tree / "a.txt")]) == 0
    assert "ROL-001" not in span_rules(json.loads(capsys.readouterr().out)["files"][0])
    write(tree / "annex" / ".markcheck.yaml", "profile: capco\n")
    assert cli.main(["inspect", "--format", "json", str(tree / "annex" / "b.txt")]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["profile"] == "capco"
    assert cli.main(["inspect", "--format", "json", "--profile", "isoo", str(tree / "annex" / "b.txt")]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["profile"] == "isoo"
    write(tree / "annex" / ".markcheck.yaml", "select: [NOPE-9]\n")
    assert cli.main(["inspect", str(tree / "annex" / "b.txt")]) == 2
    assert "$.select[0]: 'NOPE-9' matches no rule" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["check"], ["report", "-o", "r.html"], ["inspect"], ["rules"], ["rule", "ROL-001"]])
def test_every_command_that_reads_a_configuration_takes_config_and_isolated(command):
    from markcheck.cli import build_parser

    parser = build_parser()
    for option in ("--config", "x.yaml"), ("--isolated",):
        args = parser.parse_args([*command, *option, *(["a.txt"] if command[0] in ("check", "report", "inspect") else [])])
        assert getattr(args, option[0].lstrip("-")) in ("x.yaml", True)
    if command[0] in ("check", "report", "inspect"):  # the commands that read documents choose their profile
        assert parser.parse_args([*command, "--profile", "capco", "a.txt"]).profile == "capco"


def test_junit_and_sarif_follow_each_files_configuration(tree, capsys):
    """JUnit lists, for each file, the rules its own configuration applies; SARIF describes the
    rules of every configuration's rule directories."""
    import xml.etree.ElementTree as ET

    from test_rulepack import VALID  # a rule file of a user's own rule directory (XYZ-001)

    write(tree / "annex" / "policy" / "XYZ.yaml", VALID)
    write(tree / "annex" / ".markcheck.yaml", "select: [CAB, XYZ]\nrules: [policy]\n")
    assert cli.main(["check", "--today", TODAY, "--format", "junit", str(tree)]) == 1
    suites = ET.fromstring(capsys.readouterr().out)
    cases = {(Path.cwd() / s.get("name")).resolve().relative_to(tree.resolve()).as_posix():
             {c.get("classname") for c in s.iter("testcase")}
             for s in suites.iter("testsuite")}
    assert "markcheck.ROL-001" in cases["a.txt"] and "markcheck.XYZ-001" not in cases["a.txt"]
    assert "markcheck.ROL-001" not in cases["annex/b.txt"] and "markcheck.XYZ-001" in cases["annex/b.txt"]
    assert cli.main(["check", "--today", TODAY, "--format", "sarif", str(tree)]) == 1
    described = {r["id"] for r in json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]}
    assert {"ROL-001", "XYZ-001"} <= described


@pytest.mark.parametrize("results_dir", [False, True], ids=["streamed", "results-dir"])
def test_archives_under_different_configurations_are_each_checked_with_their_own(tree, capsys, tmp_path,
                                                                               results_dir):
    """As files are: archive/ selects ROL and CAB, archive/annex/ CAB only, so the same cable
    gives ROL-001 in t.csv and not in annex/u.csv, streamed or written as partitions."""
    import csv

    from test_file_selection import UNDER

    for rel in ("t.csv", "annex/u.csv"):
        with open(tree / rel, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([["id", "text"], ["1", UNDER]])
    paths = [str(tree / "t.csv"), str(tree / "annex" / "u.csv")]
    if results_dir:
        out = tmp_path / "results"
        assert cli.main(["check", "--today", TODAY, "--text-column", "text", "--results-dir", str(out),
                         *paths]) == 1
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
        found = {Path(r["archive"]).name: set() for r in rows}
        for r in rows:
            if r["kind"] == "finding":
                found[Path(r["archive"]).name].add(r["rule"])
    else:
        code, report, err = run(capsys, "--text-column", "text", *paths)
        assert code == 1, err
        found = {Path(e["record"]["archive"]).name: {f["rule"] for f in e["findings"]} for e in report["files"]}
    assert found == {"t.csv": {"ROL-001", "CAB-002"}, "u.csv": {"CAB-002"}}


def test_each_distinct_rule_pack_is_loaded_once(tree, monkeypatch):
    """Two configurations with the built-in rules share one pack; a third with a rule directory
    of its own adds one load, however many files each governs."""
    from argparse import Namespace

    from markcheck import rulepack
    from markcheck.configscope import Resolver
    from markcheck.fileselect import select
    from test_rulepack import VALID

    for i in range(20):
        write(tree / "annex" / f"more{i}.txt")
    write(tree / "own" / "policy" / "XYZ.yaml", VALID)
    write(tree / "own" / ".markcheck.yaml", "rules: [policy]\n")
    write(tree / "own" / "c.txt")
    loads = []
    real = rulepack._load.__wrapped__
    import functools

    # the pack's own memo, counting what it had to load
    monkeypatch.setattr(rulepack, "_load", functools.lru_cache(maxsize=8)(lambda dirs: loads.append(dirs) or real(dirs)))
    walked = select([str(tree)], resolver=Resolver(Namespace()))
    assert len(walked.files) == len(EXPECTED) + 21
    assert sorted(loads) == [(), (str(tree / "own" / "policy"),)]
