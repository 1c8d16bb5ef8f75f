"""What a person sees is what markcheck reads: invisible and look-alike characters, Markdown.

Each example is an UNCLASSIFIED memo with one paragraph whose mark a person reads as SECRET (or
a banner a person reads as SECRET//NOFORN over a TOP SECRET paragraph). The mark must be read (the
roll-up finding appears) and, where characters had to be changed to read it, SYN-004 names each
one at its source column. Every finding points at source columns.
"""

from __future__ import annotations

import pytest

from markcheck.api import check_text
from markcheck.document import build_document

MEMO = "UNCLASSIFIED\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: Test\n\n1. {mark} A secret sentence.\n\n" \
       "2. (U) Another.\n\nUNCLASSIFIED\n"


def _findings(text: str, path: str = "memo.txt"):
    return check_text(text, path=path).findings


def _rules(findings) -> set[str]:
    return {f.rule for f in findings}


# (mark as written, [(code point, source column)] SYN-004 must name; the mark starts at column 4)
LOOKALIKES = {
    "zero-width-space": ("(S\u200b)", [("U+200B ZERO WIDTH SPACE", 6)]),
    "byte-order-mark": ("(S\ufeff)", [("U+FEFF ZERO WIDTH NO-BREAK SPACE", 6)]),
    "soft-hyphen": ("(S\u00ad)", [("U+00AD SOFT HYPHEN", 6)]),
    "left-to-right-mark": ("(\u200eS)", [("U+200E LEFT-TO-RIGHT MARK", 5)]),
    "right-to-left-mark": ("(S\u200f)", [("U+200F RIGHT-TO-LEFT MARK", 6)]),
    "cyrillic-dze": ("(\u0405)", [("U+0405 CYRILLIC CAPITAL LETTER DZE", 5)]),
    "fullwidth": ("\uff08\uff33\uff09", [("U+FF08 FULLWIDTH LEFT PARENTHESIS", 4),
                                        ("U+FF33 FULLWIDTH LATIN CAPITAL LETTER S", 5),
                                        ("U+FF09 FULLWIDTH RIGHT PARENTHESIS", 6)]),
    "greek-nu-in-nf": ("(S//\u039dF)", [("U+039D GREEK CAPITAL LETTER NU", 8)]),
    "tab-inside-parentheses": ("(\tS//NF)", [("U+0009 CHARACTER TABULATION", 5)]),
}


@pytest.mark.parametrize("path", ["memo.txt", "memo.md"])
@pytest.mark.parametrize("name", sorted(LOOKALIKES))
def test_lookalike_portion_is_read_and_reported(name, path):
    mark, characters = LOOKALIKES[name]
    findings = _findings(MEMO.format(mark=mark), path)
    assert "ROL-004" in _rules(findings), findings
    reported = [f for f in findings if f.rule == "SYN-004"]
    assert len(reported) == 1, findings
    finding = reported[0]
    assert (finding.line, finding.column, finding.end_column) == (7, 4, 4 + len(mark))
    assert finding.severity == "error"
    for character, column in characters:
        assert f"{character} at column {column}" in finding.message


def test_cyrillic_tail_of_a_banner_is_reported_not_read_as_noforn():
    """``SECRET//N`` with two Cyrillic TE shows as SECRET//NTT: never as NOFORN, and reported."""
    text = "SECRET//N\u0422\u0422\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: (U) Test\n\n1. (S) Text.\n\nSECRET//N\u0422\u0422\n"
    doc = build_document(text, path="memo.txt")
    assert "NOFORN" not in doc.banners[0].marking.dissem
    assert doc.banners[0].raw == "SECRET//NTT"
    reported = [f for f in _findings(text) if f.rule == "SYN-004"]
    assert [(f.line, f.column) for f in reported] == [(1, 1), (9, 1)]
    assert "U+0422 CYRILLIC CAPITAL LETTER TE at column 10; U+0422 CYRILLIC CAPITAL LETTER TE at column 11" \
        in reported[0].message


def test_prose_with_cyrillic_words_and_typographic_quotes_is_not_reported():
    text = MEMO.format(mark="(U)").replace("A secret sentence.", "The paper \u201c\u041f\u0440\u0430\u0432\u0434\u0430\u201d "
                                          "wrote \u0421\u0421\u0421\u0420 and \u0425\u0425\u0425\u0425 (\u0430\u0441\u0435).")
    assert "SYN-004" not in _rules(_findings(text))


def test_columns_after_an_invisible_character_point_into_the_source():
    """A finding on a mark after a removed character is placed at the mark's source column."""
    text = MEMO.format(mark="(S)").replace("1. (S)", "\u200b\u200b1. (S)")
    doc = build_document(text, path="memo.txt")
    portion = next(p for p in doc.portions if p.mark == "(S)")
    assert (portion.mark_span.column, portion.mark_span.end_column) == (6, 9)
    assert "SYN-004" not in _rules(_findings(text))  # the characters are outside the mark


def test_ascii_lines_are_their_own_visible_text():
    doc = build_document(MEMO.format(mark="(S)"), path="memo.txt")
    assert doc.seen == ()


# -- Markdown ------------------------------------------------------------------------------------

MARKDOWN_MARKS = {
    "strong": "**(S)**",
    "emphasis": "_(S)_",
    "entity": "(&#83;)",
    "comment": "(S<!-- -->)",
    "code-span": "(`S`)",
    "strong-and-zero-width-space": "**(S\u200b)**",
}


@pytest.mark.parametrize("name", sorted(MARKDOWN_MARKS))
def test_markdown_around_a_mark_does_not_hide_it(name):
    mark = MARKDOWN_MARKS[name]
    findings = _findings(MEMO.format(mark=mark), "memo.md")
    rollup = [f for f in findings if f.rule == "ROL-004"]
    assert rollup and "portion (S) on line 7" in rollup[0].message
    assert ("SYN-004" in _rules(findings)) == ("\u200b" in mark)
    doc = build_document(MEMO.format(mark=mark), path="memo.md")
    portion = next(p for p in doc.portions if p.mark == "(S)")
    start = 4 + mark.index("(")
    assert (portion.mark_span.line, portion.mark_span.column) == (7, start)
    assert portion.mark_span.end_column == 4 + mark.rindex(")") + 1


def test_markdown_is_read_only_in_markdown_files():
    text = MEMO.format(mark="**(S)**")
    assert "ROL-004" not in _rules(_findings(text, "memo.txt"))


@pytest.mark.parametrize("prefix", ["> ", "- ", "* ", "> > "])
def test_block_quote_and_bullet_around_a_portion(prefix):
    text = MEMO.format(mark="(U)").replace("1. (U) A secret sentence.", f"{prefix}(S) A secret sentence.")
    findings = _findings(text, "memo.md")
    assert "ROL-004" in _rules(findings)
    doc = build_document(text, path="memo.md")
    portion = next(p for p in doc.portions if p.mark == "(S)")
    assert portion.mark_span.column == len(prefix) + 1


def test_block_quote_with_a_fullwidth_mark():
    text = MEMO.format(mark="(U)").replace("1. (U) A secret sentence.", "> \uff08\uff33\uff09 A secret sentence.")
    findings = _findings(text, "memo.md")
    assert "ROL-004" in _rules(findings)
    assert [(f.line, f.column, f.end_column) for f in findings if f.rule == "SYN-004"] == [(7, 3, 6)]


@pytest.mark.parametrize("banner", ["**SECRET//NOFORN**", "# SECRET//NOFORN", "SECRET//NOFORN\n=============="])
def test_markdown_banner_is_read(banner):
    text = f"{banner}\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: (U) Test\n\n1. (TS) Text.\n\n{banner}\n"
    findings = _findings(text, "memo.md")
    rollup = [f for f in findings if f.rule == "ROL-001"]
    assert rollup and "Overall marking SECRET//NOFORN" in rollup[0].message
    first = build_document(text, path="memo.md").banners[0]
    assert first.raw == "SECRET//NOFORN"
    assert first.span.column == banner.index("S") + 1


def test_mark_in_a_fenced_code_block_is_read():
    text = MEMO.format(mark="(U)").replace("1. (U) A secret sentence.", "```\n1. (S) A secret sentence.\n```")
    findings = _findings(text, "memo.md")
    assert any(f.rule == "ROL-004" and "on line 8" in f.message for f in findings)


def test_multi_line_comment_leaves_empty_lines_and_keeps_line_numbers():
    text = MEMO.format(mark="(S)").replace("MEMORANDUM FOR THE RECORD", "<!--\n(S) not shown\n-->")
    doc = build_document(text, path="memo.md")
    assert [p.mark_span.line for p in doc.portions if p.mark == "(S)"] == [9]
    assert not any(p.mark_span.line == 4 for p in doc.portions if p.mark_span)


def test_fix_refuses_a_line_read_otherwise_than_written(tmp_path):
    from markcheck.fix import plan_file

    path = tmp_path / "memo.md"
    path.write_text("**CONFIDENTIAL**\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: (U) Test\n\n1. (S) Text.\n\n"
                    "**CONFIDENTIAL**\n", encoding="utf-8")
    plan = plan_file(str(path))
    assert not plan.edits
    assert any("read otherwise than it is written" in note.text for note in plan.notes)
    plain = tmp_path / "memo.txt"
    plain.write_text(path.read_text().replace("**", ""), encoding="utf-8")
    assert plan_file(str(plain)).edits  # the same document without markup is fixed
