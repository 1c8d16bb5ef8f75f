"""The command ends with the interpreter's normal exit: tools that wrap it (cProfile, coverage)
write what they recorded, atexit handlers run, and the exit codes stay 0, 1 and 2."""

from __future__ import annotations

import os
import pstats
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT.parent / "shared" / "examples" / "09USNATO114.txt"
CLEAN = """\
UNCLASSIFIED
E.O. 12958: N/A
TAGS: PREL
SUBJECT: A TEST
1. (U) Nothing secret here.
"""
SECRET_UNDER_UNCLASSIFIED = CLEAN.replace("(U) Nothing secret here.", "(S) A secret under a lower banner.")


def _python(*argv, cwd: Path) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    environment.pop("MARKCHECK_TRACEBACK", None)
    return subprocess.run([sys.executable, *map(str, argv)], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_cprofile_writes_the_profile_of_a_run(tmp_path):
    profile = tmp_path / "run.prof"
    run = _python("-m", "cProfile", "-o", profile, "-m", "markcheck", "check", "--isolated",
                  "--today", "2026-12-07", "--format", "json", EXAMPLE, cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    assert '"path"' in run.stdout  # the report was written, and flushed
    assert profile.exists(), "the run ended before cProfile could write its profile"
    called = {name for (_, _, name) in pstats.Stats(str(profile)).stats}
    assert "build_document" in called


def test_atexit_handlers_run_and_the_exit_code_is_kept(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(SECRET_UNDER_UNCLASSIFIED, encoding="utf-8")
    program = ("import atexit, sys; atexit.register(lambda: print('atexit ran', file=sys.stderr)); "
               "from markcheck.cli import run; run()")
    for argv, code in ((["check", "--isolated", "--today", "2010-01-01", clean], 0),
                       (["check", "--isolated", "--today", "2010-01-01", wrong], 1),
                       (["check", "--no-such-flag", clean], 2)):
        run = _python("-c", program, *argv, cwd=tmp_path)
        assert run.returncode == code, (argv, run.stdout, run.stderr)
        assert run.stderr.endswith("atexit ran\n"), run.stderr
