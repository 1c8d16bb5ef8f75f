"""Pages in text: form feeds, a Markdown \\pagebreak line, a telegram's PAGE and SECTION lines."""

from __future__ import annotations

from pathlib import Path

from markcheck.api import check_file
from markcheck.document import build_document, read_document

MEMO_PAGE_1 = ("SECRET\n\nMEMORANDUM FOR THE RECORD\nDate: March 3, 2020\nSUBJECT: (U) Review\n\n"
               "1. (S) A secret paragraph.\n\nSECRET\n")
MEMO_PAGE_2 = "2. (S) A secret paragraph on a page nobody marked.\n"


def test_a_form_feed_starts_a_page_and_the_unmarked_page_is_found(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text(MEMO_PAGE_1 + "\f\n" + MEMO_PAGE_2)
    doc = read_document(str(path))
    assert [(p.number, p.first) for p in doc.pages.pages] == [(1, 1), (2, 11)]
    findings = [f for f in check_file(str(path)).findings if f.rule.startswith("PAG")]
    assert [(f.rule, f.page) for f in findings] == [("PAG-006", 2)]


def test_a_markdown_pagebreak_line_starts_a_page(tmp_path):
    path = tmp_path / "memo.md"
    path.write_text(MEMO_PAGE_1 + "\n\\pagebreak\n\n" + MEMO_PAGE_2)
    assert len(read_document(str(path)).pages.pages) == 2
    assert [(f.rule, f.page) for f in check_file(str(path)).findings if f.rule.startswith("PAG")] == [("PAG-006", 2)]


def test_a_thematic_break_is_not_a_page_break(tmp_path):
    path = tmp_path / "memo.md"
    path.write_text(MEMO_PAGE_1 + "\n---\n\n" + MEMO_PAGE_2)
    assert read_document(str(path)).pages is None
    assert not [f for f in check_file(str(path)).findings if f.rule.startswith("PAG")]


def test_pagebreak_in_plain_text_is_text():
    assert build_document(MEMO_PAGE_1 + "\n\\pagebreak\n\n" + MEMO_PAGE_2, path="memo.txt").pages is None


def test_a_document_without_page_breaks_has_no_page_model():
    assert build_document(MEMO_PAGE_1 + MEMO_PAGE_2).pages is None


def test_a_telegram_s_printed_pages_carry_page_numbers_but_are_not_judged_by_page_rules():
    corpus = Path(__file__).parents[2].parent / "shared" / "corpus" / "00HARARE6677.txt"
    text = corpus.read_text(encoding="utf-8") if corpus.exists() else (
        "CONFIDENTIAL\nPAGE 01 HARARE 06677 01 OF 03 291400Z\n1. (C) One.\nPAGE 02 HARARE 06677 01 OF 03 291400Z\n"
        "2. (C) Two.\n")
    doc = build_document(text, path="cable.txt")
    assert len(doc.pages.pages) >= 2 and doc.pages.pages[1].kind == "telegram-page"
    from markcheck.api import check_text

    findings = check_text(text, path="cable.txt").findings
    assert not [f for f in findings if f.rule.startswith("PAG")]
    paged = [f for f in findings if f.line >= doc.pages.pages[1].first]
    assert all(f.page and f.page >= 2 for f in paged)


def test_a_memo_s_page_number_line_is_not_a_telegram_page(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text(MEMO_PAGE_1 + "PAGE 1 OF 2\n\f\n" + MEMO_PAGE_2 + "PAGE 2 OF 2\n")
    doc = read_document(str(path))
    assert [p.kind for p in doc.pages.pages] == ["page", "page"]
    assert [(f.rule, f.page) for f in check_file(str(path)).findings if f.rule.startswith("PAG")] == [("PAG-006", 2)]


def test_a_telegram_s_second_section_starts_a_page_the_page_rules_leave_alone():
    text = ("SECRET SECTION 01 OF 02 STATE 083673\n\nE.O. 12958: DECL: 03/20/2019\nSUBJECT: (U) TEST\n\n"
            "1. (S) One.\n\nSECRET SECTION 02 OF 02 STATE 083673\n\n2. (S) Two.\n")
    doc = build_document(text, path="cable.txt")
    assert [(p.first, p.kind) for p in doc.pages.pages] == [(1, "telegram-section"), (8, "telegram-section")]
    from markcheck.api import check_text

    assert not [f for f in check_text(text, path="cable.txt").findings if f.rule.startswith("PAG")]
