"""The reader's regex prefilters (markcheck.reader.prefilter) are exact: they only skip searches that
cannot match, so a document reads the same with them and without them."""

from __future__ import annotations

import itertools
import random
import re
import string
from pathlib import Path

import pytest

from markcheck.reader import build, prefilter, scan
from markcheck.reader.recognise import authority, notice
from hypothesis import HealthCheck, given, settings, strategies as st

from markcheck.reader.prefilter import FOLDS_TO_ASCII, lowered, may_contain, may_match, needs
from markcheck.reader.source import Source

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

def _declared() -> list[tuple[str, re.Pattern, tuple[tuple[str, ...], ...]]]:
    """Every pattern whose needed words are declared as data, with them."""
    found = [(f"notices.{name}[{i}]", pattern, needed)
             for name, patterns in notice.notice_patterns() for i, (pattern, needed) in enumerate(patterns)]
    return found + [("authority._DERIVED_INLINE", authority._DERIVED_INLINE, authority._DERIVED_INLINE_NEEDS)]


DECLARED = _declared()
WORDS = ("not to be used as a source for derivative classification this document cable contains FGI "
         "Foreign information enclosures encl. attachment (2): foo bar baz qux zz classified by the "
         "compilation TAGS: SUBJECT: NOFORN kelvin xyz ac bc government message telegram memorandum "
         "United Kingdom GBR, DEU unclassified declassified when detached removed upon removal of "
         "restricted data handle as in dissemination derived from Derived From: basis is are").split()
ODD = ["\u0130", "\u0131", "\u017f", "\u212a", "\u00e9", "\u00b6", "\u2019", "\t", "  "]


def test_folds_to_ascii_is_every_character_that_folds_onto_ascii():
    letter = re.compile(r"[a-z]", re.I)
    found = {chr(c) for c in range(128, 0x110000)
             if letter.fullmatch(chr(c)) or any(ord(x) < 128 for x in chr(c).lower())}
    assert found == set(FOLDS_TO_ASCII)


def _lines(count: int, seed: int = 5):
    rng = random.Random(seed)
    for _ in range(count):
        parts = [rng.choice(WORDS) for _ in range(rng.randint(1, 10))]
        for _ in range(rng.randint(0, 2)):  # odd characters, sometimes inside words
            at = rng.randrange(len(parts))
            word = parts[at]
            cut = rng.randint(0, len(word))
            parts[at] = word[:cut] + rng.choice(ODD) + word[cut:]
        text = " ".join(parts)
        yield text.upper() if rng.random() < 0.3 else text


@pytest.mark.parametrize("name, pattern, needed", DECLARED, ids=[d[0] for d in DECLARED])
def test_may_match_never_rules_out_a_match(name, pattern, needed):
    """Lines made of the patterns' words, in every letter case, with characters that fold onto ASCII."""
    for text in _lines(4000):
        if pattern.search(text):
            assert may_match(needed, lowered(text)), text
    assert not may_match(needed, "") and may_match(needed, None)


@pytest.mark.parametrize("name, pattern, needed", DECLARED, ids=[d[0] for d in DECLARED])
def test_every_match_of_a_pattern_holds_the_words_declared_for_it(name, pattern, needed):
    """The declared words are really required: strings generated from the pattern itself (every
    path through it, letter cases and blanks of every kind) all hold one word of each group."""
    @settings(max_examples=300, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(st.from_regex(pattern))
    def holds(text):
        low = lowered(text)
        assert low is None or all(any(word in low for word in group) for group in needed), (text, needed)
        assert may_match(needed, low), text

    holds()


def test_needed_words_are_lower_case_ascii_groups():
    assert needs(["from", ["a", "b"]]) == (("from",), ("a", "b"))
    for bad in ([], ["From"], [[]], [""], ["caf\u00e9"], [3]):
        with pytest.raises(ValueError):
            needs(bad)
    assert may_match((("derived",), ("from", "of")), "derived of") and not may_match((("derived",), ("x",)), "derived")


def test_the_notice_gate_passes_every_line_some_notice_pattern_matches():
    """The whole-text look-up and the per-line gate use each pattern's first group of words."""
    gate = notice.notice_gate()
    assert set(notice.notice_words()) <= {w for _, _, needed in DECLARED for group in needed for w in group}
    for text in _lines(4000, seed=11):
        low = lowered(text)
        if low is not None and any(pattern.search(text) for name, pattern, _ in DECLARED if name.startswith("notices")):
            assert gate(low), text


def test_lowered_lower_cases_ascii_letters_only_and_finds_every_ascii_word():
    """`lowered` keeps every other character as it is (and so every position): a substring test
    on it still finds an ASCII word wherever a case-insensitive search of the text does."""
    texts = list(_lines(3000, seed=31)) + ["\u00c0\u00c9 Classified \u2028 \u00c9NCL \u0130", "x\udc80 SENSITIVE \u00df",
                                          "\u041a\u041b\u0410\u0421\u0421 \u00b6 Compilation", "plain ASCII"]
    for text in texts:
        low = lowered(text)
        if low is None:
            assert any(ch in text for ch in FOLDS_TO_ASCII), text
            continue
        assert len(low) == len(text) and all(a == (b.lower() if b.isascii() else b) for a, b in zip(low, text))
        for word in [w.lower() for w in WORDS] + ["sensitive", "compilation", "classified", "encl"]:
            assert (word in low) == bool(re.search(re.escape(word), text, re.I)), (word, text)
    assert lowered("CAF\u00c9 Menu") == "caf\u00c9 menu" and lowered("\u212a") is None


def test_may_contain_is_exact_for_case_insensitive_words():
    for text in _lines(2000, seed=9):
        assert may_contain(text, "classified") or not re.search("classified", text, re.I)
    assert may_contain("CLAſſIFIED", "classified")  # ſ folds onto s: the regex decides
    assert not may_contain("CLASIFIED, a typo \u00e9", "classified")


def _corpus_sample(count: int) -> list[Path]:
    names = sorted(CORPUS.glob("*.txt"))
    fixtures = sorted((REPO / "tests" / "reader" / "fixtures").glob("*"))
    return names[:: max(1, len(names) // count)][:count] + [f for f in fixtures if f.is_file()]


ANY_START = re.compile("")  # matches at the start of every line: no line is passed over


class _Everything:
    """A set that holds every string: no line is told by a look-up in it."""

    def __contains__(self, item):
        return True


def test_documents_read_the_same_without_prefilters(monkeypatch):
    paths = _corpus_sample(500)
    if not paths:
        pytest.skip("no documents to read")
    sources = [Source.from_path(str(p)) for p in paths]
    fast = [build.build_document(s, path=s.path) for s in sources]
    monkeypatch.setattr(build, "_word_groups", lambda: None)  # every line may hold every word
    monkeypatch.setattr(prefilter, "may_match", lambda needed, low: True)
    monkeypatch.setattr(notice, "notice_gate", lambda: None)
    monkeypatch.setattr(prefilter, "lowered", lambda text: None)
    monkeypatch.setattr(prefilter, "may_contain", lambda text, word: True)
    monkeypatch.setattr(scan, "split_glued", _split_glued_unfiltered)
    monkeypatch.setattr(scan, "header_labels", lambda piece: scan.HEADER_LABELS)
    monkeypatch.setattr(scan, "LETTER_OPENINGS", _Everything())
    monkeypatch.setattr(scan, "NO_BANNER_INITIALS", frozenset())
    for name in ("BODY_LINE_START", "HEADER_LINE_START", "BANNER_START", "PARAGRAPH_START", "DATE_START",
                 "SPACED_HINT"):
        monkeypatch.setattr(scan, name, ANY_START)
    slow = [build.build_document(s, path=s.path) for s in sources]
    assert slow == fast
    assert sum(len(d.portions) for d in fast) > (1000 if CORPUS.is_dir() else 0)  # real documents were read


def _corpus_lines(step: int = 7) -> list[str]:
    lines: list[str] = []
    for path in _corpus_sample(3000)[::step]:
        lines.extend(Source.from_path(str(path)).lines)
    return lines


def _banner_like(count: int, seed: int = 13):
    """Lines around the edges of BANNER_START: designations plain, spaced, typo'd, quoted, in
    other letter cases, with odd blanks and characters."""
    rng = random.Random(seed)
    words = ["TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "UNCLAS", "LIMITED OFFICIAL USE",
             "RESTRICTED", "Restricted", "Secret", "secret", "The", "To", "So", "SS", "EU", "I"]
    for _ in range(count):
        word = rng.choice(words)
        if rng.random() < 0.5:
            word = " ".join(word.replace(" ", ""))
        if rng.random() < 0.4 and len(word) > 2:  # a typo: drop, double or change one letter
            at = rng.randrange(len(word))
            word = rng.choice([word[:at] + word[at + 1:], word[:at] + word[at] + word[at:],
                               word[:at] + rng.choice("XSEC ") + word[at + 1:]])
        lead = rng.choice(["", " ", "\t", '"', "',", "]", "\u00a0", "  "])
        tail = rng.choice(["", " STATE 012345", " SECTION 01 OF 02 ROME 001018", "ly true", " NOFORN", "1"])
        yield lead + word + tail


LABEL_PATTERNS = {"caption": scan.CAPTION_LINE, "eo": scan.EO_START, "tags": scan.TAGS, "subject": scan.SUBJECT,
                  "derived_from": scan.DERIVED_FROM, "declassify_on": scan.DECLASSIFY_ON, "reason": scan.REASON_LINE}


def _label_like(count: int, seed: int = 23):
    """Header labels in other letter cases, with odd blanks and characters folded onto ASCII."""
    rng = random.Random(seed)
    words = ["NOFORN", "SIPDIS", "exdis", "Limdis", "STADIS", "Sensitive", "E.O. 12958: DECL", "EO 12958",
             "e . o . : x", "TAGS: PREL", "Tag PGOV", "SUBJECT: x", "subj: y", "DERIVED FROM: z",
             "Declassify on: 2030", "REASONS: 1.4", "reason : b"]
    for _ in range(count):
        word = rng.choice(words)
        if rng.random() < 0.3:
            word = word.swapcase()
        if rng.random() < 0.3:
            at = rng.randrange(len(word))
            word = word[:at] + rng.choice(ODD) + word[at + 1:]
        yield rng.choice(["", " ", "\t", "\u00a0", "\u2003"]) + word


def test_start_patterns_admit_every_line_the_reader_reads():
    """BANNER_START, PARAGRAPH_START, DATE_START, SPACED_HINT and `header_labels` are supersets
    of what they stand for, on the corpus and on made-up lines near their edges."""
    lines = _corpus_lines() + list(_banner_like(20000)) + list(_lines(3000, seed=17)) + list(_label_like(5000))
    assert set(LABEL_PATTERNS) == scan.HEADER_LABELS
    unfiltered = re.compile("")
    for line in lines:
        if scan.PARAGRAPH.match(line) or scan.SUBPARAGRAPH.match(line) or scan.LEADING_MARK.match(line):
            assert scan.PARAGRAPH_START.match(line), line
        if scan.DTG_START.match(line) or scan.DATE_LINE.match(line) or scan.DAY_DATE.match(line):
            assert scan.DATE_START.match(line), line
        if scan._GLUED_SPACED.search(line):
            assert scan.SPACED_HINT.search(line), line
        if scan.BODY_LINE_START.match(line) is None:
            assert not scan.PARAGRAPH_START.match(line) and not scan.BANNER_START.match(line), line
        else:
            assert not _letters_pass_over(line), line
        if scan.HEADER_LINE_START.match(line) is None:
            for pattern in (scan.PARAGRAPH_START, scan.BANNER_START, scan.DATE_START, scan.SECURITY_CODE,
                            scan.EO_START, scan.CAPTION_LINE, scan.TAGS, scan.SUBJECT, scan.DERIVED_FROM,
                            scan.DECLASSIFY_ON, scan.REASON_LINE):
                assert not pattern.match(line), (pattern.pattern, line)
        for label, pattern in LABEL_PATTERNS.items():
            if pattern.match(line):
                assert label in scan.header_labels(line), (label, line)
        if not scan.BANNER_START.match(line):
            original, scan.BANNER_START = scan.BANNER_START, unfiltered
            try:
                assert scan.collapse_banner(line) is None, line
            finally:
                scan.BANNER_START = original


def _letters_pass_over(line: str) -> bool:
    """The reader's test of a body line's first three characters (`_Builder.build`)."""
    head = line.lstrip()[:3]
    return head.isalpha() and head not in scan.LETTER_OPENINGS


def test_letter_openings_are_every_three_letters_a_body_line_may_start_with():
    letters = string.ascii_letters + "\u00e9\u017f\u212a\u0131\u00aa"
    tails = ["", " (C) x", ".\u00a0(S)", " E C R E T", "RET"]
    for size in (1, 2, 3):
        for chars in itertools.product(letters, repeat=size):
            head = "".join(chars)
            for lead in ("", "\t"):
                for tail in tails if size == 3 else [""]:
                    line = lead + head + tail
                    assert not (_letters_pass_over(line) and scan.BODY_LINE_START.match(line)), line
    assert scan.BODY_LINE_START.match("Secret") and not _letters_pass_over("  Secret")
    assert _letters_pass_over("Seen from") and _letters_pass_over("\u017fecret") and not _letters_pass_over("S e c")


def test_no_classification_line_starts_with_a_no_banner_initial():
    tails = ["", "SECRET", " SECRET", " C O N F I D E N T I A L", "'SECRET", "\tUNCLAS", ". S E C R E T", "1"]
    for char in scan.NO_BANNER_INITIALS:
        assert not char.isspace() and not char.isalpha() and char not in "\"',]"
        for tail in tails:
            assert not scan.BANNER_START.match(char + tail) and scan.collapse_banner(char + tail) is None, char + tail


def test_joined_lines_find_what_a_search_of_each_line_finds():
    lines = _corpus_lines(step=31) + list(_lines(500, seed=19)) + ["", "\t", '","', "classified"]
    joined = prefilter.JoinedLines(lines)
    groups = {"a": ("classified", "compilation"), "b": ("\t", '","'), "c": ("encl",)}
    plan = prefilter.WordGroups(groups)
    found = joined.holding(plan)
    if found is None:  # the made-up lines hold characters that fold onto ASCII
        lines = [line for line in lines if lowered(line) is not None]
        joined = prefilter.JoinedLines(lines)
        found = joined.holding(plan)
    assert found is not None
    for name, words in groups.items():
        assert found[name] == {i for i, line in enumerate(lines) if any(w in line.lower() for w in words)}
    # a word holding another is not searched: the shorter word's lines stand for it (a superset)
    nested = joined.holding(prefilter.WordGroups({"long": ("unclassified",), "short": ("classified",)}))
    assert nested["long"] == nested["short"] == found["a"] - {i for i, line in enumerate(lines)
                                                             if "compilation" in line.lower()
                                                             and "classified" not in line.lower()}
    for pattern in (re.compile(r"-[0-9]{2}-"), re.compile(r"\t"), re.compile(r"[0-9]+ ?Z")):
        assert joined.matching(pattern) == [i for i, line in enumerate(lines) if pattern.search(line)]
    assert prefilter.JoinedLines(["a \u0130 line", "classified"]).holding(plan) is None


def _split_glued_unfiltered(text: str):
    starts = [0] + [m.start() for m in scan.LABEL_SPLIT.finditer(text) if m.start() > 0]
    ends = starts[1:] + [len(text)]
    return [(start, text[start:end]) for start, end in zip(starts, ends)]


def test_split_glued_fast_path_agrees_with_the_regex():
    assert not re.search(r"\\[A-Z]", scan._LABEL.pattern)  # so the lower-cased pattern means the same
    for text in list(_lines(3000, seed=3)) + _corpus_lines(step=29) + [
            "NOFORNE.O. 12958: DECL: 1/1/19 TAGS: PREL", "x CLASSIFIED BY: JOHN", "plain prose line",
            "SIPDISe . o . 12958: x", "x Tag: y SUBJECT:z", "x classified by_", "x \u212aTAGS: y",
            "E.O. 12958: N/A", "TAGS: x Tag: y", "  TAGS: PREL", "SUBJECT: x E.O. 12958: y", "\u212aTAGS: x",
            "TAGS: \u212a SUBJECT: y", "classified by x", " classified by x",
            "SECRET//NOFORN Derived From: Multiple Sources", "TO DERIVED FROM: DERIVED"]:
        assert scan.split_glued(text) == _split_glued_unfiltered(text)


@pytest.mark.parametrize("text, expected", [
    ("Derived from the sources list of 2001", True), ("see the LIST OF SOURCES", True),
    ("a source list", True), ("resources list and a list of sources", True), ("lists of sources", False), ("resources list", False),
    ("playlist of sources", False), ("no such thing", False), ("Sources\tList", True),
    ("sources list \u0130", True), ("resources list \u0130", False),
    # the first "source" or "list" is not where the statement is
    ("the list: resources, and a list of sources", True), ("listing x, then a sources list", True),
    ("list of resources", False), ("a source. list of sources", True), ("sources, listed: no", False),
    ("resources and lists; source list", True), ("sources list", True), ("list of sources", True),
    # every place a word starts is tried, up to the last "sources" for the second statement
    ("sourcesource list", False), ("a list of sourcesx", False), ("a_list of sources", False),
    ("list, list  of \n sources", True), ("list of source", False), ("source lists, source list", True),
    ("listlist of sources", False), ("list of sources_", False), ("list of sources.", True),
    ("a list of resources, list of sources", True), ("list of sourcesource list", False),
])
def test_source_list_statement(text, expected):
    assert authority.mentions_source_list(text, lowered(text)) is expected
    assert authority.mentions_source_list(text, None) is expected  # the regex, unfiltered


def test_source_list_statement_found_as_the_regex_finds_it():
    rng = random.Random(31)
    pieces = ["source", "sources", "Sources", "list", "LIST", "of", " ", "  ", "\n", "re", "_", "x", ".", "play"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 9)))
        assert authority.mentions_source_list(text, lowered(text)) is authority.mentions_source_list(text, None), text


def _cab_endings(count: int, seed: int = 29):
    """CAB texts ending inside a reason citation, mid-sentence, or complete, with odd blanks."""
    rng = random.Random(seed)
    heads = ["Classified By: Ambassador J. Smith", "CLASSIFIED BY: POLCOUNS A. JONES, Embassy Tripoli",
             "Classified by CDA Wayne", "classified by: X"]
    tails = ["for reasons 1.4 (b) and (d).", "for reasons 1.4 (b) and", "Reasons:", "REASON :", "reasons 1 .",
             "for", "and", "or", ",", "&", "/", "+", "1.", "1 .", "treasons", "Reaſons", "for reason 1.4 (b, d)",
             "honor", "band", "for;", "Tripoli,", "1\u00a0.", "reasons\u2003:", "(d)"]
    for _ in range(count):
        parts = [rng.choice(heads)] + [rng.choice(tails) for _ in range(rng.randint(0, 3))]
        yield rng.choice([" ", "  ", "\u00a0", " \t "]).join(parts)


def test_cab_endings_searched_in_the_last_words_only():
    for text in list(_cab_endings(5000)) + ["", "for", " and", "reasons :"]:
        for pattern, words in ((authority._DANGLING_REASON, 2), (authority._CAB_DANGLING, 1)):
            whole = pattern.search(text)
            tail = pattern.search(text, authority.last_words(text, words))
            assert (tail and tail.span()) == (whole and whole.span()), (pattern.pattern, text)
