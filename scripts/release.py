"""Tag a release: the annotated tag ``v<version>`` on the current commit.

The version is written in one place, ``markcheck/__init__.py`` (``__version__``); the package
metadata reads it from there (pyproject.toml: ``dynamic = ["version"]``), and the README's
pre-commit and CI snippets name the tag ``v<version>``, which a test keeps in step. This script
refuses to tag a working tree with uncommitted changes, a README naming another tag, or a tag
that already exists, so a tag always names the commit whose files say its version.

    python scripts/release.py            # check, then create the tag
    python scripts/release.py --check    # check only
    git push origin v0.1.0               # publish it (pre-commit and pip fetch tags)
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def version() -> str:
    text = (ROOT / "markcheck" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE).group(1)


def readme_refs() -> set[str]:
    """The tags the README's snippets name (``rev: vX`` and ``...git@vX``)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"rev: (v[0-9][^\s#]*)", text)) | set(re.findall(r"\.git@(v[0-9][^\s\"']*)", text))


def git(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=check)


def problems(tag: str) -> list[str]:
    found = []
    refs = readme_refs()
    if refs != {tag}:
        found.append(f"README.md names {', '.join(sorted(refs)) or 'no tag'}, not {tag} alone")
    if git("status", "--porcelain", "--untracked-files=no").stdout.strip():
        found.append("the working tree has uncommitted changes to tracked files")
    if git("rev-parse", "-q", "--verify", f"refs/tags/{tag}", check=False).returncode == 0:
        found.append(f"the tag {tag} exists already (raise __version__ in markcheck/__init__.py first)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check only; create no tag")
    args = parser.parse_args(argv)
    tag = f"v{version()}"
    found = problems(tag)
    for problem in found:
        print(f"release: {problem}", file=sys.stderr)
    if found:
        return 1
    if args.check:
        print(f"release: ready to tag {tag}")
        return 0
    git("tag", "-a", tag, "-m", f"markcheck {version()}")
    print(f"release: tagged {tag} at {git('rev-parse', '--short', 'HEAD').stdout.strip()}; push it with "
          f"`git push origin {tag}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
