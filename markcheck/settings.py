"""Resolved run settings for ``markcheck check``: configuration files + command line.

`prepare(args)` finds and validates the configuration of every path (`markcheck.configscope`:
each file's nearest ``.markcheck.yaml``, with the command line on top; ``--rules`` directories
are added to each file's), loads each distinct rule pack once, and returns a `Settings` holding
the files to check, the scope (frozen `Config` for the workers, globs, where every value came
from) of each, and the baseline. `Settings.finish(results)` is the run's filter stage after
checking, one result at a time: ``--write-baseline`` and ``--baseline``, then what is judged
over the whole run, unused per-file ignores (MCK-003, per configuration) and stale baseline
entries (MCK-004).

File selection (`markcheck.fileselect`): a directory on the command line is walked for files
matching ``include`` (default ``**/*.txt``, ``**/*.md``, ``**/*.docx``,
``**/*.pdf``) and not ``exclude`` (default: hidden
directories, virtual environments, build output, README/LICENSE/CHANGELOG/CONTRIBUTING;
``extend-exclude`` adds to it), skipping what ignore files ignore (``respect-gitignore``,
``--no-respect-gitignore``); a file named on the command line is checked even if ``include``
does not match it, but skipped if ``exclude`` does, so pre-commit's file lists honour the
configuration. Globs are relative to the configuration file's directory (the working directory
without one); see `markcheck.globs`. A walk that enters a directory holding its own
configuration file selects below it with that file's globs. ``--show-files`` lists the
selection and exits. A walked entry that is no regular file is named on stderr; paths that
leave nothing to check end the run with exit 2 and the reasons (`markcheck.selection`), except
under the hook's ``--force-exclude``.
"""

from __future__ import annotations

import datetime
import os
import sys
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from . import configfile
from .config import Config
from .configtrust import within
from .fileselect import PRUNED_DIRS, Selection, select as select_paths  # noqa: F401 (PRUNED_DIRS: the walk's, named here too)
from .findings import MAX_FINDINGS_PER_RULE, printable

from .configscope import COMMAND_LINE, DEFAULT  # noqa: F401 (where a value came from)


def add_arguments(parser) -> None:
    """The configuration and baseline flags of ``markcheck check``."""
    group = parser.add_argument_group("configuration and baseline")
    group.add_argument("--config", metavar="FILE",
                       help=f"configuration file for every file checked (default: each file's nearest "
                            f"{configfile.CONFIG_NAME}, from its directory up to the repository root)")
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
    """Command-line rule selectors that select nothing; `args[0]` holds the lines to print."""


@dataclass
class Settings:
    """The run: its files, the scope (configuration) of each, and the baseline.

    The first scope is the run's own: the one of its first path (the working directory's when
    it has none). `config`, `config_file`, `include`, … are that scope's, for what speaks of one
    configuration (the JSON report's `settings`, the HTML report); each file is checked with its
    own scope's (`config_for`)."""

    scopes: list  # markcheck.configscope.Scope, the run's own first
    files: list[str]
    scope_by_path: dict = field(default_factory=dict)  # path as selected -> its Scope
    baseline: object = None  # markcheck.baseline.Baseline
    write_baseline: str | None = None
    whole: frozenset = frozenset()  # scopes (by id) whose directory a walk covered
    skipped: list = field(default_factory=list)  # (path, what it is): walked entries that are no regular file
    named: dict = field(default_factory=dict)  # path given to the run -> the Scope of its nearest configuration

    # -- the run's own scope ----------------------------------------------------------------------

    @property
    def scope(self):
        return self.scopes[0]

    config = property(lambda self: self.scope.config)
    config_file = property(lambda self: self.scope.config_file)
    config_origin = property(lambda self: self.scope.origin)
    base = property(lambda self: self.scope.base)
    include = property(lambda self: self.scope.include)
    exclude = property(lambda self: self.scope.exclude)
    rules = property(lambda self: self.scope.rules)
    sources = property(lambda self: self.scope.sources)
    respect_ignore_files = property(lambda self: self.scope.respect_ignore_files)
    whole_project = property(lambda self: id(self.scope) in self.whole)

    def scope_of(self, path: str):
        """The scope `path` (a selected file, or a record ``ARCHIVE#ID`` of one) is checked with."""
        scope = self.scope_by_path.get(path)
        if scope is None and "#" in path:  # a record: its archive's (an id may hold '#' too)
            at = path.find("#")
            while scope is None and at >= 0:
                scope = self.scope_by_path.get(path[:at])
                at = path.find("#", at + 1)
        return scope or self.scope

    def scope_for_path(self, path: str):
        """The scope of a path given to the run (a file or a directory)."""
        return self.named.get(path, self.scope)

    def config_for(self, path: str) -> Config:
        return self.scope_of(path).config

    def configs(self) -> list[Config]:
        """Each file's configuration, in the order of `files`."""
        return [self.config_for(path) for path in self.files]

    def governing(self) -> list:
        """The scopes that govern at least one file (the run's own when none does)."""
        used = {id(self.scope_of(path)) for path in self.files}
        return [s for s in self.scopes if id(s) in used] or [self.scope]

    def governed(self, scope) -> str:
        """How many of the files `scope` governs, in words."""
        count = sum(1 for path in self.files if self.scope_of(path) is scope)
        return f"{count} file{'' if count == 1 else 's'}"

    def governance(self) -> str:
        """Which configuration file governs how many of the files, for messages."""
        return "; ".join(f"{s.path or 'no configuration file'} ({self.governed(s)})" for s in self.governing())

    # -- after the check --------------------------------------------------------------------

    def active_rules(self, scope=None) -> dict[str, str]:
        """Rule ID -> name of the rules `scope` (default: the run's own) applies."""
        from .api import active_rules

        scope = scope or self.scope
        return active_rules(scope.rules, scope.config)

    def reports(self, rule_id: str, scope=None) -> bool:
        """Whether a tool finding (MCK-003/004) is wanted: not named by ``ignore``."""
        from .suppress import selector_matches

        name = configfile.TOOL_RULES.get(rule_id, "")
        return not any(selector_matches(s, rule_id, name) for s in (scope or self.scope).config.ignore)

    def finish(self, results: Iterable) -> Iterator:
        """The results as they are reported, each passed on as it comes (a long run is written
        while it is checked): baselined findings moved to ``suppressed``. What is judged over
        the whole run follows, as results of its own: unused per-file ignores (MCK-003, each
        configuration's entries judged on its own files), stale baseline entries (MCK-004).
        ``--write-baseline`` first takes every result in: the file is written from all of them
        before any is reported."""
        from . import suppress

        judged = [s for s in self.governing() if s.config.per_file_ignores and self.reports("MCK-003", s)]
        usage = suppress.Usage() if judged else None  # an entry extended by two files is used once for both
        current, failed = self.baseline, None
        if self.write_baseline or current is not None:
            from . import baseline as bl  # (only then: a plain check imports no baseline code)
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
        if current is not None:  # an entry is stale only for a rule its file's configuration applied
            known = frozenset(r.id for s in self.governing() for r in s.rules)
            inactive = {id(s): known - set(self.active_rules(s)) for s in self.governing()}
            applied = bl.Applied(current, inactive=frozenset.intersection(*inactive.values()),
                                 inactive_for=lambda path: inactive.get(id(self.scope_of(path)), frozenset()))
        for result in results:
            if usage is not None:
                usage.record(result)  # before the baseline: an entry's use is judged on what the check found
            yield result if applied is None else applied.apply(result)
        reported: dict = {}  # configuration file -> its unused entries, each once
        for scope in judged:  # each configuration's entries judged on the files it governs
            own = suppress.Usage()
            own.used, own.checked = usage.used, [p for p in usage.checked if self.scope_of(p) is scope]
            for finding in own.unused(scope.config.per_file_ignores, whole_project=id(scope) in self.whole,
                                      active=self.active_rules(scope)):
                reported.setdefault(finding.path, {})[(finding.line, finding.column)] = finding
        for path, unused in reported.items():
            yield _tool_result(path, list(unused.values()))
        if failed is not None:
            yield failed
        elif applied is not None:
            stale = applied.stale()
            if stale and self.reports("MCK-004"):
                yield _tool_result(current.path, stale)

    # -- --show-settings and the JSON report -----------------------------------------------------

    def facts(self) -> dict:
        """What decided which files were checked, for the JSON report's ``settings``."""
        return {"config_file": self.scope.path, "config_origin": self.config_origin,
                "include": list(self.include), "exclude": list(self.exclude)}

    def describe(self, scope=None) -> str:
        """The settings of `scope` (default: the run's own) and where each value comes from."""
        scope = scope or self.scope
        config = scope.config
        lines = [f"config file: {scope.path or 'none'}  ({scope.origin})"]
        if scope.extends:
            lines.append(f"extends: {' -> '.join(os.path.abspath(p) for p in scope.extends)}")
        lines.append(f"relative to: {scope.base}")

        def row(key: str, value: str) -> None:
            lines.append(f"{key}: {value}  [{scope.sources.get(key, DEFAULT)}]")

        row("profile", config.profile)
        row("select", ", ".join(config.select) or "(all rules)")
        row("ignore", ", ".join(config.ignore) or "(none)")
        row("severity", ", ".join(f"{rule}={level}" for rule, level in config.severity) or "(rule defaults)")
        row("per-file-ignores", "" if config.per_file_ignores else "(none)")
        for entry in config.per_file_ignores:
            lines.append(f"  - paths: {', '.join(entry.paths)}; rules: {', '.join(entry.rules)}; "
                         f"reason: {entry.reason}  [{entry.where}]")
        row("include", ", ".join(scope.include))
        row("exclude", ", ".join(scope.exclude) or "(none)")
        if "extend-exclude" in scope.sources:
            lines[-1] = lines[-1][:-1] + f" + {scope.sources['extend-exclude']} (extend-exclude)]"
        row("respect-gitignore", "true" if scope.respect_ignore_files else "false")
        row("rules", ", ".join(config.rule_dirs) or "(built-in rules only)")
        row("today", config.today.isoformat() if config.today else f"(the real date, {datetime.date.today()})")
        row("baseline", self.baseline.path if self.baseline is not None else "(none)")
        row("write-baseline", self.write_baseline or "(none)")
        lines.append(f"max-findings-per-rule: {MAX_FINDINGS_PER_RULE}  [built in; see markcheck.findings]")
        from .escape import printable

        # paths, globs and reasons from a configuration file: each line stays one, no CI command
        return "".join(printable(line) + "\n" for line in lines)

    def describe_all(self) -> str:
        """`describe` of every configuration governing the run's files, each with how many it
        governs when there is more than one."""
        scopes = self.governing()
        if len(scopes) == 1:
            return self.describe(scopes[0])
        return "\n".join(self.describe(scope) + f"governs: {self.governed(scope)} of this run\n" for scope in scopes)


def _tool_result(path: str, findings):
    from .api import Result

    return Result(path, None, None, None, None, None, tuple(sorted(findings, key=lambda f: f.sort_key())))


def prepare(args) -> Settings | int:
    """The run's settings, or an exit code: 2 after printing errors, 0 after --show-settings."""
    from .rulepack import RuleFileError

    errors: tuple = (configfile.ConfigError, RuleFileError)
    if getattr(args, "baseline", None):  # (read only then: a plain check imports no baseline code)
        from .baseline import BaselineError

        errors += (BaselineError,)
    try:
        settings = _resolve(args)
    except errors as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except SelectionError as exc:
        for line in exc.args[0]:
            print(f"markcheck: {line}", file=sys.stderr)
        return 2
    if getattr(args, "show_settings", False):
        sys.stdout.write(settings.describe_all())
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
        from .selection import show_files

        show_files(settings, getattr(args, "format", None))
        return 0
    if not settings.files:
        from .selection import explain

        for line in explain(settings, list(args.paths), force_exclude=force_exclude):
            print(f"markcheck: {line}", file=sys.stderr)
        if not force_exclude:  # the hook is handed every staged text file: none may be a document
            return 2
    return settings


def _resolve(args) -> Settings:
    from .configscope import Resolver
    from .selectorcheck import command_line_errors

    paths = list(args.paths or ())
    resolver = Resolver(args)
    own = resolver.for_path(paths[0] if paths else None)
    walked = select_paths(paths, resolver=resolver)
    scopes = [own] + [s for s in resolver.scopes() if s is not own]
    for scope in scopes:  # the command line's selectors against each rule pack (their --rules differ)
        typos = command_line_errors(resolver.overrides.select, resolver.overrides.ignore, scope.rules)
        if typos:
            raise SelectionError(typos)
    baseline = None
    if getattr(args, "baseline", None):
        from .baseline import read

        baseline = read(args.baseline)
        for scope in scopes:
            scope.sources["baseline"] = COMMAND_LINE
    write = getattr(args, "write_baseline", None)
    if write:
        for scope in scopes:
            scope.sources["write-baseline"] = COMMAND_LINE
    whole = frozenset(id(s) for s in scopes if any(os.path.isdir(p) and within(s.base, p) for p in paths))
    return Settings(scopes, walked.files, dict(zip(walked.files, walked.scopes)), baseline, write, whole,
                    walked.skipped, {path: resolver.for_path(path) for path in paths})


def add_config_arguments(parser, what: str = "whose `rules:` directories are read") -> None:
    """--config and --isolated, for the commands other than ``check`` and ``report``."""
    parser.add_argument("--config", metavar="FILE",
                        help=f"configuration file {what} (default: the nearest {configfile.CONFIG_NAME})")
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files")


def rule_directories(args) -> list[str]:
    """The rule directories a ``check`` with these flags would load: the configuration's
    ``rules:`` (found as `check` finds it), then ``--rules``. Raises ConfigError."""
    from .configfind import find

    layered, _ = find(args)
    return (layered.rule_dirs() if layered is not None else []) + list(getattr(args, "rules", None) or [])


def select_files(paths: Sequence[str], base: str, include: Sequence[str], exclude: Sequence[str],
                 skipped: list | None = None, *, respect_ignore_files: bool = True) -> list[str]:
    """The files to check (see `markcheck.fileselect`); walked entries that are no regular file
    go to `skipped` as (path, what it is)."""
    walked = select_paths(paths, Selection(os.path.abspath(base), tuple(include), tuple(exclude), respect_ignore_files))
    if skipped is not None:
        skipped.extend(walked.skipped)
    return walked.files
