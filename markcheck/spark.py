"""Run markcheck on Apache Spark: ``markcheck check ARCHIVE --engine spark --results-dir DIR``,
or as a recipe in your own PySpark code.

The engine distributes the archive's partitions as an RDD (one Spark partition each) and maps
`markcheck.archive.partitions.run_partition` over them (``--master URL``; default
``local[N]`` with ``--workers N``). Each Python worker reads its partition from the archive (a
path every executor can read), checks it with the rule pack loaded once per worker process,
and writes one Parquet file of results into the results directory (a path every executor can
write). The partitions go to Spark as small jobs, several in flight, so a core that ends its
task takes the next job's at once instead of waiting for the slowest task of its own job.
PySpark needs Java 17 (Debian: ``apt-get install openjdk-17-jre-headless``).

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


# The JVM of the engine's own local session only schedules tasks and passes their small results:
# the C1 compiler alone and the serial collector halve its start (17.8 -> 9.0 CPU-seconds measured,
# BENCHMARKS.md). A --master URL's driver is left to that cluster's configuration, and so is the
# recipe's session, whose JVM also runs the DataFrame's operators.
LOCAL_ENGINE_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def session(master: str | None = None, workers: int = 2, java_options: str | None = None):
    """The active SparkSession, or a new one on `master` (default ``local[workers]``), its
    driver JVM started with `java_options` when given."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers run this interpreter
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = (SparkSession.builder.master(master or f"local[{workers}]").appName("markcheck")
               .config("spark.ui.enabled", "false").config("spark.python.worker.reuse", "true"))
    if java_options:
        builder = builder.config("spark.driver.extraJavaOptions", java_options)
    return builder.getOrCreate()


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


JOBS_IN_FLIGHT = 3  # jobs of one task per core each: a core that comes free has the next job's task


def run_tasks(tasks: Iterable, master: str | None = None, workers: int = 2, function=None) -> Iterator:
    """`PartitionStats` of each task (`function`'s results; default `run_partition`) as its job
    ends: jobs of one task per core, `JOBS_IN_FLIGHT` at a time, each submitted from a thread of
    the driver, so Spark's scheduler has the next job's tasks for a core that comes free while a
    slow partition runs on, and a long archive is never all in the driver."""
    import threading
    import uuid
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, as_completed, wait

    from .archive.partitions import run_partition

    function = function or run_partition
    owned = _no_session()
    local = master is None or master.startswith("local")
    spark = session(master, workers, LOCAL_ENGINE_JAVA_OPTIONS if owned and local else None)
    context = spark.sparkContext
    size = max(1, context.defaultParallelism)
    group = f"markcheck-{uuid.uuid4().hex}"
    stopping = threading.Event()

    def job(batch: list) -> list:
        if stopping.is_set():
            return []
        context.setJobGroup(group, "markcheck: partitions of an archive", interruptOnCancel=True)
        return context.parallelize(batch, len(batch)).map(function).collect()

    pool = ThreadPoolExecutor(max_workers=JOBS_IN_FLIGHT, thread_name_prefix="markcheck-spark-job")
    running: set = set()
    finished = False
    try:
        for batch in _batches(tasks, size):
            running.add(pool.submit(job, batch))
            while len(running) == JOBS_IN_FLIGHT:
                ended, running = wait(running, return_when=FIRST_COMPLETED)
                for future in ended:
                    yield from future.result()
        for future in as_completed(running):
            yield from future.result()
        finished = True
    finally:
        if not finished:
            _cancel(context, group, stopping, running)
        pool.shutdown(wait=True, cancel_futures=True)
        if owned:
            spark.stop()


def _cancel(context, group: str, stopping, running: set) -> None:
    """A run stopped early (an error, a closed output, Ctrl-C): no job is submitted any more,
    and this run's job group is cancelled until none of its jobs is left (a thread may submit
    its job just after a cancel). Spark ends a cancelled task's Python worker; stopping the
    session instead would wait for the tasks to end by themselves."""
    from concurrent.futures import wait

    stopping.set()
    while running:
        context.cancelJobGroup(group)
        _, running = wait(running, timeout=1.0)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _no_session() -> bool:
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession() is None
