"""A run that is told to stop, or cannot start its workers, still ends cleanly: SIGTERM cleans
up as Ctrl-C does, and a failed fork means fewer workers (or none), never a broken report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from markcheck import runner

from .conftest import CLEAN, ROOT, UNDER, write


def test_sigterm_during_output_removes_the_temporary_file_and_exits_143(tmp_path):
    """SIGTERM while ``-o out.json`` is being written: no ``.out.json.*.tmp`` is left, no
    out.json appears, and the exit code is 128 + SIGTERM, as for any program the signal ends."""
    slow = "O 201552Z MAR 09\n\nSECRET\n\n" + "SECRET\n" * 300_000  # a few seconds of checking each
    paths = [write(tmp_path / "docs" / f"{i}.txt", slow) for i in range(6)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "markcheck", "--isolated", "--jobs", "1", "--format", "json",
                             "-o", str(tmp_path / "out.json"), *map(str, paths)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.json.*.tmp")):  # the report is being written
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert b"markcheck: terminated" in err and b"Traceback" not in err, err
    assert list(tmp_path.glob(".out.json.*")) == [] and not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("forks", [0, 1])
def test_a_failed_fork_means_fewer_workers_and_a_complete_report(tmp_path, cli, monkeypatch, forks):
    """os.fork failing (RLIMIT_NPROC, no memory) after `forks` workers started: one warning on
    stderr, every file's result in the JSON report, in order, as a serial run gives it."""
    paths = [write(tmp_path / f"{i:02d}.txt", CLEAN if i % 2 else UNDER) for i in range(12)]
    serial = cli("check", "--format", "json", "--jobs", "1", *paths)
    real_fork, started = os.fork, []

    def fork():
        if len(started) >= forks:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        started.append(1)
        return real_fork()

    monkeypatch.setattr(runner.os, "fork", fork)
    monkeypatch.setattr(runner, "_FORK_FAILED", False)
    run = cli("check", "--format", "json", "--jobs", "3", *paths)
    assert (run.code, run.json()) == (serial.code, serial.json())
    assert run.err.count("markcheck: warning: cannot start a worker process") == 1, run.err
    assert ("checking in this process" if forks == 0 else "checking with 1 worker") in run.err


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signals cannot be held here")
def test_sigterm_just_after_the_temporary_file_is_created_leaves_no_temporary_file(tmp_path, monkeypatch):
    """The signal arrives the moment mkstemp has made the file (what a busy machine makes of the
    test above now and then): it is handled where the file is removed, not before."""
    import tempfile

    from markcheck import cli, output

    real_mkstemp = tempfile.mkstemp

    def mkstemp_then_sigterm(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        signal.raise_signal(signal.SIGTERM)
        return made

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_sigterm)
    previous = cli._raise_on_sigterm()
    try:
        with pytest.raises(cli.Terminated):
            output.write_atomic(str(tmp_path / "out.json"), "{}\n")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert list(tmp_path.iterdir()) == []
