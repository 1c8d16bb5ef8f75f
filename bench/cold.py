#!/usr/bin/env python3
"""Cold start of one plain check, this checkout beside another, measured in the same session.

    python bench/cold.py [--against OTHER_CHECKOUT] [--runs 15] [--example FILE]

Each run is a fresh process, ``python -m markcheck --isolated EXAMPLE`` started in the checkout
with the checkout on PYTHONPATH (stdout to /dev/null), from process start to exit: wall clock
and CPU time (user + system), medians. The checkouts and ``python -c pass`` take turns, so
load from other work on the machine falls on every row alike; the load average at the start
and the end is printed with the table. Before measuring, the checkouts' packages and this
interpreter's site-packages are byte-compiled, as ``pip install`` leaves them, and one run of
each fills markcheck's cache (rule pack, Lark tables, globs): what is measured is the start of
every run after the first. ``bench/run.py`` measures the one checkout's cold start with its
throughput; this compares two trees, where a change of a few milliseconds must show.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from run import DEFAULT_EXAMPLE, _checked, _load_average, run  # noqa: E402  (bench/ is not a package)


def commands(tree: Path, example: str) -> tuple[list[str], dict]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return [sys.executable, "-m", "markcheck", "--isolated", example], env


def byte_compile(folders: list[Path]) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for folder in folders:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False, env=env)


def measure(trees: list[Path], example: str, runs: int) -> dict[str, dict]:
    variants = {"python -c pass": ([sys.executable, "-c", "pass"], None, REPO)}
    for tree in trees:
        cmd, env = commands(tree, example)
        variants[str(tree)] = (cmd, env, tree)
    for cmd, env, cwd in variants.values():
        _checked(run(cmd, env, cwd), cmd)  # fills the cache and the OS file cache
    wall: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, (cmd, env, cwd) in variants.items():
            result = _checked(run(cmd, env, cwd), cmd)
            wall[name].append(result.seconds)
            cpu[name].append(result.cpu_seconds)
    return {name: {"wall": statistics.median(wall[name]), "wall_min": min(wall[name]),
                   "cpu": statistics.median(cpu[name]), "cpu_min": min(cpu[name])} for name in variants}


def commit(tree: Path) -> str:
    out = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                         check=False)
    return out.stdout.strip() or "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", metavar="CHECKOUT", help="another checkout, measured in turn with this one")
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (median)")
    parser.add_argument("--example", default=os.path.relpath(DEFAULT_EXAMPLE, REPO),
                        help="the document, relative to each checkout (default: examples/09USNATO114.txt)")
    args = parser.parse_args(argv)
    trees = [REPO] + ([Path(args.against).resolve()] if args.against else [])
    byte_compile([tree / "markcheck" for tree in trees] + [Path(sysconfig.get_paths()["purelib"])])
    start = _load_average()
    results = measure(trees, args.example, args.runs)
    end = _load_average()
    print(f"`markcheck --isolated {args.example}`, {args.runs} interleaved runs of each, medians "
          f"(load average, 1 min, at start / end: {start} / {end}):\n")
    print("| command | wall | wall (min) | CPU | CPU (min) |")
    print("|---|---:|---:|---:|---:|")
    for name, row in results.items():
        label = name if name.startswith("python") else f"markcheck, {Path(name).name} ({commit(Path(name))})"
        print(f"| {label} | {row['wall'] * 1000:.0f} ms | {row['wall_min'] * 1000:.0f} ms | "
              f"{row['cpu'] * 1000:.0f} ms | {row['cpu_min'] * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
