"""A run stopped early ends, its workers with it: the output gone (the job that read stderr was
killed) and a SIGTERM during the clean-up must not leave the command waiting for its workers."""

from __future__ import annotations

import subprocess
import sys

import psutil

from .conftest import TODAY

# markcheck as a batch job whose log reader died: the second progress update finds stderr gone
# (BrokenPipeError), and the scheduler's SIGTERM follows while the run shuts down
STOPPED_EARLY = """
import os, signal, sys, threading
from markcheck.archive import progress

updates = 0
update = progress.Meter.add

def add(self, *args, **kwargs):
    global updates
    updates += 1
    if updates == 2:
        threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGTERM)).start()
        raise BrokenPipeError(32, "Broken pipe")
    return update(self, *args, **kwargs)

progress.Meter.add = add
from markcheck.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _processes_reading(path) -> list:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if any(str(path) in part for part in process.info["cmdline"] or ()):
            found.append(process)
    return found


def test_a_run_stopped_early_ends_with_its_workers(archives, tmp_path):
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-c", STOPPED_EARLY, str(archives / "corpus.parquet"), "--text-column",
                            "body", "--id-column", "id", "--results-dir", str(out), "--partition-size", "100",
                            "--jobs", "2", "--today", TODAY, "--isolated"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _, stderr = run.communicate(timeout=300)  # not a speed bound: before the fix it never ended
    except subprocess.TimeoutExpired:
        for process in [run, *psutil.Process(run.pid).children(recursive=True)]:
            process.kill()
        raise AssertionError("the stopped run was still waiting for its workers after 300 s") from None
    assert run.returncode in (1, 143, -15), stderr
    assert "Traceback" not in stderr
    assert _processes_reading(archives / "corpus.parquet") == []
    # what it finished is kept; what it was writing is left as temporary files the next run removes
    assert any(path.name.startswith("part-") for path in out.iterdir())
