"""Results as Parquet partitions: a run that was interrupted is resumed, partition by partition."""

from __future__ import annotations

import json
import os

import pyarrow as pa
import pyarrow.parquet as pq

from markcheck.api import check_text

from .conftest import markcheck

CABLE = "SECRET\nO 201552Z MAR 09\n1. (C) A paragraph.\n"


def _archive(tmp_path, count=60):
    rows = [{"id": f"D{n:03d}", "body": CABLE if n % 7 else CABLE.replace("(C)", "(TS)")} for n in range(count)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "a.parquet", row_group_size=25)
    return tmp_path / "a.parquet"


def _run(archive, out, *extra):
    return markcheck(str(archive), "--text-column", "body", "--id-column", "id", "--results-dir", str(out),
                     "--partition-size", "10", "--isolated", "--today", "2026-12-07", "-j", "2", *extra)


def _documents(out) -> list:
    table = pq.read_table(out).to_pylist()
    return sorted((r["id"], r["errors"]) for r in table if r["kind"] == "document")


def test_an_interrupted_run_is_resumed_by_partition(tmp_path):
    archive, out = _archive(tmp_path), tmp_path / "out"
    first = _run(archive, out)
    assert first.returncode == 1, first.stderr
    parts = sorted(os.listdir(out))
    assert len(parts) == 7  # row groups of 25: 10 + 10 + 5, three times, then the last 10 rows
    whole = _documents(out)
    assert len(whole) == 60
    # an interruption: one partition never written, one cut short, a temporary file left behind
    os.unlink(out / parts[1])
    data = (out / parts[4]).read_bytes()
    (out / parts[4]).write_bytes(data[: len(data) // 2])
    (out / f".{parts[5]}.x1y2.parquet.tmp").write_bytes(data[:100])
    kept = {name: os.stat(out / name).st_ino for name in parts if name not in (parts[1], parts[4])}
    second = _run(archive, out)
    assert second.returncode == 1, second.stderr  # the whole archive's verdict, skipped partitions included
    assert "markcheck: 20 records (" in second.stderr  # the two partitions checked again
    assert "40 records of partitions already written were skipped" in second.stderr
    assert {name: os.stat(out / name).st_ino for name in kept} == kept  # not rewritten
    assert sorted(os.listdir(out)) == parts  # the temporary file of the interrupted run is gone
    assert _documents(out) == whole


def test_a_partition_from_other_settings_is_checked_again(tmp_path):
    archive, out = _archive(tmp_path, 20), tmp_path / "out"
    assert _run(archive, out).returncode == 1
    again = _run(archive, out, "--select", "ROL")  # other rules: nothing written stands for this run
    assert "skipped" not in again.stderr
    table = pq.read_table(out).to_pylist()
    assert {r["rule"] for r in table if r["kind"] == "finding"} <= {"ROL-001", "ROL-002", "ROL-003", "ROL-004"}
    meta = json.loads(pq.read_metadata(next(out.glob("part-*.parquet"))).metadata[b"markcheck.partition"])
    assert meta["records"] == 10 and meta["first_row"] in (1, 11)


def test_partition_results_are_the_records_findings(tmp_path):
    archive, out = _archive(tmp_path, 14), tmp_path / "out"
    assert _run(archive, out).returncode == 1
    rows = [r for r in pq.read_table(out).to_pylist() if r["kind"] == "finding" and r["id"] == "D007"]
    expected = check_text(CABLE.replace("(C)", "(TS)")).findings
    assert [(r["rule"], r["line"], r["column"], r["message"]) for r in rows] == \
        [(f.rule, f.line, f.column, f.message) for f in expected]


def test_a_run_killed_midway_is_finished_by_the_next_one(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    archive, out = _archive(tmp_path, 1500), tmp_path / "out"
    args = [sys.executable, "-m", "markcheck", str(archive), "--text-column", "body", "--id-column", "id",
            "--results-dir", str(out), "--partition-size", "10", "--isolated", "--today", "2026-12-07", "-j", "2"]
    run = subprocess.Popen(args, stderr=subprocess.PIPE, text=True)
    while len(list(out.glob("part-*.parquet")) if out.exists() else []) < 5 and run.poll() is None:
        time.sleep(0.05)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 128 + signal.SIGTERM, err  # stopped before the end
    parts = list(out.glob("part-*.parquet"))
    assert 5 <= len(parts) < 180
    written = sum(json.loads(pq.read_metadata(p).metadata[b"markcheck.partition"])["records"] for p in parts)
    second = _run(archive, out)
    assert second.returncode == 1, second.stderr
    assert f"{written:,} records of partitions already written were skipped" in second.stderr
    assert len(_documents(out)) == 1500 and not list(out.glob(".*.tmp"))


def test_the_rule_pack_is_loaded_once_per_worker_not_per_partition_or_record(tmp_path, monkeypatch):
    from markcheck import runner
    from markcheck.archive import partitions
    from markcheck.archive.readers import plan
    from markcheck.archive.records import Columns
    from markcheck.config import Config

    loads = []
    monkeypatch.setattr(partitions, "_WARM", set())  # a fresh worker process
    monkeypatch.setattr(runner, "warm_up", lambda config: loads.append(config))
    archive, columns, config = _archive(tmp_path, 30), Columns(text="body", id="id"), Config()
    tasks = [partitions.Task(p, columns, config, str(tmp_path / "out"), 0,
                             partitions.stamp(str(archive), columns, config, p)) for p in plan(str(archive), columns, 10)]
    stats = [partitions.run_partition(task) for task in tasks]
    assert sum(s.records for s in stats) == 30 and len(stats) == 4  # row groups of 25: 10, 10, 5, 5
    assert len(loads) == 1
