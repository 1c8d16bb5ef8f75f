"""Resolved run settings for ``markcheck check``: configuration file + command line.

`prepare(args)` finds and validates the configuration file (`markcheck.configfile`), merges
it with the command line (a flag given on the command line replaces the file's value;
``--rules`` directories are added to the file's), loads the rule pack, and returns a
`Settings` holding the frozen `Config` for the workers, the files to check and where every
value came from. `Settings.finish(results)` is the run's filter stage after checking, one
result at a time: ``--write-baseline`` and ``--baseline``, then what is judged over the whole
run, unused per-file ignores (MCK-003) and stale baseline entries (MCK-004).

File selection (`markcheck.fileselect`): a directory on the command line is walked for files
matching ``include`` (default ``**/*.txt``, ``**/*.md``, ``**/*.docx``,
``**/*.pdf``) and not ``exclude`` (default: hidden
directories, virtual environments, build output, README/LICENSE/CHANGELOG/CONTRIBUTING;
``extend-exclude`` adds to it), skipping what ignore files ignore (``respect-gitignore``,
``--no-respect-gitignore``); a file named on the command line is checked even if ``include``
does not match it, but skipped if ``exclude`` does, so pre-commit's file lists honour the
configuration. Globs are relative to the configuration file's directory (the working directory
without one); see `markcheck.globs`. The configuration is found from the paths checked
(`markcheck.configfind`). ``--show-files`` lists the selection and exits. A walked entry that
is no regular file is named on stderr; paths that leave nothing to check end the run with exit
2 and the reasons (`markcheck.selection`), except under the hook's ``--force-exclude``.
"""

from __future__ import annotations

import datetime
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from . import configfile
from .config import Config
from .configtrust import within
from .fileselect import PRUNED_DIRS, Selection, select as select_paths  # noqa: F401 (PRUNED_DIRS: the walk's, named here too)
from .findings import MAX_FINDINGS_PER_RULE, printable

DEFAULT = "default"
COMMAND_LINE = "command line"


def add_arguments(parser) -> None:
    """The configuration and baseline flags of ``markcheck check``."""
    group = parser.add_argument_group("configuration and baseline")
    group.add_argument("--config", metavar="FILE",
                       help=f"configuration file (default: the nearest {configfile.CONFIG_NAME} "
                            "from the working directory up to the repository root)")
    group.add_argument("--isolated", action="store_true", help="ignore configuration files")
    group.add_argument("--show-settings", action="store_true",
                       help="print the resolved settings and where each comes from, then exit")
    group.add_argument("--show-files", action="store_true",
                       help="print the files the run would check, one per line, then exit")
    group.add_argument("--no-respect-gitignore", action="store_true",
                       help="walk what .gitignore, .ignore and git's excludes ignore too")
    group.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    group.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE")


class SelectionError(Exception):
    """Command-line rule selectors that select nothing, or a walk that met another
    configuration file; `args[0]` holds the lines to print."""


@dataclass
class Settings:
    config: Config
    files: list[str]
    config_file: configfile.ConfigFile | None
    config_origin: str  # how the configuration file was chosen
    base: str  # absolute directory that globs are relative to
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    rules: tuple = ()  # the loaded rule pack
    baseline: object = None  # markcheck.baseline.Baseline
    write_baseline: str | None = None
    whole_project: bool = False  # a directory walk covered the configuration's directory
    skipped: list = field(default_factory=list)  # (path, what it is): walked entries that are no regular file
    sources: dict = field(default_factory=dict)  # setting -> where its value came from
    respect_ignore_files: bool = True  # .gitignore, .ignore and git's excludes apply to walks

    # -- after the check --------------------------------------------------------------------

    def active_rules(self) -> dict[str, str]:
        """Rule ID -> name of the rules this run applies (selection, minus overrides to off)."""
        from .api import active_rules

        return active_rules(self.rules, self.config)

    def reports(self, rule_id: str) -> bool:
        """Whether a tool finding (MCK-003/004) is wanted: not named by ``ignore``."""
        from .suppress import selector_matches

        name = configfile.TOOL_RULES.get(rule_id, "")
        return not any(selector_matches(s, rule_id, name) for s in self.config.ignore)

    def finish(self, results: Iterable) -> Iterator:
        """The results as they are reported, each passed on as it comes (a long run is written
        while it is checked): baselined findings moved to ``suppressed``. What is judged over
        the whole run follows, as results of its own: unused per-file ignores (MCK-003), stale
        baseline entries (MCK-004). ``--write-baseline`` first takes every result in: the file
        is written from all of them before any is reported."""
        from . import baseline as bl
        from . import suppress

        active = self.active_rules()
        usage = suppress.Usage() if self.config.per_file_ignores and self.reports("MCK-003") else None
        current, failed = self.baseline, None
        if self.write_baseline:
            results = list(results)
            try:
                count = bl.write(self.write_baseline, results)
                current = current or bl.read(self.write_baseline)
            except (OSError, bl.BaselineError) as exc:
                from .findings import INTERNAL_ERROR, tool_finding

                message = f"cannot write the baseline {self.write_baseline}: {getattr(exc, 'strerror', None) or exc}"
                print(f"markcheck: {message}", file=sys.stderr)
                current, failed = None, _tool_result(self.write_baseline,
                                                     [tool_finding(INTERNAL_ERROR, message, self.write_baseline)])
            else:
                print(f"markcheck: wrote {count} baseline entr{'y' if count == 1 else 'ies'} to {self.write_baseline}",
                      file=sys.stderr)
        applied = None
        if current is not None:
            applied = bl.Applied(current, inactive=frozenset(r.id for r in self.rules) - set(active))
        for result in results:
            if usage is not None:
                usage.record(result)  # before the baseline: an entry's use is judged on what the check found
            yield result if applied is None else applied.apply(result)
        if usage is not None:
            unused = usage.unused(self.config.per_file_ignores, whole_project=self.whole_project, active=active)
            if unused:
                yield _tool_result(self.config_file.path, unused)
        if failed is not None:
            yield failed
        elif applied is not None:
            stale = applied.stale()
            if stale and self.reports("MCK-004"):
                yield _tool_result(current.path, stale)

    # -- --show-settings and the JSON report -----------------------------------------------------

    def facts(self) -> dict:
        """What decided which files were checked, for the JSON report's ``settings``."""
        path = os.path.abspath(self.config_file.path) if self.config_file else None
        return {"config_file": path, "config_origin": self.config_origin,
                "include": list(self.include), "exclude": list(self.exclude)}

    def describe(self) -> str:
        config = self.config
        path = os.path.abspath(self.config_file.path) if self.config_file else "none"
        lines = [f"config file: {path}  ({self.config_origin})",
                 f"relative to: {self.base}"]

        def row(key: str, value: str) -> None:
            lines.append(f"{key}: {value}  [{self.sources.get(key, DEFAULT)}]")

        row("profile", config.profile)
        row("select", ", ".join(config.select) or "(all rules)")
        row("ignore", ", ".join(config.ignore) or "(none)")
        row("severity", ", ".join(f"{rule}={level}" for rule, level in config.severity) or "(rule defaults)")
        row("per-file-ignores", "" if config.per_file_ignores else "(none)")
        for entry in config.per_file_ignores:
            lines.append(f"  - paths: {', '.join(entry.paths)}; rules: {', '.join(entry.rules)}; "
                         f"reason: {entry.reason}  [{entry.where}]")
        row("include", ", ".join(self.include))
        row("exclude", ", ".join(self.exclude) or "(none)")
        if "extend-exclude" in self.sources:
            lines[-1] = lines[-1][:-1] + f" + {self.sources['extend-exclude']} (extend-exclude)]"
        row("respect-gitignore", "true" if self.respect_ignore_files else "false")
        row("rules", ", ".join(config.rule_dirs) or "(built-in rules only)")
        row("today", config.today.isoformat() if config.today else f"(the real date, {datetime.date.today()})")
        row("baseline", self.baseline.path if self.baseline is not None else "(none)")
        row("write-baseline", self.write_baseline or "(none)")
        lines.append(f"max-findings-per-rule: {MAX_FINDINGS_PER_RULE}  [built in; see markcheck.findings]")
        from .escape import printable

        # paths, globs and reasons from a configuration file: each line stays one, no CI command
        return "".join(printable(line) + "\n" for line in lines)


def _tool_result(path: str, findings):
    from .api import Result

    return Result(path, None, None, None, None, None, tuple(sorted(findings, key=lambda f: f.sort_key())))


def _split(values: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def prepare(args) -> Settings | int:
    """The run's settings, or an exit code: 2 after printing errors, 0 after --show-settings."""
    from .baseline import BaselineError
    from .rulepack import RuleFileError

    from .configfind import ConfigConflict

    try:
        settings = _resolve(args)
    except (configfile.ConfigError, RuleFileError, BaselineError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (ConfigConflict, SelectionError) as exc:
        for line in exc.args[0]:
            print(f"markcheck: {line}", file=sys.stderr)
        return 2
    if getattr(args, "show_settings", False):
        sys.stdout.write(settings.describe())
        return 0
    if not args.paths:
        print("markcheck check: error: no PATH given (files, or directories to walk)", file=sys.stderr)
        return 2
    for path, what in settings.skipped:  # not findings: a walk reads regular files only
        print(f"markcheck: skipped {printable(path)}: {what}, not a regular file", file=sys.stderr)
    force_exclude = getattr(args, "force_exclude", False)
    if force_exclude:
        from .hook import only_included

        settings.files = only_included(settings)
    if getattr(args, "show_files", False):
        for path in settings.files:
            print(printable(path))  # a file name: one line, no CI command
        return 0
    if not settings.files:
        from .selection import explain

        for line in explain(settings, list(args.paths), force_exclude=force_exclude):
            print(f"markcheck: {line}", file=sys.stderr)
        if not force_exclude:  # the hook is handed every staged text file: none may be a document
            return 2
    return settings


def _resolve(args) -> Settings:
    from .rulepack import load_rules
    from .suppress import PerFileIgnore

    from .configfind import find, nested_conflict

    paths = list(args.paths or ())
    cfg, origin = find(args, paths)
    data = cfg.data if cfg else {}
    sources: dict[str, str] = {}

    def pick(key: str, cli_value, default):
        if cli_value not in (None, (), []):
            sources[key] = COMMAND_LINE
            return cli_value
        if key in data:
            sources[key] = f"{cfg.path}:{cfg.line(key)}"
            return data[key]
        return default

    profile = pick("profile", getattr(args, "profile", None), "auto")
    select = tuple(pick("select", _split(args.select), ()))
    ignore = tuple(pick("ignore", _split(args.ignore), ()))
    today = pick("today", args.today, None)
    today = _date(today) if isinstance(today, str) else today
    include = tuple(data.get("include", configfile.DEFAULT_INCLUDE))
    exclude = tuple(data.get("exclude", configfile.DEFAULT_EXCLUDE)) + tuple(data.get("extend-exclude", ()))
    respect = pick("respect-gitignore", False if getattr(args, "no_respect_gitignore", False) else None, True)
    for key in ("include", "exclude", "extend-exclude", "severity", "per-file-ignores"):
        if cfg and key in data:
            sources[key] = f"{cfg.path}:{cfg.line(key)}"

    rule_dirs: list[str] = []
    errors: list = []
    if cfg:
        rule_dirs, errors = configfile.rule_directories(cfg)
        if errors:
            raise configfile.ConfigError(errors)
    cli_dirs = list(getattr(args, "rules", None) or [])
    origins = ([f"{cfg.path}:{cfg.line('rules')}"] if rule_dirs else []) + ([COMMAND_LINE] if cli_dirs else [])
    if origins:
        sources["rules"] = " + ".join(origins)
    rule_dirs += cli_dirs
    rules = load_rules(rule_dirs)  # RuleFileError: the caller prints it
    from .selectorcheck import command_line_errors

    typos = command_line_errors(_split(args.select), _split(args.ignore), rules)
    if typos:
        raise SelectionError(typos)

    severity: tuple = ()
    per_file: tuple = ()
    if cfg:
        errors = configfile.check_against(cfg, rules)
        if errors:
            raise configfile.ConfigError(errors)
        severity = configfile.severity_overrides(cfg, rules)
        per_file = tuple(
            PerFileIgnore(tuple(entry["paths"]), tuple(entry["rules"]), entry["reason"].strip(), cfg.directory,
                          cfg.path, *cfg.position("per-file-ignores", i))
            for i, entry in enumerate(data.get("per-file-ignores", ())))

    config = Config(profile=profile, select=select, ignore=ignore, today=today, rule_dirs=tuple(rule_dirs),
                    severity=severity, per_file_ignores=per_file)
    base = cfg.directory if cfg else os.getcwd()
    baseline = None
    if getattr(args, "baseline", None):
        from .baseline import read

        baseline = read(args.baseline)
        sources["baseline"] = COMMAND_LINE
    write = getattr(args, "write_baseline", None)
    if write:
        sources["write-baseline"] = COMMAND_LINE
    walked = select_paths(paths, Selection(base, include, exclude, respect),
                    config_name=None if origin in ("--config", "--isolated") else configfile.CONFIG_NAME)
    nested = nested_conflict(cfg, walked.configs)
    if nested:
        raise SelectionError(nested)
    whole = any(os.path.isdir(p) and within(base, p) for p in paths)
    return Settings(config, walked.files, cfg, origin, base, include, exclude, rules, baseline, write, whole,
                    walked.skipped, sources, respect)


def add_config_arguments(parser) -> None:
    """--config and --isolated, for the commands that read only the rule directories."""
    parser.add_argument("--config", metavar="FILE",
                        help=f"configuration file whose `rules:` directories are read (default: the nearest "
                             f"{configfile.CONFIG_NAME})")
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files")


def rule_directories(args) -> list[str]:
    """The rule directories a ``check`` with these flags would load: the configuration's
    ``rules:`` (found as `check` finds it), then ``--rules``. Raises ConfigError."""
    from .configfind import find

    cfg, _ = find(args, [])
    dirs: list[str] = []
    if cfg:
        dirs, errors = configfile.rule_directories(cfg)
        if errors:
            raise configfile.ConfigError(errors)
    return dirs + list(getattr(args, "rules", None) or [])


def select_files(paths: Sequence[str], base: str, include: Sequence[str], exclude: Sequence[str],
                 skipped: list | None = None, *, respect_ignore_files: bool = True) -> list[str]:
    """The files to check (see `markcheck.fileselect`); walked entries that are no regular file
    go to `skipped` as (path, what it is)."""
    walked = select_paths(paths, Selection(os.path.abspath(base), tuple(include), tuple(exclude), respect_ignore_files))
    if skipped is not None:
        skipped.extend(walked.skipped)
    return walked.files
