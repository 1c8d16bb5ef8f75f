"""Hostile or broken Word and PDF files: bounded, reported with the limit they broke, and never
the end of a run."""

from __future__ import annotations

import sys
import zipfile

import docx
import pytest

from markcheck.api import check_file, check_paths
from markcheck.inputs import docx as docx_input
from markcheck.inputs import pdf as pdf_input

from .fixtures import secret_memo, write


def _only(path) -> str:
    (finding,) = check_file(str(path)).findings
    assert finding.rule == "MCK-002", finding
    return finding.message


def _docx_with_body(tmp_path, name: str, body_xml: str, doctype: str = "") -> str:
    """A valid .docx whose word/document.xml is replaced by `doctype` + a body holding `body_xml`."""
    source = tmp_path / "base.docx"
    docx.Document().save(source)
    target = tmp_path / name
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/document.xml":
                data = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
                        f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                        f'<w:body>{body_xml}</w:body></w:document>').encode()
            new.writestr(item, data)
    return str(target)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 << 20))  # 8 MiB of zeros: ~1000 to 1
    assert "zip bomb" in _only(path)


def test_a_member_larger_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_input, "MAX_MEMBER_BYTES", 1000)
    path = write(secret_memo(), tmp_path, "memo", "docx")
    assert "more than the 1,000 markcheck reads" in _only(path)


def test_an_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET//NOFORN from outside the document")
    doctype = f'<!DOCTYPE w:document [<!ENTITY ext SYSTEM "file://{secret}">]>'
    path = _docx_with_body(tmp_path, "xxe.docx", "<w:p><w:r><w:t>1. (U) Text &ext;</w:t></w:r></w:p>", doctype)
    from markcheck.inputs import read_office

    try:
        text, _ = read_office(path)
    except Exception as exc:  # refused is as good as not resolved
        assert "outside the document" not in str(exc)
    else:
        assert "outside the document" not in text


def test_an_entity_expansion_bomb_is_not_expanded(tmp_path):
    entities = '<!ENTITY a "AAAAAAAAAA">' + "".join(
        f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">' for k in range(8))
    path = _docx_with_body(tmp_path, "laughs.docx", "<w:p><w:r><w:t>&i;</w:t></w:r></w:p>",
                           f"<!DOCTYPE w:document [{entities}]>")
    result = check_file(path)  # 10^9 characters if expanded
    from markcheck.inputs import read_office

    try:
        text, _ = read_office(path)
    except Exception:
        assert [f.rule for f in result.findings] == ["MCK-002"]
    else:
        assert len(text) < 10_000


def test_too_many_pdf_pages_is_one_clear_finding(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_input, "MAX_PAGES", 2)
    path = write(secret_memo(), tmp_path, "memo", "pdf")
    assert "has 3 pages, more than the 2 markcheck reads" in _only(path)


def test_the_pdf_time_budget_is_enforced_between_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_input, "MAX_SECONDS", -1.0)
    path = write(secret_memo(), tmp_path, "memo", "pdf")
    assert "CPU time" in _only(path)


def test_an_encrypted_pdf_is_reported(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 8, "SECRET")
    pdf.output(str(tmp_path / "locked.pdf"))
    assert "encrypted PDF" in _only(tmp_path / "locked.pdf")


@pytest.mark.parametrize("name, data, words", [
    ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer garbage", "PDF"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "Word document"),
    ("text.docx", b"SECRET\n\n1. (S) A text file named .docx\n", "not a zip file"),
])
def test_a_broken_file_is_reported_not_raised(tmp_path, name, data, words):
    (tmp_path / name).write_bytes(data)
    assert words in _only(tmp_path / name)


def test_one_bad_file_never_stops_a_run(tmp_path):
    (tmp_path / "a-broken.docx").write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "b-broken.pdf").write_bytes(b"%PDF-1.4 broken")
    good = write(secret_memo(), tmp_path, "c-good", "docx")
    results = check_paths([str(tmp_path)])
    assert [r.path.rsplit("/", 1)[-1] for r in results] == ["a-broken.docx", "b-broken.pdf", "c-good.docx"]
    assert [f.rule for f in results[0].findings] == ["MCK-002"] == [f.rule for f in results[1].findings]
    assert results[2].findings == ()
    assert results[2].path == str(good)


def test_without_the_office_extra_the_file_is_unreadable_with_the_install_command(tmp_path, monkeypatch):
    path = write(secret_memo(), tmp_path, "memo", "docx")
    monkeypatch.setitem(sys.modules, "docx", None)  # `import docx` raises ImportError
    message = _only(path)
    assert "pip install 'markcheck[office]'" in message

