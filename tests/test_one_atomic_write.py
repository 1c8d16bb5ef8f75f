"""One atomic-write helper: only `markcheck.atomicwrite` makes temporary files and renames them
over a target; every other writer (``-o``, the baseline, the HTML report, ``--fix``, the cache)
goes through it, so its guarantees (fsync, signals held, no temporary file left) hold for all."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "markcheck"
RENAMING = re.compile(r"\bos\.(?:replace|rename)\(|\bmkstemp\(|NamedTemporaryFile\(|\.rename\(|\.replace\(\s*target")


def test_only_atomicwrite_renames_files_into_place():
    offenders = [f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
                 for path in sorted(PACKAGE.rglob("*.py")) if path.name != "atomicwrite.py"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if RENAMING.search(line)]
    assert offenders == []
