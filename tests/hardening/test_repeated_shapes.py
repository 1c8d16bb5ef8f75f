"""Lines that repeat one shape are read once per shape: the constants behind the two worst
documents at the 16 MiB limit (BENCHMARKS.md, "many-sections" and "tab-separated-marks"), counted
here as calls, never as time."""

from __future__ import annotations

import gc
import random
import re
from collections import Counter

from markcheck.model import MAX_ELEMENTS
from markcheck.reader import build, parse, visible
from markcheck.reader.grammar import parse_text
from markcheck.reader.recognise import portion

SECTIONS = 3000


def _sections(n: int, controls: str = "") -> str:
    return "".join(f"SECRET{controls} SECTION {i:02d} OF {n} STATE 001234\n\n{i % 300 + 1}. (S) x\n\n"
                   for i in range(1, n + 1))


def test_section_banners_are_read_by_the_grammar_once_per_unnumbered_line(monkeypatch):
    """3,000 section banners, each a distinct line: the tree is turned into parts once per width
    of the section number (01, 100, 1000), not 3,000 times."""
    calls = Counter()
    real = parse._banner_parts

    def counting(tree, normalised):
        calls[normalised] += 1
        return real(tree, normalised)

    monkeypatch.setattr(parse, "_banner_parts", counting)
    parse.parse_banner.cache_clear()
    parse._unnumbered_parts.cache_clear()
    document = build.build_document(_sections(SECTIONS))
    assert sum(calls.values()) == len(calls) <= 3, calls.most_common(4)
    sections = [b.section for b in document.banners]
    assert len(sections) == SECTIONS and sections == [(i, SECTIONS) for i in range(1, SECTIONS + 1)]


def test_a_numbered_banner_reads_as_its_own_parse_reads_it():
    """The parts of a section or page banner with its numbers set apart equal the parts read
    from the line's own parse, for every designation, control list and tail tried, whichever
    line of the same unnumbered form was read before it."""
    designations = ["SECRET", "TOP SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "UNCLAS", "LIMITED OFFICIAL USE",
                    "SECRET//NOFORN", "TOP SECRET//SI//REL TO USA, GBR", "CONFIDENTIAL//FGI DEU//NOFORN",
                    "SECRET//SAR-BP//NOFORN", "UNCLASSIFIED//FOUO", "SECRET - SENSITIVE", "UNCLAS EFTO"]
    numbers = ["SECTION 01 OF 02", "SECTION 02 OF 02", "SECTION 9 OF 10", "SECTION 10 OF 10", "PAGE 02", "PAGE 3",
               "PAGE 12"]
    tails = ["", " STATE 001234", " ROME 000099", " STATE 123456 NOFORN SIPDIS", " 1234"]
    parse._unnumbered_parts.cache_clear()
    checked = 0
    for designation in designations:
        for number in numbers:
            for tail in tails:
                text = f"{designation} {number}{tail}"
                expected = parse._banner_parts(parse_text("banner", text), text)
                assert parse.parse_banner.__wrapped__(text) == expected, text
                checked += 1
    assert checked == len(designations) * len(numbers) * len(tails)


def test_a_repeated_cell_is_looked_at_once(monkeypatch):
    """A row of 20,000 equal tab-separated cells: the mark test runs once per distinct cell text."""
    looks = Counter()
    real = portion.scan.looks_like_mark

    def counting(inner, numbered=True):
        looks[inner] += 1
        return real(inner, numbered)

    monkeypatch.setattr(portion.scan, "looks_like_mark", counting)
    portion._opening.cache_clear()
    cells = 20_000
    document = build.build_document("UNCLASSIFIED\n\n1. " + "(TS)\t" * cells + "\n")
    assert looks["TS"] <= 2, looks
    assert sum(p.count for p in document.folded if p.kind == "portion") + len(document.portions) == cells


def test_folded_portions_cost_no_spans(monkeypatch):
    """Portions past MAX_ELEMENTS are counted: their spans are not made (two a portion were)."""
    made = Counter()
    real = portion.span_at

    def counting(lineno, start, end):
        made["span"] += 1
        return real(lineno, start, end)

    monkeypatch.setattr(portion, "span_at", counting)
    portion._opening.cache_clear()
    cells = 2 * MAX_ELEMENTS
    document = build.build_document("UNCLASSIFIED\n\n1. " + "(TS)\t" * cells + "\n")
    (folded,) = [f for f in document.folded if f.kind == "portion"]
    assert folded.count == cells - len(document.portions) and folded.span.line == 3
    assert made["span"] <= 2 * len(document.portions) + 2, made


def test_the_collector_does_not_walk_the_model_while_it_is_read():
    """No cyclic collection runs during one pass (it would walk every banner kept so far): at
    most the one its end sets off, and the collector is on again after it."""
    collections = []

    def watch(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    text = _sections(SECTIONS)
    assert gc.isenabled()
    gc.callbacks.append(watch)
    try:
        build.build_document(text)
    finally:
        gc.callbacks.remove(watch)
    assert len(collections) <= 1 and gc.isenabled(), collections


_BLANKS = re.compile(r"[ \t]+")


def _tabs_in_parentheses_by_every_run(text: str) -> list[tuple[int, int]]:
    """The definition: every run of blanks, kept when it holds a tab and touches a parenthesis."""
    return [(m.start(), m.end()) for m in _BLANKS.finditer(text)
            if "\t" in m.group(0) and (text[m.start() - 1:m.start()] == "(" or text[m.end():m.end() + 1] == ")")]


def test_tabs_inside_parentheses_are_found_as_every_run_would_find_them():
    rng = random.Random(12)
    for _ in range(20_000):
        text = "".join(rng.choice("( )\txS") for _ in range(rng.randint(0, 14)))
        assert visible._tabs_in_parentheses(text) == _tabs_in_parentheses_by_every_run(text), repr(text)


# --- a banner repeated on every line, and 3,000 section banners: work once per shape ----------

def _repeated_banners(n: int) -> str:
    return "O 201552Z MAR 09\n\nSECRET\n\n" + "SECRET\n" * n


def test_a_folded_banner_makes_no_model_object(monkeypatch):
    """Banners past MAX_ELEMENTS whose text is kept already are counted, not made: a million
    repeats of one classification line make no Banner and no span each."""
    from markcheck.model import Banner

    made = Counter()
    real = Banner.__init__

    def counting(self, *args, **kwargs):
        made["banner"] += 1
        real(self, *args, **kwargs)

    monkeypatch.setattr(Banner, "__init__", counting)
    lines = 2 * MAX_ELEMENTS
    document = build.build_document(_repeated_banners(lines))
    (folded,) = [f for f in document.folded if f.kind == "banner"]
    assert len(document.banners) + folded.count == lines + 1
    assert document.banners[-1].span.line == lines + 4 and document.banners[-1].kind == "closing"
    assert made["banner"] <= len(document.banners) + 2, (made, len(document.banners))


class _Counting:
    """A compiled pattern whose searches are counted."""

    def __init__(self, pattern: re.Pattern, calls: Counter, name: str):
        self.pattern, self.calls, self.name = pattern, calls, name

    def search(self, *args):
        self.calls[self.name] += 1
        return self.pattern.search(*args)


def test_the_incomplete_copy_checks_do_not_try_their_patterns_on_every_line(monkeypatch):
    """A telegram of 3,000 sections with no "...", no SUBJECT and no TAGS line: the patterns of
    the cut word, the numbered paragraph, the subject block and the TAGS line are tried on the
    lines that hold their words (none), not on each of its 12,000 lines."""
    from markcheck.reader import incomplete

    calls = Counter()
    for name in ("_CUT_WORD", "_NUMBERED_PARAGRAPH", "_SUBJECT_BLOCK", "_TAGS"):
        monkeypatch.setattr(incomplete, name, _Counting(getattr(incomplete, name), calls, name))
    document = build.build_document(_sections(SECTIONS))
    assert document.profile == "state_cable" and document.banners[0].marking.level is not None
    assert sum(calls.values()) <= 10, calls


def test_the_same_answers_with_and_without_the_joined_text():
    """The incomplete-copy reasons found from the joined text equal those found line by line,
    on copies cut short, previews before a full copy, and telegrams without a subject block."""
    from markcheck.reader import incomplete
    from markcheck.reader.prefilter import lowered

    head = "O 201552Z MAR 09\n\nSECRET STATE 001234\n\n"
    texts = [head + "E.O. 12958: DECL: 01/01/2019\nTAGS: PREL\n\n1. (S) Text.\n",
             head + "TAGS: PREL\nSUBJECT: A\n\n1. (S) Text.\n",
             head + "TAGS: PREL, PGOV\nREF: Classif...\n",
             head + "SUBJ: Talks with the ...\n\nSECRET STATE 001234\n\nTAGS: PREL\n\n1. (S) Text goes on.\n",
             head + "tags: x\nclassified by: A\n\n2. (S) Done.\n",
             head + "TAGS: PREL\n3. Under way ...\n1. (S) More.\n"]
    for text in texts:
        document = build.build_document(text)
        lines = text.split("\n")
        first = document.first_banner
        joined = "\n".join(lines)
        both = incomplete.reasons(lines, document.profile, first, document.date, document.banners, joined,
                                  lowered(joined))
        assert both == incomplete.reasons(lines, document.profile, first, document.date, document.banners), text


def test_section_banners_are_not_walked_as_parse_trees_per_line(monkeypatch):
    """3,000 section banners: the grammar's tree is turned into a banner's parts (a Transformer
    made) once per shape of the line with its numbers written 0, not once per banner."""
    made = Counter()
    real = parse._BannerReading

    class Counting(real):
        def __init__(self, normalised):
            made[normalised] += 1
            super().__init__(normalised)

    monkeypatch.setattr(parse, "_BannerReading", Counting)
    parse.parse_banner.cache_clear()
    parse._unnumbered_parts.cache_clear()
    document = build.build_document(_sections(SECTIONS))
    assert sum(made.values()) <= 6, made.most_common(4)
    assert [b.section for b in document.banners] == [(i, SECTIONS) for i in range(1, SECTIONS + 1)]
