"""Run markcheck on Dask: ``markcheck check ARCHIVE --engine dask --results-dir DIR``, or as
a recipe in your own Dask code.

The engine maps `markcheck.archive.partitions.run_partition` over the archive's partitions on a
``distributed`` cluster (``--scheduler ADDRESS``; default a LocalCluster of ``--workers``
processes with one thread each). Each worker reads its partition from the archive (a path all
workers can read), checks it with the rule pack loaded once per worker process, and writes one
Parquet file of results into the results directory (a path all workers can write).

The recipe, for a table already in a Dask DataFrame::

    import dask.dataframe as dd
    from markcheck.dask import check_dataframe

    cables = dd.read_parquet("cables.parquet")
    results = check_dataframe(cables, text="body", id="id", metadata="classification")
    results.to_parquet("results/")          # one row per document and per finding
    results[results.rule == "CAT-001"].compute()  # the catalogue's disagreements

Needs ``pip install 'markcheck[dask]'``.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from .archive.records import Columns
from .config import Config


def check_dataframe(frame, *, text: str, id: str | None = None, date: str | None = None,
                    header: str | None = None, metadata: str | None = None, config: Config | None = None,
                    archive: str = "table", record_seconds: float | None = None):
    """A lazy Dask DataFrame of result rows (`markcheck.formats.tabular`) for the Dask
    DataFrame `frame`, checked partition by partition where its partitions are."""
    from .archive.frames import check_frame, empty_rows

    columns = Columns(text=text, id=id, date=date, header=header, metadata=metadata)
    return frame.map_partitions(check_frame, columns, config or Config(), archive, record_seconds,
                                meta=empty_rows())


def run_tasks(tasks: Iterable, scheduler: str | None = None, workers: int = 2) -> Iterator:
    """`PartitionStats` of each task as it ends, from a Dask cluster (in flight: 4 tasks per
    worker thread, so a long archive is never all submitted at once)."""
    from distributed import Client, as_completed

    from .archive.partitions import run_partition

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = local_cluster(workers)
        client = Client(cluster)
    try:
        threads = max(1, sum(client.nthreads().values()))
        tasks = iter(tasks)
        running = as_completed()
        for task in tasks:
            running.add(client.submit(run_partition, task, pure=False))
            if running.count() >= 4 * threads:
                break
        for future in running:
            yield future.result()
            future.release()
            task = next(tasks, None)
            if task is not None:
                running.add(client.submit(run_partition, task, pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# What only a dashboard or a long-lived shared cluster needs, off or slowed in the engine's own
# LocalCluster: each worker's statistical profiler samples its thread's stack every 10 ms, the
# event loop's tick (20 ms) and the system and memory monitors (0.5 s, 0.1 s) wake every
# process, which on 2,000 cables took 14.0 of the workers' CPU-seconds where 8.6 were left with
# them slowed, and 5.5 of the command's where 2.0 were left (BENCHMARKS.md). Memory limits are
# still enforced, once a second.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def local_cluster(workers: int):
    """A LocalCluster of `workers` one-thread processes, without what only a dashboard reads
    (`LOCAL_CLUSTER_CONFIG`)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
