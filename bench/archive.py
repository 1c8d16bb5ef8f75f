"""Archive throughput: the corpus replicated into a Parquet table, checked by each engine.

    python bench/archive.py --full                 # the whole table of BENCHMARKS.md, one command
    python bench/archive.py [--scales 1,4,16] [--engines cli,dask,spark] [--order …] [--workers 2]
                            [--corpus ../shared/corpus] [--work DIR] [--limit N] [--log FILE]
    python bench/archive.py --table FILE           # the Markdown table of a log of runs

For each scale k the corpus's cables are written k times (ids suffixed ``-k``) as one Parquet
file (row groups of 1,000, zstd) in a cache directory (never in the repository), then checked by
``markcheck check`` itself, run as a user runs it, with ``--results-dir`` and the same number of
worker processes for each engine: ``--jobs N`` (this machine's processes), ``--engine dask
--workers N`` (a LocalCluster), ``--engine spark --workers N`` (``local[N]``). Each run's results
are counted afterwards (every record must have its document row).

While a run goes, its whole process tree (the command, its workers, Spark's JVM) is sampled
every quarter second: peak resident memory of each process, CPU seconds of each, and the load
average. The engines are run interleaved (cli, dask, spark, cli…) so that each sees the same
load on a shared machine. The busiest worker's peak memory is also noted as 1×, 4× and 16×
of the corpus are done within a run (memory against input). ``--full`` runs 42× (126,000
records, 1.0 GB of text: the issue's size) as cli, dask, spark, cli, then 1×, 4× and 16× once
per engine (memory against input in separate runs).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TODAY = "2026-12-07"
FULL = [(42, "cli,dask,spark,cli"), (1, "cli,dask,spark"), (4, "cli,dask,spark"), (16, "cli,dask,spark")]
SAMPLE_SECONDS = 0.25
PARTITION = 1000  # records per partition: markcheck's default, and the Parquet row groups written here


def build(corpus: Path, scale: int, where: Path, limit: int | None = None) -> tuple[Path, int, int]:
    """The corpus `scale` times as one Parquet file (written once, then reused): its path,
    its records and the bytes of their text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    with open(corpus / "index.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append({"id": row["id"], "classification": row["metadata_classification"],
                         "body": (corpus / f"{row['id']}.txt").read_bytes().decode("utf-8")})
            if limit and len(rows) == limit:
                break
    size = scale * sum(len(row["body"].encode("utf-8")) for row in rows)
    path = where / f"corpus-{len(rows)}-x{scale}.parquet"
    if not path.exists():
        schema = pa.schema([("id", pa.string()), ("classification", pa.string()), ("body", pa.string())])
        partial = path.with_suffix(".tmp")
        with pq.ParquetWriter(partial, schema, compression="zstd") as writer:
            for k in range(scale):
                copy = [{**row, "id": f"{row['id']}-{k}"} for row in rows]
                writer.write_table(pa.Table.from_pylist(copy, schema=schema), row_group_size=PARTITION)
        partial.rename(path)
    return path, scale * len(rows), size


class TreeSampler(threading.Thread):
    """Samples a process and its descendants: peak RSS and last CPU seconds of each, the load."""

    def __init__(self, pid: int, out: Path | None = None, milestones: dict | None = None):
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.out = out  # the results directory, whose finished partitions are counted
        self.milestones = milestones or {}  # label -> partitions finished: the worker peak so far
        self.reached: dict = {}
        self.procs: dict = {}  # pid -> {"role", "peak", "cpu"}
        self.loads: list[float] = []
        self.peak_total = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.sample()
            self.stopped.wait(SAMPLE_SECONDS)

    def sample(self) -> None:
        import psutil

        self.loads.append(os.getloadavg()[0])
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        total = 0
        for proc in procs:
            try:
                with proc.oneshot():
                    rss = proc.memory_info().rss
                    times = proc.cpu_times()
                    seen = self.procs.get(proc.pid) or {"peak": 0}
                    seen["role"] = _role(proc, self.root.pid) or seen.get("role", "worker")
            except psutil.Error:
                continue
            seen["peak"] = max(seen["peak"], rss)
            seen["cpu"] = times.user + times.system
            self.procs[proc.pid] = seen
            total += rss
        self.peak_total = max(self.peak_total, total)
        self._milestones()

    def worker_peak(self) -> int:
        return max((p["peak"] for p in self.procs.values() if p["role"] == "worker"), default=0)

    def _milestones(self, final: bool = False) -> None:
        """The busiest worker's peak so far, when 1×, 4×, 16×… of the corpus have been checked."""
        if not self.milestones or len(self.reached) == len(self.milestones):
            return
        try:
            done = sum(name.startswith("part-") for name in os.listdir(self.out))
        except OSError:
            done = 0
        for label, parts in self.milestones.items():
            if label not in self.reached and (done >= parts or final):
                self.reached[label] = self.worker_peak()

    def stop(self) -> None:
        self.stopped.set()
        self.join()
        self._milestones(final=True)


def _role(proc, root: int) -> str | None:
    """driver (the markcheck command), jvm (Spark), helper (Spark's launch scripts, pyspark's
    daemon, which only forks its workers; multiprocessing's tracker) or worker (a process that
    checks records); None while a process has no command line yet. Asked at every sample: a
    launch script becomes the JVM when it execs."""
    if proc.pid == root:
        return "driver"
    line = " ".join(proc.cmdline())
    if not line:
        return None
    if proc.name() == "java":
        return "jvm"
    if "resource_tracker" in line or proc.name() in ("bash", "sh"):
        return "helper"
    if "pyspark.daemon" in line and "pyspark.daemon" not in " ".join(proc.parent().cmdline()):
        return "helper"
    return "worker"


def command(engine: str, archive: Path, out: Path, workers: int) -> list[str]:
    """`markcheck check` as a user runs it with this engine and `workers` processes."""
    args = [sys.executable, "-m", "markcheck", "check", str(archive), "--text-column", "body", "--id-column", "id",
            "--metadata-column", "classification", "--results-dir", str(out), "--today", TODAY,
            "--isolated", "--exit-zero"]
    if engine == "cli":
        return [*args, "--jobs", str(workers)]
    return [*args, "--engine", engine, "--workers", str(workers)]


def run(engine: str, archive: Path, records: int, size: int, out: Path, workers: int, copies: int = 1) -> dict:
    """One timed run of `engine` over `archive` (`copies` times the corpus), its results checked
    for completeness; the busiest worker's memory is also noted as each 1×, 4×, 16× of the
    corpus is done (memory against input within one run)."""
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    started = time.perf_counter()
    proc = subprocess.Popen(command(engine, archive, out, workers), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env)
    per_copy = records // copies
    sampler = TreeSampler(proc.pid, out, {f"{k}x": -(-per_copy * k // PARTITION) for k in (1, 4, 16) if k < copies})
    sampler.start()
    _, stderr = proc.communicate()
    wall = time.perf_counter() - started
    sampler.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{engine} failed ({proc.returncode}):\n{stderr[-3000:]}")
    checked = _documents(out)
    if checked != records:
        raise SystemExit(f"{engine}: {checked} records in the results, {records} in the archive")
    procs = sampler.procs.values()
    workers_peak = [p["peak"] for p in procs if p["role"] == "worker"]
    mib = 2 ** 20
    memory = {f"peak_worker_mb_at_{label}": round(peak / mib) for label, peak in sampler.reached.items()}
    return {"engine": engine, "records": records, "text_mb": round(size / 1e6, 1), "wall_s": round(wall, 1),
            "records_per_s": round(records / wall, 1), "mb_per_s": round(size / 1e6 / wall, 3),
            "cpu_s": round(sum(p.get("cpu", 0) for p in procs), 1),
            "worker_cpu_s": round(sum(p.get("cpu", 0) for p in procs if p["role"] == "worker"), 1),
            "cpu_s_by_role": {role: round(sum(p.get("cpu", 0) for p in procs if p["role"] == role), 1)
                              for role in ("driver", "jvm", "helper", "worker")},
            "workers_seen": len(workers_peak),
            "peak_worker_mb": round(max(workers_peak, default=0) / mib), **memory,
            "peak_driver_mb": round(max((p["peak"] for p in procs if p["role"] == "driver"), default=0) / mib),
            "peak_jvm_mb": round(max((p["peak"] for p in procs if p["role"] == "jvm"), default=0) / mib),
            "peak_tree_mb": round(sampler.peak_total / mib),
            "load_mean": round(statistics.fmean(sampler.loads), 1) if sampler.loads else None,
            "load_max": round(max(sampler.loads), 1) if sampler.loads else None}


def _documents(out: Path) -> int:
    """The records whose document row is in the results directory."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    table = ds.dataset(str(out), format="parquet").to_table(columns=["kind"])
    return pc.sum(pc.equal(table["kind"], "document")).as_py() or 0


def table(lines: list[dict]) -> str:
    """The runs as a Markdown table, each engine's throughput beside the mean of the CLI runs of
    the same scale (the runs around it, under the same load)."""
    cli = {}
    for line in lines:
        if line["engine"] == "cli":
            cli.setdefault(line["scale"], []).append(line["records_per_s"])
    head = ("| scale | records | text MB | engine | wall s | records/s | MB/s | of CLI | CPU s (all processes) "
            "| records per CPU-s | peak worker MiB | at 1× / 4× / 16× done | driver MiB | JVM MiB | load mean (max) |")
    rows = [head, "|" + " ---: |" * 3 + " --- |" + " ---: |" * 10 + " --- |"]
    for line in lines:
        base = statistics.fmean(cli.get(line["scale"], [0])) or None
        share = f"{100 * line['records_per_s'] / base:.0f} %" if base and line["engine"] != "cli" else ""
        rows.append(f"| {line['scale']}× | {line['records']:,} | {line['text_mb']:,} | {line['engine']} "
                    f"| {line['wall_s']:,} | {line['records_per_s']:,.0f} | {line['mb_per_s']:.2f} | {share} "
                    f"| {line['cpu_s']:,} | {line['records'] / max(line['cpu_s'], 1e-9):,.0f} "
                    f"| {line['peak_worker_mb']} | {_milestones(line)} | {line['peak_driver_mb']} | {line['peak_jvm_mb'] or ''} "
                    f"| {line['load_mean']} ({line['load_max']}) |")
    return "\n".join(rows)


def _milestones(line: dict) -> str:
    """The busiest worker's peak as 1×, 4×, 16× of the corpus were done within the run."""
    return " / ".join(str(line[f"peak_worker_mb_at_{k}x"]) for k in (1, 4, 16) if f"peak_worker_mb_at_{k}x" in line)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="42× interleaved, then 1×, 4×, 16× (the whole table)")
    parser.add_argument("--scales", default="1,4,16")
    parser.add_argument("--engines", default="cli,dask,spark", help="run in this order at each scale")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N cables (a smoke test)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "markcheck-bench")
    parser.add_argument("--log", type=Path, default=None, help="append each run's JSON line here too")
    parser.add_argument("--table", type=Path, default=None, help="print the Markdown table of a log and stop")
    args = parser.parse_args(argv)
    if args.table:
        print(table([json.loads(line) for line in args.table.read_text().splitlines() if line.strip()]))
        return 0
    plan = FULL if args.full else [(int(s), args.engines) for s in args.scales.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    print(json.dumps({"machine": _machine(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}),
          file=sys.stderr, flush=True)
    for scale, engines in plan:
        archive, records, size = build(args.corpus, scale, args.work, args.limit)
        for engine in engines.split(","):
            result = run(engine, archive, records, size, args.work / f"out-{engine}-x{scale}", args.workers, scale)
            line = json.dumps({"scale": scale, "parquet_mb": round(archive.stat().st_size / 1e6, 1), **result})
            print(line, flush=True)
            if args.log:
                with open(args.log, "a", encoding="utf-8") as log:
                    log.write(line + "\n")
            shutil.rmtree(args.work / f"out-{engine}-x{scale}", ignore_errors=True)
    return 0


def _machine() -> str:
    import platform

    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} CPUs {model}, Python {platform.python_version()}, {platform.system()}"


if __name__ == "__main__":
    raise SystemExit(main())
