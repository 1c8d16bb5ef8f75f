"""Bytes to text: encoding detection and the line table.

A document is decoded once; its original bytes are kept so a fix can write back the same
encoding and line endings. Binary or undecodable input becomes a ReadError with a reason,
never an exception that stops a run.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from ..values import frozen_value

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The largest document markcheck reads (real cables and memos are a few KB; the largest of
# the 3,000-cable corpus is 66 KB). A larger file is reported, not read, so the memory and
# time a run needs per document stay bounded whatever is committed.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be read as a text document (binary, missing, unreadable)."""

    def __init__(self, path: str | None, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


@frozen_value
class Source:
    """A decoded document: text, its lines (without line breaks), encoding and newline style."""

    path: str | None
    text: str
    lines: tuple[str, ...]
    encoding: str
    newline: str
    bom: bool = False

    @classmethod
    def from_text(cls, text: str, path: str | None = None, encoding: str = "utf-8", bom: bool = False) -> "Source":
        if text.startswith("\ufeff"):
            text, bom = text[1:], True
        if "\r" not in text:  # the common case: str.split is several times faster than the regex
            return cls(path, text, tuple(text.split("\n")), encoding, "\n", bom)
        match = _LINE_BREAK.search(text)
        newline = match.group(0) if match else "\n"
        return cls(path, text, tuple(_LINE_BREAK.split(text)), encoding, newline, bom)

    @classmethod
    def from_bytes(cls, data: bytes, path: str | None = None) -> "Source":
        text, encoding, bom = decode(data, path)
        return cls.from_text(text, path, encoding, bom)

    @classmethod
    def from_path(cls, path: str) -> "Source":
        return cls.from_bytes(read_file(path, MAX_DOCUMENT_BYTES), path)


_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _size(count: int) -> str:
    return f"{count / (1 << 20):.1f} MiB" if count >= 1 << 20 else f"{count} bytes"


def read_file(path: str, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; ReadError with a reason
    otherwise. Never blocks on a named pipe and never reads a device (``/dev/zero``) or a file
    larger than `limit`, so a hostile path cannot hang a run or exhaust its memory."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            if not os.access(path, os.R_OK | os.X_OK):  # one a directory walk could not list
                raise ReadError(path, "is a directory markcheck may not list (permission denied)")
            raise ReadError(path, "is a directory")
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
            raise ReadError(path, f"is {kind}, not a regular file; not read")
        if info.st_size > limit:
            raise ReadError(path, f"is {_size(info.st_size)}, larger than the {_size(limit)} markcheck reads; not read")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)  # O_NONBLOCK: a file swapped for a pipe cannot block
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ReadError(path, "is not a regular file; not read")
            data = _read_up_to(fd, limit + 1)
        finally:
            os.close(fd)
    except IsADirectoryError:
        raise ReadError(path, "is a directory") from None
    except FileNotFoundError:
        raise ReadError(path, "no such file") from None
    except PermissionError:
        raise ReadError(path, "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError(path, "is a symbolic link loop (too many levels of symbolic links)") from None
        raise ReadError(path, exc.strerror or str(exc)) from None
    except ValueError as exc:  # e.g. an embedded NUL character in the path
        raise ReadError(path, f"invalid path ({exc})") from None
    if len(data) > limit:  # it grew after the stat
        raise ReadError(path, f"is larger than the {_size(limit)} markcheck reads; not read")
    return data


def _read_up_to(fd: int, size: int) -> bytes:
    """At most `size` bytes from `fd`, all of them unless the file ends first (plain os.read:
    no buffered file object is needed to read a file whole)."""
    chunks = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, path: str | None = None) -> tuple[str, str, bool]:
    """(text, encoding, had_bom). UTF-8 first, then BOM-marked UTF-16, then Latin-1 text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding, True
            except UnicodeDecodeError as exc:
                raise ReadError(path, f"invalid {encoding} at byte {exc.start + len(bom)}") from None
    if b"\x00" in data:
        offset = data.index(b"\x00")
        hint = "; UTF-16 text needs a byte-order mark" if _utf16_without_bom(data) else ""
        raise ReadError(path, f"binary file (NUL byte at offset {offset}{hint}); not a text document")
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError as exc:
        # Legacy 8-bit text is common in archives: read it as cp1252/Latin-1 rather than refuse it.
        sample = data[max(0, exc.start - 20): exc.start + 20]
        if _looks_like_text(data):
            try:
                return data.decode("cp1252"), "cp1252", False
            except UnicodeDecodeError:
                return data.decode("latin-1"), "latin-1", False
        raise ReadError(path, f"invalid UTF-8 at byte {exc.start} near {sample!r}") from None


def _utf16_without_bom(data: bytes) -> bool:
    """Every other byte NUL, as in ASCII text saved as UTF-16 without a byte-order mark."""
    sample = data[:4096]
    return len(sample) >= 4 and (sample[1::2].count(0) * 10 >= len(sample[1::2]) * 9
                                 or sample[0::2].count(0) * 10 >= len(sample[0::2]) * 9)


def _looks_like_text(data: bytes) -> bool:
    control = sum(1 for b in data[:65536] if b < 32 and b not in (9, 10, 12, 13))
    return control * 100 <= max(1, len(data[:65536]))
