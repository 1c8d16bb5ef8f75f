"""``--format parquet``: the rows of `markcheck.formats.tabular` as one Parquet file, written
in row groups as results come (memory: one row group, not the run). Needs ``--output FILE``
(Parquet is binary) and pyarrow (``pip install 'markcheck[dask]'`` or ``'markcheck[spark]'``).
"""

from __future__ import annotations

from .tabular import NAMES, arrow_schema, rows

ROW_GROUP = 50_000  # rows per row group: a few MB, read back in one piece by any reader



def table(batch: list[dict]):
    """An Arrow table of `batch` rows, in the schema of `tabular.COLUMNS`."""
    import pyarrow as pa

    return pa.Table.from_pydict({name: [row[name] for row in batch] for name in NAMES}, schema=arrow_schema())


def write_binary(results, run, binary, metadata: dict | None = None) -> int:
    """Write the rows of `results` to the binary file `binary`; the number of results.
    `metadata` (text keys and values) goes into the file's key-value metadata."""
    import pyarrow.parquet as pq

    schema = arrow_schema()
    if metadata:
        schema = schema.with_metadata(metadata)
    count = 0
    with pq.ParquetWriter(binary, schema, compression="zstd") as writer:
        batch: list[dict] = []
        for result in results:
            batch.extend(rows(result))
            count += 1
            if len(batch) >= ROW_GROUP:
                writer.write_table(table(batch))
                batch = []
        writer.write_table(table(batch))  # (an empty run still has the schema and one empty group)
    return count


def render(results, run=None) -> str:
    raise ValueError("the parquet format is binary: write it to a file with --output FILE")
