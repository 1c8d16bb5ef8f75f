"""Replace a file atomically, and only when the replacement is the same file with new contents.

The new contents go to a temporary file in the same directory, are flushed to disk and renamed
over the target, so a reader, or a run killed at any point, sees the old file or the new one,
never a part of either. A rename makes a new inode: `replace_problem` says when that would
change more than the contents (split hard links, write a read-only file, change the owner),
and `keep_metadata` gives the new file the old one's owner, group, mode and extended attributes
(POSIX ACLs are the ``system.posix_acl_*`` attributes) or says which cannot be kept.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
from typing import BinaryIO, Callable

# errors that mean "this file system keeps no extended attributes", not "this one failed"
_NO_XATTRS = {errno.ENOTSUP, errno.EOPNOTSUPP, getattr(errno, "ENOATTR", errno.ENODATA)}


class MetadataLost(Exception):
    """Something about the file a replacement would not keep; `reason` says what."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def replace_file(target: str, contents: bytes | Callable[[BinaryIO], None], *, suffix: str = ".tmp",
                 before_rename: Callable[[str], None] | None = None) -> None:
    """Atomically replace `target` by `contents` (bytes, or a function writing to the open
    file). The new file is private (0600) unless `before_rename` (called with the temporary
    file's path, after the data is on disk) changes that; if it raises, nothing is replaced.

    A target that exists and is not a regular file (``/dev/null``, ``/dev/stdout``, a FIFO) is
    written to as it is: a rename would put a file in the device's place."""
    if _special(target):
        with open(target, "wb") as handle:
            contents(handle) if callable(contents) else handle.write(contents)
        return
    directory = os.path.dirname(os.path.abspath(target))
    held = _hold_signals()  # a Ctrl-C or SIGTERM just after mkstemp is raised inside the try
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=suffix, dir=directory)
    except BaseException:
        _release_signals(held)
        raise
    try:
        _release_signals(held)
        with os.fdopen(fd, "wb") as handle:
            if callable(contents):
                contents(handle)
            else:
                handle.write(contents)
            handle.flush()
            os.fsync(handle.fileno())
        if before_rename is not None:
            before_rename(temporary)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _sync_directory(directory)


def _special(target: str) -> bool:
    """Does `target` exist as something other than a regular file (a device, a FIFO, a socket)?"""
    try:
        return not stat.S_ISREG(os.stat(target).st_mode)
    except OSError:
        return False


# the signals the command turns into exceptions (KeyboardInterrupt, cli.Terminated)
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _hold_signals():
    """Keep SIGINT and SIGTERM pending while the temporary file is created: raised between its
    creation and the ``try`` that removes it, their exception would leave the file behind. The
    signal mask to restore (None where there is none)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)


def _release_signals(held) -> None:
    """Restore the mask `_hold_signals` changed: a signal it kept pending is handled now, and its
    handler's exception is raised where the temporary file is cleaned up."""
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _sync_directory(directory: str) -> None:
    """Make the rename durable (where directories can be opened and synced)."""
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def replace_problem(path: str, info: os.stat_result) -> str | None:
    """Why replacing the file at `path` (status `info`) would do more than change its contents;
    None if it would not."""
    if info.st_nlink > 1:
        return f"has {info.st_nlink} hard links, which replacing it would split"
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        return "is read-only"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid() and os.geteuid() != 0:
        return f"belongs to uid {info.st_uid}; a replacement would belong to you (uid {os.geteuid()})"
    return None


def keep_metadata(info: os.stat_result, original: str, replacement: str) -> None:
    """Give `replacement` the owner, group, mode and extended attributes of `original` (status
    `info`); MetadataLost naming the first that cannot be kept."""
    if hasattr(os, "chown"):
        now = os.stat(replacement)
        if (now.st_uid, now.st_gid) != (info.st_uid, info.st_gid):
            try:
                os.chown(replacement, info.st_uid, info.st_gid)
            except OSError as exc:
                raise MetadataLost(f"its owner and group (uid {info.st_uid}, gid {info.st_gid}) cannot be kept "
                                   f"({exc.strerror})") from None
    os.chmod(replacement, stat.S_IMODE(info.st_mode))  # after chown, which clears set-id bits
    wanted = extended_attributes(original)
    for name in set(extended_attributes(replacement)) - set(wanted):  # e.g. a directory's default ACL
        _change(os.removexattr, replacement, name)
    for name, value in wanted.items():
        if _value(replacement, name) != value:
            _change(os.setxattr, replacement, name, value)


def extended_attributes(path: str) -> dict[str, bytes]:
    """The extended attributes of `path` (ACLs included); none where the platform or file
    system keeps none."""
    if not hasattr(os, "listxattr"):
        return {}
    try:
        names = os.listxattr(path)
    except OSError as exc:
        if exc.errno in _NO_XATTRS:
            return {}
        raise
    return {name: os.getxattr(path, name) for name in names}


def _value(path: str, name: str) -> bytes | None:
    try:
        return os.getxattr(path, name)
    except OSError:
        return None


def _change(function, path: str, name: str, *value) -> None:
    try:
        function(path, name, *value)
    except OSError as exc:
        raise MetadataLost(f"its extended attribute {name} cannot be kept ({exc.strerror})") from None
