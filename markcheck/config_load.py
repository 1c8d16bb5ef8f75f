"""A `Config` from a ``.markcheck.yaml``, for the Python API: the file the CLI would read, read
as the CLI reads it (schema, rule directories, rule IDs, severity caps, per-file ignores), and
the selection a `Config` names checked against the rule pack, so that a typo raises instead
of selecting nothing.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import os
from pathlib import Path

from . import configfile
from .config import Config


def from_file(path: str | os.PathLike) -> Config:
    """The configuration of the file at `path`; raises `configfile.ConfigError` naming each
    problem with its line and column."""
    from .rulepack import load_rules
    from .suppress import PerFileIgnore

    cfg = configfile.load(os.fspath(path))
    rule_dirs, errors = configfile.rule_directories(cfg)
    if errors:
        raise configfile.ConfigError(errors)
    rules = load_rules(rule_dirs)
    errors = configfile.check_against(cfg, rules)
    if errors:
        raise configfile.ConfigError(errors)
    data = cfg.data
    today = data.get("today")
    per_file = tuple(
        PerFileIgnore(tuple(entry["paths"]), tuple(entry["rules"]), entry["reason"].strip(), cfg.directory,
                      cfg.path, *cfg.position("per-file-ignores", i))
        for i, entry in enumerate(data.get("per-file-ignores", ())))
    return Config(profile=data.get("profile", "auto"), select=tuple(data.get("select", ())),
                  ignore=tuple(data.get("ignore", ())),
                  today=datetime.date.fromisoformat(today) if isinstance(today, str) else today,
                  rule_dirs=tuple(rule_dirs), severity=configfile.severity_overrides(cfg, rules),
                  per_file_ignores=per_file)


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
