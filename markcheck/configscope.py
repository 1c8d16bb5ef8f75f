"""The settings a file is checked with: its nearest ``.markcheck.yaml``, with the command line on top.

As in Ruff, configuration is hierarchical and does not cascade: every file is checked with the
nearest ``.markcheck.yaml`` above it, which is the whole configuration of its directory's
subtree (a file that wants its parent's settings says ``extend``, `markcheck.configextend`).
Each distinct configuration becomes one `Scope`: its `Config` (what the workers need), the
globs that choose its files (relative to its file's directory), its rule pack (loaded once per
distinct set of rule directories) and where every value came from. Flags on the command line
replace the value of every configuration (`Overrides`); ``--config FILE`` and ``--isolated``
make one scope for the whole run and nested files are not looked for.

`Resolver` hands out the scopes of a run: by path (the nearest configuration from a path on the
command line, `markcheck.configfind`) and by directory (a walk entering a directory that holds
its own file). Each file is read and checked once per run; a file that cannot be used stops the
run with its position (a subtree silently checked under settings not its own would be a pass
nobody asked for).
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field

from . import configfile
from .config import Config
from .values import frozen_value

DEFAULT = "default"
COMMAND_LINE = "command line"


@frozen_value
class Overrides:
    """What the command line sets for every configuration of the run."""

    profile: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    today: datetime.date | None = None
    rules: tuple[str, ...] = ()  # rule directories added to each configuration's
    no_respect_gitignore: bool = False

    @classmethod
    def from_args(cls, args) -> "Overrides":
        return cls(getattr(args, "profile", None), _split(getattr(args, "select", None)),
                   _split(getattr(args, "ignore", None)), getattr(args, "today", None),
                   tuple(getattr(args, "rules", None) or ()), bool(getattr(args, "no_respect_gitignore", False)))


@dataclass(eq=False)  # one per configuration file: compared and hashed as itself
class Scope:
    """One configuration of a run and everything that follows from it."""

    config: Config
    config_file: configfile.ConfigFile | None
    origin: str  # how the file was chosen (or why there is none)
    base: str  # absolute directory its globs are relative to
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    respect_ignore_files: bool
    rules: tuple = ()
    sources: dict = field(default_factory=dict)  # setting -> where its value came from
    extends: tuple[str, ...] = ()  # the files it extends, nearest first

    @property
    def path(self) -> str | None:
        """The configuration file, absolute (None: no file)."""
        return os.path.abspath(self.config_file.path) if self.config_file is not None else None

    def selection(self):
        from .fileselect import Selection

        return Selection(self.base, self.include, self.exclude, self.respect_ignore_files)


def build(layered, origin: str, overrides: Overrides = Overrides(), *, base: str | None = None) -> Scope:
    """The scope of `layered` (a `configextend.Layered`, or None for no file) under `overrides`;
    raises `configfile.ConfigError` and `rulepack.RuleFileError`. `base` is where globs are
    relative to without a file (default: the working directory)."""
    from .rulepack import load_rules
    from .suppress import PerFileIgnore

    sources: dict[str, str] = {}

    def where(key: str) -> str:
        owner = layered.owner(key)
        return f"{owner.path}:{owner.line(key)}"

    def pick(key: str, cli_value, default):
        if cli_value not in (None, (), []):
            sources[key] = COMMAND_LINE
            return cli_value
        if layered is not None and layered.has(key):
            sources[key] = where(key)
            return layered.owner(key).data[key]
        return default

    profile = pick("profile", overrides.profile, "auto")
    select = tuple(pick("select", overrides.select, ()))
    ignore = tuple(pick("ignore", overrides.ignore, ()))
    today = pick("today", overrides.today, None)
    today = datetime.date.fromisoformat(today) if isinstance(today, str) else today
    respect = pick("respect-gitignore", False if overrides.no_respect_gitignore else None, True)
    include = exclude = None
    if layered is not None:
        include, exclude = layered.globs("include"), layered.globs("exclude")
        for key in ("include", "exclude", "extend-exclude", "severity", "per-file-ignores"):
            if layered.has(key):
                sources[key] = where(key)
    include = include if include is not None else configfile.DEFAULT_INCLUDE
    exclude = (exclude if exclude is not None else configfile.DEFAULT_EXCLUDE) + \
        ((layered.globs("extend-exclude") or ()) if layered is not None else ())

    rule_dirs = layered.rule_dirs() if layered is not None else []
    origins = ([where("rules")] if rule_dirs else []) + ([COMMAND_LINE] if overrides.rules else [])
    if origins:
        sources["rules"] = " + ".join(origins)
    rule_dirs += list(overrides.rules)
    rules = load_rules(rule_dirs)  # cached per distinct directory list: once per run for most

    severity: tuple = ()
    per_file: tuple = ()
    if layered is not None:
        errors = [e for f in layered.files for e in configfile.check_against(f, rules)]
        if errors:
            raise configfile.ConfigError(errors)
        if (owner := layered.owner("severity")) is not None:
            severity = configfile.severity_overrides(owner, rules)
        if (owner := layered.owner("per-file-ignores")) is not None:
            per_file = tuple(
                PerFileIgnore(tuple(entry["paths"]), tuple(entry["rules"]), entry["reason"].strip(), owner.directory,
                              owner.path, *owner.position("per-file-ignores", i))
                for i, entry in enumerate(owner.data["per-file-ignores"]))
    config = Config(profile=profile, select=select, ignore=ignore, today=today, rule_dirs=tuple(rule_dirs),
                    severity=severity, per_file_ignores=per_file)
    own = layered.own if layered is not None else None
    return Scope(config, own, origin, own.directory if own is not None else os.path.abspath(base or os.getcwd()),
                 tuple(include), tuple(exclude), bool(respect), rules, sources,
                 tuple(f.path for f in layered.files[1:]) if layered is not None else ())


class Resolver:
    """The scopes of one run, each built once: by the path a run was given, and by the
    directory a walk enters."""

    def __init__(self, args, overrides: Overrides | None = None):
        from .configfind import Finder

        self.overrides = overrides if overrides is not None else Overrides.from_args(args)
        self.finder = Finder(args)
        self._scopes: dict = {}  # configuration path (None: none) -> Scope
        self.fixed = None  # --config or --isolated: one scope for every file
        if self.finder.fixed:
            found, origin = self.finder.fixed_choice()
            self.fixed = self._scope(found, origin)

    @property
    def hierarchical(self) -> bool:
        """Whether files below a walked directory may have a configuration of their own."""
        return self.fixed is None

    def for_path(self, path: str | None) -> Scope:
        """The scope of a path given to the run (None: the working directory's)."""
        if self.fixed is not None:
            return self.fixed
        found, origin = self.finder.for_path(path)
        return self._scope(found, origin)

    def in_directory(self, directory: str) -> Scope | None:
        """The scope of the configuration file in `directory`, met by a walk (None: it holds
        none, or the run has one fixed configuration)."""
        if self.fixed is not None:
            return None
        found = self.finder.in_directory(directory)
        return None if found is None else self._scope(found, f"found in {os.path.abspath(directory)}")

    def scopes(self) -> list[Scope]:
        """Every scope handed out, in the order they were first asked for."""
        return list(dict.fromkeys(self._scopes.values()))

    def _scope(self, found, origin: str) -> Scope:
        key = None if found is None else os.path.abspath(str(found))
        scope = self._scopes.get(key)
        if scope is None:
            from .configextend import load

            scope = self._scopes[key] = build(None if found is None else load(str(found)), origin, self.overrides)
        return scope


def _split(values) -> tuple[str, ...]:
    return tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())
