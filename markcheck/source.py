"""Bytes to text: encoding detection and the line table.

A document is decoded once; its original bytes are kept so a fix can write back the same
encoding and line endings. Binary or undecodable input becomes a ReadError with a reason,
never an exception that stops a run.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class ReadError(Exception):
    """A file that cannot be read as a text document (binary, missing, unreadable)."""

    def __init__(self, path: str | None, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


@dataclass(frozen=True)
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
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except IsADirectoryError:
            raise ReadError(path, "is a directory") from None
        except FileNotFoundError:
            raise ReadError(path, "no such file") from None
        except PermissionError:
            raise ReadError(path, "permission denied") from None
        except OSError as exc:
            raise ReadError(path, exc.strerror or str(exc)) from None
        return cls.from_bytes(data, path)


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
    if b"\x00" in data[:8192] or b"\x00" in data:
        offset = data.index(b"\x00")
        raise ReadError(path, f"binary file (NUL byte at offset {offset}); not a text document")
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


def _looks_like_text(data: bytes) -> bool:
    control = sum(1 for b in data[:65536] if b < 32 and b not in (9, 10, 12, 13))
    return control * 100 <= max(1, len(data[:65536]))
