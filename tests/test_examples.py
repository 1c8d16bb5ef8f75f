"""The example documents shipped in examples/ give the output recorded beside them, and the
README's first command runs on them from a fresh checkout."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from markcheck import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.txt"))
TODAY = "2026-12-07"  # the run date the recorded output was made with (DEC-017 counts from it)


def run(capsys, monkeypatch, *argv) -> tuple[int, str, str]:
    monkeypatch.chdir(ROOT)
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_examples_are_a_cable_a_capco_memo_and_a_cui_memo():
    assert NAMES == ["09USNATO114", "capco-memo", "cui-memo"]


@pytest.mark.parametrize("name", NAMES)
def test_check_output_is_the_recorded_one(name, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "check", "--isolated", "--today", TODAY, f"examples/{name}.txt")
    assert out == (EXAMPLES / "expected" / f"{name}.check.out").read_text(encoding="utf-8")
    # stderr: the count of infos not listed and the summary line
    assert code == 0 and err == (EXAMPLES / "expected" / f"{name}.check.err").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_inspect_output_is_the_recorded_one(name, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "inspect", f"examples/{name}.txt")
    expected = (EXAMPLES / "expected" / f"{name}.inspect.out").read_text(encoding="utf-8")
    assert (code, out, err) == (0, expected, "")


def test_what_the_examples_read_as():
    """The recorded outputs say what a reader of each document sees (so they cannot be empty)."""
    cable = (EXAMPLES / "expected" / "09USNATO114.inspect.out").read_text(encoding="utf-8")
    memo = (EXAMPLES / "expected" / "capco-memo.inspect.out").read_text(encoding="utf-8")
    assert "  profile         state_cable\n" in cable and "  classification  CONFIDENTIAL//NOFORN\n" in cable
    assert "  profile         capco\n" in memo and "  classification  SECRET//NOFORN\n" in memo
    assert "  roll-up         SECRET//NOFORN\n" in memo and memo.count("source             ") == 2
    check = (EXAMPLES / "expected" / "09USNATO114.check.out").read_text(encoding="utf-8")
    assert "POR-001 [warning] the SUBJECT line has no portion mark" in check
    cui = (EXAMPLES / "expected" / "cui-memo.inspect.out").read_text(encoding="utf-8")
    assert "  profile         cui\n" in cui and "  classification  UNCLASSIFIED//CUI//SP-EXPT//FEDCON\n" in cui
    assert "  CUI banner top      1:1  CUI: Specified EXPT, LDC FEDCON  'CUI//SP-EXPT//FEDCON'\n" in cui
    assert (EXAMPLES / "expected" / "cui-memo.check.out").read_text(encoding="utf-8") == ""  # a correct memo


def readme_first_command() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"```sh\n(.*?)\n```", text, re.DOTALL).group(1).strip()


def test_the_readmes_first_command_runs_on_the_examples(capsys, monkeypatch):
    """From a clone, with nothing beside it: the command checks the shipped examples."""
    command = readme_first_command()
    steps = [shlex.split(step) for step in command.split("&&")]
    assert steps[0][:3] == ["python3", "-m", "venv"] and steps[1][0] == ".venv/bin/pip"
    markcheck = steps[-1]
    assert markcheck[0] == ".venv/bin/markcheck"
    assert all((ROOT / arg).exists() for arg in markcheck[1:] if not arg.startswith("-"))
    code, out, err = run(capsys, monkeypatch, *markcheck[1:], "--isolated", "--today", TODAY)
    recorded = "".join((EXAMPLES / "expected" / f"{name}.check.out").read_text(encoding="utf-8") for name in NAMES)
    assert (code, out) == (0, recorded)
    assert err.splitlines()[-1].startswith(("Found 0 errors", "All ")), err  # the summary line


def test_the_readmes_excerpts_are_what_markcheck_prints():
    """Every line the README shows of the examples' output (not the elided ones) is printed."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    inspect = re.search(r"\$ markcheck inspect examples/09USNATO114.txt\n(.*?)\n```", text, re.DOTALL).group(1)
    recorded = (EXAMPLES / "expected" / "09USNATO114.inspect.out").read_text(encoding="utf-8").splitlines()
    shown = [line for line in inspect.splitlines() if line.strip() != "…"]
    assert len(shown) >= 8 and all(line in recorded for line in shown), [l for l in shown if l not in recorded]
    check = re.search(r"```sh\n[^`]*markcheck examples/\n```\n\n```\n(.*?)\n```", text, re.DOTALL).group(1)
    recorded = (EXAMPLES / "expected" / "09USNATO114.check.out").read_text(encoding="utf-8").splitlines()
    recorded += (EXAMPLES / "expected" / "09USNATO114.check.err").read_text(encoding="utf-8").splitlines()
    for line in check.splitlines():
        assert any(full.startswith(line.rstrip("…").rstrip()) for full in recorded), line


@pytest.mark.xdist_group("checkout-builds")  # copies the checkout: not while a build writes into it
def test_markcheck_dot_in_a_fresh_clone_checks_only_the_documents(tmp_path, capsys, monkeypatch):
    """A clone with a virtual environment and build output: `markcheck .` checks the examples."""
    import shutil

    clone = tmp_path / "markcheck"
    shutil.copytree(ROOT, clone, ignore=lambda d, names: {n for n in names if n in {".git", ".venv", "build"}})
    (clone / ".git").mkdir()
    for rel in (".venv/lib/python3.12/site-packages/pkg/LICENSE.txt", ".venv/lib/python3.12/site-packages/x.md",
                "build/lib/markcheck/rules/notes.md", "dist/README.txt"):
        (clone / rel).parent.mkdir(parents=True, exist_ok=True)
        (clone / rel).write_text("not a document\n", encoding="utf-8")
    monkeypatch.chdir(clone)
    assert cli.main(["--show-files", "."]) == 0
    assert capsys.readouterr().out.splitlines() == [f"examples/{name}.txt" for name in NAMES]
    assert cli.main(["check", "--today", TODAY, "."]) == 0
