"""``extend``: a configuration file that inherits another's settings, as Ruff's ``extend`` does.

Configuration files do not cascade: the nearest ``.markcheck.yaml`` is the whole configuration
of the files below it (`markcheck.configscope`). A file that wants its parent's settings says so
with ``extend: ../.markcheck.yaml`` (a path relative to the file; ``~`` is the home directory).
The extended file is read first, then every key the extending file sets replaces its value,
except ``extend-exclude``, whose globs are added to the extended file's. An extended file may
extend another in turn; a cycle, a missing file or a chain deeper than `MAX_DEPTH` is refused at
the ``extend`` line.

Every value keeps the meaning it has in the file that wrote it: rule directories and
``per-file-ignores`` stay relative to that file's directory, and its ``include``/``exclude``
globs are rewritten (`rebase`) to select, from the extending file's directory, exactly the
paths they selected from their own.
"""

from __future__ import annotations

import fnmatch
import os

from . import configfile
from .values import frozen_value

MAX_DEPTH = 16  # files in one chain of `extend`; a longer one is a mistake, not a design
ADDED = ("extend-exclude",)  # keys whose values from every file of the chain are kept together


@frozen_value
class Layered:
    """A configuration file and the files it extends, nearest first: what each key is, and
    which file wrote it."""

    files: tuple  # configfile.ConfigFile: the file itself, then what it extends, in order

    @property
    def own(self) -> configfile.ConfigFile:
        return self.files[0]

    def owner(self, key: str) -> configfile.ConfigFile | None:
        """The nearest file of the chain that sets `key`."""
        return next((f for f in self.files if key in f.data), None)

    def has(self, key: str) -> bool:
        return self.owner(key) is not None

    def rule_dirs(self) -> list[str]:
        """The ``rules`` directories, absolute, of the nearest file that names some; raises
        `configfile.ConfigError` for one that does not exist."""
        owner = self.owner("rules")
        if owner is None:
            return []
        dirs, errors = configfile.rule_directories(owner)
        if errors:
            raise configfile.ConfigError(errors)
        return dirs

    def globs(self, key: str) -> tuple[str, ...] | None:
        """`key`'s globs as read from the extending file's directory (None: no file sets it);
        for an `ADDED` key, those of every file of the chain, farthest first."""
        owners = [f for f in reversed(self.files) if key in f.data] if key in ADDED else \
            [f for f in (self.owner(key),) if f is not None]
        if not owners:
            return None
        return tuple(g for f in owners for g in rebase(f.data[key], f.directory, self.own.directory))


def load(path: str) -> Layered:
    """The file at `path` and every file it extends; raises `configfile.ConfigError`."""
    files = [configfile.load(path)]
    seen = [os.path.realpath(path)]
    while "extend" in files[-1].data:
        current = files[-1]
        # normalised, so that the file is named as discovery names it (its entries are the same entries)
        target = os.path.normpath(os.path.join(current.directory, os.path.expanduser(current.data["extend"])))
        where = current.position("extend")
        if not os.path.isfile(target):
            raise configfile.ConfigError([(current.path, *where, f"$.extend: no configuration file {target}")])
        real = os.path.realpath(target)
        if real in seen:
            chain = " -> ".join([*seen[seen.index(real):], real])
            raise configfile.ConfigError([(current.path, *where, f"$.extend: the files extend each other: {chain}")])
        if len(files) >= MAX_DEPTH:
            raise configfile.ConfigError([(current.path, *where,
                                           f"$.extend: more than {MAX_DEPTH} files extend one another")])
        shown = os.path.relpath(target) if not os.path.relpath(target).startswith("..") else target
        files.append(configfile.load(shown))
        seen.append(real)
    return Layered(tuple(files))


def rebase(patterns, source: str, target: str) -> tuple[str, ...]:
    """`patterns`, globs relative to the directory `source`, as globs relative to `target` that
    select the same paths below `target` (`markcheck.globs`' rules: a pattern without ``/``
    matches a name at any depth and is kept as it is; an anchored one is matched against the
    path from `source` to `target`, and dropped when it can select nothing below `target`)."""
    if os.path.abspath(source) == os.path.abspath(target):
        return tuple(patterns)
    between = os.path.relpath(os.path.abspath(target), os.path.abspath(source)).replace(os.sep, "/")
    steps = [] if between == "." else between.split("/")
    out: list[str] = []
    for pattern in patterns:
        text = pattern.strip().replace("\\", "/")
        while text.startswith("./"):
            text = text[2:]
        if "/" not in text.rstrip("/"):  # a name: the same anywhere, unless it names a directory on the way
            name = text.rstrip("/").lower()
            on_the_way = any(fnmatch.fnmatchcase(step.lower(), name) for step in steps if step != "..")
            out.append("**" if on_the_way else pattern)
            continue
        if ".." in steps:  # `target` is not below `source`: an anchored glob selects nothing there
            continue
        directory_only = text.endswith("/")
        parts = [p for p in text.strip("/").split("/") if p]
        for rest in _remainders(parts, steps):
            if not rest:  # the glob matches `target` or a directory above it: everything below
                out.append("**")
            else:
                out.append("/".join(rest) + ("/" if directory_only else ""))
    return tuple(dict.fromkeys(out))


def _remainders(parts: list[str], steps: list[str]) -> list[list[str]]:
    """What is left of the glob `parts` once it has matched all of `steps` (the directories from
    its base to the new one); [] in the list: it matched `steps` or a directory above."""
    if not steps:
        return [parts]
    if not parts:
        return [[]]
    head, tail = parts[0], parts[1:]
    if head == "**":
        # "**" spans none of the steps, some of them, or all of them and more below
        found = _remainders(tail, steps) + _remainders(parts, steps[1:])
        return found
    if fnmatch.fnmatchcase(steps[0].lower(), head.lower()):
        return _remainders(tail, steps[1:]) if tail else [[]]
    return []
