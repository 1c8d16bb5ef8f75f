"""A `Config` from a ``.markcheck.yaml``, for the Python API: the file the CLI would read, read
as the CLI reads it (schema, rule directories, rule IDs, severity caps, per-file ignores), and
the selection a `Config` names checked against the rule pack, so that a typo raises instead
of selecting nothing.
"""

from __future__ import annotations

import difflib
import functools
import os
from pathlib import Path

from . import configfile
from .config import Config


def from_file(path: str | os.PathLike) -> Config:
    """The configuration of the file at `path` (with the files it extends); raises
    `configfile.ConfigError` naming each problem with its line and column."""
    from .configextend import load
    from .configscope import build

    return build(load(os.fspath(path)), "from_file").config


def discovered_selection(paths) -> tuple[list[str], list[Config]]:
    """The files `paths` select and the configuration of each, as the command line finds them
    (`markcheck.configscope`): files named are checked as given, directories walked with the
    include and exclude of the configuration governing each subtree."""
    from argparse import Namespace

    from .configscope import Resolver
    from .fileselect import paths_argument, select

    walked = select(paths_argument(paths), resolver=Resolver(Namespace()), exclude_named=False)
    return walked.files, [scope.config for scope in walked.scopes]


def discover(start: str | os.PathLike | None = None) -> Config:
    """The configuration of the nearest ``.markcheck.yaml`` from `start` (a file or directory;
    default the working directory) up to the repository root, refused as the CLI refuses one
    that another user could have left there; the defaults when there is none."""
    from .configtrust import refusal

    start = os.fspath(start) if start is not None else os.getcwd()
    directory = start if os.path.isdir(start) else os.path.dirname(os.path.abspath(start))
    found = configfile.discover(directory)
    if found is None:
        return Config()
    problem = refusal(Path(found), directory)
    if problem:
        raise configfile.ConfigError([(str(found), 1, 1, problem)])
    return from_file(found)


@functools.lru_cache(maxsize=32)
def validate(config: Config) -> None:
    """Raise ValueError when `config` selects, ignores or re-levels a rule the pack does not
    have (with the nearest rule ID or name), instead of a run that checks nothing."""
    from .findings import TOOL_FINDINGS
    from .rulepack import load_rules
    from .suppress import selector_matches

    known = {r.id: r.name for r in load_rules(config.rule_dirs)} | dict(TOOL_FINDINGS)
    problems = []
    for key, selectors in (("select", config.select), ("ignore", config.ignore),
                           ("severity", tuple(rule for rule, _ in config.severity))):
        for selector in selectors:
            if not any(selector_matches(selector, rid, name) for rid, name in known.items()):
                guess = (difflib.get_close_matches(selector.upper(), list(known), n=1)
                         or difflib.get_close_matches(selector.lower(), list(known.values()), n=1))
                hint = f" (did you mean {guess[0]}?)" if guess else ""
                problems.append(f"{key}: {selector!r} matches no rule{hint}")
    if problems:
        raise ValueError("markcheck configuration: " + "; ".join(problems) + " (see `markcheck rules`)")
