"""The reading API: a path or a text in, a Document out."""

from __future__ import annotations

from .reader.build import build_document as _build
from .model import Document
from .reader.source import ReadError, Source

__all__ = ["build_document", "read_document", "read_source", "ReadError"]


def build_document(text: str | Source, path: str | None = None, profile: str = "auto") -> Document:
    """The Document model of a text (or an already decoded Source)."""
    return _build(text, path=path, profile=profile)


def read_source(path: str) -> Source:
    """Decode a file; raises ReadError with a reason for binary, missing or unreadable files."""
    return Source.from_path(path)


def read_document(path: str, profile: str = "auto") -> Document:
    return _build(read_source(path), path=path, profile=profile)
