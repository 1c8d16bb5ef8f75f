"""Path globs for the configuration (``include``, ``exclude``, ``per-file-ignores``).

Paths are matched as POSIX paths relative to a base directory (the directory of the
configuration file, or the working directory when there is none), gitignore-style:

- ``*`` and ``?`` never cross a ``/``; ``[abc]``/``[!abc]`` are character classes;
- ``**/`` matches any number of directories (none included) and a trailing ``**`` anything;
- a pattern without a ``/`` (``README.md``, ``LICENSE*``, ``*.txt``) matches a name at any depth;
  a pattern with a ``/`` is anchored at the base directory (a leading ``/`` or ``./`` is dropped);
- a pattern that matches a directory matches everything below it (``legacy``, ``build/``).

Matching ignores case, so ``*.txt`` also selects ``CABLE.TXT`` (archives copied from Windows).
Files outside the base directory are matched by their ``../``-relative path, so only
name patterns (``*.txt``, ``**/x.md``) can select them. A ``\\`` is a path separator (globs
written on Windows), and a leading ``!`` or ``#`` is a plain character: these globs neither
negate nor comment.

pathspec (gitignore's wildmatch rules, as git implements them) turns a glob into a regular
expression; RE2 matches it, in time linear in the path whatever the glob. Python's
backtracking ``re`` needs time exponential in the number of ``*`` for a glob such as
``*a*a*a*a*a*a*a*a*a*a*c`` on a name that almost matches, so a configuration could stall a run.
"""

from __future__ import annotations

import functools
import os
from typing import Iterable

_FLAGS = "(?is)"  # case ignored; `.` crosses line breaks, which a file name may hold
_DIR_GROUP = "(?P<ps_d>/)"  # pathspec's marker of "a directory matched here": a plain "/" here
_NOTHING = r"\z."  # a regex that matches no path (RE2 has no lookahead for "(?!)")


@functools.lru_cache(maxsize=1024)
def glob_regex(pattern: str) -> str:
    """The regular expression (without flags) that matches a relative path when `pattern`
    matches it or one of its parent directories, from the path's start (``match``). Kept in
    markcheck's cache, so a start whose globs were all seen before imports no pathspec."""
    from .rulecache import cached_glob_regex

    return cached_glob_regex(pattern, _translated)


def _translated(pattern: str) -> str:
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    text = _gitignore_form(pattern)
    if "**" in text and not text.strip("/*"):  # "**", "**/", "/**": everything (pathspec misreads "**/")
        return ".+"
    regex, _ = GitIgnoreSpecPattern.pattern_to_regex(text)
    if regex is None:  # an unclosed "[" (gitignore drops such a line): the characters as written
        regex, _ = GitIgnoreSpecPattern.pattern_to_regex(text.replace("[", "\\["))
    return _NOTHING if regex is None else regex.replace(_DIR_GROUP, "/")


def ignore_line_regex(line: str) -> tuple[str, bool] | None:
    """One line of a ``.gitignore`` or ``.ignore`` file as git reads it (``!`` negates, ``#``
    comments, case matters): its regular expression for RE2 and whether it ignores (False: a
    negation), or None for a blank line, a comment or a line git drops."""
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    regex, ignores = GitIgnoreSpecPattern.pattern_to_regex(line.rstrip("\r\n"))
    if regex is None:
        return None
    return regex.replace(_DIR_GROUP, "/"), bool(ignores)


def _gitignore_form(pattern: str) -> str:
    """`pattern` as a gitignore line meaning what it means here (see the module docstring)."""
    text = pattern.strip().replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    while "**/**/" in text:  # the same directories, however often spanned
        text = text.replace("**/**/", "**/")
    if text.startswith(("!", "#")):
        text = "\\" + text
    return text


class GlobSet:
    """Globs compiled into one RE2 regex: `matches` tells whether one of them matches a relative
    path or a directory above it."""

    def __init__(self, patterns: tuple[str, ...]):
        import re2  # only once there is a path to match

        self.patterns = patterns
        self._regex = re2.compile(_FLAGS + ("|".join(f"(?:{glob_regex(p)})" for p in patterns) or _NOTHING))

    def matches(self, rel: str) -> bool:
        return self._regex.match(_matchable(rel)) is not None

    def first(self, rel: str) -> str | None:
        """The first glob that matches `rel` or a directory above it (for messages)."""
        return next((p for p in self.patterns if matches(rel, p)), None)


@functools.lru_cache(maxsize=256)
def compile_globs(patterns: tuple[str, ...]) -> GlobSet:
    return GlobSet(patterns)


def relative(path: str, base: str) -> str:
    """`path` relative to the directory `base`, with ``/`` separators (absolute across drives)."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, os.path.abspath(base))
    except ValueError:  # another drive on Windows
        rel = absolute
    return rel.replace(os.sep, "/")


def _matchable(rel: str) -> str:
    """`rel` as RE2 can take it: a file name that is not UTF-8 (lone surrogates from the file
    system's bytes) has each undecodable byte as U+FFFD, which ``*`` and ``?`` match."""
    if rel.isascii():
        return rel
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return rel


def matches(rel: str, pattern: str) -> bool:
    """Whether the relative POSIX path `rel`, or one of its parent directories, matches `pattern`."""
    return compile_globs((pattern,)).matches(rel)


def matches_any(rel: str, patterns: Iterable[str]) -> bool:
    return compile_globs(tuple(patterns)).matches(rel)
