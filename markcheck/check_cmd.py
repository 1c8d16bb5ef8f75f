"""The ``check``, ``rules`` and ``rule`` commands.

stdout carries results only (in the chosen format, see `markcheck.output` and
`markcheck.formats`); rule-file problems and other diagnostics go to stderr. Exit codes: 0 clean,
1 a finding at a failing severity (error; warning too with --strict), 2 a rule-file, usage or
internal error (MCK- findings) or unreadable input.
"""

from __future__ import annotations

import argparse
import datetime
import sys

from .config import PROFILE_CHOICES

# what shtab completes PATH with (shtab.FILE, written out so the parser does not import shtab)
FILES = {"bash": "_shtab_compgen_files", "zsh": "_files", "tcsh": "f"}


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
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="files, or directories walked for the configured include globs (*.txt, *.md, *.docx, *.pdf); "
                            "'-' reads standard input").complete = FILES  # (shell completion: file names)
    from .output import add_arguments as add_output_arguments

    add_output_arguments(check)  # --format, --output, --strict, --exit-zero, --statistics, --min-severity, -q,
    # --color, --show-source
    from .stdin_input import add_arguments as add_stdin_arguments

    add_stdin_arguments(check)  # --stdin-filename (PATH '-')
    from .hook import add_arguments as add_hook_arguments

    add_hook_arguments(check)  # --force-exclude (the pre-commit hook)
    check.add_argument("--profile", choices=PROFILE_CHOICES, default=None, help="default: auto")
    _selection_args(check)
    check.add_argument("--today", type=_date, help="run date for date-relative rules (default: today)")
    check.add_argument("--jobs", "-j", type=_jobs, default=0, metavar="N",
                       help="worker processes (default: one per CPU, 1 for a few files)")
    check.add_argument("--fix", action="store_true",
                       help="apply safe fixes (raise or complete markings to the roll-up; never lower or "
                            "remove), then report what remains")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="with --fix or --diff, apply the fixes of rules whose fix is unsafe too "
                            "(`markcheck rules` shows each rule's fix)")
    check.add_argument("--diff", action="store_true",
                       help="show the safe fixes as a unified diff on stdout and write nothing "
                            "(exit 1 when there is something to fix)")
    from .settings import add_arguments as add_settings_arguments

    add_settings_arguments(check)  # --config, --isolated, --show-settings, --baseline, --write-baseline
    from .archive.cli import add_arguments as add_archive_arguments

    add_archive_arguments(check)  # --text-column, --id-column, --engine, --results-dir, … (archives)
    check.set_defaults(run=run_check)

    from .settings import add_config_arguments

    rules = subparsers.add_parser("rules", help="list the rule catalogue (built-in rules and the configured rule directories)")
    _selection_args(rules)
    add_config_arguments(rules)
    rules.set_defaults(run=run_rules)

    rule = subparsers.add_parser("rule", help="explain one rule")
    rule.add_argument("rule_id", metavar="ID", help="rule ID or name, e.g. ROL-001")
    rule.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory")
    add_config_arguments(rule)
    rule.set_defaults(run=run_rule)


def _selection_args(parser) -> None:
    parser.add_argument("--select", action="append", metavar="IDS", help="comma-separated IDs, prefixes or names")
    parser.add_argument("--ignore", action="append", metavar="IDS", help="comma-separated IDs, prefixes or names")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")


def _load(args):
    """The rule pack `check` would use with these flags (the configuration's rule directories,
    then --rules), or None after printing the configuration or rule-file errors (exit 2)."""
    from .configfile import ConfigError
    from .rulepack import RuleFileError, load_rules
    from .settings import rule_directories

    try:
        return load_rules(rule_directories(args))
    except (ConfigError, RuleFileError) as exc:
        print(str(exc), file=sys.stderr)
        return None


def run_check(args) -> int:
    # What the start-up makes (the checking modules, the rule pack, the settings) lives to the end
    # of the run: no collection walks it while it is made, and, frozen after, none later either.
    from . import stdin_input
    from .runner import iter_results, lasting

    texts = None
    if stdin_input.wanted(args):  # `markcheck -`: the configuration is matched against --stdin-filename
        problem = stdin_input.refusal(args)
        if problem:
            print(f"markcheck check: error: {problem}", file=sys.stderr)
            return 2
        args.paths = [stdin_input.name(args)]
        texts = {}
    with lasting():
        from .settings import prepare

        settings = prepare(args)  # .markcheck.yaml + flags; an int after errors (2) or --show-settings (0)
    if isinstance(settings, int):
        return settings
    from .archive.cli import wanted as archives_wanted

    if archives_wanted(args, settings.files):  # tables and bundles: records, not files
        from .archive.cli import run as run_archives

        return run_archives(args, settings)  # each archive's records with the archive's own configuration
    config = settings.config
    nested = len(settings.governing()) > 1  # files checked with different configurations (nested files)
    # Results are written as they come (in input order): a long run shows its findings while it
    # is checked, and holds no more of them than the output format needs.
    # settings.files is walked already (files, and directories that could not be listed, which
    # the check reports): no second stat of every file to find the directories among them
    if texts is not None:
        results = []
        for path in settings.files:  # the stdin name, unless the configuration excludes it
            texts[path], result = stdin_input.read(path, settings.config_for(path))
            results.append(result)
    else:
        # one pool for the run, each file checked with its own configuration
        results = iter_results(settings.files, config, jobs=args.jobs, configs=settings.configs() if nested else None)
    fix_status = 0
    if args.fix or args.diff:
        from .fix import fix_results

        outcome = fix_results(list(results), config, write=not args.diff, baseline=settings.baseline,
                              unsafe=args.unsafe_fixes, config_for=settings.config_for)
        if args.diff:
            return outcome.status
        results, fix_status = outcome.results, outcome.status
    results = settings.finish(results)  # baseline; unused per-file ignores (MCK-003), stale entries (MCK-004)
    from .output import emit

    return max(emit(results, args, config, settings=settings.facts(), texts=texts,
                    config_for=settings.config_for if nested else None,
                    rule_dir_sets={s.config.rule_dirs for s in settings.governing()} - {config.rule_dirs}), fix_status)


def run_rules(args) -> int:
    from .engine import select_rules
    from .escape import printable
    from .ruledocs import catalogue_lines

    rules = _load(args)
    if rules is None:
        return 2
    from .selectorcheck import command_line_errors

    typos = command_line_errors(_split(args.select), _split(args.ignore), rules)
    for line in typos:  # a selection that selects nothing is a typo, as in `check`
        print(f"markcheck: {line}", file=sys.stderr)
    if typos:
        return 2
    for line in catalogue_lines(select_rules(rules, _split(args.select), _split(args.ignore))):
        print(printable(line))  # rule text from a rule directory: one line, no CI command
    return 0


def run_rule(args) -> int:
    from .escape import printable
    from .ruledocs import explain

    rules = _load(args)
    if rules is None:
        return 2
    wanted = args.rule_id.strip()
    rule = next((r for r in rules if r.id == wanted.upper() or r.name == wanted.lower()), None)
    if rule is None:
        print(f"markcheck: no rule {wanted!r} (see `markcheck rules`)", file=sys.stderr)
        return 2
    print(printable(explain(rule), keep="\n"))  # its own lines; no CI command from a rule file
    return 0
