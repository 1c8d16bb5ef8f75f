"""Run markcheck on Apache Spark: ``markcheck check ARCHIVE --engine spark --results-dir DIR``,
or as a recipe in your own PySpark code.

The engine distributes the archive's partitions as an RDD (one Spark partition each) and maps
`markcheck.archive.partitions.run_partition` over them (``--master URL``; default
``local[N]`` with ``--workers N``). Each Python worker reads its partition from the archive (a
path every executor can read), checks it with the rule pack loaded once per worker process,
and writes one Parquet file of results into the results directory (a path every executor can
write). PySpark needs Java 17 (Debian: ``apt-get install openjdk-17-jre-headless``).

The recipe, for a table already in a Spark DataFrame::

    from markcheck.spark import check_dataframe

    cables = spark.read.parquet("cables.parquet")
    results = check_dataframe(cables, text="body", id="id", metadata="classification")
    results.write.parquet("results/")       # one row per document and per finding
    results.where("rule = 'CAT-001'").show()  # the catalogue's disagreements

Needs ``pip install 'markcheck[spark]'``.
"""

from __future__ import annotations

import os
import sys
from typing import Iterable, Iterator

from .archive.records import Columns
from .config import Config


def session(master: str | None = None, workers: int = 2):
    """The active SparkSession, or a new one on `master` (default ``local[workers]``)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers run this interpreter
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    return (SparkSession.builder.master(master or f"local[{workers}]").appName("markcheck")
            .config("spark.ui.enabled", "false").config("spark.python.worker.reuse", "true").getOrCreate())


def result_schema():
    """The Spark schema of the result rows (`markcheck.formats.tabular.COLUMNS`)."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    from .formats.tabular import COLUMNS

    return StructType([StructField(name, StringType() if kind == "string" else LongType(), True)
                       for name, kind in COLUMNS])


def check_dataframe(frame, *, text: str, id: str | None = None, date: str | None = None,
                    header: str | None = None, metadata: str | None = None, config: Config | None = None,
                    archive: str = "table", record_seconds: float | None = None):
    """A Spark DataFrame of result rows for the Spark DataFrame `frame` (``mapInPandas``)."""
    columns = Columns(text=text, id=id, date=date, header=header, metadata=metadata)
    config = config or Config()

    def check_batches(batches):
        from .archive.frames import check_frame

        for batch in batches:
            yield check_frame(batch, columns, config, archive, record_seconds)

    return frame.select(*columns.wanted()).mapInPandas(check_batches, schema=result_schema())


def run_tasks(tasks: Iterable, master: str | None = None, workers: int = 2) -> Iterator:
    """`PartitionStats` of each task, a wave of tasks per Spark job (4 per core in flight)."""
    from .archive.partitions import run_partition

    owned = _no_session()
    spark = session(master, workers)
    try:
        context = spark.sparkContext
        wave = 4 * max(1, context.defaultParallelism)
        batch: list = []
        for task in tasks:
            batch.append(task)
            if len(batch) == wave:
                yield from context.parallelize(batch, len(batch)).map(run_partition).collect()
                batch = []
        if batch:
            yield from context.parallelize(batch, len(batch)).map(run_partition).collect()
    finally:
        if owned:
            spark.stop()


def _no_session() -> bool:
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession() is None
