"""Check many files, in worker processes when that pays; results come back in input order.

`check_files(paths, config, jobs)` returns the results; `iter_results` yields them as they come
(for a progress bar). A run whose files fall under different configurations (nested
``.markcheck.yaml`` files, `markcheck.configscope`) passes `configs`, one per path: the one pool
checks them all, each file with its own configuration, every distinct one warmed up once. ``jobs`` None or 0 means "as many
workers as CPUs this process may use, but 1 for a small run": a pre-commit hook passes a
handful of files, and starting a pool costs more than it saves there. Nothing of
multiprocessing is imported on that serial path.

Workers are forked (on Linux) after the parent has loaded the rule pack and built the Lark
parsers, so each worker starts warm instead of repeating that set-up; they inherit the list of
files and are handed chunk numbers on a pipe (`_forked`). Elsewhere, or with other threads
alive, a ProcessPoolExecutor spawns them. Either way the results are put back in the order of
`paths`, so the report does not depend on the number of workers. Results are plain frozen
dataclasses and pickle as they are.

Why not a ProcessPoolExecutor with fork, which would be shorter: measured side by side
(bench/pool.py: the 3,001 corpus cables, 2 workers, interleaved runs, medians of 3 and of 5 on
a loaded 2-CPU machine), it costs 4-7 % more CPU in all (8.90 s and 8.52 s against 8.33 s and
8.22 s; the parent 0.17 s against 0.10 s), with wall times equal within the noise. And the
forked pool does what the executor does not: it goes on with fewer workers when a fork fails
(RLIMIT_NPROC), and keeps the inherited objects frozen out of the workers' collector
(tests/test_runner.py, tests/hardening/test_signals_and_forks.py).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import Iterable, Iterator

from .api import check_file
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


def check_files(paths: Iterable[str], config: Config | None = None, jobs: int | None = 1, *,
                configs=None) -> list:
    """One `Result` per path, in the order of `paths`; `jobs` as in `effective_jobs`."""
    return list(iter_results(paths, config, jobs, configs=configs))


def iter_results(paths: Iterable[str], config: Config | None = None, jobs: int | None = 1, *,
                 configs=None) -> Iterator:
    """`check_files`, yielding each result (in the order of `paths`) as soon as it is ready, so
    a caller can draw progress without restarting the worker pool for every batch. `configs`,
    when given, holds each path's configuration (in the order of `paths`) instead of `config`."""
    paths = list(paths)
    if configs is None:
        distinct, items = (config or Config(),), [(path, 0) for path in paths]
    else:
        distinct, items = _numbered(paths, list(configs))
    workers = effective_jobs(jobs, len(items))
    if workers <= 1:
        return (check_file(path, distinct[k]) for path, k in items)
    return _in_pool(items, distinct, workers)


def _numbered(paths: list[str], configs: list) -> tuple[tuple, list[tuple[str, int]]]:
    """The distinct configurations, and each path with the number of its own."""
    if len(configs) != len(paths):
        raise ValueError(f"{len(configs)} configurations for {len(paths)} paths")
    distinct: dict = {}
    items = [(path, distinct.setdefault(cfg, len(distinct))) for path, cfg in zip(paths, configs)]
    return tuple(distinct), items


def chunk_size(files: int, workers: int) -> int:
    return max(1, min(MAX_CHUNK, files // (workers * 8)))


class WorkerDied(Exception):
    """A worker process ended without the results it had taken on (killed, out of memory, a
    crash in native code)."""


@contextlib.contextmanager
def lasting():
    """Run a block whose objects live to the end of the process (imports, the rule pack, the
    parsers): the cyclic collector stays off while they are made (its passes would find nothing)
    and they are frozen after, so no later collection walks them; the caller's setting returns."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _in_pool(paths: list[tuple[str, int]], configs: tuple, workers: int) -> Iterator:
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        # fork: the workers inherit the warm parent (rules loaded, parsers built). Not with
        # other threads alive (an embedding application's): forking those can deadlock.
        # What the workers inherit is never garbage: no collection walks it while it is made,
        # and, frozen, none in the workers (which would also touch, hence copy, shared pages).
        with lasting():
            for config in configs:
                warm_up(config)
        pool = _forked
    else:  # macOS/Windows, or threads: each worker starts fresh and warms itself up
        pool = _spawned
    done = 0  # results yielded, in the order of `paths`
    full = workers, chunk_size(len(paths), workers)
    workers, chunk = full
    while done < len(paths):
        try:
            for result in pool(paths[done:], configs, workers, chunk):
                done += 1
                yield result
        except WorkerDied:
            # Go on with the files not reported, one at a time in a single worker, so that a
            # file that kills its worker again is the one named; after it, at full speed again.
            # Every other file still gets its result, in order.
            if (workers, chunk) == (1, 1):
                yield _died(paths[done][0])
                done += 1
                workers, chunk = full
            else:
                workers, chunk = 1, 1


def _spawned(paths: list[tuple[str, int]], configs: tuple, workers: int, chunk: int,
             method: str = "spawn") -> Iterator:
    """The results of `paths` ((path, number of its configuration) pairs) in order, from a ProcessPoolExecutor's workers (fresh ones by
    multiprocessing's spawn; `method` "fork" is what bench/pool.py measures `_forked` against)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(configs,))
    try:
        yield from pool.map(_check_item, paths, chunksize=chunk)
    except BrokenProcessPool:
        raise WorkerDied from None
    finally:  # on an error or Ctrl-C, drop the chunks not started rather than finish them
        pool.shutdown(wait=True, cancel_futures=True)


def _forked(paths: list[tuple[str, int]], configs: tuple, workers: int, chunk: int) -> Iterator:
    """The results of `paths` ((path, number of its configuration) pairs) in order, from `workers` forked copies of this process.

    The workers inherit `paths` and take chunk numbers from one shared pipe (a free worker takes
    the next one, so they finish together); each sends back its chunk's results, pickled, on a
    pipe of its own. One thread, no pickled tasks: a pool run this way costs the parent a
    fraction of a ProcessPoolExecutor's (its threads, queues and futures)."""
    import pickle
    import select

    bounds = _chunk_bounds(len(paths), workers, chunk)
    chunks = len(bounds) - 1
    tasks_read, tasks_write = os.pipe()
    results: dict[int, int] = {}  # result pipe -> worker pid
    try:
        for _ in range(workers):
            read, write = os.pipe()
            try:
                pid = os.fork()
            except OSError as exc:  # a process limit (RLIMIT_NPROC), no memory: go on with fewer
                os.close(read)
                os.close(write)
                _cannot_fork(exc, len(results))
                break
            if pid == 0:  # the worker: never returns into the caller's code
                status = 1
                try:
                    for fd in (tasks_write, read, *results):
                        os.close(fd)
                    _serve(paths, configs, bounds, tasks_read, write)
                    status = 0
                finally:  # os._exit, not an exit: a forked copy must not run the parent's
                    # atexit handlers, flush the parent's buffered output a second time, or
                    # unwind into the parent's code (a wrapping profiler would write its file twice)
                    os._exit(status)
            os.close(write)
            results[read] = pid
        if not results:  # no worker at all: this process checks the files, in order
            yield from (check_file(path, configs[k]) for path, k in paths)
            return
        # chunks handed out and not yet returned: enough that a worker finds the next one
        # waiting while the parent writes the report
        sent = 0
        ready: dict[int, list] = {}  # chunk -> its results, until its turn comes
        waiting = select.poll()  # not select(), which cannot watch a descriptor above 1023
        for fd in results:
            waiting.register(fd, select.POLLIN)
        for k in range(chunks):
            while k not in ready:
                if sent < chunks and sent - len(ready) - k < 2 * workers:
                    os.write(tasks_write, sent.to_bytes(4, "little"))  # one record, one write: never split
                    sent += 1
                    if sent == chunks:  # a worker that reads the end of the pipe is done
                        os.close(tasks_write)
                        tasks_write = -1
                    continue
                for fd, _ in waiting.poll():
                    frame = _read_frame(fd)
                    if frame is None:  # the worker is gone: normally only once no task is left
                        waiting.unregister(fd)
                        if _exit_status(results.pop(fd)) != 0 or sent < chunks or not results:
                            raise WorkerDied
                        continue
                    done, out = pickle.loads(frame)
                    if isinstance(out, BaseException):
                        raise out
                    ready[done] = out
            yield from ready.pop(k)
    finally:  # done, an error or Ctrl-C: drop the chunks not started, wait for the running ones
        if tasks_write >= 0:
            os.set_blocking(tasks_read, False)
            while _drained(tasks_read):
                pass
            os.close(tasks_write)
        os.close(tasks_read)
        for fd, pid in results.items():
            os.close(fd)
            _exit_status(pid)


def _cannot_fork(exc: OSError, started: int) -> None:
    """Say once per process that the run goes on with fewer workers than asked (or none)."""
    global _FORK_FAILED
    if not _FORK_FAILED:
        _FORK_FAILED = True
        fallback = f"checking with {started} worker{'s' if started > 1 else ''}" if started else "checking in this process"
        print(f"markcheck: warning: cannot start a worker process ({exc.strerror or exc}); {fallback}",
              file=sys.stderr)


_FORK_FAILED = False


def _chunk_bounds(files: int, workers: int, chunk: int) -> list[int]:
    """Where each chunk starts, and the end: `chunk` files each, then fewer towards the end, so
    that no worker is still on a full chunk when the others have run out of work."""
    bounds = [0]
    while bounds[-1] < files:
        bounds.append(bounds[-1] + max(1, min(chunk, (files - bounds[-1]) // (4 * workers))))
    return bounds


def _serve(paths: list[tuple[str, int]], configs: tuple, bounds: list[int], tasks: int, results: int) -> None:
    """A forked worker: check each chunk whose number comes on `tasks`, until there are none."""
    import pickle
    import signal

    global _WORKER_CONFIGS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    _WORKER_CONFIGS = configs
    while True:
        task = os.read(tasks, 4)  # whole records: each is written and read in one piece
        if not task:
            return
        k = int.from_bytes(task, "little")
        try:
            out = [_check_item(item) for item in paths[bounds[k]:bounds[k + 1]]]
        except Exception as exc:  # raised again in the parent, as a pool would
            out = exc
        try:
            frame = pickle.dumps((k, out), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            frame = pickle.dumps((k, RuntimeError(f"a result could not be sent: {exc!r}")))
        view = memoryview(len(frame).to_bytes(8, "little") + frame)
        while view:
            view = view[os.write(results, view):]


def _read_frame(fd: int) -> bytes | None:
    """One length-prefixed frame from `fd`, or None at the end of the pipe."""
    head = _read_exactly(fd, 8)
    return None if head is None else _read_exactly(fd, int.from_bytes(head, "little"))


def _read_exactly(fd: int, size: int) -> bytes | None:
    data = os.read(fd, size)
    if len(data) == size:
        return data
    if not data:
        return None
    parts = [data]
    size -= len(data)
    while size:
        part = os.read(fd, size)
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _drained(fd: int) -> bool:
    try:
        return bool(os.read(fd, 4096))
    except BlockingIOError:
        return False


def _exit_status(pid: int) -> int:
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def _died(path: str):
    from .api import failed_result
    from .findings import INTERNAL_ERROR

    return failed_result(path, INTERNAL_ERROR, "the worker process checking this file died (killed, out of "
                                               "memory, or a crash outside Python); the file was not checked")


_WORKER_CONFIGS: tuple = ()  # a worker's configurations, numbered as its tasks name them


def _init_worker(configs: tuple) -> None:
    import signal

    global _WORKER_CONFIGS
    _WORKER_CONFIGS = configs
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    for config in configs:
        warm_up(config)


_WORKER_CONFIG: Config | None = None  # the configuration of the file being checked


def _check_item(item: tuple[str, int]):
    """Check one (path, number of its configuration) pair in a worker."""
    global _WORKER_CONFIG
    path, k = item
    _WORKER_CONFIG = _WORKER_CONFIGS[k]
    return _check_one(path)


def _check_one(path: str):
    return check_file(path, _WORKER_CONFIG)


def warm_up(config: Config) -> None:
    """Everything a check needs once per process: the rule pack, the check kinds, the parsers."""
    from .reader import grammar
    from .checks import registry
    from .rulepack import load_rules

    load_rules(config.rule_dirs)
    registry()
    for name in grammar.GRAMMARS:
        grammar.parser(name)
