"""Which ``.markcheck.yaml`` governs a run: the nearest one to the files checked, as Ruff finds it.

Each path on the command line is looked up from where it is (a directory from itself, a file
from its directory), up to its repository's root (`markcheck.configfile.discover`), so
``markcheck /path/to/repo`` run from anywhere uses that repository's configuration. A path with
no configuration of its own, and a run given no path (``--show-settings``), use the one found
from the working directory, as before. `markcheck.configtrust` judges a file found outside the
working directory's tree and outside a repository.

A run has one configuration (its `Config` travels to the worker processes whole). Paths that
fall under different files, or a walked directory holding a configuration file of its own
(which Ruff would apply to that subtree), are not checked under a configuration that is not
theirs: the run stops with exit 2 and says which file governs which path, so that a
configuration is never silently dropped. ``--config FILE`` and ``--isolated`` decide for the
whole run and are not second-guessed.
"""

from __future__ import annotations

import os
import sys

from . import configfile
from .configtrust import refusal
from .escape import printable


class ConfigConflict(Exception):
    """Paths of one run that different configuration files govern."""


def start_of(path: str) -> str:
    """The directory the search for `path`'s configuration starts from."""
    absolute = os.path.abspath(path)
    return absolute if os.path.isdir(absolute) else os.path.dirname(absolute)


def find(args, paths) -> tuple[configfile.ConfigFile | None, str]:
    """The configuration of the run over `paths` and how it was chosen; raises `ConfigConflict`
    and `configfile.ConfigError` (a refused or invalid file)."""
    if getattr(args, "isolated", False):
        return None, "--isolated"
    if getattr(args, "config", None):
        from .configtrust import within

        if not within(args.config, os.getcwd()):
            print(f"markcheck: using the configuration file {printable(os.path.abspath(args.config))} (--config)",
                  file=sys.stderr)
        return configfile.load(args.config), "--config"
    cwd = os.getcwd()
    governs: dict = {}  # configuration path (None: none) -> (the start it was found from, the paths)
    nearest: dict = {}  # start -> what it finds (pre-commit names many files of few directories)
    for path in paths or ():
        start = start_of(path)
        if start not in nearest:
            nearest[start] = configfile.discover(start)
        found = nearest[start]
        if found is None:
            start, found = cwd, nearest.setdefault(cwd, configfile.discover(cwd))
        governs.setdefault(found, (start, []))[1].append(path)
    if not governs:
        governs[configfile.discover(cwd)] = (cwd, [])
    if len(governs) > 1:
        raise ConfigConflict(conflict_lines(governs))
    ((found, (start, _)),) = governs.items()
    if found is None:
        return None, f"no {configfile.CONFIG_NAME} from {start} up to the repository or filesystem root"
    problem = refusal(found, cwd, start)
    if problem:
        raise configfile.ConfigError([(str(found), 1, 1, problem)])
    shown = os.path.relpath(found)  # as messages show it: relative when below the working directory
    outside = shown.startswith("..")
    cfg = configfile.load(str(found) if outside else shown)
    if outside:  # a file outside the working directory governs the run: say so
        where = "found above the working directory" if start == cwd else f"found from {start}"
        print(f"markcheck: using the configuration file {printable(str(found))} ({where})", file=sys.stderr)
        return cfg, f"{where} {cwd}" if start == cwd else where
    return cfg, f"found from {start}"


def nested_conflict(cfg, directories) -> list[str]:
    """Lines for directories a walk met that hold a configuration file other than `cfg`."""
    own = os.path.abspath(cfg.path) if cfg is not None else None
    others = [d for d in directories if os.path.abspath(os.path.join(d, configfile.CONFIG_NAME)) != own]
    if not others:
        return []
    return conflict_lines({None if cfg is None else own: ("", ["the other files"]),
                           **{os.path.join(d, configfile.CONFIG_NAME): ("", [d + os.sep]) for d in others}})


def conflict_lines(governs: dict) -> list[str]:
    lines = ["the paths of this run fall under different configuration files, and a run uses one:"]
    for found, (_, paths) in governs.items():
        name = printable(str(found)) if found is not None else f"no {configfile.CONFIG_NAME}"
        shown = ", ".join(printable(str(p)) for p in paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
        lines.append(f"  {name} governs {shown}")
    lines.append("check each project in its own run, name one file with --config, or use --isolated")
    return lines
