"""Which files a run checks, as a Ruff user expects: ignore files, default excludes, --show-files,
extend-exclude, --no-respect-gitignore, typos in --select/--ignore, and the API's walk."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from markcheck import api, cli

UNDER = ("O 201552Z MAR 09\n\nC O N F I D E N T I A L\n\nE.O. 12958: DECL: 03/20/2019\nTAGS: PREL\n"
         "SUBJECT: (C) TEST\n\nClassified By: A B, for reasons 1.4 (d)\n\n1. (S) Secret text.\n")
GIT = shutil.which("git")
DOCUMENTS = ["cables/a.txt", "cables/deep/b.md", "memos/keep.txt", "notes/kept.md"]


def write(path: Path, text: str = UNDER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def clone(tmp_path, monkeypatch):
    """A repository of documents as a user has it: a virtual environment, dependencies, build
    output, hidden tool directories, the usual top-level files, and ignore files of each kind."""
    root = tmp_path / "archive"
    (root / ".git" / "info").mkdir(parents=True)
    for rel in DOCUMENTS:
        write(root / rel)
    for rel in (".venv/lib/python3.12/site-packages/pkg/LICENSE.txt", ".venv/lib/python3.12/site-packages/x/a.md",
                "venv/share/doc.txt", "node_modules/pkg/readme.md", "build/lib/copy.txt", "dist/notes.txt",
                ".tox/log.txt", "README.md", "LICENSE.txt", "CHANGELOG.md", "CONTRIBUTING.md", "docs/README.txt",
                "scratch/draft.txt", "memos/old.txt", "local.txt", "notes/private/n.md", "notes/x.tmp.md"):
        write(root / rel, "not a document\n")
    write(root / ".gitignore", "scratch/\nmemos/*.txt\n!memos/keep.txt\n")
    write(root / ".git" / "info" / "exclude", "/local.txt\n")
    write(root / "notes" / ".ignore", "private/\n*.tmp.md\n")
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # no global excludes of the machine
    monkeypatch.setenv("MARKCHECK_CACHE_DIR", str(tmp_path / "cache"))
    return root


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_walk_checks_only_the_documents(clone, capsys):
    code, out, err = run(capsys, "--show-files", ".")
    assert (code, err) == (0, "")
    assert out.splitlines() == DOCUMENTS
    # the same selection from elsewhere, and the API agrees
    code, out, _ = run(capsys, "--show-files", str(clone))
    assert out.splitlines() == [str(clone / rel) for rel in DOCUMENTS]
    assert list(api.iter_paths(".")) == DOCUMENTS


def test_no_respect_gitignore_walks_what_ignore_files_leave_out(clone, capsys):
    code, out, _ = run(capsys, "--show-files", "--no-respect-gitignore", ".")
    assert out.splitlines() == ["cables/a.txt", "cables/deep/b.md", "local.txt", "memos/keep.txt", "memos/old.txt",
                                "notes/kept.md", "notes/private/n.md", "notes/x.tmp.md", "scratch/draft.txt"]
    write(clone / ".markcheck.yaml", "respect-gitignore: false\n")
    assert run(capsys, "--show-files", ".")[1] == out
    code, out, _ = run(capsys, "--show-settings")
    assert "respect-gitignore: false  [.markcheck.yaml:1]" in out


def test_exclude_replaces_the_default_and_extend_exclude_adds_to_it(clone, capsys):
    write(clone / ".markcheck.yaml", "extend-exclude: [notes/]\n")
    assert run(capsys, "--show-files", ".")[1].splitlines() == ["cables/a.txt", "cables/deep/b.md", "memos/keep.txt"]
    settings = run(capsys, "--show-settings")[1]
    assert "exclude: .[!.]*/, venv/" in settings and "notes/  [default + .markcheck.yaml:1 (extend-exclude)]" in settings
    write(clone / ".markcheck.yaml", "exclude: [cables/deep/]\n")
    shown = run(capsys, "--show-files", ".")[1].splitlines()
    assert "README.md" in shown and "build/lib/copy.txt" in shown and "node_modules/pkg/readme.md" in shown
    assert ".venv/lib/python3.12/site-packages/x/a.md" in shown  # hidden directories were a default too
    assert "cables/deep/b.md" not in shown and "scratch/draft.txt" not in shown  # the ignore files still apply


def test_named_files_are_not_judged_by_ignore_files(clone, capsys):
    """A file named on the command line is what the user asked for (as in Ruff and ripgrep)."""
    code, out, _ = run(capsys, "--show-files", "scratch/draft.txt", "memos/old.txt")
    assert out.splitlines() == ["scratch/draft.txt", "memos/old.txt"]


def test_the_hook_leaves_a_readme_alone(clone, capsys):
    """pre-commit hands the hook every staged text file: a commit that adds a README passes."""
    code, out, err = run(capsys, "check", "--force-exclude", "README.md", "CONTRIBUTING.md")
    assert (code, out) == (0, "") and "excluded by exclude pattern 'README*' (default)" in err


def test_nested_ignore_files_and_negation(clone, capsys):
    write(clone / "cables" / ".gitignore", "deep/\n")
    write(clone / "cables" / "deep" / ".gitignore", "!b.md\n")  # git does not re-include below an ignored dir
    write(clone / "memos" / ".ignore", "!old.txt\n")  # a deeper file re-includes what the root ignored
    assert run(capsys, "--show-files", ".")[1].splitlines() == ["cables/a.txt", "memos/keep.txt", "memos/old.txt",
                                                                 "notes/kept.md"]
    # a walk below the repository root is governed by the ignore files above it too
    assert run(capsys, "--show-files", "cables")[1].splitlines() == ["cables/a.txt"]


def test_gitignore_applies_only_inside_a_repository(tmp_path, monkeypatch, capsys):
    write(tmp_path / "plain" / "a.txt")
    write(tmp_path / "plain" / "b.txt")
    write(tmp_path / "plain" / ".gitignore", "a.txt\n")
    write(tmp_path / "plain" / ".ignore", "b.txt\n")
    monkeypatch.chdir(tmp_path / "plain")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    write(tmp_path / "xdg" / "git" / "ignore", "*.txt\n")  # global excludes: for repositories only
    assert run(capsys, "--show-files", "--isolated", ".")[1].splitlines() == ["a.txt"]


def test_global_excludes_apply_in_a_repository(clone, capsys, tmp_path):
    write(tmp_path / "xdg" / "git" / "ignore", "deep/\n")
    assert run(capsys, "--show-files", "cables")[1].splitlines() == ["cables/a.txt"]


@pytest.mark.skipif(GIT is None, reason="needs git to make a worktree")
def test_a_worktree_reads_the_excludes_of_its_repository(tmp_path, monkeypatch, capsys):
    main = tmp_path / "main"
    write(main / "a.txt")
    write(main / "b.txt")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for command in (["init", "-q"], ["add", "."], ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
                    ["worktree", "add", "-q", str(tmp_path / "wt")]):
        subprocess.run(["git", "-C", str(main), *command], check=True, env=env, capture_output=True)
    write(main / ".git" / "info" / "exclude", "b.txt\n")
    monkeypatch.chdir(tmp_path / "wt")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert (tmp_path / "wt" / ".git").is_file()
    assert run(capsys, "--show-files", "--isolated", ".")[1].splitlines() == ["a.txt"]


def test_an_unreadable_ignore_file_is_named_and_skipped(clone, capsys):
    (clone / "notes" / ".ignore").write_bytes(b"private/\n\xff\xfe bad\n")
    code, out, err = run(capsys, "--show-files", "notes")
    assert "notes/private/n.md" in out.splitlines()
    assert "ignore file" in err and ".ignore not read" in err and "its patterns do not apply" in err


def test_a_hostile_ignore_pattern_is_matched_in_linear_time(clone, capsys):
    import time

    name = "a" * 40 + ".md"
    write(clone / "notes" / name)
    write(clone / "notes" / ".ignore", "*a*a*a*a*a*a*a*a*a*a*a*a*c\n")
    start = time.process_time()
    assert "notes/" + name in run(capsys, "--show-files", "notes")[1].splitlines()
    assert time.process_time() - start < 5  # a backtracking matcher takes minutes here


# -- typos in --select / --ignore ------------------------------------------------------------------


@pytest.mark.parametrize("argv, message", [
    (["--select", "FOO-999"], "--select: 'FOO-999' matches no rule (see `markcheck rules`)"),
    (["--ignore", "portion-unmarkd"], "--ignore: 'portion-unmarkd' matches no rule; did you mean 'portion-unmarked'?"),
    (["--select", "ROL,PRO-001"], "--select: 'PRO-001' matches no rule; did you mean 'POR-001'?"),
    (["--select", "POR_001"], "--select: 'POR_001' is not a rule ID, prefix or name"),
])
def test_a_selector_that_selects_nothing_is_refused(clone, capsys, argv, message):
    code, out, err = run(capsys, "check", *argv, "cables/a.txt")
    assert (code, out) == (2, "") and f"markcheck: {message}" in err
    code, out, err = run(capsys, "rules", *argv)
    assert (code, out) == (2, "") and f"markcheck: {message}" in err


def test_valid_selectors_still_run(clone, capsys):
    code, out, _ = run(capsys, "check", "--select", "ROL,portion-unmarked", "--ignore", "MCK-003", "cables/a.txt")
    assert code == 1 and "ROL-001" in out


def test_the_configuration_file_suggests_too(clone, capsys):
    write(clone / ".markcheck.yaml", "ignore: [portion-unmarkd]\n")
    code, _, err = run(capsys, "cables/a.txt")
    assert code == 2 and ".markcheck.yaml:1:10: $.ignore[0]: 'portion-unmarkd' matches no rule; did you mean " \
                         "'portion-unmarked'?" in err


# -- the Python API's walk -------------------------------------------------------------------------


def test_check_paths_takes_one_path_as_a_string(clone, monkeypatch):
    monkeypatch.chdir(clone / "cables")
    results = api.check_paths("deep")  # once walked "d", "e", "e", "p" (and "/" for a "/" in a name)
    assert [r.path for r in results] == ["deep/b.md"]
    assert [r.path for r in api.check_paths(Path("deep"))] == ["deep/b.md"]
    with pytest.raises(TypeError, match="not bytes"):
        api.check_paths(b"deep")
    with pytest.raises(TypeError, match="each path must be a str or os.PathLike, not int"):
        api.check_paths([3])


def test_the_report_checks_what_check_selects(clone, capsys, tmp_path):
    """`markcheck report` takes the files `check` selects, not a second selection of its own."""
    write(clone / ".markcheck.yaml", "exclude: []\n")  # a README is a document here
    code = cli.main(["report", "--today", "2010-01-01", "README.md", "cables/a.txt", "-o", str(tmp_path / "r.html")])
    capsys.readouterr()
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert code == 1 and "README.md" in html and "cables/a.txt" in html


def test_a_walk_that_ignore_files_empty_says_so(clone, capsys):
    code, out, err = run(capsys, "check", "scratch")
    assert (code, out) == (2, "")
    assert "scratch: no file below it is selected" in err and "--no-respect-gitignore walks what they ignore" in err
    assert run(capsys, "--show-files", "--no-respect-gitignore", "scratch")[1] == "scratch/draft.txt\n"


def test_the_api_checks_a_named_file_as_given_and_walks_as_the_cli(clone):
    assert [r.path for r in api.check_paths(["README.md", "cables"])] == ["README.md", "cables/a.txt",
                                                                           "cables/deep/b.md"]
