"""A document's model keeps at most MAX_ELEMENTS portions, banners and unreadable spans one by
one; past that they are folded and MCK-005 says so, and the roll-up still sees every marking.
Memory grows by a small constant per line, not by a model object per line."""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from markcheck.api import check_text
from markcheck.document import build_document
from markcheck.model import MAX_ELEMENTS, Level

from .test_pathological import CONFIG, HEAD, SHAPES

# Bytes of peak memory a line may add once the bound is reached: the line's text as read and
# the reader's copies of it (a 1 KB model object per line is what this excludes).
BYTES_PER_LINE = 200


def _findings(result, rule):
    return [f for f in result.findings if f.rule == rule]


def test_corpus_documents_are_far_below_the_bound():
    assert MAX_ELEMENTS >= 10_000  # the corpus's largest: 88 portions, 31 banners, 5 unreadable spans


def test_a_top_secret_portion_past_the_bound_still_rolls_up_and_is_reported():
    lines = [f"{i % 300 + 1}. (S) text" for i in range(MAX_ELEMENTS + 500)]
    lines.insert(MAX_ELEMENTS + 200, "7. (TS//NF) the one that matters")
    text = HEAD + "\n".join(lines) + "\n"
    doc = build_document(text)
    assert len(doc.portions) < MAX_ELEMENTS + 10  # the repeated (S) portions are folded
    assert doc.rollup.level is Level.TS and doc.rollup.noforn
    (folded,) = doc.folded
    assert (folded.kind, folded.count) == ("portion", 500)  # every (S) one past the bound
    result = check_text(text, config=CONFIG)
    (mck,) = _findings(result, "MCK-005")
    assert mck.severity == "error"
    assert mck.line == 5 + MAX_ELEMENTS  # the first portion past the bound (HEAD is 4 lines)
    assert f"more than {MAX_ELEMENTS:,} portions" in mck.message and "500 past" in mck.message
    assert "roll-up" in mck.message
    (rol,) = _findings(result, "ROL-001")  # SECRET banner over a TOP SECRET portion
    assert "TOP SECRET" in rol.message


def test_an_unmarked_portion_past_the_bound_is_kept():
    lines = [f"{i % 300 + 1}. (S) text" for i in range(MAX_ELEMENTS + 50)] + ["12. no mark here"]
    doc = build_document(HEAD + "\n".join(lines) + "\n")
    assert doc.portions[-1].marking is None and doc.portions[-1].number == "12"


def test_banners_past_the_bound_are_folded_and_a_different_one_is_kept():
    text = HEAD + "SECRET\n" * (MAX_ELEMENTS + 100) + "TOP SECRET\n" + "SECRET\n" * 10
    doc = build_document(text)
    assert len(doc.banners) <= MAX_ELEMENTS + 3
    assert any(b.marking.level is Level.TS for b in doc.banners)
    assert doc.banners[-1].span.line == text.count("\n")  # the document's last banner is kept
    (folded,) = doc.folded
    # 10,111 SECRET lines: 10,000 kept, then 110 folded, and the last one kept
    assert folded.kind == "banner" and folded.count == 110
    (mck,) = _findings(check_text(text, config=CONFIG), "MCK-005")
    assert "classification lines" in mck.message


def test_unreadable_spans_past_the_bound_are_counted():
    text = HEAD + "".join(f"{i % 300 + 1}. (SE) x\n" for i in range(MAX_ELEMENTS + 40))
    doc = build_document(text)
    assert len(doc.unreadable) == MAX_ELEMENTS
    assert [(f.kind, f.count) for f in doc.folded] == [("unreadable", 40), ("portion", 40)]
    mck = _findings(check_text(text, config=CONFIG), "MCK-005")
    assert sorted(f.message.split(";")[0] for f in mck) == [
        f"this document has more than {MAX_ELEMENTS:,} portions",
        f"this document has more than {MAX_ELEMENTS:,} unreadable marking spans"]
    assert all("the 40 past" in f.message for f in mck)


def test_a_document_within_the_bound_has_no_mck_005():
    text = HEAD + "".join(f"{i % 300 + 1}. (S) x\n" for i in range(MAX_ELEMENTS))
    assert not build_document(text).folded
    assert not _findings(check_text(text, config=CONFIG), "MCK-005")


def _peak(text: str) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        check_text(text, config=CONFIG)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", ["portion-lines", "repeated-banner", "unknown-portions (checks/vocabulary.py)"])
def test_memory_per_line_is_bounded(name):
    """Past the bound, 4·n lines need at most BYTES_PER_LINE more bytes per added line than n."""
    make, _ = SHAPES[name]
    n = MAX_ELEMENTS + 2_000
    check_text(make(10), config=CONFIG)  # warm: rules loaded, parsers built
    small, large = _peak(make(n)), _peak(make(4 * n))
    assert large - small <= BYTES_PER_LINE * 3 * n, (name, small, large, (large - small) / (3 * n))
