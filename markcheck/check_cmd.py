"""The ``check``, ``rules`` and ``rule`` commands.

stdout carries results only (text lines or one JSON report); rule-file problems and other
diagnostics go to stderr. Exit codes: 0 clean, 1 an error-severity finding, 2 a rule-file,
usage or internal error (MCK- findings) or unreadable input.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys

from . import __version__
from .config import PROFILE_CHOICES, Config
from .findings import INTERNAL_ERROR, UNREADABLE_FILE

JSON_SCHEMA_VERSION = 1
_EXIT_TWO_RULES = frozenset({INTERNAL_ERROR[0], UNREADABLE_FILE[0]})


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}")
    return value


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())


def add_parsers(subparsers) -> None:
    check = subparsers.add_parser("check", help="check documents (the default command)")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files, or directories walked for *.txt and *.md")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--profile", choices=PROFILE_CHOICES, default="auto")
    _selection_args(check)
    check.add_argument("--today", type=_date, help="run date for date-relative rules (default: today)")
    check.add_argument("--jobs", "-j", type=_jobs, default=0, metavar="N",
                       help="worker processes (default: one per CPU, 1 for a few files)")
    check.set_defaults(run=run_check)

    rules = subparsers.add_parser("rules", help="list the rule catalogue")
    _selection_args(rules)
    rules.set_defaults(run=run_rules)

    rule = subparsers.add_parser("rule", help="explain one rule")
    rule.add_argument("rule_id", metavar="ID", help="rule ID or name, e.g. ROL-001")
    rule.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory")
    rule.set_defaults(run=run_rule)


def _selection_args(parser) -> None:
    parser.add_argument("--select", action="append", metavar="IDS", help="comma-separated IDs, prefixes or names")
    parser.add_argument("--ignore", action="append", metavar="IDS", help="comma-separated IDs, prefixes or names")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")


def _load(dirs):
    """The rule pack, or None after printing the rule-file errors (the caller exits 2)."""
    from .rulepack import RuleFileError, load_rules

    try:
        return load_rules(dirs)
    except RuleFileError as exc:
        print(str(exc), file=sys.stderr)
        return None


def run_check(args) -> int:
    from .api import check_paths

    if _load(args.rules) is None:
        return 2
    config = Config(profile=args.profile, select=_split(args.select), ignore=_split(args.ignore),
                    today=args.today, rule_dirs=tuple(args.rules))
    results = check_paths(args.paths, config=config, jobs=args.jobs)
    if args.format == "json":
        _write_json(results)
    else:
        _write_text(results)
    findings = [f for r in results for f in r.findings]
    if any(f.rule in _EXIT_TWO_RULES for f in findings):
        return 2
    return 1 if any(f.severity == "error" for f in findings) else 0


def _write_text(results) -> None:
    out = sys.stdout
    for result in results:
        for f in result.findings:
            out.write(f"{result.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}\n")


def _write_json(results) -> None:
    summary = {"files": len(results), "error": 0, "warning": 0, "info": 0}
    for result in results:
        for severity, count in result.counts().items():
            summary[severity] = summary.get(severity, 0) + count
    report = {
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": "markcheck", "version": __version__},
        "files": [r.to_dict() for r in results],
        "summary": summary,
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


def run_rules(args) -> int:
    from .engine import select_rules
    from .ruledocs import catalogue_lines

    rules = _load(args.rules)
    if rules is None:
        return 2
    for line in catalogue_lines(select_rules(rules, _split(args.select), _split(args.ignore))):
        print(line)
    return 0


def run_rule(args) -> int:
    from .ruledocs import explain

    rules = _load(args.rules)
    if rules is None:
        return 2
    wanted = args.rule_id.strip()
    rule = next((r for r in rules if r.id == wanted.upper() or r.name == wanted.lower()), None)
    if rule is None:
        print(f"markcheck: no rule {wanted!r} (see `markcheck rules`)", file=sys.stderr)
        return 2
    print(explain(rule))
    return 0
