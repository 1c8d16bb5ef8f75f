"""bench/archive.py at a small size: the archive it builds, the command it times, what it
measures of the processes, and the table BENCHMARKS.md shows (the 1 GB run is not a test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from .conftest import CORPUS

BENCH = Path(__file__).resolve().parents[2] / "bench" / "archive.py"


def test_a_small_run_measures_the_cli_and_its_workers_and_tabulates_it(tmp_path):
    if not (CORPUS / "index.csv").exists():
        pytest.skip("the shared corpus is not beside the repository")
    log = tmp_path / "runs.jsonl"
    done = subprocess.run([sys.executable, str(BENCH), "--limit", "30", "--scales", "3", "--engines", "cli",
                           "--corpus", str(CORPUS), "--work", str(tmp_path / "work"), "--log", str(log)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    run = json.loads(done.stdout.splitlines()[-1])
    assert json.loads(log.read_text()) == run
    built = pq.read_table(tmp_path / "work" / "corpus-30-x3.parquet")
    assert built.num_rows == 90 and len(set(built.column("id").to_pylist())) == 90
    assert run["records"] == 90 and run["engine"] == "cli" and run["scale"] == 3
    assert run["text_mb"] == round(sum(len(t.encode()) for t in built.column("body").to_pylist()) / 1e6, 1)
    # the two --jobs workers were seen, beside the command itself, and their memory at 1× noted
    assert run["workers_seen"] == 2 and run["peak_worker_mb"] > 0 and run["peak_driver_mb"] > 0
    assert 0 < run["peak_worker_mb_at_1x"] <= run["peak_worker_mb"]
    assert run["cpu_s"] >= run["worker_cpu_s"] > 0 and run["load_mean"] is not None
    assert not (tmp_path / "work" / "out-cli-x3").exists()  # results counted, then removed
    table = subprocess.run([sys.executable, str(BENCH), "--table", str(log)], capture_output=True, text=True)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].startswith("| scale | records |") and lines[2].startswith("| 3× | 90 | ")
    assert f"| {run['peak_worker_mb']} | {run['peak_worker_mb_at_1x']} |" in lines[2]
