"""The pre-commit hook, run through the real ``pre-commit`` (the ``test`` extra installs it).

``pre-commit try-repo`` clones the hook repository at a commit: only committed files, plus
tracked files with uncommitted changes (staged, or picked up by ``git add -u`` into a shadow
commit); untracked files are invisible to it. So the test does not point try-repo at this
checkout, which may be a clean CI clone or a working tree with new files: it copies the
working tree (minus VCS data, virtualenvs and build output) into a temporary git repository,
commits it, and tries that. The documents live in a second temporary repository, as in a
user's project. ``PRE_COMMIT_HOME`` is a temporary directory, so the hook environment is built
with ``pip install .`` from the copy exactly as a user's pre-commit builds it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")
pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "09USNATO114.txt"  # shipped in the repository
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
SKIP_PARTS = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis",
              ".benchmarks", ".ruff_cache", ".mypy_cache", ".tox", ".nox", "node_modules"}

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(home / "pre-commit-home"), PRE_COMMIT_COLOR="never",
               GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_DATE="2024-01-01T00:00:00", GIT_COMMITTER_DATE="2024-01-01T00:00:00")
    env.pop("GITHUB_ACTIONS", None)
    return env


def _git(cwd: Path, env: dict, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)


def _init_repo(path: Path, env: dict) -> None:
    _git(path, env, "init", "-q")
    _git(path, env, "config", "user.email", "tests@markcheck.invalid")
    _git(path, env, "config", "user.name", "markcheck tests")
    _git(path, env, "config", "commit.gpgsign", "false")


def _commit_all(path: Path, env: dict) -> None:
    _git(path, env, "add", "-A")
    _git(path, env, "commit", "-q", "--no-verify", "-m", "snapshot")


def _ignore(directory: str, names: list[str]) -> set[str]:
    skipped = {n for n in names if n in SKIP_PARTS or n.endswith((".egg-info", ".pyc"))}
    if Path(directory).name == "bench":
        skipped |= {"results"} & set(names)
    return skipped


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    return _env(tmp_path_factory.mktemp("pre-commit"))


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env) -> Path:
    """This working tree as a committed git repository (what try-repo clones)."""
    if not MANIFEST.is_file():
        pytest.fail(f"{MANIFEST} is missing")
    repo = tmp_path_factory.mktemp("hook-repo") / "markcheck"
    shutil.copytree(ROOT, repo, ignore=_ignore)
    _init_repo(repo, env)
    _commit_all(repo, env)
    return repo


@pytest.fixture
def project(tmp_path, env) -> Path:
    """A user's repository of documents."""
    project = tmp_path / "project"
    project.mkdir()
    _init_repo(project, env)
    clean = EXAMPLE.read_text(encoding="utf-8")
    # SECRET portion under the CONFIDENTIAL banner: ROL-001, an error whatever the run date.
    defective = clean.replace("(C/NF)", "(S/NF)", 1)
    assert defective != clean
    (project / "clean.txt").write_text(clean, encoding="utf-8")
    (project / "defective.txt").write_text(defective, encoding="utf-8")
    (project / "README").write_text("SECRET is a word this README uses without being a document.\n")
    _commit_all(project, env)
    return project


def _try_repo(project: Path, hook_repo: Path, env: dict, *files: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "markcheck",
                           "--verbose", "--files", *files],
                          cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False)


def _tree(path: Path) -> set[str]:
    return {str(p.relative_to(path)) for p in path.rglob("*") if ".git" not in p.relative_to(path).parts}


def test_manifest_is_valid_for_pre_commit(env):
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_manifest_declares_the_hook():
    (hook,) = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert hook["id"] == "markcheck" and hook["language"] == "python"
    assert hook["entry"].split()[0] == "markcheck"
    assert "--output" not in hook["entry"] and "-o" not in hook["entry"].split()
    assert hook["types_or"] == ["plain-text", "markdown", "pdf", "binary"]  # .docx is only `binary`
    assert hook["exclude_types"] == ["image"]
    assert hook["require_serial"] is False
    assert hook.get("pass_filenames", True) is True
    assert tuple(int(p) for p in hook["minimum_pre_commit_version"].split(".")) >= (2, 9, 0)  # types_or


@pytest.mark.parametrize(("name", "selected"), [
    ("cables/09USNATO114.txt", True), ("memo.md", True), ("notes.markdown", True), ("CABLE.TXT", True),
    ("README", True),  # identify calls it plain-text: --force-exclude and include keep it out
    ("report.pdf", True), ("report.docx", True),  # identify has no docx tag: it is `binary`
    ("setup.py", False), ("data.json", False), ("report.html", False), ("image.png", False),
])
def test_types_or_selects_text_documents(name, selected):
    identify = pytest.importorskip("identify.identify")
    (hook,) = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    tags = identify.tags_from_filename(name) or {"binary"}  # (an unknown extension: pre-commit reads the file)
    selected_by_hook = bool(tags & set(hook["types_or"])) and not tags & set(hook.get("exclude_types", ()))
    assert selected_by_hook is selected, tags


def test_clean_cable_passes_and_nothing_is_written(project, hook_repo, env):
    before = _tree(project)
    result = _try_repo(project, hook_repo, env, "clean.txt", "README")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "markcheck" in output and "Passed" in output
    assert _tree(project) == before  # the hook writes no report files


def test_defective_cable_fails_with_the_finding(project, hook_repo, env):
    before = _tree(project)
    result = _try_repo(project, hook_repo, env, "clean.txt", "defective.txt")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Failed" in output
    assert "defective.txt:" in output and "ROL-001 [error]" in output
    assert not [line for line in output.splitlines() if line.startswith("clean.txt:") and "[error]" in line]
    assert _tree(project) == before


def test_hook_honours_the_configuration_include_and_exclude(project, hook_repo, env):
    (project / ".markcheck.yaml").write_text('include: ["**/*.txt"]\nexclude: ["defective.txt"]\n',
                                             encoding="utf-8")
    (project / "notes.md").write_text("CONFIDENTIAL\n\nA note, not a document in the include globs.\n")
    _commit_all(project, env)
    result = _try_repo(project, hook_repo, env, "clean.txt", "defective.txt", "notes.md", "README")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "ROL-001" not in output and "notes.md:" not in output


def test_a_commit_with_no_document_passes(project, hook_repo, env):
    """pre-commit hands the hook every staged text file: when none is a document (all outside
    include or in exclude), the hook has nothing to check and passes; only a plain check of
    such paths is an error (exit 2)."""
    (project / ".markcheck.yaml").write_text('exclude: ["notes/"]\n', encoding="utf-8")
    (project / "notes").mkdir()
    (project / "notes" / "todo.md").write_text("SECRET is a word here.\n", encoding="utf-8")
    _commit_all(project, env)
    result = _try_repo(project, hook_repo, env, "README", "notes/todo.md")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Passed" in output and "nothing to check" in output


def test_readme_pre_commit_config_snippet_is_valid(tmp_path, env):
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = next(b for b in re.findall(r"```yaml\n(.*?)\n```", readme, re.DOTALL) if "id: markcheck" in b)
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(snippet + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(config)],
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# --- the README's snippets, as written, against a released clone --------------------------------


@pytest.fixture(scope="module")
def released(hook_repo, env) -> Path:
    """The committed copy tagged by the documented release step (scripts/release.py)."""
    done = subprocess.run([sys.executable, str(hook_repo / "scripts" / "release.py")], cwd=hook_repo, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return hook_repo


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_pre_commit_snippet_runs_as_written_against_a_release(project, released, env):
    import re

    snippet = next(b for b in re.findall(r"```yaml\n(.*?)\n```", _readme(), re.DOTALL) if "id: markcheck" in b)
    url = re.search(r"repo: (\S+)", snippet).group(1)
    (project / ".pre-commit-config.yaml").write_text(snippet.replace(url, str(released), 1) + "\n", encoding="utf-8")
    _commit_all(project, env)
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--files", "clean.txt", "defective.txt",
                             "README"], cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # the rev the snippet names exists, and the hook runs
    assert "defective.txt:" in output and "ROL-001 [error]" in output and "README:" not in output
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--files", "clean.txt", "README"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_ci_pip_lines_install_the_release(released, env, tmp_path):
    """Each recipe's `pip install "markcheck @ git+URL@TAG"`, with URL the released clone:
    the tag it names exists and installs the version it names."""
    import re
    import shlex

    lines = re.findall(r"^\s*-? ?(?:run: )?(pip install \"markcheck @ git\+\S+\")$", _readme(), re.MULTILINE)
    assert len(lines) == 2, lines  # GitHub Actions and GitLab CI
    for number, line in enumerate(lines):
        argv = shlex.split(line)
        url, tag = re.fullmatch(r"markcheck @ git\+(\S+)@(v\S+)", argv[-1]).groups()
        # file://localhost/…: pip's PEP 508 parser wants a host in a VCS URL; git takes localhost
        argv[-1] = f"markcheck @ git+file://localhost{released.as_posix()}@{tag}"
        target = tmp_path / f"site{number}"
        done = subprocess.run([sys.executable, "-m", *argv, "--no-deps", "--quiet", "--target", str(target)],
                              env=env, capture_output=True, text=True, timeout=900, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        version = subprocess.run([sys.executable, "-c", "import markcheck; print(markcheck.__version__)"],
                                 env={**env, "PYTHONPATH": str(target)}, cwd=tmp_path, capture_output=True, text=True)
        assert version.stdout.strip() == tag[1:]
