"""Whether a discovered ``.markcheck.yaml`` may govern the run.

Discovery (`markcheck.configfile.discover`) walks up from each checked path (from the working
directory when a path has none of its own). Inside a
repository it stops at the repository's root, so the file it finds is the repository's own:
trusted whoever owns the checkout (CI containers often run as another uid than the one that
cloned). Outside a repository the walk can reach directories other users write, ``/tmp`` or
a shared mount, where anyone may leave a ``.markcheck.yaml`` saying ``exclude: ["**"]``. As
git refuses a repository of "dubious ownership", such a file is refused (exit 2) unless it
belongs to the user or root and no one else can write it or replace it in its directory.
A file named with ``--config`` is the user's choice and is not questioned.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .configfile import STOP_MARKER

_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


def within(path: str | Path, directory: str | Path) -> bool:
    """Whether `path` is `directory` or lies below it (both made absolute)."""
    inside, outer = Path(os.path.abspath(path)), Path(os.path.abspath(directory))
    return inside == outer or outer in inside.parents


def repository_root(start: str | Path) -> Path | None:
    """The nearest directory from `start` up that holds ``.git`` and that other users cannot
    write (a ``.git`` planted in ``/tmp`` makes no repository of it)."""
    directory = Path(os.path.abspath(start))
    for candidate in (directory, *directory.parents):
        if (candidate / STOP_MARKER).exists():
            try:
                return None if os.stat(candidate).st_mode & stat.S_IWOTH else candidate
            except OSError:
                return None
    return None


def refusal(path: Path, cwd: str, start: str | None = None) -> str | None:
    """Why the configuration file `path`, discovered from the directory `start` (default: the
    working directory), must not be used, or None when it may: it lies in the working
    directory's tree or in the repository of the working directory or of `start`, or it and its
    directory are the user's (or root's) and no one else can write them."""
    directory = Path(os.path.abspath(path)).parent
    roots = {repository_root(cwd), repository_root(start) if start is not None else None} - {None}
    if within(directory, cwd) or any(within(directory, root) for root in roots):
        return None
    if not hasattr(os, "geteuid"):  # no POSIX owners to judge (Windows)
        return None
    trusted_owners = {os.geteuid(), 0}
    try:
        target, link, parent = os.stat(path), os.lstat(path), os.stat(directory)
    except OSError:
        return None  # loading it reports why it cannot be read
    if target.st_uid not in trusted_owners:
        why = f"it is owned by another user (uid {target.st_uid})"
    elif link.st_uid not in trusted_owners:
        why = f"it is a symbolic link owned by another user (uid {link.st_uid})"
    elif target.st_mode & _OTHERS_WRITE:
        why = f"group or others can write it (mode {stat.S_IMODE(target.st_mode):04o})"
    elif parent.st_uid not in trusted_owners:
        why = f"its directory is owned by another user (uid {parent.st_uid}), who can replace it"
    elif parent.st_mode & _OTHERS_WRITE and not parent.st_mode & stat.S_ISVTX:
        why = "group or others can write its directory (without the sticky bit), so they can replace it"
    else:
        return None
    above = "the working directory" if start is None else f"{start}, where it was found from,"
    return (f"not used: {why}, and it lies above {above} outside any repository (working directory {cwd}), "
            "where another user could have put it (as git refuses a repository of dubious ownership); "
            "name it with --config to use it anyway, or run with --isolated to use none")
