"""The corpus as archives gives the findings the plain CLI gives over its files: same ids,
rules, positions, severities and messages. Each engine runs the whole corpus once (the CLI a
CSV, Dask a Parquet file, Spark a zip), and every format (a slice of the corpus as a CSV, a
JSONL, a Parquet file and a zip) runs through every engine."""

from __future__ import annotations

import csv
import json
import zipfile

import pyarrow.parquet as pq
import pytest

from .conftest import TODAY, findings_by_id, markcheck


def _without_catalogue(found: dict) -> dict:
    return {key: [f for f in value if f[0] != "CAT-001"] for key, value in found.items()}


def _results_dir_findings(directory, by_archive: bool = False) -> dict:
    """id -> sorted findings from a directory of Parquet partitions (the tabular rows); keyed
    (archive's name, id) when `by_archive`."""
    import os

    table = pq.read_table(directory).to_pylist()
    out: dict = {}
    for row in table:
        key = row["id"][len("cables/"):-4] if row["id"].startswith("cables/") else row["id"]
        key = (os.path.basename(row["archive"]), key) if by_archive else key
        if row["kind"] == "document":
            out.setdefault(key, [])
        else:
            out.setdefault(key, []).append((row["rule"], row["line"], row["column"], row["end_line"],
                                            row["end_column"], row["severity"], row["message"]))
    return {key: sorted(value) for key, value in out.items()}


def test_the_corpus_as_a_csv_through_the_cli(archives, files_findings, tmp_path):
    out = tmp_path / "csv.json"
    done = markcheck(str(archives / "corpus.csv"), "--text-column", "body", "--id-column", "id",
                     "--metadata-column", "classification", "--format", "json", "--today", TODAY, "--isolated",
                     "-j", "2", "-o", str(out))
    assert done.returncode == 1, done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    found = findings_by_id(report)
    assert len(found) == len(files_findings) == 3000
    assert _without_catalogue(found) == files_findings
    # the catalogue cross-check: a list of disagreements, each at the document's first line
    catalogue = {key for key, value in found.items() if any(f[0] == "CAT-001" for f in value)}
    assert 20 <= len(catalogue) <= 200, len(catalogue)
    entry = next(e for e in report["files"] if e["record"]["id"] in catalogue)
    assert entry["path"] == f"{archives / 'corpus.csv'}#{entry['record']['id']}"
    assert entry["record"]["row"] >= 1 and entry["record"]["member"] is None
    assert "3,000 records" in done.stderr and "records/s" in done.stderr


def _slice(archives, tmp_path, count=240):
    """The first `count` cables as a CSV, a JSONL, a Parquet file and a zip."""
    rows = list(csv.DictReader(open(archives / "corpus.csv", encoding="utf-8", newline="")))[:count]
    with open(tmp_path / "slice.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with open(tmp_path / "slice.jsonl", "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    import pyarrow as pa

    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "slice.parquet", row_group_size=100)
    with zipfile.ZipFile(archives / "corpus.zip") as whole, zipfile.ZipFile(tmp_path / "slice.zip", "w") as part:
        for row in rows:
            part.writestr(f"cables/{row['id']}.txt", whole.read(f"cables/{row['id']}.txt"))
    return [row["id"] for row in rows]


def test_a_jsonl_a_parquet_file_and_a_zip_through_the_cli(archives, files_findings, tmp_path):
    ids = _slice(archives, tmp_path)
    expected = {key: files_findings[key] for key in ids}
    for name, extra in (("slice.jsonl", ["--text-column", "body", "--id-column", "id"]),
                        ("slice.parquet", ["--text-column", "body", "--id-column", "id", "--partition-size", "64"]),
                        ("slice.zip", [])):
        out = tmp_path / f"{name}.json"
        done = markcheck(str(tmp_path / name), *extra, "--format", "json", "--today", TODAY, "--isolated",
                         "-j", "2", "-o", str(out))
        assert done.returncode == 1, (name, done.stderr)
        found = findings_by_id(json.loads(out.read_text(encoding="utf-8")))
        assert found == expected, name


def test_the_corpus_as_parquet_on_dask(archives, files_findings, tmp_path):
    done = markcheck(str(archives / "corpus.parquet"), "--text-column", "body", "--id-column", "id",
                     "--engine", "dask", "--workers", "2", "--results-dir", str(tmp_path / "out"),
                     "--partition-size", "350", "--today", TODAY, "--isolated")
    assert done.returncode == 1, done.stderr
    assert _results_dir_findings(tmp_path / "out") == files_findings


def test_the_corpus_as_a_zip_on_spark(archives, files_findings, tmp_path, java):
    done = markcheck(str(archives / "corpus.zip"), "--engine", "spark", "--master", "local[2]",
                     "--results-dir", str(tmp_path / "out"), "--partition-size", "350", "--today", TODAY,
                     "--isolated")
    assert done.returncode == 1, done.stderr
    assert _results_dir_findings(tmp_path / "out") == files_findings


@pytest.mark.parametrize("engine", ["dask", "spark"])
def test_every_format_on_each_cluster_engine(archives, files_findings, tmp_path, engine, request):
    if engine == "spark":
        request.getfixturevalue("java")
    ids = _slice(archives, tmp_path)
    names = ["slice.csv", "slice.jsonl", "slice.parquet", "slice.zip"]
    done = markcheck(*(str(tmp_path / name) for name in names), "--text-column", "body", "--id-column", "id",
                     "--engine", engine, "--workers", "2", "--results-dir", str(tmp_path / "out"),
                     "--partition-size", "100", "--today", TODAY, "--isolated")
    assert done.returncode == 1, done.stderr
    found = _results_dir_findings(tmp_path / "out", by_archive=True)
    assert found == {(name, key): files_findings[key] for name in names for key in ids}


def test_a_dask_cluster_at_a_scheduler_address(archives, files_findings, tmp_path):
    import subprocess
    import sys
    import time

    ids = _slice(archives, tmp_path, 120)
    where = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    cluster = [subprocess.Popen([*dask, "--scheduler-file", str(where), "--port", "0", "--no-dashboard"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(600):  # the scheduler writes its address when it listens
            if where.exists() and where.stat().st_size:
                break
            time.sleep(0.1)
        cluster.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file",
                                         str(where), "--nworkers", "2", "--nthreads", "1", "--no-dashboard"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        address = json.loads(where.read_text())["address"]
        done = markcheck(str(tmp_path / "slice.parquet"), "--text-column", "body", "--id-column", "id",
                         "--engine", "dask", "--scheduler", address, "--results-dir", str(tmp_path / "out"),
                         "--partition-size", "40", "--today", TODAY, "--isolated")
    finally:
        for process in reversed(cluster):
            process.terminate()
            process.wait(timeout=60)
    assert done.returncode == 1, done.stderr
    assert _results_dir_findings(tmp_path / "out") == {key: files_findings[key] for key in ids}
