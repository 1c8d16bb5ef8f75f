"""Results as table rows: one row per document and one per finding (``--format jsonl``,
``--format parquet``, the Parquet partitions of `markcheck.archive`).

Every row has every column (`COLUMNS`), null where it does not apply, so DuckDB, pandas and
Spark SQL read a results file as one table: ``kind`` is ``document`` or ``finding``; a
document row carries the profile, era, date, declared and expected classification and the
counts, each finding row its rule and position with the document's era and classification.
A record of an archive also has ``archive``, ``id``, ``row`` and ``member``.
"""

from __future__ import annotations

# (name, type) in order; types are Arrow's: string or int64
COLUMNS = (
    ("kind", "string"), ("path", "string"), ("archive", "string"), ("id", "string"), ("row", "int64"),
    ("member", "string"), ("profile", "string"), ("era", "string"), ("date", "string"),
    ("classification", "string"), ("expected_classification", "string"), ("errors", "int64"),
    ("warnings", "int64"), ("infos", "int64"), ("findings", "int64"), ("size", "int64"),
    ("rule", "string"), ("name", "string"), ("severity", "string"), ("message", "string"), ("line", "int64"),
    ("column", "int64"), ("end_line", "int64"), ("end_column", "int64"), ("citation", "string"),
)
NAMES = tuple(name for name, _ in COLUMNS)
_EMPTY = dict.fromkeys(NAMES)


def rows(result) -> list[dict]:
    """The document row of `result`, then one row per finding, in the result's order."""
    from ..escape import utf8_path

    path = utf8_path(result.path) if isinstance(result.path, str) else result.path
    label = {"path": path, "archive": getattr(result, "archive", None), "id": getattr(result, "record_id", None),
             "row": getattr(result, "row", None), "member": getattr(result, "member", None),
             "era": result.era, "classification": result.classification}
    counts = result.counts()
    document = {**_EMPTY, **label, "kind": "document", "profile": result.profile, "date": result.date,
                "expected_classification": result.expected_classification, "errors": counts["error"],
                "warnings": counts["warning"], "infos": counts["info"], "findings": len(result.findings),
                "size": getattr(result, "size", None)}
    out = [document]
    for f in result.findings:
        out.append({**_EMPTY, **label, "kind": "finding", "rule": f.rule, "name": f.name, "severity": f.severity,
                    "message": f.message, "line": f.line, "column": f.column, "end_line": f.end_line,
                    "end_column": f.end_column, "citation": f.citation})
    return out


def arrow_schema():
    """The Arrow schema of `COLUMNS` (pyarrow imported here, only for Parquet)."""
    import pyarrow as pa

    return pa.schema([(name, pa.string() if kind == "string" else pa.int64()) for name, kind in COLUMNS])
