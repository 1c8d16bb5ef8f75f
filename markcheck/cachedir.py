"""Where markcheck keeps its cache, and whether that directory can be trusted.

A cache decides what a run checks (the validated rule pack, the parser tables), so it is read
only from a directory nobody but the user can write: an existing directory that belongs to
another user, or that group or others may write, is not used (one warning on stderr), and a
directory that cannot be made means no cache (a slower start), never a shared fallback such
as the temporary directory.

The place is ``$MARKCHECK_CACHE_DIR``, else the platform's user cache directory (platformdirs:
``$XDG_CACHE_HOME/markcheck`` or ``~/.cache/markcheck`` on Linux); ``MARKCHECK_NO_CACHE=1``
turns the cache off.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

# Directories already warned about in this process: one warning per run, not one per lookup.
_WARNED: set[str] = set()


def enabled() -> bool:
    return os.environ.get("MARKCHECK_NO_CACHE", "") in ("", "0")


def location() -> Path | None:
    """Where the cache belongs; None when there is no absolute place for it (no home directory)."""
    explicit = os.environ.get("MARKCHECK_CACHE_DIR")
    if explicit:
        folder = explicit
    else:
        import platformdirs  # only when the location is not given

        folder = platformdirs.user_cache_dir("markcheck", appauthor=False)
    # "~" stays unexpanded without HOME or a passwd entry: never a cache relative to the cwd
    return Path(folder) if os.path.isabs(folder) else None


def cache_dir() -> Path | None:
    """The cache directory, made (mode 0700) if missing; None when caching is off, the
    directory cannot be made, or it is not the user's alone."""
    if not enabled():
        return None
    folder = location()
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.stat(folder)
    except OSError:
        return None
    problem = untrusted(info)
    if problem is not None:
        _warn_once(folder, problem)
        return None
    return folder


def untrusted(info: os.stat_result, kind: str = "directory") -> str | None:
    """Why a cache directory or file with status `info` may hold what another user wrote; None
    if only the user can have written it."""
    if kind == "directory" and not stat.S_ISDIR(info.st_mode):
        return "it is not a directory"
    if kind == "file" and not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    if not hasattr(os, "geteuid"):  # Windows: the per-user profile directory is private by default
        return None
    if info.st_uid != os.geteuid():
        return f"it belongs to uid {info.st_uid}, not to you (uid {os.geteuid()})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"group or others can write it (mode {stat.S_IMODE(info.st_mode):04o})"
    return None


def _warn_once(folder: Path, problem: str) -> None:
    if str(folder) in _WARNED:
        return
    _WARNED.add(str(folder))
    from .findings import printable

    sys.stderr.write(f"markcheck: warning: not using the cache directory {printable(str(folder))}: {problem}; "
                     f"running without a cache\n")
