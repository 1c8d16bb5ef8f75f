"""One entry of markcheck's cache: a key line, then the value as JSON.

JSON, not pickle: reading a cache file can at worst give wrong data, never run code. Python
values JSON has no form for (tuples, dictionaries with keys that are not strings, dates) are
written as one-key objects whose key starts with a NUL character, which no other key written
here starts with. A value is stored only if it reads back equal, and a file is read only from
the trusted cache directory (`cachedir`) and only if the user alone can have written it; it is
used only when its first line is the key of what it was built from.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

from . import atomicwrite, cachedir

MAX_BYTES = 16 * 1024 * 1024  # far above any entry (the largest, the rule pack, is ~1 MB)
_TUPLE, _PAIRS, _DATE, _DATETIME = "\0tuple", "\0pairs", "\0date", "\0datetime"


def load(name: str, key: str):
    """The value stored as `name` under `key`; None if there is none, it is stale, or the file
    could have been written by someone else."""
    folder = cachedir.cache_dir()
    if folder is None:
        return None
    try:
        fd = os.open(folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with open(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if cachedir.untrusted(info, "file") is not None or info.st_size > MAX_BYTES:
            return None
        if handle.readline().rstrip(b"\n") != key.encode():
            return None
        try:
            return decode(handle.read())
        except (ValueError, RecursionError):  # a damaged file: built afresh
            return None


def store(name: str, key: str, value) -> None:
    """Keep `value` as `name` under `key`, atomically; silently not when there is no trusted
    cache directory, the disk is full, or `value` does not survive the round trip."""
    folder = cachedir.cache_dir()
    if folder is None:
        return
    try:
        data = encode(value)
        if decode(data) != value:
            return
        atomicwrite.replace_file(str(folder / name), key.encode() + b"\n" + data)
    except (OSError, TypeError, ValueError, RecursionError):  # a read-only home or a full disk must not fail a check
        pass


def encode(value) -> bytes:
    return json.dumps(_tagged(value), separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")


def decode(data: bytes):
    return json.loads(data.decode("utf-8", "surrogatepass"), object_hook=_untagged)


def _tagged(value):
    """`value` in the shapes JSON writes as they are; TypeError for anything else."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return [_tagged(item) for item in value]
    if isinstance(value, tuple):
        return {_TUPLE: [_tagged(item) for item in value]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("\0") for k in value):
            return {k: _tagged(v) for k, v in value.items()}
        return {_PAIRS: [[_tagged(k), _tagged(v)] for k, v in value.items()]}
    if isinstance(value, datetime.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, datetime.date):
        return {_DATE: value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not kept in the cache")


def _untagged(obj: dict):
    if len(obj) == 1:
        tag, inner = next(iter(obj.items()))
        if tag == _TUPLE:
            return tuple(inner)
        if tag == _PAIRS:
            return {k: v for k, v in inner}  # keys were decoded first: tuples are tuples again
        if tag == _DATE:
            return datetime.date.fromisoformat(inner)
        if tag == _DATETIME:
            return datetime.datetime.fromisoformat(inner)
    return obj


def remove_stale(pattern: str, keep: Path | None = None, days: int = 0) -> None:
    """Delete entries matching `pattern` in the cache directory (other than `keep`) not used
    for `days` days: old installations' rule packs, files of an older cache format."""
    import time

    folder = cachedir.cache_dir()
    if folder is None:
        return
    cutoff = time.time() - days * 86400
    for old in folder.glob(pattern):
        try:
            if old != keep and old.lstat().st_mtime <= cutoff:
                old.unlink()
        except OSError:
            pass
