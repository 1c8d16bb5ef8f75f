"""Writing a fixed file: atomically, only the file that was read, never through a symlink out of
the project, keeping the file's metadata (see `markcheck.atomicwrite`)."""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING

from .. import atomicwrite

if TYPE_CHECKING:
    from .plan import FilePlan


class FixRefused(Exception):
    """A file markcheck will not write (changed since read, symlink out of the project, ...)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason



def signature(path: str, data: bytes) -> tuple:
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ino, hashlib.sha256(data).hexdigest())



def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives
        return False


def write_target(path: str, root: str | None = None) -> str:
    """The real file to write for `path`; refuses symlinks that lead out of `root` (default: cwd)."""
    root = os.path.realpath(root or os.getcwd())
    real = os.path.realpath(path)
    if real != os.path.abspath(path) and not _inside(real, root):
        raise FixRefused(path, f"is a symlink to {real}, outside the project directory {root}; not written")
    if not os.path.isfile(real):
        raise FixRefused(path, "is not a regular file; not written")
    return real


# A temporary file older than this beside a document was left by a --fix that was killed
# between writing it and the rename (the document itself is intact); the next --fix removes it.
STALE_TEMPORARY_SECONDS = 300
TEMPORARY_SUFFIX = ".markcheck-fix"


def _remove_stale_temporaries(target: str) -> None:
    import time

    directory, name = os.path.split(target)
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    try:
        entries = list(os.scandir(directory or "."))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(f".{name}.") and entry.name.endswith(TEMPORARY_SUFFIX):
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                    os.unlink(entry.path)
            except OSError:
                pass


def apply_plan(plan: FilePlan, root: str | None = None) -> None:
    """Write the planned fixes atomically; refuse when the file changed since it was read, or
    when the new file could not be the same file with new contents (see `atomicwrite`)."""
    if not plan.edits:
        return
    target = write_target(plan.path, root)
    _remove_stale_temporaries(target)
    info = os.stat(target)
    problem = atomicwrite.replace_problem(target, info)
    if problem is not None:
        raise FixRefused(plan.path, f"{problem}; not written")

    def same_file_unchanged(temporary: str) -> None:
        try:
            atomicwrite.keep_metadata(info, target, temporary)
        except atomicwrite.MetadataLost as exc:
            raise FixRefused(plan.path, f"{exc.reason}; not written") from None
        with open(target, "rb") as handle:
            current = handle.read()
        if signature(target, current) != plan.signature:
            raise FixRefused(plan.path, "changed since markcheck read it; not written (run again)")

    atomicwrite.replace_file(target, plan.new_bytes(), suffix=TEMPORARY_SUFFIX, before_rename=same_file_unchanged)

