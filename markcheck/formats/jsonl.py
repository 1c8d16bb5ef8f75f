"""``--format jsonl``: one JSON object per line, a document row then its findings' rows
(`markcheck.formats.tabular`), written as each result comes: ``duckdb -c "select * from
'results.jsonl'"``, ``pandas.read_json(path, lines=True)``, ``spark.read.json(path)``."""

from __future__ import annotations

import io
import json

from ..escape import json_text
from .tabular import rows


def render(results, run=None) -> str:
    out = io.StringIO()
    write(results, run, out)
    return out.getvalue()


def write(results, run, handle) -> None:
    for result in results:
        handle.write("".join(json_text(json.dumps(row)) + "\n" for row in rows(result)))
