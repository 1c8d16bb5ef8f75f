"""The ``report`` command: check documents and write the standalone validation report.

``markcheck report PATHS… -o report.html`` checks like ``check`` (same selection, profile and
run-date options) and writes one self-contained HTML file: tool and rule-pack versions with
the sha256 of every rule and grammar file, the settings, the run date, every file checked with
its classification, expected roll-up, era, date and findings, counts per rule, per severity and
per era with inline SVG charts, and every suppression with its reason. The file is written
atomically. stdout stays empty; a one-line summary goes to stderr, and a progress bar too
when stderr is a terminal and the run has more than 50 files.

Exit codes are those of ``check`` (0 clean, 1 a failing finding, 2 unreadable input, an internal
error or a report that cannot be written); the report records its own verdict and exit code.
"""

from __future__ import annotations

import sys

PROGRESS_ABOVE = 50  # files; smaller runs finish before a bar is worth drawing


def add_parser(subparsers) -> None:
    from .check_cmd import _date, _jobs, _selection_args
    from .config import PROFILE_CHOICES

    report = subparsers.add_parser(
        "report", help="check documents and write a self-contained HTML validation report",
        description="Check documents and write one self-contained HTML validation report (no scripts, "
                    "no external resources) recording the run as evidence.")
    report.add_argument("paths", nargs="*", metavar="PATH", help="files, or directories walked for *.txt, *.md, *.docx and *.pdf")
    report.add_argument("--results", metavar="FILE",
                        help="make the report from a results file (--format jsonl or parquet, or a --results-dir) "
                             "without checking again: counts over every record, the worst records listed")
    report.add_argument("--output", "-o", required=True, metavar="FILE", help="the HTML file to write")
    report.add_argument("--profile", choices=PROFILE_CHOICES, help="document profile (default: auto)")
    _selection_args(report)
    report.add_argument("--today", type=_date, help="run date for date-relative rules (default: today)")
    report.add_argument("--jobs", "-j", type=_jobs, default=0, metavar="N",
                        help="worker processes (default: one per CPU, 1 for a few files)")
    report.add_argument("--strict", action="store_true", help="warnings fail the run too (exit 1)")
    report.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when findings fail (still 2 on a read, internal or write error)")
    from .settings import add_arguments as add_settings_arguments

    add_settings_arguments(report)  # --config, --isolated, --show-settings, --baseline, --write-baseline
    report.set_defaults(run=run_report)


def settings_facts(settings, args) -> dict:
    """What the report records about where the run's settings came from, beyond the Config."""
    from .report import file_digest

    cfg = settings.config_file
    facts = {
        "configuration file": f"{cfg.path} (sha256 {file_digest(cfg.path)})" if cfg else "none",
        "configuration chosen": settings.config_origin,
        "include": list(settings.include),
        "exclude": list(settings.exclude),
        "baseline": getattr(settings.baseline, "path", None) or "none",
        "value sources": {k: v for k, v in sorted(settings.sources.items())} or "defaults",
        "paths": list(args.paths),
        "jobs": args.jobs or "auto",
        "strict": args.strict,
        "exit zero": args.exit_zero,
    }
    return facts


def check_with_progress(paths, config, jobs, *, stream=None, configs=None) -> list:
    """`check_paths` over `paths`, with a progress bar on a terminal for long runs.

    One run of the worker pool either way: the bar moves as results come back in order
    (`markcheck.runner.iter_results`), about a hundred times over the run.
    """
    from .api import iter_paths
    from .progress import Progress
    from .runner import iter_results

    files = list(iter_paths(paths)) if configs is None else list(paths)  # `configs`: one per file given
    bar = Progress(len(files), label="markcheck report", stream=stream, minimum=PROGRESS_ABOVE)
    if not bar.enabled:
        return list(iter_results(files, config, jobs, configs=configs))
    step = max(1, len(files) // 100)
    results: list = []
    with bar:
        bar.update(0)
        for result in iter_results(files, config, jobs, configs=configs):
            results.append(result)
            if len(results) % step == 0 or len(results) == len(files):
                bar.update(len(results))
    return results


def run_report(args) -> int:
    from .output import exit_code
    from .report import report_data, write_report
    from .settings import prepare

    if args.results or not args.paths:
        return _from_results(args)
    settings = prepare(args)  # .markcheck.yaml + flags, exactly as `check` resolves them
    if isinstance(settings, int):
        return settings
    results = check_with_progress(settings.files, settings.config, args.jobs, configs=settings.configs())
    results = list(settings.finish(results))  # baseline; unused per-file ignores (MCK-003), stale entries (MCK-004)
    code = exit_code(results, strict=args.strict, exit_zero=args.exit_zero)
    data = report_data(results, config=settings.config, exit_code=code, settings=settings_facts(settings, args))
    try:
        write_report(args.output, data)
    except OSError as exc:
        print(f"markcheck: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    s = data["summary"]
    print(f"markcheck: wrote {args.output}: {_count(s['files'], 'file')} ({s['clean']} clean), "
          f"{_count(s['errors'], 'error')}, {_count(s['warnings'], 'warning')}, {s['infos']} info, "
          f"{s['suppressed']} suppressed", file=sys.stderr)
    return code


def _from_results(args) -> int:
    """The report of a results file (`markcheck.archive.summary`); nothing is checked."""
    if not args.results or args.paths:
        print("markcheck report: error: give PATHS to check, or --results FILE to report on (not both)",
              file=sys.stderr)
        return 2
    from .archive.summary import report_data_of
    from .report import write_report

    try:
        data, code = report_data_of(args.results)
        write_report(args.output, data)
    except (OSError, ValueError) as exc:
        print(f"markcheck: cannot report on {args.results}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    s = data["summary"]
    print(f"markcheck: wrote {args.output}: {_count(s['files'], 'record')} ({s['clean']} clean), "
          f"{_count(s['errors'], 'error')}, {_count(s['warnings'], 'warning')}, {s['infos']} info", file=sys.stderr)
    return 0 if args.exit_zero and code == 1 else code


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
