"""`bench/run.py --quick` writes its report where git does not track it, never BENCHMARKS.md."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def bench_run():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (its dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


def test_a_quick_run_writes_beside_the_record_not_over_it():
    bench = bench_run()
    markdown, raw = bench.destinations(True, None)
    assert markdown != ROOT / "BENCHMARKS.md" and markdown.parent == ROOT / "bench" / "results"
    assert raw.name == "quick.json" and raw.parent == ROOT / "bench" / "results"
    assert bench.destinations(False, None) == (ROOT / "BENCHMARKS.md", ROOT / "bench" / "results" / "latest.json")
    assert bench.destinations(True, "/tmp/mine.md")[0] == Path("/tmp/mine.md")
    assert bench.DEFAULT_EXAMPLE.is_file()  # the cold-start cable ships with the repository


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_quick_results_are_ignored_by_git(tmp_path):
    bench = bench_run()
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "--no-index",
                              *(str(p.relative_to(ROOT)) for p in bench.destinations(True, None))], capture_output=True, text=True)
    assert ignored.returncode == 0 and len(ignored.stdout.split()) == 2, ignored.stderr
