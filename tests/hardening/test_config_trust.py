"""A configuration file someone else planted, and a run that checks nothing.

Outside a repository, discovery walks up to the filesystem root, through directories such as
``/tmp`` that every user writes. A ``.markcheck.yaml`` found above the working directory there
is used only if it is the user's (or root's) and no one else can write it; whatever file is
used is named on stderr when it lies outside the working directory; and a run whose paths all
end up unselected exits 2 saying why (the pre-commit hook excepted).

The runs go through `markcheck.cli.main` with the working directory set per test, without
``--isolated``: configuration discovery is what is under test.
"""

from __future__ import annotations

import json
import os

import pytest

from markcheck.fileselect import DEFAULT_EXCLUDE, DEFAULT_INCLUDE

from markcheck import cli

from .conftest import UNDER, assert_no_crash, Run, write

TODAY = "2010-01-01"
OTHER_UID = 4242
as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                             reason="giving a file to another user needs root (CI and this test machine run as root)")


def run(capsys, *argv) -> Run:
    code = cli.main(["check", *map(str, argv), "--today", TODAY])
    out, err = capsys.readouterr()
    result = Run(code, out, err)
    assert_no_crash(result)
    return result


@pytest.fixture
def shared(tmp_path, monkeypatch):
    """A directory outside any repository holding a `.markcheck.yaml` that excludes everything,
    and below it the working directory with one under-classified cable."""
    top = tmp_path / "shared"
    write(top / ".markcheck.yaml", 'exclude: ["**"]\n')
    write(top / "work" / "a.txt", UNDER)
    monkeypatch.chdir(top / "work")
    monkeypatch.setenv("MARKCHECK_CACHE_DIR", str(tmp_path / "cache"))
    return top


def test_a_configuration_others_can_write_is_refused(shared, capsys):
    planted = shared / ".markcheck.yaml"
    for mode in (0o666, 0o664, 0o646):
        planted.chmod(mode)
        result = run(capsys, "a.txt")
        assert (result.code, result.out) == (2, "")
        assert f"{planted}:1:1: not used: group or others can write it (mode 0{mode:o})" in result.err
        assert "dubious ownership" in result.err and "--isolated" in result.err
    # named with --config it is the user's choice; with --isolated no file is read
    result = run(capsys, "--config", planted, "a.txt")
    assert result.code == 2 and f"using the configuration file {planted} (--config)" in result.err
    result = run(capsys, "--isolated", "a.txt")
    assert result.code == 1 and "ROL-001" in result.out


@as_root
def test_a_configuration_another_user_owns_is_refused(shared, capsys):
    planted = shared / ".markcheck.yaml"
    planted.chmod(0o644)
    os.chown(planted, OTHER_UID, OTHER_UID)
    result = run(capsys, "a.txt")
    assert result.code == 2
    assert f"{planted}:1:1: not used: it is owned by another user (uid {OTHER_UID})" in result.err
    os.chown(planted, 0, 0)
    os.symlink(planted, shared / "work" / "link.yaml")
    link = shared / "planted-link"
    link.mkdir()
    os.symlink(planted, link / ".markcheck.yaml")  # a link another user made, to a file of root's
    os.lchown(link / ".markcheck.yaml", OTHER_UID, OTHER_UID)
    write(link / "work" / "b.txt", UNDER)
    os.chdir(link / "work")
    result = run(capsys, "b.txt")
    assert result.code == 2 and f"a symbolic link owned by another user (uid {OTHER_UID})" in result.err


@as_root
def test_a_planted_git_directory_makes_no_repository(tmp_path, capsys, monkeypatch):
    """A `.git` in a directory every user can write (as /tmp) does not make the file beside
    it a repository's own."""
    top = tmp_path / "tmp-like"
    (top / ".git").mkdir(parents=True)
    top.chmod(0o1777)
    planted = write(top / ".markcheck.yaml", 'exclude: ["**"]\n')
    os.chown(planted, OTHER_UID, OTHER_UID)
    write(top / "work" / "a.txt", UNDER)
    monkeypatch.chdir(top / "work")
    result = run(capsys, "a.txt")
    assert result.code == 2 and "not used: it is owned by another user" in result.err


def test_a_file_of_the_user_above_the_working_directory_is_used_and_named(shared, capsys):
    planted = shared / ".markcheck.yaml"
    planted.chmod(0o644)
    result = run(capsys, "a.txt")
    assert f"markcheck: using the configuration file {planted} (found above the working directory)" in result.err
    # the run checks nothing: exit 2 and why, not a silent pass
    assert (result.code, result.out) == (2, "")
    assert f"nothing to check: none of the 1 path given is selected (configuration: {planted})" in result.err
    assert f"  a.txt: excluded by exclude pattern '**' in {planted}:1:11" in result.err
    result = run(capsys, ".")
    assert result.code == 2 and "  .: excluded by exclude pattern '**'" in result.err
    result = run(capsys, "--show-settings")
    assert result.code == 0 and result.out.startswith(f"config file: {planted}  (found above the working directory")


@as_root
def test_the_repositorys_own_file_is_trusted_whoever_owns_it(tmp_path, capsys, monkeypatch):
    """A CI container runs as another uid than the checkout's owner: the repository's own
    configuration governs, from its root or from a directory below it."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    own = write(repo / ".markcheck.yaml", "ignore: [ROL, DIS]\n")
    write(repo / "cables" / "a.txt", UNDER)
    for path in (repo, own, repo / "cables", repo / "cables" / "a.txt"):
        os.chown(path, OTHER_UID, OTHER_UID)
    own.chmod(0o666)
    monkeypatch.chdir(repo)
    result = run(capsys, "--format", "json", "cables/a.txt")
    assert result.code == 0 and "using the configuration file" not in result.err
    assert json.loads(result.out)["settings"]["config_file"] == str(own)
    monkeypatch.chdir(repo / "cables")
    result = run(capsys, "--format", "json", "a.txt")
    assert result.code == 0 and f"using the configuration file {own} (found above the working directory)" in result.err
    assert json.loads(result.out)["settings"] == {
        "config_file": str(own), "config_origin": f"found above the working directory {repo / 'cables'}",
        "include": list(DEFAULT_INCLUDE), "exclude": list(DEFAULT_EXCLUDE)}


def test_a_run_that_selects_nothing_exits_2_except_under_the_hook(tmp_path, capsys, monkeypatch):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / ".markcheck.yaml", 'include: ["cables/**"]\nexclude: [drafts/, "*.md"]\n')
    write(repo / "drafts" / "a.txt", UNDER)
    write(repo / "notes.md", UNDER)
    write(repo / "README", "not a document\n")
    (repo / "empty").mkdir()
    monkeypatch.chdir(repo)
    result = run(capsys, "drafts", "notes.md", "empty")
    assert (result.code, result.out) == (2, "")
    assert result.err.splitlines() == [
        "markcheck: nothing to check: none of the 3 paths given is selected (configuration: .markcheck.yaml)",
        "markcheck:   drafts: excluded by exclude pattern 'drafts/' in .markcheck.yaml:2:11",
        "markcheck:   notes.md: excluded by exclude pattern '*.md' in .markcheck.yaml:2:20",
        "markcheck:   empty: no file below it is selected (include: 'cables/**'; exclude: 'drafts/', '*.md'; "
        ".gitignore, .ignore and git's excludes apply (--no-respect-gitignore walks what they ignore))"]
    # pre-commit hands the hook every staged text file: a commit of notes only has nothing to check
    result = run(capsys, "--force-exclude", "notes.md", "README")
    assert (result.code, result.out) == (0, "")
    assert "not an error with --force-exclude" in result.err
    assert "README: matches no include pattern ('cables/**'; --force-exclude applies them" in result.err
    # one file selected: no message
    write(repo / "cables" / "b.txt", UNDER)
    result = run(capsys, "--force-exclude", "notes.md", "cables/b.txt")
    assert result.code == 1 and "nothing to check" not in result.err
