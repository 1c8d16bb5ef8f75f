"""A marking repeated on every line or page is read once per distinct text, not once per line:
the constant behind the linear bound of `test_pathological.py` (a 16 MiB document of one repeated
line must stay within its CPU budget, BENCHMARKS.md "The worst documents at the 16 MiB limit")."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from markcheck.reader import parse
from markcheck.api import check_text
from markcheck.config import Config

CONFIG = Config(today=datetime.date(2010, 1, 1))
HEAD = "O 201552Z MAR 09\n\nSECRET\n\n"


@pytest.fixture
def grammar_calls(monkeypatch):
    """Count the grammar parses of each marking text."""
    calls: Counter[tuple[str, str]] = Counter()
    real = parse.parse_text

    def counting(name, text, source=None):
        calls[name, text] += 1
        return real(name, text, source)

    monkeypatch.setattr(parse, "parse_text", counting)
    from markcheck.reader.recognise import portion

    for cached in (parse.parse_portion, parse.parse_banner, portion._portion_or_error):
        cached.cache_clear()  # (earlier tests may have read the same marks)
    return calls


@pytest.mark.parametrize("mark", ["S//REL TO ,,", "SE", "S//NF"], ids=["unreadable", "unknown", "readable"])
def test_a_repeated_portion_mark_is_parsed_once(grammar_calls, mark):
    text = HEAD + "".join(f"{i % 300 + 1}. ({mark}) x\n" for i in range(2000))
    check_text(text, config=CONFIG)
    portion_parses = {key: n for key, n in grammar_calls.items() if key[0] == "portion"}
    assert portion_parses and max(portion_parses.values()) == 1, portion_parses


def test_a_repeated_classification_line_is_read_once(monkeypatch):
    from markcheck.reader import build, scan
    from markcheck.reader.recognise import banner as banner_recogniser

    reads = Counter()
    real = scan.split_glued

    def counting(text):
        reads[text] += 1
        return real(text)

    monkeypatch.setattr(scan, "split_glued", counting)
    scan.collapse_banner.cache_clear()
    banner_recogniser._banner_reading.cache_clear()
    banner = "SECRET//NOFORN"
    document = build.build_document(HEAD + (banner + "\nBody text.\n") * 2000)
    assert reads[banner] <= 2, reads[banner]
    assert len(document.banners) > 2  # every repeat is still read as a classification line
