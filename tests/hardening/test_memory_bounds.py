"""What a hostile document costs in memory beyond its own text: the worst 16 MiB shapes of
bench/pathological.py (issue 12) at a size a test can afford, measured by what they keep.

No wall-clock assertion: peak memory traced per byte of input between a document and one twice
its size (the growth, so what every run holds anyway cancels out), and objects counted.
"""

from __future__ import annotations

import datetime
import gc
import tracemalloc

from markcheck.api import check_text
from markcheck.config import Config
from markcheck.document import build_document
from markcheck.pages import ZONE, Page, TextPages, zones

from tests.hardening.test_pathological import SHAPES

CONFIG = Config(today=datetime.date(2026, 12, 7))


def _peak_growth_per_byte(make, n: int) -> float:
    """Bytes of peak traced memory that checking `make(2n)` needs beyond `make(n)`, per byte
    of text the larger document adds."""
    check_text(make(10), config=CONFIG)  # warm: rules loaded, parsers built, memos filled
    peaks = []
    for size in (n, 2 * n):
        text = make(size)
        gc.collect()
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            check_text(text, config=CONFIG)
            peaks.append((tracemalloc.get_traced_memory()[1] - base, len(text)))
        finally:
            tracemalloc.stop()
    (small, small_len), (large, large_len) = peaks
    return (large - small) / (large_len - small_len)


def test_a_line_of_many_cells_is_read_one_cell_at_a_time():
    """One line of 3.3 million tab-separated marks held every cell at once (a list of 3.3
    million offset and text pairs: 713 MB at 16 MiB); the cells are now read one at a time, so
    the reader holds a few copies of the text and nothing per cell."""
    make, _ = SHAPES["tab-separated-marks"]
    per_byte = _peak_growth_per_byte(make, 40_000)
    assert per_byte < 12, per_byte  # main: ~35 bytes per byte of input


def test_telegram_sections_keep_no_page_or_marking_per_section():
    """400,000 ``SECRET SECTION nn OF nn`` lines are 400,000 distinct classification lines, all
    kept (each says something of its own), but they share one marking object, and the page map
    keeps where each page starts, not a Page object per section (884 MB at 16 MiB before)."""
    make, _ = SHAPES["many-sections"]
    doc = build_document(make(3000))
    assert len(doc.banners) == 3000
    assert len({id(b.marking) for b in doc.banners}) == 1
    assert isinstance(doc.pages.pages, TextPages) and len(doc.pages.pages) == 3000
    gc.collect()
    assert sum(isinstance(o, Page) for o in gc.get_objects()) <= TextPages._RECENT
    per_byte = _peak_growth_per_byte(make, 5000)  # (past the 4,096 entries of the parse memos)
    assert per_byte < 50, per_byte  # main: ~63 bytes per byte of input at this size


def _eager_pages(lines: list[str], starts: list[int], kind: str) -> list[Page]:
    """Every page made at once from every non-blank line, as the page map was made before."""
    pages = []
    for number, first in enumerate(starts, 1):
        last = max(first, starts[number] - 1 if number < len(starts) else len(lines))
        header, footer = zones([k for k in range(first, last + 1) if lines[k - 1].replace("\f", "").strip()])
        pages.append(Page(number, first, last, header, footer, kind=kind))
    return pages


def test_pages_made_when_asked_for_are_the_pages_made_at_once():
    """Pages of every length, with blank lines anywhere: the edges read from both ends are the
    zones of the whole page, for pages of fewer, as many and more non-blank lines than two zones."""
    body = []
    for size in range(0, 4 * ZONE + 2):
        for blanks in (0, 1, 3):
            body.append("SECRET\f" if size % 2 else "\f")
            for k in range(size):
                body.extend([f"line {k}"] + [""] * (blanks if k % 3 == 1 else 0))
    doc = build_document("\n".join(["SECRET", ""] + body) + "\n")
    lines = list(doc.pages.lines)
    pages = doc.pages.pages
    expected = _eager_pages(lines, [p.first for p in pages], pages[0].kind)
    assert len(pages) == len(expected) > 30
    assert list(pages) == expected and pages == tuple(expected)
    assert pages[-1] == expected[-1] and pages[3:6] == tuple(expected[3:6])
    for line in range(1, len(lines) + 1, 7):
        assert doc.pages.page_of(line) == next((p for p in expected if p.first <= line <= p.last), None)
