"""The directory walk: `os.walk` without recursion, and what it passes over said out loud.

A loop over an explicit stack, not a recursive generator, so a tree nested deeper than
Python's recursion limit (1,000 directories) is walked like any other instead of ending the
run with ``RecursionError``. Entries that are neither directories nor regular files (named
pipes, sockets, devices, broken symbolic links) are never read by a walk; `not_a_file` names
what such an entry is, so the walk can say which it skipped.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Callable, Iterator

_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


def walk(top: str, onerror: Callable[[OSError], None]) -> Iterator[tuple[str, list[str], list[os.DirEntry]]]:
    """`os.walk(top, onerror=onerror)`: top down, symbolic links to directories listed but not
    followed, the caller may prune the names; each directory's other entries come as the
    `os.DirEntry` objects of its listing, so whether one is a regular file is known without a
    second stat of every file."""
    stack = [top]
    while stack:
        directory = stack.pop()
        listed = _list(directory, onerror)
        if listed is None:
            continue
        dirs, others = listed
        yield directory, dirs, others
        # children pushed last-first, so they are walked in listing order (depth first, as os.walk)
        for name in reversed(dirs):
            path = os.path.join(directory, name)
            if not os.path.islink(path):  # as os.walk: a link to a directory is not walked into
                stack.append(path)


def _list(directory: str, onerror) -> tuple[list[str], list[os.DirEntry]] | None:
    """The names of `directory`'s subdirectories and its other entries; None after `onerror`."""
    try:
        listing = os.scandir(directory)
    except OSError as exc:
        onerror(exc)
        return None
    dirs, others = [], []
    with listing:
        while True:
            try:
                entry = next(listing, None)
            except OSError as exc:
                onerror(exc)
                return None
            if entry is None:
                return dirs, others
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                dirs.append(entry.name)
            else:
                others.append(entry)


def is_file(entry: os.DirEntry) -> bool:
    """`os.path.isfile` of the entry's path: a regular file, or a link to one."""
    try:
        return entry.is_file()
    except OSError:
        return False


def not_a_file(entry: os.DirEntry) -> str:
    """What a listed entry that is not a regular file is, for the line saying it was skipped."""
    try:
        mode = entry.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        return "a broken symbolic link" if entry.is_symlink() else f"unreadable ({exc.strerror or exc})"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")
