"""The ignore files a directory walk respects, as Ruff and ripgrep do.

Inside a git repository (a directory up from the walk holding ``.git``, a directory or a
worktree's file): the user's global excludes (``$XDG_CONFIG_HOME/git/ignore``, else
``~/.config/git/ignore``), the repository's ``info/exclude``, and every ``.gitignore`` from the
repository root down. In or out of a repository: every ``.ignore`` file, which ripgrep and Ruff
read for tools that should skip what git must still track. Later and deeper files win, the last
matching line decides, ``!`` re-includes; a directory that is ignored is not entered.

Paths named on the command line are never judged here (the user asked for them); only what a
walk finds below them. Each line is compiled by `markcheck.globs.ignore_line_regex` and matched
with RE2, in time linear in the path, because an ignore file is repository content like any
document. An ignore file that cannot be read, is not UTF-8 or is larger than 1 MiB is skipped
with a note on stderr; its patterns are not guessed at.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

IGNORE_FILES = (".gitignore", ".ignore")  # per directory, in rising precedence
MAX_IGNORE_FILE_BYTES = 1 << 20


@dataclass(frozen=True)
class IgnoreFile:
    """The patterns of one ignore file, relative to `directory`."""

    path: str
    directory: str  # absolute
    lines: tuple  # (line number, pattern text, compiled RE2 regex, ignores)

    def decision(self, abspath: str, is_dir: bool) -> tuple[bool, str] | None:
        """(ignored, "file:line") of the last line matching `abspath`, or None when none does."""
        rel = os.path.relpath(abspath, self.directory).replace(os.sep, "/")
        if rel.startswith("../") or rel == "..":
            return None
        rel += "/" if is_dir else ""
        for number, _, regex, ignores in reversed(self.lines):
            if regex.match(rel):
                return ignores, f"{self.path}:{number}"
        return None


def _load(path: str, directory: str) -> IgnoreFile | None:
    import re2

    from .globs import ignore_line_regex

    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_IGNORE_FILE_BYTES + 1)
        if len(raw) > MAX_IGNORE_FILE_BYTES:
            raise ValueError(f"larger than {MAX_IGNORE_FILE_BYTES >> 20} MiB")
        text = raw.decode("utf-8-sig")
    except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        from .escape import printable

        why = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc
        print(f"markcheck: ignore file {printable(path)} not read ({why}); its patterns do not apply",
              file=sys.stderr)
        return None
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        compiled = ignore_line_regex(line)
        if compiled is not None:
            lines.append((number, line.strip(), re2.compile("(?s)" + compiled[0]), compiled[1]))
    return IgnoreFile(path, directory, tuple(lines)) if lines else None


def git_dir(root: str) -> str | None:
    """The directory holding the repository's ``info/exclude``: ``.git``, or for a worktree
    (``.git`` is a file naming its ``gitdir``) the common directory it shares with the main one."""
    dotgit = os.path.join(root, ".git")
    if os.path.isdir(dotgit):
        return dotgit
    try:
        with open(dotgit, encoding="utf-8") as handle:
            first = handle.readline().strip()
    except (OSError, ValueError):
        return None
    if not first.startswith("gitdir:"):
        return None
    gitdir = os.path.join(root, first[len("gitdir:"):].strip())
    try:
        with open(os.path.join(gitdir, "commondir"), encoding="utf-8") as handle:
            return os.path.normpath(os.path.join(gitdir, handle.read().strip()))
    except (OSError, ValueError):
        return gitdir


def global_excludes() -> str:
    """git's default ``core.excludesFile``."""
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(config_home, "git", "ignore")


class IgnoreRules:
    """The ignore files that govern the directories of one walk, read once per directory."""

    def __init__(self, start: str):
        from .configtrust import repository_root

        start = os.path.abspath(start)
        root = repository_root(start)
        self.root = str(root) if root is not None else None
        self._chains: dict[str, tuple] = {}
        top: list = []
        if self.root is not None:
            for path in (global_excludes(), os.path.join(git_dir(self.root) or "", "info", "exclude")):
                if os.path.isfile(path):
                    top.append(_load(path, self.root))
        self._top = tuple(f for f in top if f is not None)
        # the directories above the walk whose ignore files apply to it (from the repository root)
        first = Path(self.root) if self.root is not None else Path(start)
        above = [p for p in reversed(Path(start).parents) if first == p or first in p.parents]
        chain = self._top
        for directory in above:
            chain = self._extend(chain, str(directory))
            self._chains[str(directory)] = chain

    def _extend(self, chain: tuple, directory: str) -> tuple:
        found = []
        for name in IGNORE_FILES:
            if name == ".gitignore" and self.root is None:
                continue  # outside a repository git reads no .gitignore, and neither does markcheck
            path = os.path.join(directory, name)
            if os.path.isfile(path):
                found.append(_load(path, directory))
        return chain + tuple(f for f in found if f is not None)

    def chain(self, directory: str) -> tuple:
        """The ignore files governing the entries of `directory` (absolute), lowest precedence first."""
        known = self._chains.get(directory)
        if known is None:
            parent = os.path.dirname(directory)
            base = self._chains.get(parent, self._top) if parent != directory else self._top
            known = self._chains[directory] = self._extend(base, directory)
        return known

    def ignored_by(self, directory: str, name: str, is_dir: bool) -> str | None:
        """``file:line`` of the line that ignores the entry `name` of `directory`, or None."""
        path = os.path.join(directory, name)
        for ignore_file in reversed(self.chain(directory)):
            decision = ignore_file.decision(path, is_dir)
            if decision is not None:
                return decision[1] if decision[0] else None
        return None
