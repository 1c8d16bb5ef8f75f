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
name patterns (``*.txt``, ``**/x.md``) can select them.
"""

from __future__ import annotations

import functools
import os
import re
from typing import Iterable


@functools.lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> re.Pattern:
    text = pattern.strip().replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    anchored = "/" in text.rstrip("/")
    if text.startswith("/"):
        text, anchored = text.lstrip("/"), True
    if text.endswith("/"):
        text += "**"
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif text.startswith("**", i):
            out.append(".*")
            i += 2
        elif text[i] == "*":
            out.append("[^/]*")
            i += 1
        elif text[i] == "?":
            out.append("[^/]")
            i += 1
        elif text[i] == "[" and "]" in text[i + 2:]:
            end = text.index("]", i + 2)
            body = text[i + 1:end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(text[i]))
            i += 1
    regex = "".join(out)
    if not anchored:
        regex = "(?:.*/)?" + regex
    return re.compile(regex, re.IGNORECASE | re.DOTALL)


def relative(path: str, base: str) -> str:
    """`path` relative to the directory `base`, with ``/`` separators (absolute across drives)."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, os.path.abspath(base))
    except ValueError:  # another drive on Windows
        rel = absolute
    return rel.replace(os.sep, "/")


def matches(rel: str, pattern: str) -> bool:
    """Whether the relative POSIX path `rel`, or one of its parent directories, matches `pattern`."""
    regex = compile_glob(pattern)
    if regex.fullmatch(rel):
        return True
    parts = rel.split("/")
    return any(regex.fullmatch("/".join(parts[:n])) for n in range(1, len(parts)))


def matches_any(rel: str, patterns: Iterable[str]) -> bool:
    return any(matches(rel, p) for p in patterns)
