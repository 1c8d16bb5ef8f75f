"""Pathological markings: time grows at most linearly, no regex backtracks catastrophically,
nothing recurses with the input, and an over-long marking is a SYN finding.

Each complexity test checks one shape at size n and at 10·n inside one run and asserts the
ratio of the times stays under a generous bound (linear is ~10, quadratic ~100): a complexity
check, not a wall-clock assertion. Every shape that was quadratic or worse before it was fixed
has a row here, named after what it was.
"""

from __future__ import annotations

import datetime
import gc
import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

import pytest

import markcheck
import markcheck.checks
import markcheck.formats
from markcheck.api import check_text
from markcheck.config import Config
from markcheck.lazyre import LazyPattern
from markcheck.reader.grammar import MAX_MARKING_CHARS

CONFIG = Config(today=datetime.date(2010, 1, 1))
HEAD = "O 201552Z MAR 09\n\nSECRET\n\n"
RATIO = 30  # linear: ~10; quadratic: ~100


def _seconds(text: str, repeat: int = 3) -> float:
    """Best of `repeat` runs of the whole pipeline (read, scan, parse, build, every rule)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.process_time()  # CPU time: other work on the machine does not count
            result = check_text(text, config=CONFIG)
            best = min(best, time.process_time() - start)
            assert not [f for f in result.findings if f.rule == "MCK-001"], result.findings
    finally:
        gc.enable()
    return best


def _countries(n: int) -> str:
    codes = ("GBR", "AUS", "CAN", "NZL", "FRA", "DEU", "ITA", "JPN")
    return ", ".join(codes[i % len(codes)] for i in range(n))


# name -> (document of size n, n). The first rows are the shapes the brief names; the rest are
# the shapes found quadratic (or cubic) and fixed, kept as regressions.
SHAPES = {
    # thousands of // separators
    "banner-dslash-controls": (lambda n: HEAD.replace("SECRET\n", "SECRET" + "//NOFORN" * n + "\n"), 1000),
    "banner-bare-dslashes": (lambda n: HEAD.replace("SECRET\n", "SECRET" + "//" * n + "\n"), 2000),
    "portion-dslashes": (lambda n: HEAD + "1. (S" + "//" * n + ") text\n", 2000),
    "eo-line-slashes": (lambda n: HEAD + "E.O. 12958: DECL: " + "//" * n + "\n", 2000),
    # 10,000 nested or unbalanced parentheses
    "nested-parentheses": (lambda n: HEAD + "1. " + "(" * n + "S" + ")" * n + " text\n", 1000),
    "open-parentheses": (lambda n: HEAD + "1. " + "(" * n + " text\n", 1000),
    "close-parentheses": (lambda n: HEAD + "1. (S) " + ")" * n + "\n", 1000),
    "parentheses-eo-line": (lambda n: HEAD + "E.O. 12958: DECL: " + "(" * n + "\n", 1000),
    "parentheses-reason": (lambda n: HEAD + "1. (S) x\nClassified By: A, reasons 1.4 " + "(b " * n + "\n", 1000),
    "parentheses-subject": (lambda n: HEAD + "SUBJECT: " + "(" * n + "S)\n", 1000),
    "parenthesis-lines": (lambda n: HEAD + "(\n" * n, 1000),
    # a REL TO list of 5,000 countries
    "rel-to-banner": (lambda n: HEAD.replace("SECRET\n", f"SECRET//REL TO USA, {_countries(n)}\n"), 500),
    "rel-to-portions": (lambda n: HEAD + "".join(f"{i % 300 + 1}. (S//REL TO USA, {_countries(i % 5 + 1)}) x\n"
                                                 for i in range(n)), 500),
    # a banner repeated 100,000 times
    "repeated-banner": (lambda n: HEAD + "SECRET\n" * n, 10_000),
    "repeated-banner-and-portion": (lambda n: HEAD + "SECRET//NOFORN\n1. (S//NF) x\n" * n, 1000),
    # found quadratic or worse, fixed
    "order-inversion-scan (checks/order.py)": (lambda n: HEAD.replace("SECRET\n", "SECRET//" + "NOFORN/" * n + "ORCON\n"), 300),
    "unreadable-portions (checks/vocabulary.py)": (lambda n: HEAD + "".join(f"{i % 300 + 1}. (S//REL TO ,,) x\n" for i in range(n)), 300),
    "unknown-portions (checks/vocabulary.py)": (lambda n: HEAD + "".join(f"{i % 300 + 1}. (SE) x\n" for i in range(n)), 300),
    "doubled-paragraph-numbers (assemble.py)": (lambda n: HEAD + "11. (S) text\n" * n, 500),
    "caption-words-one-line (recognise/banner.py)": (lambda n: HEAD + "NODIS EXDIS SIPDIS NOFORN " * n + "\n", 1000),
    "letter-run (scan.py)": (lambda n: HEAD + "A " * n + "\n", 2000),
    "spaced-runs-one-line (scan.py, was cubic)": (lambda n: "A A A A A x " * n + "\n", 300),
    "precedence-letters (scan.py)": (lambda n: "O " * n + "201552Z MAR 09\n", 2000),
    "date-line-blanks (scan.DATE_LINE)": (lambda n: "Date: x" + " " * n + "y\n", 2000),
    "headed-mark-blanks (scan.HEADED_MARK)": (lambda n: HEAD + "1. Key:" + " " * n + "x\n", 2000),
    "redaction-blanks (scan.REDACTED_START)": (lambda n: HEAD + "1." + " " * n + "y\n", 2000),
    "markdown-brackets (scan.MARKDOWN_LINK)": (lambda n: HEAD + "TAGS: " + "[a](" * n + "\n", 1000),
    "derived-from-blanks (authority._DERIVED_INLINE)": (lambda n: HEAD + "1. (S) x\nClassified By: X" + " " * n + "y\n", 2000),
    "dangling-reason-blanks (authority._DANGLING_REASON)": (lambda n: HEAD + "Classified By: X reasons" + " " * n + "x\n", 2000),
    "classifier-blanks (build, \\s+for$)": (lambda n: HEAD + "Classified By: A" + " " * n + "B\n", 2000),
    "extension-blanks (stamps._after, was quadratic)": (lambda n: HEAD + "Declassify On: Classification extended by x"
                                                         + " " * n + "y\n", 2000),
    "stamp-blanks (stamps.declassified)": (lambda n: HEAD + "DECLASSIFIED Authority: x" + " " * n + "y\n", 2000),
    # other long lines
    "letter-spaced-banner": (lambda n: HEAD + "S E C R E T " * n + "\n", 1000),
    "long-eo-event": (lambda n: HEAD + "E.O. 12958: DECL: " + "TEN YEARS AFTER " * n + "\n", 500),
    "long-reason": (lambda n: HEAD + "Classified By: Ambassador, for reasons 1.4 " + "(b) and " * n + "(d)\n", 500),
    "long-tail": (lambda n: "SECRET STATE 001234 " + "SIPDIS " * n + "\n", 1000),
    "many-paragraphs": (lambda n: HEAD + "".join(f"{i % 300 + 1}. (S) text\n" for i in range(n)), 500),
    "many-sections": (lambda n: "".join(f"SECRET SECTION {i:02d} OF {n} STATE 001234\n\n{i % 300 + 1}. (S) x\n\n"
                                         for i in range(1, n + 1)), 300),
    # a whole document of portions, one a line or all on one line (issue 12)
    "portion-lines": (lambda n: "A. (TS) y\n" * n, 1000),
    "portion-lines-under-unclassified": (lambda n: "UNCLASSIFIED\n\n" + "A. (TS) y\n" * n, 1000),
    "tab-separated-marks": (lambda n: "UNCLASSIFIED\n\n1. " + "(TS)\t" * n + "\n", 1000),
    "unknown-marks-one-line": (lambda n: HEAD + "1. " + "(SE) " * n + "\n", 1000),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_time_grows_at_most_linearly(name):
    make, n = SHAPES[name]
    check_text(make(10), config=CONFIG)  # warm: rules loaded, parsers built
    def linear(repeat: int) -> tuple[bool, float, float]:
        small, large = _seconds(make(n), repeat), _seconds(make(10 * n), repeat)
        # below a millisecond, timer noise decides the ratio; a quadratic shape is far above it
        return large < 0.05 or large / max(small, 1e-3) < RATIO, small, large

    ok, small, large = linear(3)
    if not ok:  # a busy machine can stall a timing: measure again, more carefully, before failing
        ok, small, large = linear(5)
    assert ok, (name, small, large)


def test_an_over_long_marking_is_a_syn_finding_and_is_not_quoted_whole():
    rel = f"SECRET//REL TO USA, {_countries(5000)}"
    assert len(rel) > MAX_MARKING_CHARS
    result = check_text(HEAD.replace("SECRET\n", rel + "\n") + "1. (S) x\n", config=CONFIG)
    (syn,) = [f for f in result.findings if f.rule == "SYN-001"]
    assert (syn.line, syn.column) == (3, 7)  # where the designation ends and the unread part begins
    assert f"more than the {MAX_MARKING_CHARS} a marking can be" in syn.message
    assert len(syn.message) < 2000
    assert result.classification == "SECRET"  # the designation is still read


@pytest.mark.parametrize("text", [
    "E.O. 12958: DECL: " + "X " * 3000,
    "Classified By: A, for reasons 1.4 " + "(b), " * 2000,
    "Declassify On: " + "25X1, " * 2000,
])
def test_over_long_values_are_syn_findings(text):
    result = check_text(HEAD + text + "\n1. (S) x\n", config=CONFIG)
    syn = [f for f in result.findings if f.rule == "SYN-001"]
    assert syn and all(len(f.message) < 2000 for f in syn), syn


def _depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


@pytest.mark.parametrize("name", ["nested-parentheses", "open-parentheses", "parentheses-eo-line",
                                  "parentheses-reason", "rel-to-banner", "banner-dslash-controls",
                                  "spaced-runs-one-line (scan.py, was cubic)", "many-sections"])
def test_nothing_recurses_with_the_input(name):
    """With ~100 frames to spare, 10,000-deep nesting still reads: no recursion follows the input."""
    make, n = SHAPES[name]
    text = make(10 * n)
    check_text(make(10), config=CONFIG)  # warm up outside the limit
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(_depth() + 100)
    try:
        result = check_text(text, config=CONFIG)
    finally:
        sys.setrecursionlimit(old)
    assert not [f for f in result.findings if f.rule == "MCK-001"]


# --- regex audit -----------------------------------------------------------------------------

_PACKAGE = Path(markcheck.__file__).resolve().parent
_SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in sorted(_PACKAGE.rglob("*.py")))
# adversarial repetitions: blank runs, letters, brackets and the words the patterns look for
_UNITS = (" ", "\t", "a", "A", "A ", "1", "1 ", "(", ")", "[", "[a](", ",", ", ", ".", "-", "/", ":",
          "reasons ", "derived ", "for ", "E.O. ", "TAGS ", "1.4 ", "(b) and ", "classified by ",
          "S E C R E T ", "(S) ", "SECRET ", "NOFORN ", "X", "AAA, ", "1.")


def _patterns():
    """Every compiled regular expression at module level in the package, with how it is used:
    'search' when the source calls NAME.search/finditer/findall/sub/split, else 'match'."""
    import markcheck.reader.recognise
    from markcheck.reader.recognise import notice

    modules = []
    for package in (markcheck, markcheck.checks, markcheck.formats, markcheck.reader, markcheck.reader.recognise):
        for info in pkgutil.iter_modules(package.__path__):
            if info.name != "__main__":
                modules.append(importlib.import_module(f"{package.__name__}.{info.name}"))
    found = {}
    for module in modules:
        for name, value in vars(module).items():
            if isinstance(value, LazyPattern):  # compiled on first use (markcheck.lazyre): tested alike
                value = re.compile(value.pattern, value.flags)
            if isinstance(value, re.Pattern):
                used = re.search(rf"\b{re.escape(name)}\.(search|finditer|findall|sub|subn|split)\(", _SOURCE)
                found[f"{module.__name__}.{name}"] = (value, "search" if used else "match")
    for name, patterns in notice.notice_patterns():  # vocabulary.yaml notices, searched on every line
        for i, (pattern, _) in enumerate(patterns):
            found[f"notices.{name}[{i}]"] = (pattern, "search")
    return found


# what a pattern may need before a run of blanks to get going ("Date: x" + blanks + "y")
_PREFIXES = ("Date: x", "reasons", "Key:", "1.", "E.O.", "(S", "Classified By: A", "derived", "TAGS:", "SECRET")


def _texts(n: int):
    for unit in _UNITS:
        yield unit, unit * n + "!"
        yield unit, "x" + unit * n + "\x00"
    for prefix in _PREFIXES:
        for blank in (" ", "\t"):
            yield prefix + blank, prefix + blank * n + "y"


def _use(pattern: re.Pattern, mode: str, text: str) -> None:
    """`pattern` on `text` as the package uses it: search and every match, or match and fullmatch."""
    if mode == "search":
        pattern.search(text)
        for _m in pattern.finditer(text):
            pass
    else:
        pattern.match(text)
        pattern.fullmatch(text)


def _probe(pattern: re.Pattern, mode: str, n: int, only=None, repeat: int = 2) -> dict:
    times = {}
    for unit, text in _texts(n):
        if only is not None and (unit, text[:2]) not in only:
            continue
        best = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            _use(pattern, mode, text)
            best = min(best, time.process_time() - start)
        times[(unit, text[:2])] = best
    return times


def test_no_regex_backtracks_catastrophically():
    """Each regex, used the way the package uses it, on long runs of adversarial units: the time
    for 10·n stays within the linear bound of the time for n."""
    def suspects(pattern, mode, only=None, repeat=2):
        small = _probe(pattern, mode, 200, only, repeat)
        large = _probe(pattern, mode, 2000, only, repeat)
        return {key: (small[key], seconds) for key, seconds in large.items()
                if seconds > 0.002 and seconds / max(small[key], 2e-5) > RATIO}

    slow = []
    for name, (pattern, mode) in sorted(_patterns().items()):
        found = suspects(pattern, mode)
        if found:  # a busy machine can stall one timing: measure the suspects again, more carefully
            found = suspects(pattern, mode, only=set(found), repeat=7)
        slow.extend((name, mode, key[0], f"{a * 1e3:.2f}ms -> {b * 1e3:.2f}ms") for key, (a, b) in found.items())
    assert not slow, slow


def test_no_regex_keeps_memory_that_grows_with_the_input():
    """A repetition the engine could backtrack into keeps a record of every pass (a 16 MiB line
    made a citation pattern hold 2 GB): each regex, used the way the package uses it, on long
    runs of adversarial units, allocates far less than one byte per character it reads."""
    import tracemalloc

    n = 2000
    heavy = []
    for name, (pattern, mode) in sorted(_patterns().items()):
        for unit, text in _texts(n):
            tracemalloc.start()
            try:
                _use(pattern, mode, text)
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            if peak > 50 * n:
                heavy.append((name, mode, unit, peak))
    assert not heavy, heavy


# --- a document of a million bad portions: a bounded report, linear time ---------------------

@pytest.mark.parametrize("name", ["unknown-portions (checks/vocabulary.py)", "unreadable-portions (checks/vocabulary.py)"])
def test_findings_are_capped_per_rule_and_time_stays_linear(name):
    """However many bad portions, a rule lists at most MAX_FINDINGS_PER_RULE findings and one
    more that counts the rest; checking 8·n portions costs about 8 times n's CPU time."""
    from collections import Counter

    from markcheck.findings import MAX_FINDINGS_PER_RULE

    make, n = SHAPES[name]
    n = 2 * n
    check_text(make(10), config=CONFIG)
    small, large = check_text(make(n), config=CONFIG), check_text(make(8 * n), config=CONFIG)
    per_rule = Counter(f.rule for f in large.findings)
    capped = [f for f in large.findings if f.omitted]
    assert capped and max(per_rule.values()) == MAX_FINDINGS_PER_RULE + 1, per_rule
    def represented(result, rule):  # findings listed plus those counted in the `omitted` one
        return sum(1 + max(f.omitted - 1, 0) for f in result.findings if f.rule == rule)

    for more in capped:
        assert per_rule[more.rule] == MAX_FINDINGS_PER_RULE + 1
        assert f"at most {MAX_FINDINGS_PER_RULE} of one rule" in more.message
        assert represented(large, more.rule) == MAX_FINDINGS_PER_RULE + more.omitted > represented(small, more.rule)

    def ratio(repeat: int) -> float:
        return _seconds(make(8 * n), repeat) / max(_seconds(make(n), repeat), 1e-3)

    assert ratio(3) < 8 * 3 or ratio(5) < 8 * 3, name  # linear: ~8; a retry for a stalled timing


def test_rel_to_lists_of_many_portions_are_one_short_finding_in_linear_time():
    """DIS-005 names the malformed REL TO lists of a document's portions once (issue 16): however
    many portions, one finding whose message names at most ten of their lines and counts the rest;
    checking 8·n portions costs about 8 times n's CPU time."""
    make, n = SHAPES["rel-to-portions"]
    n = 2 * n
    check_text(make(10), config=CONFIG)
    large = check_text(make(8 * n), config=CONFIG)
    (finding,) = [f for f in large.findings if f.rule == "DIS-005"]
    import re

    listed = re.search(r"\(([0-9]+) portions, lines ((?:[0-9]+, ){9}[0-9]+) and ([0-9]+) more[;)]", finding.message)
    assert listed is not None, finding.message
    assert int(listed.group(1)) == 10 + int(listed.group(3)) > 8 * n // 2  # every malformed list is counted
    assert len(finding.message) < 1000

    def ratio(repeat: int) -> float:
        return _seconds(make(8 * n), repeat) / max(_seconds(make(n), repeat), 1e-3)

    assert ratio(3) < 8 * 3 or ratio(5) < 8 * 3  # linear: ~8; a retry for a stalled timing
