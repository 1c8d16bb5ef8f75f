"""This machine's engine: partitions checked in worker processes, a bounded number in flight.

`iter_results` yields every record's result in archive order (for one output file of any
format); `run_tasks` writes Parquet partitions and yields each partition's stats as it ends,
as the Dask and Spark engines do. Partitions are handed out a few at a time, never all at once,
so a tar file's partitions (which carry their records) do not pile up in memory.
"""

from __future__ import annotations

import sys
from typing import Iterable, Iterator

from ..config import Config
from .readers import Partition, read
from .records import Columns


def workers_for(jobs: int | None) -> int:
    from ..runner import cpu_count

    return jobs if jobs and jobs > 0 else cpu_count()


def iter_results(partitions: Iterable[Partition], columns: Columns, config: Config, jobs: int | None,
                 seconds: float | None, config_for=None) -> Iterator:
    """The result of every record of `partitions`, in order; each archive's records checked
    with `config_for(archive)` when given (nested configuration files), else `config`."""
    work = ((p, columns, config_for(p.archive) if config_for else config, seconds) for p in partitions)
    for results in _mapped(_check_partition, work, workers_for(jobs), config):
        yield from results


def run_tasks(tasks: Iterable, jobs: int | None) -> Iterator:
    """`PartitionStats` of each task, as the tasks end (not in order)."""
    from .partitions import run_partition

    tasks = list(tasks)
    config = tasks[0].config if tasks else Config()
    yield from _mapped(run_partition, tasks, workers_for(jobs), config, ordered=False)


def _check_partition(work) -> list:
    from .check import check_record
    from .partitions import warm

    partition, columns, config, seconds = work
    warm(config)
    return [check_record(record, config, seconds) for record in read(partition, columns)]


def _mapped(function, items: Iterable, workers: int, config: Config, ordered: bool = True) -> Iterator:
    """`function` over `items` in `workers` processes (here when 1), at most 2 × workers in
    flight; results in order, or as they end when not `ordered`."""
    if workers <= 1:
        yield from map(function, items)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init, initargs=(config,))
    pending: deque = deque()
    items = iter(items)
    finished = False
    try:
        for item in items:
            pending.append(pool.submit(function, item))
            while len(pending) >= 2 * workers:
                if ordered:
                    yield pending.popleft().result()
                else:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        pending.remove(future)
                        yield future.result()
        while pending:
            yield pending.popleft().result()
        finished = True
    finally:
        _shut_down(pool, finished)


def _shut_down(pool, finished: bool) -> None:
    """Shut `pool` down; when the run stops early (an error, a closed output, Ctrl-C, SIGTERM)
    its workers are ended first rather than waited for: a partition they were writing is a
    temporary file the next run removes. SIGINT and SIGTERM are held meanwhile: their exception
    raised inside the shutdown would leave the workers waiting for work and the exit for them."""
    import signal

    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM}) \
        if hasattr(signal, "pthread_sigmask") else None
    try:
        if not finished:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a signal held is raised now


def _init(config: Config) -> None:
    import signal

    from .partitions import warm

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # ended by the parent: quietly, not as its Terminated
    warm(config)
