"""Parallel checking (`--jobs`): the same report, in the same order, whatever the worker count.

Behaviour only: nothing here measures time (the benchmark in bench/ does that, never as a gate).
"""

from __future__ import annotations

import datetime
import gc
import json
import pickle
import sys
from pathlib import Path

import pytest

from markcheck import cli
from markcheck.api import check_paths
from markcheck.config import Config
from markcheck.runner import SERIAL_BELOW, check_files, cpu_count, effective_jobs, iter_results

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
TODAY = "2026-11-27"


def _cables(count: int) -> list[str]:
    """`count` real cables spread over the corpus (every n-th by name, no document picked by ID)."""
    names = sorted(CORPUS.glob("*.txt"))
    if len(names) < count:
        pytest.skip(f"real-cable corpus not found at {CORPUS}")
    step = len(names) // count
    return [str(p) for p in names[::step][:count]]


def _run(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["--format", "json", "--today", TODAY, *args])
    return code, capsys.readouterr().out


def test_jobs_2_report_equals_jobs_1_on_real_cables(capsys):
    cables = _cables(12)
    serial_code, serial = _run(capsys, "--jobs", "1", *cables)
    parallel_code, parallel = _run(capsys, "--jobs", "2", *cables)
    assert parallel == serial
    assert parallel_code == serial_code
    assert [f["path"] for f in json.loads(parallel)["files"]] == cables  # input order


def test_default_jobs_report_equals_jobs_1_on_a_directory(capsys, tmp_path):
    for cable in _cables(SERIAL_BELOW + 4):  # enough files for the default to use every CPU
        (tmp_path / Path(cable).name).write_bytes(Path(cable).read_bytes())
    assert _run(capsys, str(tmp_path)) == _run(capsys, "--jobs", "1", str(tmp_path))


def test_unreadable_and_failing_files_cross_the_process_boundary(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("SECRET\n\n1. (S) Text.\n\nSECRET\n", encoding="utf-8")
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01binary")
    missing = str(tmp_path / "missing.txt")
    paths = [str(good), str(binary), missing, str(good)]
    config = Config(today=datetime.date(2026, 11, 27))
    serial = check_paths(paths, config=config, jobs=1)
    parallel = check_files(paths, config, jobs=2)
    assert parallel == serial
    assert [r.path for r in parallel] == paths
    assert [f.rule for f in parallel[1].findings] == ["MCK-002"]
    assert pickle.loads(pickle.dumps(parallel)) == parallel


def test_with_other_threads_alive_workers_are_spawned_not_forked(capsys):
    import threading

    cables = _cables(4)
    serial = check_files(cables, Config(today=datetime.date(2026, 11, 27)), jobs=1)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert check_files(cables, Config(today=datetime.date(2026, 11, 27)), jobs=2) == serial
    finally:
        stop.set()
        thread.join()


def test_results_can_be_consumed_as_they_come():
    cables = _cables(6)
    config = Config(today=datetime.date(2026, 11, 27))
    assert list(iter_results(cables, config, jobs=2)) == check_files(cables, config, jobs=1)


@pytest.mark.parametrize(("jobs", "files", "expected"), [
    (1, 1000, 1),
    (3, 2, 2),  # never more workers than files
    (4, 1, 1),
    (0, SERIAL_BELOW - 1, 1),  # a pre-commit sized run stays in one process
    (None, 3, 1),
])
def test_effective_jobs(jobs, files, expected):
    assert effective_jobs(jobs, files) == expected


def test_default_jobs_for_a_large_run_is_the_cpu_count():
    assert effective_jobs(0, 10_000) == cpu_count()


@pytest.mark.parametrize("value", ["-1", "two"])
def test_a_bad_jobs_value_is_a_usage_error(capsys, value):
    assert cli.main(["check", "--jobs", value, "x.txt"]) == 2
    assert "--jobs" in capsys.readouterr().err


_DIES_ON_ONE_FILE = """
import os, sys
from markcheck import cli, runner

parent, real = os.getpid(), runner._check_one

def dies_on_c17(path):
    if path.endswith("c17.txt") and os.getpid() != parent:
        os._exit(9)  # no exception, no clean-up: the worker process is gone, as a kill leaves it
    return real(path)

runner._check_one = dies_on_c17
sys.exit(cli.main(["--format", "json", "--today", "2026-11-27", "--isolated", "--jobs", "2", sys.argv[1]]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers inherit the patch by fork")
def test_a_worker_that_dies_costs_only_its_file(tmp_path):
    """A worker killed outright does not end the run: that file gets an MCK-001 finding saying
    what happened, every other file its own result, in order, and the run exits 2. (In a fresh
    process: the workers must be forked from the one whose check function dies on one file.)"""
    import subprocess

    from tests.samples import CLEAN_CABLE

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"c{i:02}.txt").write_text(CLEAN_CABLE, encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", _DIES_ON_ONE_FILE, str(folder)], capture_output=True,
                         text=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert run.returncode == 2, run.stderr
    files = json.loads(run.stdout)["files"]
    assert [Path(f["path"]).name for f in files] == [f"c{i:02}.txt" for i in range(60)]
    died = [f for f in files if f["findings"] and f["findings"][0]["rule"] == "MCK-001"]
    assert [Path(f["path"]).name for f in died] == ["c17.txt"]
    assert "worker process checking this file died" in died[0]["findings"][0]["message"]
    assert all(f["findings"] == files[0]["findings"] for f in files if f not in died)


_ENDS_ON_ONE_FILE = """
import os, signal, sys
from markcheck import cli, runner

# Ctrl-C raises KeyboardInterrupt, as in a command started from a terminal. Python installs that
# handler only when SIGINT is not ignored at start, and a shell without job control starts its
# background commands (`pytest … &` in a script) with SIGINT ignored, which this process inherits.
signal.signal(signal.SIGINT, signal.default_int_handler)
parent, real, how = os.getpid(), runner._check_one, sys.argv[2]

def ends_on_c17(path):
    if path.endswith("c17.txt") and os.getpid() != parent:
        if how == "exit0":
            os._exit(0)  # a worker that ends without an error status, its chunk unfinished
        if how == "interrupt":
            os.kill(parent, signal.SIGINT)  # Ctrl-C, as the parent sees it
        if how == "raise":
            raise MemoryError("out of memory in a check")
    return real(path)

runner._check_one = ends_on_c17
if how == "close":  # a caller that stops taking results (a pipe closed downstream)
    results = runner.iter_results(sorted(os.path.join(sys.argv[1], n) for n in os.listdir(sys.argv[1])), None, 2)
    next(results)
    results.close()
    code = 0
else:
    report = ["-o", os.path.join(os.path.dirname(sys.argv[1]), "report.json")] if how == "interrupt" else []
    code = cli.main(["--format", "json", "--today", "2026-11-27", "--isolated", "--jobs", "2", *report, sys.argv[1]])
try:
    os.waitpid(-1, os.WNOHANG)
    print("a worker process is left", file=sys.stderr)
except ChildProcessError:  # every worker has ended and been waited for
    pass
sys.exit(code)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers inherit the patch by fork")
@pytest.mark.parametrize("how", ["exit0", "interrupt", "raise", "close"])
def test_a_worker_that_ends_early_or_an_interrupted_run_leaves_no_worker(tmp_path, how):
    """A worker that exits without a failing status before it has sent its chunk still costs only
    its file; Ctrl-C ends the run with 130 and leaves no report, not even a part of one in a
    temporary file; an error that escapes a check ends it with 2, and a caller may stop taking
    results: each time every worker process is ended and waited for.

    The worker that interrupts sends SIGINT from inside its chunk, so the pool is running and
    the run cannot end before the parent handles the signal: no timing decides the outcome."""
    import subprocess

    from tests.samples import CLEAN_CABLE

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"c{i:02}.txt").write_text(CLEAN_CABLE, encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", _ENDS_ON_ONE_FILE, str(folder), how], capture_output=True,
                         text=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert "worker process is left" not in run.stderr
    if how == "exit0":
        assert run.returncode == 2, run.stderr
        files = json.loads(run.stdout)["files"]
        assert len(files) == 60
        died = [Path(f["path"]).name for f in files if f["findings"] and f["findings"][0]["rule"] == "MCK-001"]
        assert died == ["c17.txt"]
    elif how == "interrupt":
        assert run.returncode == 130 and "interrupted" in run.stderr, run.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["many"]  # no report.json, no .report.json.*.tmp
    elif how == "raise":
        assert run.returncode == 2 and "MemoryError" in run.stderr
    else:
        assert run.returncode == 0, run.stderr



@pytest.mark.parametrize(("files", "workers", "chunk"), [(3001, 2, 32), (60, 2, 3), (5, 1, 1), (1, 4, 32), (0, 2, 32)])
def test_chunks_cover_every_file_once_and_shrink_towards_the_end(files, workers, chunk):
    from markcheck.runner import _chunk_bounds

    bounds = _chunk_bounds(files, workers, chunk)
    sizes = [end - start for start, end in zip(bounds, bounds[1:])]
    assert bounds[0] == 0 and bounds[-1] == files and all(0 < size <= chunk for size in sizes)
    assert sizes == sorted(sizes, reverse=True)  # the workers run out of work together


def test_a_process_with_many_files_open_can_run_a_pool():
    """The parent watches its workers' pipes with poll(), which takes any descriptor; select()
    refuses those above 1023, as a host application with many files open would have."""
    import os
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2048:
        pytest.skip("cannot open more than 1,024 files here")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 2048), hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        cables = _cables(SERIAL_BELOW + 4)
        config = Config(today=datetime.date(2026, 11, 27))
        assert check_files(cables, config, jobs=2) == check_files(cables, config, jobs=1)
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
@pytest.mark.parametrize("collecting", [True, False])
def test_a_forked_pool_leaves_the_collector_as_it_found_it(collecting):
    """The warm-up runs without the cyclic collector; a caller's choice is restored after it."""
    cables = _cables(4)
    config = Config(today=datetime.date.fromisoformat(TODAY))
    was = gc.isenabled()
    try:
        gc.enable() if collecting else gc.disable()
        assert len(check_files(cables, config, jobs=2)) == 4
        assert gc.isenabled() is collecting
    finally:
        gc.enable() if was else gc.disable()


def test_the_command_writes_its_whole_report_and_exit_code_before_it_ends(tmp_path, capsys):
    """`python -m markcheck` writes the whole report, through a pipe and to --output, with the
    forked workers' results, and exits with main()'s code."""
    import os
    import subprocess

    cables = _cables(60)  # enough for the forked workers
    code, expected = _run(capsys, *cables)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    command = [sys.executable, "-m", "markcheck", "--format", "json", "--today", TODAY]
    piped = subprocess.run([*command, *cables], capture_output=True, text=True, env=env, check=False)
    assert (piped.returncode, piped.stdout) == (code, expected), piped.stderr
    report = tmp_path / "report.json"
    written = subprocess.run([*command, "--output", str(report), *cables], capture_output=True, text=True, env=env,
                             check=False)
    assert (written.returncode, report.read_text(encoding="utf-8")) == (code, expected), written.stderr
