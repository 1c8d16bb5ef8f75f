"""The configuration is found from the files checked, as Ruff finds it, not from the working
directory only; every file is checked with its nearest configuration, never with another's."""

from __future__ import annotations

import json
import os

import pytest

from markcheck import cli
from test_file_selection import write  # a cable whose SECRET portion is under a CONFIDENTIAL banner

@pytest.fixture
def repos(tmp_path, monkeypatch):
    """Two repositories with configurations of their own, and a working directory elsewhere."""
    for name, ignore in (("one", "ROL"), ("two", "HDR")):
        (tmp_path / name / ".git").mkdir(parents=True)
        write(tmp_path / name / ".markcheck.yaml", f"ignore: [{ignore}]\nexclude: [drafts/]\n")
        write(tmp_path / name / "cables" / "a.txt")
        write(tmp_path / name / "drafts" / "d.txt")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    monkeypatch.setenv("MARKCHECK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def run(capsys, *argv):
    code = cli.main(["check", "--today", "2010-01-01", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def rules_of(out: str) -> set[str]:
    return {f["rule"] for entry in json.loads(out)["files"] for f in entry["findings"]}


def test_a_repository_checked_from_elsewhere_uses_its_own_configuration(repos, capsys):
    one = repos / "one"
    code, out, err = run(capsys, "--format", "json", str(one))
    assert [f["path"] for f in json.loads(out)["files"]] == [str(one / "cables" / "a.txt")]  # drafts/ excluded
    assert not any(rule.startswith("ROL") for rule in rules_of(out))  # ignore: [ROL]
    assert json.loads(out)["settings"]["config_file"] == str(one / ".markcheck.yaml")
    assert f"using the configuration file {one / '.markcheck.yaml'} (found from {one})" in err
    code, out, _ = run(capsys, "--show-settings", str(one / "cables" / "a.txt"))
    assert out.startswith(f"config file: {one / '.markcheck.yaml'}  (found from {one / 'cables'})")
    assert f"ignore: ROL  [{one / '.markcheck.yaml'}:1]" in out


def findings_by_file(out: str) -> dict[str, set[str]]:
    return {entry["path"]: {f["rule"] for f in entry["findings"]} for entry in json.loads(out)["files"]}


def test_paths_under_different_configurations_each_use_their_own(repos, capsys):
    """As in Ruff, one run checks each path with its nearest configuration (none is dropped)."""
    one, two = repos / "one" / "cables", repos / "two" / "cables" / "a.txt"
    code, out, err = run(capsys, "--format", "json", str(one), str(two))
    assert code == 1, err
    found = findings_by_file(out)
    assert list(found) == [str(one / "a.txt"), str(two)]
    assert not any(r.startswith("ROL") for r in found[str(one / "a.txt")])  # one: ignore: [ROL]
    assert "ROL-001" in found[str(two)] and not any(r.startswith("HDR") for r in found[str(two)])  # two: [HDR]
    for config in (repos / "one" / ".markcheck.yaml", repos / "two" / ".markcheck.yaml"):
        assert f"using the configuration file {config}" in err
    # --config and --isolated decide for the whole run
    assert run(capsys, "--isolated", str(one), str(repos / "two" / "cables"))[0] == 1
    code, out, err = run(capsys, "--config", str(repos / "two" / ".markcheck.yaml"), "--format", "json",
                         str(one), str(repos / "two" / "cables"))
    assert code == 1 and not any(rule.startswith("HDR") for rule in rules_of(out))
    assert "ROL-001" in rules_of(out)


def test_a_walk_into_a_directory_with_its_own_configuration_uses_it(repos, capsys):
    legacy = repos / "one" / "cables" / "legacy"
    write(legacy / ".markcheck.yaml", "ignore: [POR, CAB]\nexclude: [skipped.txt]\n")
    write(legacy / "old.txt")
    write(legacy / "skipped.txt")  # the nested file's exclude applies below it
    write(repos / "one" / "cables" / "skipped.txt")  # ... and not above it
    code, out, err = run(capsys, "--format", "json", str(repos / "one"))
    found = findings_by_file(out)
    assert sorted(found) == sorted(str(p) for p in (repos / "one" / "cables" / "a.txt", legacy / "old.txt",
                                                     repos / "one" / "cables" / "skipped.txt"))
    assert "ROL-001" in found[str(legacy / "old.txt")]  # the nested file is the whole configuration: no ROL ignore
    assert not any(r.startswith(("POR", "CAB")) for r in found[str(legacy / "old.txt")])
    assert "CAB-002" in found[str(repos / "one" / "cables" / "a.txt")]
    assert not any(r.startswith("ROL") for r in found[str(repos / "one" / "cables" / "a.txt")])
    # checked on its own, the subdirectory uses its own file
    code, out, err = run(capsys, "--format", "json", str(legacy))
    assert json.loads(out)["settings"]["config_file"] == str(legacy / ".markcheck.yaml")


def test_a_path_without_a_configuration_uses_the_working_directorys(repos, capsys, monkeypatch):
    monkeypatch.chdir(repos / "one")
    write(repos / "loose" / "x.txt")  # outside both repositories, no configuration above it
    code, out, _ = run(capsys, "--format", "json", str(repos / "loose" / "x.txt"), "cables")
    data = json.loads(out)
    assert data["settings"]["config_file"] == str(repos / "one" / ".markcheck.yaml")
    assert not any(rule.startswith("ROL") for rule in rules_of(out))


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners and modes")
def test_a_file_found_from_a_path_outside_a_repository_keeps_the_trust_rules(tmp_path, monkeypatch, capsys):
    shared = tmp_path / "shared"
    planted = write(shared / ".markcheck.yaml", 'exclude: ["**"]\n')
    planted.chmod(0o666)
    write(shared / "cables" / "a.txt")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setenv("MARKCHECK_CACHE_DIR", str(tmp_path / "cache"))
    code, out, err = run(capsys, str(shared / "cables"))
    assert (code, out) == (2, "")
    assert f"{planted}:1:1: not used: group or others can write it (mode 0666)" in err
    assert f"above {shared / 'cables'}, where it was found from, outside any repository" in err
