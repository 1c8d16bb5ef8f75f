"""HTML in Markdown (markcheck.reader.markdown_html): the text an HTML block shows is read, a
marking-shaped span the rendered page hides (a comment, a script, a tag's attribute) is reported
(SYN-001) at its source position. Never a silent pass on ``<!-- (S) -->`` or ``<p>(S) text</p>``
in an UNCLASSIFIED document."""

from __future__ import annotations

import pytest

from markcheck.api import check_text
from markcheck.document import build_document

MEMO = "UNCLASSIFIED\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: Test\n\n1. (U) First.\n\n{body}\n\n" \
       "2. (U) Another.\n\nUNCLASSIFIED\n"
BODY_LINE = 9  # the first line of {body}

# (the body, the 1-based line and column of (S) in the source)
SHOWN = {
    "paragraph": ("<p>(S) A secret sentence.</p>", 0, 4),
    "div on its own lines": ("<div>\n(S) A secret sentence.\n</div>", 1, 1),
    "table cell": ("<table><tr><td>(S) A secret cell.</td></tr></table>", 0, 16),
    "second table cell": ("<table><tr><td>(U) A cell.</td><td>(S) A secret cell.</td></tr></table>", 0, 36),
    "two paragraphs on a line": ("<p>(U) One.</p><p>(S) Two.</p>", 0, 19),
    "details summary": ("<details>\n<summary>(S) A secret summary.</summary>\nMore.\n</details>", 1, 10),
    "preformatted": ("<pre>\n(S) A secret line.\n</pre>", 1, 1),
    "entity for the letter": ("<p>(&#83;) A secret sentence.</p>", 0, 4),
    "in a block quote": ("> <div>\n> (S) A secret sentence.\n> </div>", 1, 3),
}


@pytest.mark.parametrize("name", sorted(SHOWN))
def test_the_text_an_html_block_shows_is_read(name):
    body, line, column = SHOWN[name]
    text = MEMO.format(body=body)
    doc = build_document(text, path="memo.md")
    [secret] = [p for p in doc.portions if p.marking is not None and p.marking.level.name == "S"]
    assert (secret.mark_span.line, secret.mark_span.column) == (BODY_LINE + line, column)
    assert doc.rollup.level.name == "S"
    assert "ROL-004" in {f.rule for f in check_text(text, path="memo.md").findings if f.severity == "error"}


def test_a_classification_line_in_an_html_block_is_read():
    text = MEMO.format(body="<div>SECRET//NOFORN</div>")
    doc = build_document(text, path="memo.md")
    assert "SECRET//NOFORN" in [b.marking.banner() for b in doc.banners]


# (the body, [(found, 1-based line offset from the body's first line, column)], what hides it)
HIDDEN = {
    "comment block": ("<!-- (S) A secret note. -->", [("(S)", 0, 6)], "HTML comment"),
    "comment inside a line": ("3. (U) Text <!-- (S) secret --> more.", [("(S)", 0, 18)], "HTML comment"),
    "comment over lines": ("<!--\nDraft: (S) secret\nSECRET//NOFORN\n-->",
                           [("(S)", 1, 8), ("SECRET//NOFORN", 2, 1)], "HTML comment"),
    "comment in a block quote": ("> <!--\n> (C) quoted\n> -->", [("(C)", 1, 3)], "HTML comment"),
    "comment inside an html block": ("<div>(U) Shown. <!-- (S) hidden --></div>", [("(S)", 0, 22)], "HTML comment"),
    "script": ("<script>\n// (S) secret\n</script>", [("(S)", 1, 4)], "script or style"),
    "title attribute": ('<div title="(S)">(U) Shown.</div>', [("(S)", 0, 13)], "HTML tag"),
    "inline title attribute": ('3. (U) Text <span title="SECRET">x</span>.', [("SECRET", 0, 26)], "HTML tag"),
}


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_a_marking_the_page_hides_is_reported_where_it_stands(name):
    body, expected, what = HIDDEN[name]
    text = MEMO.format(body=body)
    findings = [f for f in check_text(text, path="memo.md").findings if f.rule == "SYN-001"]
    assert [(f.line, f.column) for f in findings] == [(BODY_LINE + line, column) for _, line, column in expected]
    source = text.splitlines()
    for f, (found, _, _) in zip(findings, expected):
        assert f.severity == "error" and what in f.message and f"found '{found}'" in f.message
        assert source[f.line - 1][f.column - 1:].startswith(found)
    doc = build_document(text, path="memo.md")
    assert doc.rollup.level.name == "U"  # hidden text is reported, not read into the roll-up


def test_inspect_lists_the_hidden_marking_as_not_understood():
    from markcheck.reader.marking_spans import marking_spans

    text = MEMO.format(body="<!-- (S) A secret note. -->")
    doc = build_document(text, path="memo.md")
    [span] = [s for s in marking_spans(doc) if s["kind"] == "unreadable hidden"]
    assert (span["line"], span["column"], span["text"], span["understood"]) == (BODY_LINE, 6, "(S)", False)


HARMLESS = {
    "comment without a marking": "<!-- TODO: reword the second paragraph -->",
    "address with slashes": "3. (U) See <!-- https://example.com//notes --> the notes.",
    "tags without attributes": "<div>\n3. (U) Text in a <b>div</b>.\n</div>",
    "lower-case words": "<!-- secret sauce, top secret recipe (s) -->",
}


@pytest.mark.parametrize("name", sorted(HARMLESS))
def test_html_without_markings_is_not_reported(name):
    findings = check_text(MEMO.format(body=HARMLESS[name]), path="memo.md").findings
    assert not [f for f in findings if f.severity == "error"], [f.message for f in findings]


def test_suppression_comments_still_work_and_are_not_hidden_markings():
    text = ("SECRET\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: (U) Test\n\n1. (S) First.\n\n"
            "<!-- markcheck: ignore[POR-001] drafts are marked when released -->\n2. Unmarked text.\n\n"
            "3. (S) Another.\n\nSECRET\n")
    result = check_text(text, path="memo.md")
    assert not [f for f in result.findings if f.rule in ("POR-001", "SYN-001", "MCK-003", "MCK-006")]
    assert [(s.kind, s.finding.rule) for s in result.suppressed] == [("comment", "POR-001")]


def test_a_directive_holding_a_marking_is_refused_once():
    body = "<!-- markcheck: ignore[POR-001] the (S) part is marked later -->\nUnmarked text."
    findings = check_text(MEMO.format(body=body), path="memo.md").findings
    assert [f.rule for f in findings if f.line == BODY_LINE] == ["MCK-006"]


def test_many_hidden_markings_are_counted_past_the_bound():
    from markcheck.model import MAX_ELEMENTS

    body = "\n".join("<!-- (S) -->" for _ in range(MAX_ELEMENTS + 5))
    doc = build_document(MEMO.format(body=body), path="memo.md")
    hidden = [u for u in doc.unreadable if u.kind == "hidden"]
    [folded] = [f for f in doc.folded if f.kind == "unreadable"]
    assert len(hidden) == MAX_ELEMENTS and folded.count == 5
    assert folded.span.line == BODY_LINE + MAX_ELEMENTS
