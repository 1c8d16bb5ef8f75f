"""Results files are tables DuckDB reads with SQL as they are: the jsonl and parquet formats
and a results directory of Parquet partitions give, per rule, the counts the JSON report
gives, one document row per record, and the documents' error counts equal to their error rows."""

from __future__ import annotations

import json
from collections import Counter

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from .conftest import TODAY, corpus_rows, markcheck

SLICE = 300


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """The first SLICE cables as a Parquet archive, checked once per output: JSON, JSONL,
    Parquet, and a results directory (partitions of 70 records, two engines' worth of files)."""
    from .conftest import CORPUS

    if not (CORPUS / "index.csv").exists():
        pytest.skip("the shared corpus is not beside the repository")
    where = tmp_path_factory.mktemp("duckdb")
    pq.write_table(pa.Table.from_pylist(corpus_rows()[:SLICE]), where / "slice.parquet")
    base = [str(where / "slice.parquet"), "--text-column", "body", "--id-column", "id", "--metadata-column",
            "classification", "--today", TODAY, "--isolated"]
    for fmt in ("json", "jsonl", "parquet"):
        done = markcheck(*base, "--format", fmt, "-o", str(where / f"results.{fmt}"))
        assert done.returncode == 1, done.stderr
    done = markcheck(*base, "--results-dir", str(where / "parts"), "--partition-size", "70", "-j", "2")
    assert done.returncode == 1, done.stderr
    report = json.loads((where / "results.json").read_text(encoding="utf-8"))
    per_rule = Counter(f["rule"] for entry in report["files"] for f in entry["findings"])
    return where, per_rule


def _rows(sql: str) -> list[tuple]:
    return duckdb.connect().execute(sql).fetchall()


def _source(where, kind: str) -> str:
    return {"jsonl": f"read_json_auto('{where / 'results.jsonl'}')",
            "parquet": f"read_parquet('{where / 'results.parquet'}')",
            "results-dir": f"read_parquet('{where / 'parts'}/part-*.parquet')"}[kind]


@pytest.mark.parametrize("kind", ["jsonl", "parquet", "results-dir"])
def test_duckdb_counts_per_rule_equal_the_json_reports(results, kind):
    where, per_rule = results
    table = _source(where, kind)
    counted = _rows(f"SELECT rule, count(*) FROM {table} WHERE kind = 'finding' GROUP BY rule")
    assert dict(counted) == dict(per_rule)
    assert "CAT-001" in per_rule  # the catalogue's disagreements are among them
    documents = _rows(f"SELECT count(*), count(DISTINCT id) FROM {table} WHERE kind = 'document'")
    assert documents == [(SLICE, SLICE)]


@pytest.mark.parametrize("kind", ["jsonl", "parquet", "results-dir"])
def test_duckdb_joins_documents_with_their_findings(results, kind):
    where, _ = results
    table = _source(where, kind)
    mismatched = _rows(f"""
        WITH d AS (SELECT id, errors FROM {table} WHERE kind = 'document'),
             f AS (SELECT id, count(*) AS n FROM {table} WHERE kind = 'finding' AND severity = 'error' GROUP BY id)
        SELECT d.id, d.errors, coalesce(f.n, 0) FROM d LEFT JOIN f USING (id) WHERE d.errors <> coalesce(f.n, 0)
    """)
    assert mismatched == []
    assert _rows(f"SELECT count(*) FROM {table} WHERE kind = 'finding' AND line IS NULL") == [(0,)]
