"""``markcheck check ARCHIVE…``: the archive options of ``check`` and the run they choose.

Without ``--results-dir`` every record's result goes to the chosen output format as it comes
(text, json, jsonl, parquet…), in archive order, through the run's baseline and suppressions.
With ``--results-dir DIR`` each partition's results are a Parquet file in DIR, written by the
engine (``local``: this machine's processes; ``dask``; ``spark``), and a re-run with the same
DIR skips the partitions already written and valid.
"""

from __future__ import annotations

import os
import sys
from contextlib import closing

from .records import DEFAULT_PARTITION, kind_of  # (the readers are imported when archives are checked)

ENGINES = ("local", "dask", "spark")


def add_arguments(parser) -> None:
    group = parser.add_argument_group(
        "archives", "check tables (CSV, JSONL, Parquet: one document per row) and bundles (zip, tar) "
                    "without unpacking them")
    group.add_argument("--text-column", metavar="NAME", help="the column holding each document's text (tables)")
    group.add_argument("--id-column", metavar="NAME", help="the column holding each record's id (default: row N)")
    group.add_argument("--date-column", metavar="NAME",
                       help="a date (YYYY-MM-DD…) used when the document's text gives none")
    group.add_argument("--header-column", metavar="NAME",
                       help="a column holding the header, checked as the lines before the text column's")
    group.add_argument("--metadata-column", metavar="NAME",
                       help="the catalogue's classification, cross-checked with the document's (CAT-001)")
    group.add_argument("--engine", choices=ENGINES, default="local",
                       help="local (default: --jobs processes), dask or spark (need --results-dir)")
    group.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler (default: a local cluster)")
    group.add_argument("--master", metavar="URL", help="a Spark master (default: local[--workers])")
    group.add_argument("--workers", type=int, default=2, metavar="N",
                       help="worker processes of the local Dask or Spark cluster (default 2)")
    group.add_argument("--results-dir", metavar="DIR",
                       help="write one Parquet file of results per partition into DIR; a re-run resumes")
    group.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION, metavar="N",
                       help=f"records per partition (default {DEFAULT_PARTITION})")
    group.add_argument("--record-seconds", type=float, default=None, metavar="S",
                       help="the most one record may take before it is reported, not checked (default 60)")


def wanted(args, files: list[str]) -> bool:
    """Whether this run checks archives (an archive named, or an archive option given)."""
    return any(kind_of(f) for f in files) or bool(args.text_column or args.results_dir or args.engine != "local")


def run(args, settings) -> int:
    """Check the archives of `settings.files` as `args` says; the exit code."""
    from .check import DEFAULT_RECORD_SECONDS
    from .readers import ArchiveError, plan
    from .records import Columns

    problem = _usage_problem(args, settings.files)
    if problem:
        print(f"markcheck check: error: {problem}", file=sys.stderr)
        return 2
    columns = Columns(args.text_column, args.id_column, args.date_column, args.header_column, args.metadata_column)
    seconds = DEFAULT_RECORD_SECONDS if args.record_seconds is None else args.record_seconds
    try:
        plans = [list(plan(path, columns, args.partition_size)) if kind_of(path) == "table" or
                 path.lower().endswith(".zip") else plan(path, columns, args.partition_size)
                 for path in settings.files]
    except ArchiveError as exc:
        print(f"markcheck: {exc}", file=sys.stderr)
        return 2
    total = sum(p.count for parts in plans if isinstance(parts, list) for p in parts) \
        if all(isinstance(parts, list) for parts in plans) else None
    from .progress import Meter

    meter = Meter(total)
    if args.results_dir:
        return _partitioned(args, settings, columns, plans, seconds, meter)
    return _streamed(args, settings, columns, plans, seconds, meter)


def _usage_problem(args, files: list[str]) -> str | None:
    plain = [f for f in files if not kind_of(f)]
    if plain:
        return (f"{plain[0]} is not an archive; check archives (.csv .jsonl .parquet .zip .tar .tar.gz) and "
                "documents in separate runs")
    if any(kind_of(f) == "table" for f in files) and not args.text_column:
        return "a table needs --text-column NAME: the column that holds each document's text"
    if args.engine != "local" and not args.results_dir:
        return f"--engine {args.engine} writes its results as Parquet partitions: give --results-dir DIR"
    if getattr(args, "fix", False) or getattr(args, "diff", False):
        return "--fix and --diff change files; an archive's records are checked, not fixed"
    if args.results_dir and (args.baseline or args.write_baseline):
        return "--baseline and --write-baseline apply to one results stream: not with --results-dir"
    if args.partition_size < 1:
        return "--partition-size must be at least 1"
    return None


def _streamed(args, settings, columns, plans, seconds, meter) -> int:
    from ..output import emit
    from .local import iter_results

    def partitions():
        for parts in plans:
            yield from parts

    def counted(results):
        for result in results:
            meter.add(1, result.size)
            yield result

    checked = iter_results(partitions(), columns, settings.config, args.jobs, seconds, settings.config_for)
    results = counted(checked)
    findings = 0

    def tallied(results):
        nonlocal findings
        for result in results:
            findings += len(result.findings)
            yield result

    nested = len(settings.governing()) > 1  # archives under several configuration files
    with closing(checked):  # stopped early: the workers end here, not when the collector finds them
        code = emit(tallied(settings.finish(results)), args, settings.config, settings=settings.facts(),
                    config_for=settings.config_for if nested else None,
                    rule_dir_sets={s.config.rule_dirs for s in settings.governing()} - {settings.config.rule_dirs})
    meter.close(findings)
    return code


def _partitioned(args, settings, columns, plans, seconds, meter) -> int:
    from .partitions import Task, remove_leftovers, stamp

    remove_leftovers(args.results_dir)
    def tasks():
        for number, parts in enumerate(plans):
            for part in parts:
                config = settings.config_for(part.archive)  # the archive's own configuration
                yield Task(part, columns, config, os.path.abspath(args.results_dir), number,
                           stamp(part.archive, columns, config, part), seconds)

    if args.engine == "dask":
        from ..dask import run_tasks

        stats = run_tasks(tasks(), args.scheduler, args.workers)
    elif args.engine == "spark":
        from ..spark import run_tasks

        stats = run_tasks(tasks(), args.master, args.workers)
    else:
        from .local import run_tasks

        stats = run_tasks(tasks(), args.jobs)
    severities: dict = {}
    abnormal = 0
    with closing(stats):  # stopped early: the workers end here, not when the collector finds them
        for part in stats:
            meter.add(part.records, part.bytes, skipped=part.skipped)
            for severity, count in part.severities.items():
                severities[severity] = severities.get(severity, 0) + count
            abnormal += part.abnormal
    meter.close(sum(severities.values()))
    print(f"markcheck: results in {args.results_dir} (one Parquet file per partition)", file=sys.stderr)
    if abnormal:
        return 2
    if args.exit_zero:
        return 0
    failing = {"error", "warning"} if args.strict else {"error"}
    return 1 if any(severities.get(s) for s in failing) else 0
