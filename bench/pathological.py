#!/usr/bin/env python3
"""The worst documents at the size limit: CPU time and peak memory of each hostile shape.

    python bench/pathological.py [--only NAME ...] [--cpu-limit 120] [--memory-limit 4]

Every shape of ``tests/hardening/test_pathological.py`` (``SHAPES``) and the two large
documents of ``tests/hardening/test_bad_documents.py`` is grown to just under markcheck's
input limit (``source.MAX_DOCUMENT_BYTES``, 16 MiB) and checked by the real command line,
``markcheck --format json`` with the output to a file, one process per shape. What is
measured is what another user on the machine cannot change: the CPU time (user + system) and
the peak RSS of that process and the processes it waited for (``wait4``, as
``resource.getrusage(RUSAGE_CHILDREN)`` reports them), plus the number of findings. Wall
time is not reported: on a shared machine it measures the neighbours.

A shape still running at ``--cpu-limit`` seconds of CPU, or needing more than
``--memory-limit`` GiB of address space, is stopped there (RLIMIT_CPU, RLIMIT_AS) and shown
as "> limit", so a run on an old tree ends in bounded time without taking the machine's
memory. Results go to stdout as a Markdown table and, as JSON, to bench/results/pathological.json.
The targets (issue 12): every shape at most 30 s of CPU and 1 GB of peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-12-07"
TARGET_CPU_SECONDS = 30
TARGET_RSS_BYTES = 10**9


def shapes() -> dict:
    """name -> (make(n), n) for every hostile shape the hardening tests know."""
    sys.path.insert(0, str(REPO))
    from tests.hardening.test_bad_documents import CLEAN
    from tests.hardening.test_pathological import SHAPES

    out = dict(SHAPES)
    words = "(S) secret words and (C) more words "
    out["one-line-of-marks (test_bad_documents)"] = (lambda n: CLEAN + "3. (S) " + words * n + "\n", 1000)
    out["short-lines (test_bad_documents)"] = (lambda n: CLEAN + "x\n" * n, 1000)
    return out


def at_size(make, n: int, limit: int) -> str:
    """`make(m)` for the largest m whose text stays within `limit` bytes of UTF-8."""
    base = len(make(0).encode("utf-8"))
    per_unit = (len(make(n).encode("utf-8")) - base) / n
    m = max(1, int((limit - base) / per_unit))
    text = make(m)
    while len(text.encode("utf-8")) > limit:
        m = int(m * 0.999) - 1
        text = make(m)
    return text


def measure(path: Path, output: Path, cpu_limit: int, memory_limit: int) -> dict:
    """One ``markcheck`` process on `path`: CPU seconds, peak RSS, exit code, findings."""
    def limits():
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit))
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    cmd = [sys.executable, "-m", "markcheck", "--isolated", "--format", "json", "--today", TODAY,
           "-o", str(output), str(path)]
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                env=env, cwd=REPO, preexec_fn=limits)
        _, status, usage = os.wait4(proc.pid, 0)
        err.seek(0)
        message = err.read().decode("utf-8", "replace").strip()
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    stopped = code < 0 or "MemoryError" in message or code not in (0, 1, 2) or not output.exists()
    findings = None
    if not stopped:
        with open(output, encoding="utf-8") as handle:
            findings = sum(len(entry["findings"]) for entry in json.load(handle)["files"])
        output.unlink()
    return {"cpu_seconds": round(cpu, 2), "max_rss_bytes": rss, "exit_code": code, "findings": findings,
            "stopped": stopped, "stderr": message[-300:]}


def _row(name: str, size: int, result: dict, cpu_limit: int, memory_limit: int) -> str:
    if result["stopped"]:
        cpu = f"> {cpu_limit} s" if result["cpu_seconds"] >= cpu_limit - 1 else f"{result['cpu_seconds']:.1f} s"
        rss = f"> {memory_limit / 2**30:.0f} GiB" if result["cpu_seconds"] < cpu_limit - 1 \
            else f"≥ {result['max_rss_bytes'] / 1e6:,.0f} MB"
        return f"| {name} | {size / 2**20:.1f} | {cpu} | {rss} | stopped |"
    ok = result["cpu_seconds"] <= TARGET_CPU_SECONDS and result["max_rss_bytes"] <= TARGET_RSS_BYTES
    return (f"| {name} | {size / 2**20:.1f} | {result['cpu_seconds']:.1f} s | {result['max_rss_bytes'] / 1e6:,.0f} MB "
            f"| {result['findings']:,} findings{'' if ok else ', over target'} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="shape names (substrings) to measure; default: all")
    parser.add_argument("--cpu-limit", type=int, default=120, help="CPU seconds before a shape is stopped")
    parser.add_argument("--memory-limit", type=float, default=4, help="GiB of address space per shape")
    parser.add_argument("--json", default=str(REPO / "bench" / "results" / "pathological.json"))
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from markcheck.reader.source import MAX_DOCUMENT_BYTES

    memory_limit = int(args.memory_limit * 2**30)
    results = {}
    print("| shape | MiB | CPU time | peak RSS | result |\n|---|---:|---:|---:|---|", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (make, n) in shapes().items():
            if args.only and not any(part in name for part in args.only):
                continue
            text = at_size(make, n, MAX_DOCUMENT_BYTES)
            path = Path(tmp) / "shape.txt"
            path.write_text(text, encoding="utf-8", newline="")
            del text
            size = path.stat().st_size
            result = measure(path, Path(tmp) / "out.json", args.cpu_limit, memory_limit)
            results[name] = {"bytes": size, **result}
            print(_row(name, size, result, args.cpu_limit, memory_limit), flush=True)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    over = [name for name, r in results.items()
            if r["stopped"] or r["cpu_seconds"] > TARGET_CPU_SECONDS or r["max_rss_bytes"] > TARGET_RSS_BYTES]
    print(f"\n{len(results) - len(over)} of {len(results)} shapes within {TARGET_CPU_SECONDS} s CPU and "
          f"{TARGET_RSS_BYTES / 1e9:.0f} GB peak RSS" + (f"; over: {', '.join(over)}" if over else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
