"""Archive throughput: the corpus replicated into a Parquet table, checked by each engine.

    python bench/archive.py [--scales 1,4,16] [--engines local,dask,spark] [--workers 2]
                            [--corpus ../shared/corpus] [--work /tmp/markcheck-bench]

For each scale k the 3,000 cables are written k times (ids suffixed ``-k``) as one Parquet file
(row groups of 1,000), then checked with ``--results-dir`` by each engine with the same number
of worker processes: this machine's processes (what ``--jobs N`` runs), a Dask LocalCluster,
Spark ``local[N]``. Printed per run: records, MB, wall seconds, records/s and MB/s, the CPU
seconds the workers spent on the records, the driver's CPU seconds, the peak resident memory of
the busiest worker process, and the load average before and after (the machine may be shared).
A scale of 42 makes 126,000 records, 1.26 GB of text: the issue's size.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from markcheck.archive.partitions import Task, stamp  # noqa: E402
from markcheck.archive.readers import plan  # noqa: E402
from markcheck.archive.records import Columns  # noqa: E402
from markcheck.config import Config  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
COLUMNS = Columns(text="body", id="id", metadata="classification")
CONFIG = Config(today=__import__("datetime").date(2026, 12, 7))


def build(corpus: Path, scale: int, where: Path) -> Path:
    """The corpus `scale` times as one Parquet file (written once per scale, then reused)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = where / f"corpus-x{scale}.parquet"
    if path.exists():
        return path
    rows = []
    with open(corpus / "index.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append({"id": row["id"], "classification": row["metadata_classification"],
                         "body": (corpus / f"{row['id']}.txt").read_bytes().decode("utf-8")})
    schema = pa.schema([("id", pa.string()), ("classification", pa.string()), ("body", pa.string())])
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for k in range(scale):
            copy = [{**row, "id": f"{row['id']}-{k}"} for row in rows]
            writer.write_table(pa.Table.from_pylist(copy, schema=schema), row_group_size=1000)
    return path


def run(engine: str, archive: Path, out: Path, workers: int) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    tasks = [Task(p, COLUMNS, CONFIG, str(out), 0, stamp(str(archive), COLUMNS, CONFIG, p), 60.0)
             for p in plan(str(archive), COLUMNS)]
    load = os.getloadavg()[0]
    driver = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    if engine == "dask":
        from markcheck.dask import run_tasks

        stats = list(run_tasks(tasks, None, workers))
    elif engine == "spark":
        from markcheck.spark import run_tasks

        stats = list(run_tasks(tasks, f"local[{workers}]", workers))
    else:
        from markcheck.archive.local import run_tasks

        stats = list(run_tasks(tasks, workers))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    records = sum(s.records for s in stats)
    size = sum(s.bytes for s in stats)
    peaks: dict = {}
    for s in stats:
        peaks[s.pid] = max(peaks.get(s.pid, 0), s.peak_rss)
    return {"engine": engine, "records": records, "mb": round(size / 1e6, 1), "wall_s": round(wall, 1),
            "records_per_s": round(records / wall), "mb_per_s": round(size / 1e6 / wall, 2),
            "worker_cpu_s": round(sum(s.seconds for s in stats), 1),
            "driver_cpu_s": round(after.ru_utime + after.ru_stime - driver.ru_utime - driver.ru_stime, 1),
            "peak_worker_mb": round(max(peaks.values(), default=0) / 2**20), "worker_pids": len(peaks),
            "load_before": round(load, 1), "load_after": round(os.getloadavg()[0], 1)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,4,16")
    parser.add_argument("--engines", default="local,dask,spark")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", type=Path, default=Path("/tmp/markcheck-bench"))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    for scale in map(int, args.scales.split(",")):
        archive = build(args.corpus, scale, args.work)
        for engine in args.engines.split(","):
            result = run(engine, archive, args.work / f"out-{engine}-x{scale}", args.workers)
            print(json.dumps({"scale": scale, "parquet_mb": round(archive.stat().st_size / 1e6, 1), **result}),
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
