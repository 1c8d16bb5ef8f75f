#!/usr/bin/env python3
"""markcheck benchmark: throughput, cold start, memory and scaling, with a baseline.

    python bench/run.py [CORPUS] [--repeat 3] [--cold-runs 15] [--quick] [--no-scaling]

Everything is measured on the real command line, as separate processes, with stdout sent to
/dev/null:

* throughput of ``markcheck --format json --today 2026-11-27 CORPUS`` with ``--jobs 1`` and
  with the default parallelism, in MB/s and documents/s (median of ``--repeat`` runs);
* in the same run, interleaved with those, a plain regular-expression pass over the same files
  (``bench/baseline.py``), so ``markcheck / baseline`` stays meaningful on a noisy machine;
* cold start: checking the single example cable, process start to exit, median of
  ``--cold-runs`` runs, next to ``python -c pass`` measured the same way; and the first run
  after install (empty markcheck and Lark caches). ``bench/cold.py --against CHECKOUT``
  measures the cold start alone, two checkouts in turn;
* peak memory (RSS) of the corpus run: the largest process (``wait4``) and, for the parallel
  run, the sum of every process's peak (``/proc``, an upper bound);
* scaling: the corpus replicated 1x, 4x and 16x in a temporary directory.

The results go to BENCHMARKS.md (between the ``bench:results`` markers; text outside them is
kept) and, as JSON, to bench/results/latest.json. A ``--quick`` run, too short to be a record,
goes to bench/results/quick.md and quick.json instead (not tracked), so it never rewrites the
tracked BENCHMARKS.md; ``--output`` names another file. The benchmark is never a test gate.
CORPUS defaults to ``../shared/corpus`` beside the repository.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from baseline import files_under  # noqa: E402  (bench/ is not a package)

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_EXAMPLE = REPO / "examples" / "09USNATO114.txt"
TODAY = "2026-11-27"
BEGIN, END = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"


# --- running one measured process ------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    max_rss_kb: int  # the largest process: the child or any descendant it waited for
    returncode: int
    stderr: str
    cpu_seconds: float = 0.0  # user + system time of the child and the workers it waited for


def _environment(extra: dict | None = None) -> dict:
    """The checkout is what is measured, whatever markcheck is installed elsewhere."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(extra or {})
    return env


def run(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> Run:
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                env=env or _environment(), cwd=cwd or REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    rss = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss  # bytes on macOS
    return Run(seconds, rss, proc.returncode, message, usage.ru_utime + usage.ru_stime)


def tree_peak_rss_kb(cmd: list[str], env: dict | None = None) -> int | None:
    """Sum over the process tree of each process's peak RSS (VmHWM), polled from /proc.

    Shared (copy-on-write) pages count in every process, so this is an upper bound of the
    memory the run needs at once. None where /proc is not available."""
    if not Path("/proc/self/status").exists():
        return None
    peaks: dict[int, int] = {}
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env or _environment(), cwd=REPO)
    while proc.poll() is None:
        for pid in _tree(proc.pid):
            try:
                with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
                    for line in handle:
                        if line.startswith("VmHWM:"):
                            peaks[pid] = max(peaks.get(pid, 0), int(line.split()[1]))
                            break
            except OSError:
                pass
        time.sleep(0.01)
    return sum(peaks.values()) if peaks else None


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as handle:
                todo.extend(int(p) for p in handle.read().split())
        except OSError:
            pass
    return out


# --- the commands ----------------------------------------------------------------------------

def markcheck(paths: list[str], jobs: int | None) -> list[str]:
    cmd = [sys.executable, "-m", "markcheck", "--format", "json", "--today", TODAY]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    return cmd + paths


def baseline(paths: list[str]) -> list[str]:
    return [sys.executable, str(REPO / "bench" / "baseline.py"), *paths]


def default_jobs(files: int) -> int | None:
    """What ``--jobs`` defaults to for this run, as markcheck.runner decides it (None: no --jobs)."""
    sys.path.insert(0, str(REPO))
    try:
        from markcheck.runner import effective_jobs

        return effective_jobs(0, files)
    except ImportError:
        return None


def byte_compile() -> None:
    """Write the package's .pyc files, as ``pip install`` does, so start-up is not compiling
    source (this environment may set PYTHONDONTWRITEBYTECODE)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "markcheck")],
                   stdout=subprocess.DEVNULL, check=False,
                   env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})


# --- the measurements ------------------------------------------------------------------------

def throughput(corpus: Path, repeat: int, files: list[str], size: int, has_jobs: bool) -> dict:
    variants = {"baseline": baseline([str(corpus)])}
    if has_jobs:
        variants["jobs1"] = markcheck([str(corpus)], 1)
    variants["default"] = markcheck([str(corpus)], None)
    for cmd in variants.values():  # warm the page cache and markcheck's caches
        _checked(run(cmd), cmd)
    runs: dict[str, list[Run]] = {name: [] for name in variants}
    for _ in range(repeat):  # interleaved, so a slow moment hurts every variant alike
        for name, cmd in variants.items():
            runs[name].append(_checked(run(cmd), cmd))
    out = {}
    for name, measured in runs.items():
        seconds = statistics.median(r.seconds for r in measured)
        out[name] = {
            "seconds": seconds,
            "min_seconds": min(r.seconds for r in measured),
            "mb_per_s": size / seconds / 1e6,
            "docs_per_s": len(files) / seconds,
            "max_rss_kb": max(r.max_rss_kb for r in measured),
            "returncode": measured[-1].returncode,
            "runs": [r.seconds for r in measured],
            "cpu_seconds": statistics.median(r.cpu_seconds for r in measured),
        }
    out["default"]["tree_rss_kb"] = tree_peak_rss_kb(variants["default"])
    return out


def cold_start(example: Path, runs: int) -> dict:
    commands = {
        "python": [sys.executable, "-c", "pass"],
        "markcheck": markcheck([str(example)], None),
    }
    for cmd in commands.values():
        _checked(run(cmd), cmd)  # warm caches (rule pack, Lark) and the OS file cache
    times: dict[str, list[float]] = {name: [] for name in commands}
    rss = 0
    for _ in range(runs):
        for name, cmd in commands.items():
            result = _checked(run(cmd), cmd)
            times[name].append(result.seconds)
            if name == "markcheck":
                rss = max(rss, result.max_rss_kb)
    out = {name: {"median": statistics.median(t), "min": min(t), "runs": t} for name, t in times.items()}
    out["markcheck"]["max_rss_kb"] = rss
    first = []
    for _ in range(3):  # first run after install: nothing cached by markcheck or by Lark
        with tempfile.TemporaryDirectory() as empty:
            env = _environment({"MARKCHECK_CACHE_DIR": os.path.join(empty, "cache"), "TMPDIR": empty})
            first.append(_checked(run(commands["markcheck"], env), commands["markcheck"]).seconds)
    out["first_run"] = {"median": statistics.median(first), "min": min(first), "runs": first}
    return out


def scaling(files: list[str], corpus: Path, factors: list[int]) -> list[dict]:
    rows = []
    base_size = sum(os.path.getsize(f) for f in files)
    with tempfile.TemporaryDirectory(prefix="markcheck-bench-") as tmp:
        made = 0
        for factor in factors:
            for copy in range(made, factor):
                _replicate(files, corpus, Path(tmp) / f"copy{copy:02d}")
            made = max(made, factor)
            paths = [str(Path(tmp) / f"copy{copy:02d}") for copy in range(factor)]
            cmd = markcheck(paths, None)
            result = _checked(run(cmd), cmd)
            size = base_size * factor
            rows.append({"factor": factor, "files": len(files) * factor, "bytes": size,
                         "seconds": result.seconds, "mb_per_s": size / result.seconds / 1e6,
                         "cpu_seconds": result.cpu_seconds, "max_rss_kb": result.max_rss_kb})
    one = rows[0]["seconds"] / rows[0]["factor"] if rows else 1.0
    one_cpu = rows[0]["cpu_seconds"] / rows[0]["factor"] if rows else 1.0
    for row in rows:  # 1.00 = perfectly linear
        row["relative"] = row["seconds"] / (one * row["factor"])
        row["relative_cpu"] = row["cpu_seconds"] / (one_cpu * row["factor"]) if one_cpu else 0.0
    return rows


def _replicate(files: list[str], corpus: Path, target: Path) -> None:
    for name in files:
        dest = target / Path(name).resolve().relative_to(corpus.resolve())
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(name, dest)  # same bytes, no copy; falls back across file systems
        except OSError:
            shutil.copyfile(name, dest)


def _checked(result: Run, cmd: list[str]) -> Run:
    if result.returncode not in (0, 1):
        print(f"bench: exit {result.returncode} from {' '.join(cmd[:6])} …\n{result.stderr[-2000:]}",
              file=sys.stderr)
    return result


# --- the machine and the report --------------------------------------------------------------

def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = None
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {"cpu": cpu, "cores": os.cpu_count(), "usable_cores": usable, "ram_bytes": ram,
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "os": platform.platform(terse=True), "date": datetime.date.today().isoformat()}


def _wait_idle(limit: float, threshold: float = 0.5) -> None:
    deadline = time.monotonic() + limit
    while limit > 0 and time.monotonic() < deadline:
        try:
            if os.getloadavg()[0] < threshold:
                return
        except (AttributeError, OSError):
            return
        time.sleep(5)


def _load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "n/a"


def _mb(kb: int | None) -> str:
    return "n/a" if kb is None else f"{kb / 1024:.0f} MB"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def report(data: dict) -> str:
    m, corpus = data["machine"], data["corpus"]
    ram = f"{m['ram_bytes'] / 2**30:.1f} GiB RAM" if m["ram_bytes"] else "RAM unknown"
    lines = [
        f"## Latest run — {m['date']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {ram}, {m['os']}, "
        f"{m['python']}.  ",
        f"Corpus: `{corpus['path']}`, {corpus['files']:,} files, {corpus['bytes'] / 1e6:.1f} MB. "
        f"Command: `markcheck --format json --today {TODAY} CORPUS > /dev/null`; the package is "
        f"byte-compiled first, as `pip install` does. Load average (1 min) at start / end: "
        f"{data['load'][0]} / {data['load'][1]} (other work on the machine slows every row alike).",
        "",
    ]
    t = data.get("throughput")
    if t:
        jobs = data["default_jobs"]
        base = t["baseline"]["mb_per_s"]
        lines += [
            f"### Throughput (median of {data['repeat']} interleaved runs, wall clock, process start to exit)",
            "",
            "| Run | time (median) | best | MB/s | documents/s | speed vs baseline | CPU time | peak RSS (largest process) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        default = f"markcheck, default parallelism (`--jobs` auto = {jobs})" if jobs else "markcheck (no `--jobs`)"
        for key, label in (("baseline", "regex baseline (`bench/baseline.py`)"),
                           ("jobs1", "markcheck `--jobs 1`"),
                           ("default", default)):
            if key not in t:
                continue
            row = t[key]
            exit_note = "" if row["returncode"] in (0, 1) else f" (exit {row['returncode']})"
            lines.append(f"| {label}{exit_note} | {row['seconds']:.2f} s | {row['min_seconds']:.2f} s | {row['mb_per_s']:.1f} | "
                         f"{row['docs_per_s']:,.0f} | {row['mb_per_s'] / base:.2f} | {row['cpu_seconds']:.2f} s | "
                         f"{_mb(row['max_rss_kb'])} |")
        lines += ["", f"CPU time is user + system time of the process and its workers: the work done, "
                      f"whatever else the machine was running. Parallel run, sum of every process's "
                      f"peak RSS (upper bound): {_mb(t['default'].get('tree_rss_kb'))}.", ""]
    c = data.get("cold_start")
    if c:
        extra = c["markcheck"]["median"] - c["python"]["median"]
        lines += [
            f"### Cold start: one cable (`{data['example']}`), median of {data['cold_runs']} runs",
            "",
            "| Command | median | min |",
            "|---|---:|---:|",
            f"| `python -c pass` | {_ms(c['python']['median'])} | {_ms(c['python']['min'])} |",
            f"| `markcheck --format json --today {TODAY} 09USNATO114.txt` | {_ms(c['markcheck']['median'])} | "
            f"{_ms(c['markcheck']['min'])} |",
            f"| same, first run after install (empty caches; median of 3) | {_ms(c['first_run']['median'])} | "
            f"{_ms(c['first_run']['min'])} |",
            "",
            f"markcheck's own share: {_ms(extra)} over the bare interpreter; peak RSS "
            f"{_mb(c['markcheck']['max_rss_kb'])}.",
            "",
        ]
    s = data.get("scaling")
    if s:
        lines += [
            "### Scaling: the corpus replicated in a temporary directory (default parallelism, one run each)",
            "",
            "| Input | files | MB | time | MB/s | time / (factor × time at 1×) | CPU time | "
            "CPU time / (factor × CPU at 1×) | peak RSS |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in s:
            lines.append(f"| {row['factor']}× | {row['files']:,} | {row['bytes'] / 1e6:.0f} | {row['seconds']:.2f} s | "
                         f"{row['mb_per_s']:.1f} | {row['relative']:.2f} | {row['cpu_seconds']:.1f} s | "
                         f"{row['relative_cpu']:.2f} | {_mb(row['max_rss_kb'])} |")
        lines += ["", "1.00 in the ratio columns is exactly linear. The copies repeat the corpus's marking "
                      "strings, so parse memos hit more often in the larger runs (slightly below 1.00 is "
                      "expected); the CPU-time ratio is the one other work on the machine does not move.", ""]
    return "\n".join(lines)


HEADER = """# Benchmarks

Measured by `python bench/run.py` (see "Benchmark" in README.md); the section between the
markers below is rewritten by each run, the rest of this file is kept. Numbers are wall-clock
times of separate processes on the machine named, so compare them with the baseline and the
`python -c pass` row measured in the same run rather than across machines. The benchmark is
never a test gate.

"""


def write_report(path: Path, body: str) -> None:
    block = f"{BEGIN}\n{body.rstrip()}\n{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER + f"{BEGIN}\n{END}\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def destinations(quick: bool, output: str | None) -> tuple[Path, Path]:
    """(Markdown report, JSON results): a quick run never rewrites the tracked BENCHMARKS.md."""
    results = REPO / "bench" / "results"  # in .gitignore
    markdown = Path(output) if output else (results / "quick.md" if quick else REPO / "BENCHMARKS.md")
    return markdown, results / ("quick.json" if quick else "latest.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS), help="default: ../shared/corpus")
    parser.add_argument("--example", default=str(DEFAULT_EXAMPLE), help="the cable for the cold-start runs")
    parser.add_argument("--repeat", type=int, default=3, help="throughput runs per variant (median)")
    parser.add_argument("--cold-runs", type=int, default=15, help="cold-start runs (median)")
    parser.add_argument("--scale", default="1,4,16", help="replication factors for the scaling runs")
    parser.add_argument("--no-scaling", action="store_true")
    parser.add_argument("--quick", action="store_true", help="1 throughput run, 5 cold runs, scaling 1,2")
    parser.add_argument("--output", help="Markdown report to update (default: BENCHMARKS.md; with --quick, "
                                         "bench/results/quick.md)")
    parser.add_argument("--no-write", action="store_true", help="print the report only")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="before each part, wait up to this long for the 1-minute load average "
                             "to drop below 0.5 (a shared machine)")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.cold_runs, args.scale = 1, 5, "1,2"

    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"bench: no corpus at {corpus} (pass its path)", file=sys.stderr)
        return 2
    files = files_under([str(corpus)])
    size = sum(os.path.getsize(f) for f in files)
    data = {
        "machine": machine(),
        "corpus": {"path": os.path.relpath(corpus, REPO), "files": len(files), "bytes": size},
        "example": os.path.relpath(args.example, REPO),
        "repeat": args.repeat,
        "cold_runs": args.cold_runs,
        "default_jobs": default_jobs(len(files)),
    }
    data["load"] = [_load_average(), None]
    byte_compile()
    _wait_idle(args.wait_idle)
    print(f"bench: {len(files)} files, {size / 1e6:.1f} MB; throughput …", file=sys.stderr)
    data["throughput"] = throughput(corpus, args.repeat, files, size, data["default_jobs"] is not None)
    _wait_idle(args.wait_idle)
    print("bench: cold start …", file=sys.stderr)
    data["cold_start"] = cold_start(Path(args.example), args.cold_runs)
    if not args.no_scaling:
        factors = [int(f) for f in args.scale.split(",") if f.strip()]
        _wait_idle(args.wait_idle)
        print(f"bench: scaling {factors} …", file=sys.stderr)
        data["scaling"] = scaling(files, corpus, factors)

    data["load"][1] = _load_average()
    body = report(data)
    print(body)
    if not args.no_write:
        markdown, raw = destinations(args.quick, args.output)
        raw.parent.mkdir(exist_ok=True)
        markdown.parent.mkdir(parents=True, exist_ok=True)
        write_report(markdown, body)
        raw.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"bench: wrote {markdown} and {raw}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
