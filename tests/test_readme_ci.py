"""The README's CI recipes and the hook's --force-exclude, run as a user would run them."""

from __future__ import annotations

import json
import re
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from markcheck import cli

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
EXAMPLE = ROOT / "examples" / "09USNATO114.txt"  # shipped in the repository


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)\n```", README.read_text(encoding="utf-8"), re.DOTALL)


def _block(marker: str) -> str:
    """The README's YAML snippet that contains `marker` (there is exactly one)."""
    (block,) = [b for b in _yaml_blocks() if marker in b]
    return block


def _recipe_commands() -> list[str]:
    """Every `markcheck --…` command in the README's CI recipes (YAML run/script lines)."""
    commands = []
    for block in (_block("upload-sarif"), _block("codequality")):
        for match in re.finditer(r"^\s*(?:- |run: )+(markcheck .*)$", block, re.MULTILINE):
            commands.append(match.group(1).strip())
    return commands


def test_readme_yaml_snippets_parse():
    for block in _yaml_blocks():
        yaml.safe_load(block)
    precommit = yaml.safe_load(_block("id: markcheck"))
    github = yaml.safe_load(_block("upload-sarif"))
    gitlab = yaml.safe_load(_block("codequality"))
    assert precommit["repos"][0]["hooks"][0]["id"] == "markcheck"
    steps = github["jobs"]["markcheck"]["steps"]
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == "markcheck.sarif" and upload["if"] == "always()"
    assert github["permissions"]["security-events"] == "write"
    reports = gitlab["markcheck"]["artifacts"]["reports"]
    assert reports == {"codequality": "gl-code-quality-report.json", "junit": "markcheck-junit.xml"}
    assert gitlab["markcheck"]["artifacts"]["when"] == "always"


def test_readme_ci_commands_run_and_write_what_the_recipes_upload(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "cables").mkdir()
    clean = EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "cables" / "09USNATO114.txt").write_text(clean, encoding="utf-8")
    (tmp_path / "cables" / "memo.txt").write_text(clean.replace("(C/NF)", "(S/NF)", 1), encoding="utf-8")
    commands = _recipe_commands()
    assert len(commands) == 4, commands
    codes = {}
    for command in commands:
        argv = shlex.split(command)[1:]
        codes[command] = cli.main([*argv, "--today", "2010-01-01", "--isolated"])
        out, _ = capsys.readouterr()
        if "--format github" in command:
            assert out.startswith("::") and "::error file=cables/memo.txt,line=20,col=1," in out
    for command, code in codes.items():
        assert code == (0 if "--exit-zero" in command else 1), command
    sarif = json.loads((tmp_path / "markcheck.sarif").read_text(encoding="utf-8"))
    assert any(r["ruleId"] == "ROL-001" for r in sarif["runs"][0]["results"])
    quality = json.loads((tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert {"path": "cables/memo.txt", "lines": {"begin": 20, "end": 20}} in [i["location"] for i in quality]
    junit = ET.parse(tmp_path / "markcheck-junit.xml").getroot()
    assert junit.get("failures") == "1"


# --- --force-exclude: the include/exclude globs applied to named files (the hook's entry) ----------


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # the configuration search stops at the repository root
    (tmp_path / "cables").mkdir()
    under = ("O 201552Z MAR 09\n\nC O N F I D E N T I A L\n\nE.O. 12958: DECL: 03/20/2019\nTAGS: PREL\n"
             "SUBJECT: (C) TEST\n\nClassified By: A B, for reasons 1.4 (d)\n\n1. (S) Secret text.\n")
    (tmp_path / "cables" / "under.txt").write_text(under, encoding="utf-8")
    (tmp_path / "skip.txt").write_text(under, encoding="utf-8")
    (tmp_path / "README").write_text("SECRET\n\nnot a document\n", encoding="utf-8")
    (tmp_path / "MEMO").write_text("SECRET\n\na document without a suffix\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("CONFIDENTIAL\n\nnot a document\n", encoding="utf-8")
    return tmp_path


def _check(capsys, *argv):
    code = cli.main(["check", *argv, "--today", "2010-01-01"])
    out, _ = capsys.readouterr()
    return code, sorted({line.split(":", 1)[0] for line in out.splitlines()})


def test_named_files_are_checked_without_force_exclude(project, capsys):
    code, paths = _check(capsys, "MEMO", "notes.md", "cables/under.txt")
    assert code == 1 and paths == ["MEMO", "cables/under.txt", "notes.md"]
    # an exclude glob applies to named files, the default one too: a README is no document
    code, paths = _check(capsys, "README", "notes.md")
    assert code == 1 and paths == ["notes.md"]


def test_force_exclude_applies_the_default_include_globs(project, capsys):
    code, paths = _check(capsys, "--force-exclude", "README", "notes.md", "cables/under.txt")
    assert code == 1 and paths == ["cables/under.txt", "notes.md"]  # README matches no *.txt/*.md


def test_force_exclude_applies_the_configured_include_and_exclude(project, capsys):
    (project / ".markcheck.yaml").write_text('include: ["cables/**/*.txt", "*.txt"]\nexclude: ["skip.txt"]\n',
                                             encoding="utf-8")
    code, paths = _check(capsys, "--force-exclude", "README", "notes.md", "skip.txt", "cables/under.txt")
    assert code == 1 and paths == ["cables/under.txt"]
    code, paths = _check(capsys, "--force-exclude", "README", "notes.md", "skip.txt")
    assert (code, paths) == (0, [])


def test_readme_example_configuration_works_as_copied(tmp_path, monkeypatch, capsys):
    """The Configuration section's file, copied as it stands into a repository of documents."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".markcheck.yaml").write_text(_block("# .markcheck.yaml") + "\n", encoding="utf-8")
    for rel in ("cables/09USNATO114.txt", "legacy/old.txt", "drafts/draft.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MARKCHECK_CACHE_DIR", str(tmp_path / "cache"))
    code = cli.main(["--show-settings"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "") and "config file: " + str(tmp_path / ".markcheck.yaml") in out
    code = cli.main(["--show-files", "."])
    assert capsys.readouterr().out.splitlines() == ["cables/09USNATO114.txt", "legacy/old.txt"]  # extend-exclude
    code = cli.main(["check", "--today", "2010-01-01", "--format", "json", "."])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert [s["reason"] for s in data["suppressed"]] == ["Cables before 1995 keep their original portion marks"]


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_readme_links_resolve():
    """Every link of the README leads somewhere: files of the repository, headings of the README;
    the rule reference is linked near the top, where a new user reads."""
    text = README.read_text(encoding="utf-8")
    anchors = {_anchor(h) for h in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links
    for link in links:
        if link.startswith("#"):
            assert link[1:] in anchors, link
        elif not re.match(r"[a-z]+://", link):
            assert (ROOT / link.split("#")[0]).exists(), link
    assert text.index("](docs/rules.md)") < text.index("## What markcheck reads")
