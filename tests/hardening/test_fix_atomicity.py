"""``--fix`` never loses data: interrupted between writing the temporary file and the rename —
by an error, by Ctrl-C, or by the process being killed outright — the document is byte for byte
what it was, and no temporary file is left behind (a killed run's is removed by the next --fix).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from markcheck import fix

from .conftest import CLEAN, ROOT, UNDER, spawn, write

FIXED_BANNER = "S E C R E T USNATO 000114"


def _temporaries(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(fix.TEMPORARY_SUFFIX))


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # --fix writes only inside the working directory
    return tmp_path


def test_a_failing_rename_leaves_the_document_and_no_temporary(project, cli, monkeypatch):
    doc = write(project / "doc.txt", b"\xff\xfe" + UNDER.encode("utf-16-le"))  # UTF-16 with its BOM
    other = write(project / "other.txt", UNDER)
    before = doc.read_bytes()
    real_replace = os.replace

    def replace(src, dst):
        if str(dst).endswith("doc.txt"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    run = cli("check", "--fix", doc, other)
    assert run.code == 2
    assert f"markcheck: not fixed: {doc}: No space left on device" in run.err
    assert doc.read_bytes() == before
    assert FIXED_BANNER in other.read_text()  # the rest of the run went on
    assert _temporaries(project) == []


def test_ctrl_c_at_the_rename_leaves_the_document_and_no_temporary(project, cli, monkeypatch):
    doc = write(project / "doc.txt", UNDER.replace("\n", "\r\n"))
    before = doc.read_bytes()

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    run = cli("check", "--fix", doc)
    assert run.code == 130 and "interrupted" in run.err
    assert doc.read_bytes() == before
    assert _temporaries(project) == []


KILLER = """\
import os, sys
from markcheck import cli, fix

def killed(src, dst):  # the temporary file is written and synced; die before the rename
    os._exit(9)

os.replace = killed
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX rename semantics")
def test_a_process_killed_before_the_rename_loses_nothing(project):
    doc = write(project / "doc.txt", UNDER)
    before = doc.read_bytes()
    killer = write(project / "killer.py", KILLER)
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, str(killer), "check", "--isolated", "--today", "2010-01-01", "--fix",
                           "doc.txt"], cwd=project, env=environment, capture_output=True, timeout=120)
    assert proc.returncode == 9
    assert doc.read_bytes() == before  # the document is the old one, whole
    (left,) = _temporaries(project)  # the killed process could not clean up its temporary file
    assert left.startswith(".doc.txt.")

    # a young temporary file may belong to a --fix still running: the next run leaves it alone
    run = spawn("check", "--isolated", "--today", "2010-01-01", "--fix", "doc.txt", cwd=project)
    assert FIXED_BANNER in doc.read_text() and _temporaries(project) == [left]
    # an old one is a leftover: the next --fix of that document removes it
    doc.write_bytes(before)
    old = time.time() - fix.STALE_TEMPORARY_SECONDS - 60
    os.utime(project / left, (old, old))
    run = spawn("check", "--isolated", "--today", "2010-01-01", "--fix", "doc.txt", cwd=project)
    assert "Traceback" not in run.err
    assert FIXED_BANNER in doc.read_text()
    assert _temporaries(project) == []


def test_a_clean_document_is_never_rewritten(project, cli):
    doc = write(project / "clean.txt", CLEAN)
    stamp = doc.stat().st_mtime_ns
    run = cli("check", "--fix", doc)
    assert run.code == 0 and doc.stat().st_mtime_ns == stamp and _temporaries(project) == []
