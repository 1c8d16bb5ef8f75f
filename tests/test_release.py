"""Releases: the version in one place, the tag the README names made by scripts/release.py, and a
build that warns of nothing and carries the license and the project's metadata."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import markcheck

ROOT = Path(__file__).resolve().parents[1]
SKIP_PARTS = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis", "results"}
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return {**env, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "T",
            "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=git_env()).stdout


def committed_copy(tmp_path: Path) -> Path:
    """This working tree as a fresh repository with one commit (what a clone of a release holds)."""
    repo = tmp_path / "markcheck"
    shutil.copytree(ROOT, repo, ignore=lambda d, names: {n for n in names if n in SKIP_PARTS or n.endswith(".egg-info")})
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "release candidate")
    return repo


def release(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(repo / "scripts" / "release.py"), *args], capture_output=True,
                          text=True, env=git_env())


def test_the_version_is_written_once():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "markcheck.__version__"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    refs = set(re.findall(r"rev: (v\S+)", readme)) | set(re.findall(r"\.git@(v[^\s\"']+)", readme))
    assert refs == {f"v{markcheck.__version__}"}


def test_packaging_metadata():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert {"Repository", "Documentation", "Issues"} <= set(project["urls"])
    assert "Programming Language :: Python :: 3 :: Only" in project["classifiers"]


@needs_git
def test_release_tags_the_version_and_refuses_what_would_mislabel_it(tmp_path):
    repo = committed_copy(tmp_path)
    tag = f"v{markcheck.__version__}"
    assert release(repo, "--check").returncode == 0
    done = release(repo)
    assert done.returncode == 0, done.stderr
    assert git(repo, "cat-file", "-t", tag).strip() == "tag"  # annotated, not a lightweight tag
    assert git(repo, "rev-parse", f"{tag}^{{commit}}") == git(repo, "rev-parse", "HEAD")
    assert f'__version__ = "{markcheck.__version__}"' in git(repo, "show", f"{tag}:markcheck/__init__.py")
    again = release(repo)
    assert again.returncode == 1 and f"the tag {tag} exists already" in again.stderr
    init = repo / "markcheck" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace(markcheck.__version__, "9.9.9"), encoding="utf-8")
    dirty = release(repo, "--check")
    assert dirty.returncode == 1 and "uncommitted changes" in dirty.stderr
    assert f"README.md names {tag}, not v9.9.9 alone" in dirty.stderr


@pytest.mark.xdist_group("checkout-builds")  # builds in the checkout, as the wheel tests do
def test_python_m_build_warns_of_nothing(tmp_path):
    pytest.importorskip("build")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # (setuptools warns of it)
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp_path / "dist"), str(ROOT)],
                          capture_output=True, text=True, env=env, timeout=900)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    warnings = [line for line in output.splitlines() if re.search(r"\bwarning\b|\bdeprecat", line, re.I)]
    assert warnings == [], warnings
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"markcheck-{markcheck.__version__}.dist-info/METADATA").decode()
        assert any(name.endswith(".dist-info/licenses/LICENSE") for name in archive.namelist())
    assert "License-Expression: MIT" in metadata and f"Version: {markcheck.__version__}" in metadata
    assert "Project-URL: Repository," in metadata and "Classifier: Topic :: Security" in metadata
