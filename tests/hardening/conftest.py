"""Shared helpers for the hardening tests: hostile input through the real command line.

`cli` runs ``markcheck.cli.main`` in this process (fast; monkeypatching reaches it) and
`spawn` runs ``python -m markcheck`` as a child process with a strict UTF-8 stdout and a
timeout, for what must be seen from outside: no traceback on the real stderr, no hang on a
pipe or a device, the behaviour of a process that is killed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from markcheck import cli as _cli

from tests.samples import CLEAN_CABLE

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2010-01-01"  # a fixed run date: date-relative rules must not depend on the clock

# A clean 2009 cable (exit 0) ...
CLEAN = CLEAN_CABLE
# ... and the same cable under-classified: ROL-001 and DIS-001 at 5:1, whatever the encoding.
UNDER = CLEAN.replace("NOFORN\nSIPDIS\n", "SIPDIS\n").replace("(C/NF)", "(S/NF)")


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)

    def files(self) -> dict:
        """path -> file entry of a ``--format json`` run."""
        return {entry["path"]: entry for entry in self.json()["files"]}


def assert_no_crash(run: Run) -> None:
    """Diagnostics only: never a traceback, never the CLI's last-resort internal-error message
    (a contained failure names its file or rule instead)."""
    assert "Traceback" not in run.err, run.err
    assert not re.search(r"^markcheck: internal error:", run.err, re.M), run.err


@pytest.fixture
def cli(capsys):
    """``cli("check", path, ...)``: markcheck.cli.main in this process; ``check`` runs get
    ``--isolated`` (unless they name ``--config``) and ``--today 2010-01-01``, so no stray
    configuration file or the clock leaks in."""

    def run(*argv) -> Run:
        argv = [str(a) for a in argv]
        if argv and argv[0] in ("check", "report"):
            if "--config" not in argv and "--isolated" not in argv:
                argv.append("--isolated")
            if "--today" not in argv:
                argv += ["--today", TODAY]
        code = _cli.main(argv)
        out, err = capsys.readouterr()
        result = Run(code, out, err)
        assert_no_crash(result)
        return result

    return run


def spawn(*argv, cwd=None, timeout: float = 120, env: dict | None = None, stdin=subprocess.DEVNULL) -> Run:
    """``python -m markcheck ARGV`` in a child process, stdout strictly UTF-8."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), environment.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    environment["PYTHONIOENCODING"] = "utf-8"  # strict, as under an en_US.UTF-8 locale
    environment.pop("MARKCHECK_TRACEBACK", None)
    environment.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "markcheck", *map(str, argv)], cwd=cwd, env=environment,
                          stdin=stdin, capture_output=True, timeout=timeout)
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path
