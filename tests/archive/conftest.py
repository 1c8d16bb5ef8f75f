"""The shared corpus as the archives records offices hold: a CSV, a JSONL, a Parquet file and a
zip of index.csv's rows with each cable's text, built once per test session in a tmp dir; the
plain CLI's findings over the files to compare them with."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
TODAY = "2026-12-07"
COLUMNS = ["id", "date", "classification", "body"]


def corpus_rows() -> list[dict]:
    rows = []
    with open(CORPUS / "index.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = (CORPUS / f"{row['id']}.txt").read_bytes().decode("utf-8")
            rows.append({"id": row["id"], "date": row["date"], "classification": row["metadata_classification"],
                         "body": text})
    return rows


def markcheck(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "markcheck", *args], capture_output=True, text=True, cwd=cwd)


def findings_by_id(report: dict) -> dict:
    """id -> sorted (rule, line, column, end_line, end_column, severity, message) of a JSON
    report of files (the id is the file's stem) or of records (the id is the record's)."""
    out = {}
    for entry in report["files"]:
        key = entry["record"]["id"] if "record" in entry else Path(entry["path"]).stem
        key = Path(key).stem if key.endswith(".txt") else key
        out[key] = sorted((f["rule"], f["line"], f["column"], f["end_line"], f["end_column"], f["severity"],
                           f["message"]) for f in entry["findings"])
    return out


@pytest.fixture(scope="session")
def archives(tmp_path_factory):
    if not (CORPUS / "index.csv").exists():
        pytest.skip("the shared corpus is not beside the repository")
    import pyarrow as pa
    import pyarrow.parquet as pq

    where = tmp_path_factory.mktemp("corpus-archives")
    rows = corpus_rows()
    with open(where / "corpus.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    with open(where / "corpus.jsonl", "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    pq.write_table(pa.Table.from_pylist(rows), where / "corpus.parquet", row_group_size=700)
    with zipfile.ZipFile(where / "corpus.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
        for row in rows:
            bundle.write(CORPUS / f"{row['id']}.txt", f"cables/{row['id']}.txt")
    return where


@pytest.fixture(scope="session")
def files_findings(tmp_path_factory):
    """The plain CLI over the corpus's files: what every archive run must find again."""
    if not (CORPUS / "index.csv").exists():
        pytest.skip("the shared corpus is not beside the repository")
    out = tmp_path_factory.mktemp("files") / "files.json"
    done = markcheck(str(CORPUS), "--format", "json", "--today", TODAY, "--isolated", "-o", str(out))
    assert done.returncode in (0, 1), done.stderr
    found = findings_by_id(json.loads(out.read_text(encoding="utf-8")))
    return {row["id"]: found[row["id"]] for row in corpus_rows()}  # the cables (not the corpus's README)


@pytest.fixture(scope="session")
def java():
    import shutil

    if shutil.which("java") is None:
        pytest.skip("pyspark needs Java 17 (.ci/run installs openjdk-17-jre-headless)")
