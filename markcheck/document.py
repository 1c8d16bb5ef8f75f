"""The reading API: a path or a text in, a Document out."""

from __future__ import annotations

import os
from dataclasses import replace

from .reader.build import build_document as _build
from .model import Document
from .reader.source import ReadError, Source

__all__ = ["build_document", "read_document", "read_document_and_text", "read_source", "ReadError"]

# What a text with page breaks holds (markcheck.pages.text_pages): looked for before the lines are.
_PAGE_HINTS = ("\f", "PAGE ", "SECTION ", "\\pagebreak")


def build_document(text: str | Source, path: str | None = None, profile: str = "auto") -> Document:
    """The Document model of a text (or an already decoded Source)."""
    return _with_pages(_build(text, path=path, profile=profile), text, path)


def read_source(path: str) -> Source:
    """Decode a file; raises ReadError with a reason for binary, missing or unreadable files."""
    return Source.from_path(path)


def read_document(path: str, profile: str = "auto") -> Document:
    return read_document_and_text(path, profile)[0]


def read_document_and_text(path: str, profile: str = "auto") -> tuple[Document, str | None]:
    """The document of a file, and its text as written (None for a Word or PDF file, which has no
    comments markcheck reads suppressions from)."""
    from .inputs import is_office

    if is_office(path):  # a Word or PDF file: its text, page by page, with the page map
        from .inputs import read_office

        text, page_map = read_office(path)
        return replace(_build(Source.from_text(text, path), path=path, profile=profile), pages=page_map), None
    source = read_source(path)
    return _with_pages(_build(source, path=path, profile=profile), source, path), source.text


def _with_pages(doc: Document, text: str | Source, path) -> Document:
    """`doc` with the pages its text marks (form feeds, telegram pages, Markdown page breaks)."""
    raw = text.text if isinstance(text, Source) else text
    if not any(hint in raw for hint in _PAGE_HINTS):
        return doc
    from .pages import text_pages
    from .reader.visible import MARKDOWN_SUFFIXES

    lines = text.lines if isinstance(text, Source) else Source.from_text(raw).lines
    markdown = path is not None and os.path.splitext(os.fspath(path))[1].lower() in MARKDOWN_SUFFIXES
    sections = tuple(b.span.line for b in doc.banners if b.section and b.section[0] > 1 and b.span.line > 1)
    page_map = text_pages(lines, markdown, sections)
    return doc if page_map is None else replace(doc, pages=page_map)
