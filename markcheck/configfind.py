"""Which ``.markcheck.yaml`` governs a path: the nearest one, as Ruff finds it.

A path on the command line is looked up from where it is (a directory from itself, a file from
its directory), up to its repository's root (`markcheck.configfile.discover`), so
``markcheck /path/to/repo`` run from anywhere uses that repository's configuration. A path with
no configuration of its own, and a run given no path (``--show-settings``), use the one found
from the working directory. A directory that a walk enters and that holds its own file is
governed by that file (`in_directory`). `markcheck.configtrust` judges every file found outside
the working directory's tree and outside a repository. ``--config FILE`` and ``--isolated``
decide for the whole run and are not second-guessed (`fixed`).

`markcheck.configscope` turns what is found here into the settings each file is checked with.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import configfile
from .configtrust import refusal
from .escape import printable


def start_of(path: str) -> str:
    """The directory the search for `path`'s configuration starts from."""
    absolute = os.path.abspath(path)
    return absolute if os.path.isdir(absolute) else os.path.dirname(absolute)


class Finder:
    """The configuration files of one run, each looked for once per directory."""

    def __init__(self, args):
        self.isolated = bool(getattr(args, "isolated", False))
        self.config = getattr(args, "config", None)
        self.cwd = os.getcwd()
        self._nearest: dict = {}  # start directory -> the file found from it (None: none)
        self._named: set = set()  # files already named on stderr
        self._judged: dict = {}  # (file, start) -> what `_usable` said

    @property
    def fixed(self) -> bool:
        return self.isolated or bool(self.config)

    def fixed_choice(self) -> tuple[str | None, str]:
        """The file ``--config`` names (None with ``--isolated``), and the option."""
        if self.isolated:
            return None, "--isolated"
        from .configtrust import within

        if not within(self.config, self.cwd):
            print(f"markcheck: using the configuration file {printable(os.path.abspath(self.config))} (--config)",
                  file=sys.stderr)
        return self.config, "--config"

    def for_path(self, path: str | None) -> tuple[str | None, str]:
        """The file governing `path` (None: the working directory), as messages show it, and
        how it was found; raises `configfile.ConfigError` for a file that must not be used."""
        start = start_of(path) if path is not None else self.cwd
        found = self._discover(start)
        if found is None and start != self.cwd:
            start, found = self.cwd, self._discover(self.cwd)
        if found is None:
            return None, f"no {configfile.CONFIG_NAME} from {start} up to the repository or filesystem root"
        return self._usable(found, start)

    def in_directory(self, directory: str) -> str | None:
        """The file `directory` holds, as messages show it (None: none)."""
        candidate = Path(os.path.abspath(directory), configfile.CONFIG_NAME)
        if not candidate.is_file():
            return None
        return self._usable(candidate, str(candidate.parent))[0]

    def _discover(self, start: str):
        if start not in self._nearest:
            self._nearest[start] = configfile.discover(start)
        return self._nearest[start]

    def _usable(self, found: Path, start: str) -> tuple[str, str]:
        key = (str(found), start)
        if key not in self._judged:  # a pre-commit run names many files of few directories
            self._judged[key] = self._judge(found, start)
        return self._judged[key]

    def _judge(self, found: Path, start: str) -> tuple[str, str]:
        problem = refusal(found, self.cwd, start)
        if problem:
            raise configfile.ConfigError([(str(found), 1, 1, problem)])
        shown = os.path.relpath(found)  # as messages show it: relative when below the working directory
        if not shown.startswith(".."):
            return shown, f"found from {start}"
        where = "found above the working directory" if start == self.cwd else f"found from {start}"
        if str(found) not in self._named:  # a file outside the working directory governs files: say so, once
            self._named.add(str(found))
            print(f"markcheck: using the configuration file {printable(str(found))} ({where})", file=sys.stderr)
        return str(found), f"{where} {self.cwd}" if start == self.cwd else where


def find(args, paths=()) -> tuple[configfile.ConfigFile | None, str]:
    """The configuration of the working directory (or of the first of `paths`), loaded with
    what it extends merged in, for the commands that read only its rule directories."""
    finder = Finder(args)
    found, origin = finder.fixed_choice() if finder.fixed else finder.for_path(paths[0] if paths else None)
    if found is None:
        return None, origin
    from .configextend import load

    return load(found), origin
