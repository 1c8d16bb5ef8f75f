"""The configuration is found from the files checked, as Ruff finds it, not from the working
directory only; a run never checks files under a configuration that is not theirs."""

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


def test_paths_under_different_configurations_are_refused(repos, capsys):
    code, out, err = run(capsys, str(repos / "one" / "cables"), str(repos / "two" / "cables" / "a.txt"))
    assert (code, out) == (2, "")
    assert "the paths of this run fall under different configuration files, and a run uses one" in err
    assert f"{repos / 'one' / '.markcheck.yaml'} governs {repos / 'one' / 'cables'}" in err
    assert f"{repos / 'two' / '.markcheck.yaml'} governs {repos / 'two' / 'cables' / 'a.txt'}" in err
    # --config and --isolated decide for the whole run
    assert run(capsys, "--isolated", str(repos / "one" / "cables"), str(repos / "two" / "cables"))[0] == 1
    code, out, err = run(capsys, "--config", str(repos / "two" / ".markcheck.yaml"), "--format", "json",
                         str(repos / "one" / "cables"), str(repos / "two" / "cables"))
    assert code == 1 and not any(rule.startswith("HDR") for rule in rules_of(out))


def test_a_walk_into_a_directory_with_its_own_configuration_is_refused(repos, capsys):
    write(repos / "one" / "cables" / "legacy" / ".markcheck.yaml", "ignore: [POR]\n")
    write(repos / "one" / "cables" / "legacy" / "old.txt")
    code, out, err = run(capsys, str(repos / "one"))
    assert (code, out) == (2, "")
    legacy = repos / "one" / "cables" / "legacy"
    assert f"{legacy / '.markcheck.yaml'} governs {legacy}{os.sep}" in err
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
