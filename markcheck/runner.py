"""Check many files, in worker processes when that pays; results come back in input order.

`check_files(paths, config, jobs)` returns the results; `iter_results` yields them as they come
(for a progress bar). ``jobs`` None or 0 means "as many
workers as CPUs this process may use, but 1 for a small run": a pre-commit hook passes a
handful of files, and starting a pool costs more than it saves there. Nothing of
multiprocessing is imported on that serial path.

Workers are forked (on Linux) after the parent has loaded the rule pack and built the Lark
parsers, so each worker starts warm instead of repeating that set-up. Files are handed out in
chunks; `Executor.map` returns the results in the order of `paths`, so the report does not
depend on the number of workers. Results are plain frozen dataclasses and pickle as they are.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Iterable, Iterator

from .config import Config

# Below this many files a run stays in one process: starting a pool costs about 25 ms, what
# checking ~45 cables on one core costs and the most a second core could save on them
# (measured with bench/run.py's machine; pre-commit hands a hook a few files at a time).
SERIAL_BELOW = 48
# Files per task sent to a worker: large enough to amortise the inter-process round trip,
# small enough that the workers finish together.
MAX_CHUNK = 32


def cpu_count() -> int:
    """CPUs this process may run on (respects taskset/cgroup affinity where the OS tells)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def effective_jobs(jobs: int | None, files: int) -> int:
    """The number of processes a run of `files` files uses for the requested `jobs`."""
    if files <= 1:
        return 1
    if not jobs or jobs < 0:
        jobs = cpu_count() if files >= SERIAL_BELOW else 1
    return max(1, min(jobs, files))


def check_files(paths: Iterable[str], config: Config | None = None, jobs: int | None = 1) -> list:
    """One `Result` per path, in the order of `paths`; `jobs` as in `effective_jobs`."""
    return list(iter_results(paths, config, jobs))


def iter_results(paths: Iterable[str], config: Config | None = None, jobs: int | None = 1) -> Iterator:
    """`check_files`, yielding each result (in the order of `paths`) as soon as it is ready, so
    a caller can draw progress without restarting the worker pool for every batch."""
    from .api import check_file

    config = config or Config()
    paths = list(paths)
    workers = effective_jobs(jobs, len(paths))
    if workers <= 1:
        return (check_file(path, config) for path in paths)
    return _in_pool(paths, config, workers)


def chunk_size(files: int, workers: int) -> int:
    return max(1, min(MAX_CHUNK, files // (workers * 8)))


def _in_pool(paths: list[str], config: Config, workers: int) -> Iterator:
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        # fork: the workers inherit the warm parent (rules loaded, parsers built). Not with
        # other threads alive (an embedding application's): forking those can deadlock.
        warm_up(config)
        # What the workers inherit is never garbage: keep the collector from walking it in each
        # of them (and from touching, hence copying, the pages they share with the parent).
        gc.freeze()
        context = multiprocessing.get_context("fork")
    else:  # macOS/Windows, or threads: each worker starts fresh and warms itself up
        context = multiprocessing.get_context("spawn")
    from concurrent.futures.process import BrokenProcessPool

    done = 0  # results yielded, in the order of `paths`
    full = workers, chunk_size(len(paths), workers)
    workers, chunk = full
    while done < len(paths):
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=_init_worker, initargs=(config,))
        try:
            for result in pool.map(_check_one, paths[done:], chunksize=chunk):
                done += 1
                yield result
        except BrokenProcessPool:
            # A worker died outright (killed, out of memory, a crash in native code). Go on with
            # the files not reported, one at a time in a single worker, so that a file that kills
            # its worker again is the one named; after it, at full speed again. Every other file
            # still gets its result, in order.
            if (workers, chunk) == (1, 1):
                yield _died(paths[done])
                done += 1
                workers, chunk = full
            else:
                workers, chunk = 1, 1
        finally:  # on an error or Ctrl-C, drop the chunks not started rather than finish them
            pool.shutdown(wait=True, cancel_futures=True)


def _died(path: str):
    from .api import failed_result
    from .findings import INTERNAL_ERROR

    return failed_result(path, INTERNAL_ERROR, "the worker process checking this file died (killed, out of "
                                               "memory, or a crash outside Python); the file was not checked")


_WORKER_CONFIG: Config | None = None


def _init_worker(config: Config) -> None:
    import signal

    global _WORKER_CONFIG
    _WORKER_CONFIG = config
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    warm_up(config)


def _check_one(path: str):
    from .api import check_file

    return check_file(path, _WORKER_CONFIG)


def warm_up(config: Config) -> None:
    """Everything a check needs once per process: the rule pack, the check kinds, the parsers."""
    from . import parse
    from .checks import registry
    from .rulepack import load_rules

    load_rules(config.rule_dirs)
    registry()
    for name in parse.GRAMMARS:
        parse.parser(name)
