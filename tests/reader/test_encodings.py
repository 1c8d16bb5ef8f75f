"""Bytes to Document: line endings, trailing blanks, byte-order marks, UTF-16, legacy 8-bit
text and binary input. The same cable must read the same, at the same positions, every way."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from markcheck.document import build_document, read_document
from markcheck.reader.source import ReadError, Source

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _text() -> str:
    # sections.txt holds a non-ASCII character (the pilcrow of "¶1.") to exercise decoding
    return (FIXTURES / "sections.txt").read_text(encoding="utf-8")


def _summary(doc) -> tuple:
    return (
        doc.classification.banner(),
        doc.date.value.isoformat(),
        [(b.kind, b.span.line, b.span.column, b.span.end_column) for b in doc.banners],
        [(p.span.line, p.span.column, p.span.end_column, p.number, p.mark) for p in doc.portions],
        (doc.eo_line.span.line, doc.eo_line.span.column, doc.eo_line.span.end_column),
        (doc.cab.span.line, doc.cab.span.column, doc.cab.span.end_column),
        doc.tags,
    )


@pytest.fixture(scope="module")
def baseline():
    doc = build_document(Source.from_bytes(_text().encode("utf-8"), "plain.txt"))
    assert doc.classification.banner() == "SECRET//NOFORN"
    assert len(doc.portions) == 6 and doc.portions[1].span.line == 15
    return _summary(doc)


@pytest.mark.parametrize("name,encode,encoding,bom,newline", [
    ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8", False, "\r\n"),
    ("lone-cr", lambda t: t.replace("\n", "\r").encode("utf-8"), "utf-8", False, "\r"),
    ("utf-8-bom", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8", True, "\n"),
    ("utf-16-le-bom", lambda t: t.encode("utf-16"), "utf-16-le", True, "\n"),
    ("utf-16-be-bom", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be", True, "\n"),
    ("utf-16-crlf", lambda t: codecs.BOM_UTF16_LE + t.replace("\n", "\r\n").encode("utf-16-le"),
     "utf-16-le", True, "\r\n"),
    ("cp1252", lambda t: t.encode("cp1252"), "cp1252", False, "\n"),
])
def test_same_document_every_encoding(baseline, name, encode, encoding, bom, newline):
    source = Source.from_bytes(encode(_text()), f"{name}.txt")
    assert (source.encoding, source.bom, source.newline) == (encoding, bom, newline)
    assert source.lines[14].startswith("\u00b61. (S/NF)")  # decoded, BOM removed, no stray \r
    assert not any("\r" in line or "\ufeff" in line for line in source.lines)
    assert _summary(build_document(source)) == baseline


def test_trailing_blanks_do_not_move_ends(baseline):
    """Hard-wrapped cables end most lines with a blank, blank lines are often " "."""
    text = "\n".join(line + "  " if line else " " for line in _text().split("\n"))
    assert _summary(build_document(Source.from_text(text))) == baseline


def test_mixed_line_endings():
    source = Source.from_text("UNCLAS ROME 000001\r\nSIPDIS\rE.O. 12958: N/A\n1. (U) Text.\n")
    assert source.lines[:4] == ("UNCLAS ROME 000001", "SIPDIS", "E.O. 12958: N/A", "1. (U) Text.")
    doc = build_document(source)
    assert doc.eo_line.span.line == 3
    assert [(p.span.line, p.mark) for p in doc.portions] == [(4, "(U)")]


def test_from_text_strips_a_bom():
    source = Source.from_text("\ufeffSECRET ROME 000001\n")
    assert source.bom and source.lines[0] == "SECRET ROME 000001"
    assert build_document(source).first_banner.span.column == 1


@pytest.mark.parametrize("data,reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "NUL byte at offset 8"),
    (b"%PDF-1.4\n\x00\x01\x02", "NUL byte at offset 9"),
    (bytes(range(256)), "NUL byte at offset 0"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "invalid utf-16-le"),
])
def test_binary_input_is_a_read_error(data, reason):
    with pytest.raises(ReadError) as info:
        Source.from_bytes(data, "blob.bin")
    assert reason in info.value.message
    assert info.value.path == "blob.bin"


def test_read_document_reports_binary_and_missing_files(tmp_path):
    blob = tmp_path / "scan.bin"  # (a .pdf goes to the PDF reader: tests/pages/test_office_safety.py)
    blob.write_bytes(b"%PDF-1.4\n\x00\x00binary")
    with pytest.raises(ReadError, match="binary file"):
        read_document(str(blob))
    with pytest.raises(ReadError, match="no such file"):
        read_document(str(tmp_path / "missing.txt"))
    with pytest.raises(ReadError, match="is a directory"):
        read_document(str(tmp_path))
