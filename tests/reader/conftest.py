"""Shared helpers for the reader tests: where the real documents are, and span look-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from markcheck.document import build_document, read_document
from markcheck.reader.source import Source

# ../shared next to the repository: the example cable, the real-cable corpus, the schemas.
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = SHARED / "examples" / "09USNATO114.txt"


def span_text(source: Source, span) -> str:
    """The source text a one-line span covers (1-based columns, exclusive end)."""
    assert span.line == span.end_line, f"multi-line span {span}"
    return source.lines[span.line - 1][span.column - 1:span.end_column - 1]


@pytest.fixture(scope="session")
def at():
    """``at(source, span)``: the text a one-line span covers."""
    return span_text


@pytest.fixture(scope="session")
def example_path() -> Path:
    if not EXAMPLE.is_file():
        pytest.skip(f"example cable not found at {EXAMPLE} (the shared folder sits next to the repository)")
    return EXAMPLE


@pytest.fixture
def fixture_doc():
    """Read tests/reader/fixtures/<name> through the public reading API: (Document, Source)."""

    def read(name: str):
        path = FIXTURES / name
        return read_document(str(path)), Source.from_path(str(path))

    return read


@pytest.fixture
def text_doc():
    """Build a Document from an inline text: (Document, Source)."""

    def build(text: str, path: str = "inline.txt"):
        source = Source.from_text(text, path)
        return build_document(source), source

    return build
