#!/usr/bin/env python3
"""The worker pool side by side: `markcheck.runner._forked` (forked workers fed chunk numbers
on a pipe) against a ProcessPoolExecutor with the fork start method, on the same files, in the
same process, interleaved so that a busy machine slows both alike.

    python bench/pool.py [CORPUS] [--workers 2] [--repeat 5]

For each run: wall time, and CPU time of the parent and of the workers (getrusage), so the
comparison holds on a loaded machine where wall time does not. Prints a Markdown table of the
medians; writes nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from markcheck import runner  # noqa: E402
from markcheck.api import iter_paths  # noqa: E402
from markcheck.config import Config  # noqa: E402


def _cpu(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def measure(pool, paths, config, workers: int) -> dict:
    chunk = runner.chunk_size(len(paths), workers)
    parent, children, start = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
    results = list(pool(paths, config, workers, chunk))
    wall = time.perf_counter() - start
    assert len(results) == len(paths)
    return {"wall": wall, "parent": _cpu(resource.RUSAGE_SELF) - parent,
            "workers": _cpu(resource.RUSAGE_CHILDREN) - children, "results": results}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import datetime

    config = Config(today=datetime.date(2026, 11, 27))
    paths = list(iter_paths([args.corpus]))
    runner.warm_up(config)  # as `_in_pool` does before forking
    variants = {"forked (runner._forked)": runner._forked,
                "ProcessPoolExecutor, fork": lambda *a: runner._spawned(*a, method="fork")}
    runs: dict[str, list[dict]] = {name: [] for name in variants}
    reference = None
    for _ in range(args.repeat):
        for name, pool in variants.items():
            run = measure(pool, [(path, 0) for path in paths], (config,), args.workers)  # (path, configuration number)
            if reference is None:
                reference = [r.to_dict() for r in run.pop("results")]
            else:
                assert [r.to_dict() for r in run.pop("results")] == reference, f"{name}: other results"
            runs[name].append(run)
    print(f"{len(paths)} files, {args.workers} workers, median of {args.repeat} interleaved runs, "
          f"{os.cpu_count()} CPUs\n")
    print("| pool | wall s | parent CPU s | workers CPU s | total CPU s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, values in runs.items():
        med = {k: statistics.median(v[k] for v in values) for k in ("wall", "parent", "workers")}
        print(f"| {name} | {med['wall']:.2f} | {med['parent']:.2f} | {med['workers']:.2f} | "
              f"{med['parent'] + med['workers']:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
