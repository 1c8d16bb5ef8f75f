"""Parsing by shape (markcheck.reader.grammar.DIGIT_BLIND, DIGIT_BLIND_BUT): a grammar whose terminals treat every digit
alike reads a string exactly as it reads the string's shape (every digit written 0), so the
reader parses each shape once. These tests keep that true when a grammar changes."""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest
import yaml

from markcheck.reader import grammar, parse, parse_dates, scan
from markcheck.reader.grammar import DIGIT_BLIND, DIGIT_BLIND_BUT, MarkingSyntaxError
from markcheck.reader.source import Source

CASES = Path(__file__).parent / "cases"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
BY_SHAPE = sorted(DIGIT_BLIND | set(DIGIT_BLIND_BUT))


@pytest.mark.parametrize("name", BY_SHAPE)
def test_terminals_name_digits_only_as_the_whole_range(name):
    excepted = DIGIT_BLIND_BUT.get(name, {})
    for terminal in grammar.parser(name).terminals:
        pattern = terminal.pattern.value
        digits = re.sub(r"(?<!\\)\{[0-9]*(?:,[0-9]*)?\}", "", pattern).replace("0-9", "")  # not counts: {2}, {1,3}
        assert terminal.name in excepted or not re.search(r"[0-9]", digits), (terminal.name, pattern)


@pytest.mark.parametrize("name", sorted(DIGIT_BLIND_BUT))
def test_the_pattern_of_a_terminal_that_names_digits_finds_its_every_match(name):
    """Wherever such a terminal matches (a string, or its shape), its DIGIT_BLIND_BUT pattern
    finds something in the string, so the string is parsed as written."""
    terminals = {t.name: re.compile(t.pattern.to_regexp()) for t in grammar.parser(name).terminals}
    texts = [_normalised(name, t) for t in _strings(name)] + _digit_runs()
    for terminal, finder in DIGIT_BLIND_BUT[name].items():
        for text in texts:
            shape = text.translate(grammar._DIGITS_TO_ZERO)
            for at in range(len(text)):
                if terminals[terminal].match(text, at) or terminals[terminal].match(shape, at):
                    assert finder.search(text), (terminal, text)
                    break


def _digit_runs() -> list[str]:
    """Short strings of letters, digits and punctuation that exemption codes are made of."""
    parts = ["X", "1", "6", "0", "2", "5", "7", "9", ".", " ", "-", "HUM", "25X", "50X", "75X", "1.6"]
    return ["".join(combo) for combo in itertools.product(parts, repeat=3)]


def _normalised(name: str, text: str) -> str:
    return grammar.normalise(text) if name in ("dtg", "eo_line") else text


def _strings(name: str) -> list[str]:
    data = yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))
    texts = [case["input"] for kind in ("accept", "reject") for case in data.get(kind) or ()]
    if name == "banner" and CORPUS.is_dir():  # the classification lines of a corpus sample
        for path in sorted(CORPUS.glob("*.txt"))[::20]:
            for line in Source.from_path(str(path)).lines:
                found = scan.collapse_banner(line)
                if found is not None:
                    texts.append(found.text)
    if name == "dtg" and CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.txt"))[::20]:
            texts.extend(line.strip() for line in Source.from_path(str(path)).lines if scan.DTG_START.match(line))
    if name == "eo_line" and CORPUS.is_dir():  # the values of E.O. lines
        for path in sorted(CORPUS.glob("*.txt"))[::10]:
            texts.extend(line[m.end():] for line in Source.from_path(str(path)).lines
                         if scan.EO_START.match(line) and (m := scan.EO_LINE.search(line)))
        texts += ["DECL: 25X1, 20600129", "1.6X6", "DECL: 1.6 X1, X5", "XGDS-2 12/31/99", "DECL: 50X1-HUM"]
    # digits that differ from the shape's zeros in every position, and odd ones the grammar refuses
    texts += ["SECRET SECTION 12 OF 19 ROME 987654", "O 291200Z FEB 09", "C O 123", "SECRET ٣٤ ROME"]
    return texts


def _outcome(parse_once, name: str, text: str, token_text):
    """What `parse_once` makes of `text` (normalised first where the reader does), its tokens
    read with `token_text(token, parsed string)`."""
    normalised = name in ("dtg", "eo_line")
    parsed = grammar.normalise(text) if normalised else text
    try:
        tree = parse_once(name, parsed, text) if normalised else parse_once(name, parsed)
    except MarkingSyntaxError as exc:
        return ("error", exc.message, exc.column)
    return ("tree", _tokens(tree, parsed, token_text))


def _tokens(tree, text: str, token_text):
    """The tree as nested tuples, every token with its type, text and position."""
    return (tree.data, tuple(_tokens(c, text, token_text) if hasattr(c, "children") else
                             (c.type, token_text(c, text), c.start_pos, c.end_pos) if c is not None else None
                             for c in tree.children))


def _as_held(token, text: str) -> str:
    """The text `token` holds (a token of a string's own parse holds its own text)."""
    return str(token)


@pytest.mark.parametrize("name", BY_SHAPE)
def test_parsing_by_shape_equals_parsing_the_string(name):
    """The shape's tree, its token texts read in the string, is the string's."""
    texts = _strings(name)
    assert len(texts) > 20
    for text in texts:
        expected = _outcome(grammar.parse_text, name, text, _as_held)
        assert _outcome(grammar.parse_by_shape, name, text, grammar.token_text) == expected, text


# --- memos beyond the shape: a reason citation's normalised text.
# What they give is exactly what parsing the string gives, errors included.

def _result(function, text: str):
    try:
        return ("parsed", function(text))
    except MarkingSyntaxError as exc:
        return ("error", exc.message, exc.column)


def _banner_as_written(text: str) -> parse.BannerParts:
    """The parts of `text` read from its own parse (not its shape's)."""
    return parse._banner_parts(grammar.parse_text("banner", text), text)


# Strings that share a shape with a string before them (every digit 0), some with digits in the
# designation or controls, sections, pages and tails.
BANNER_PAIRS = [
    "SECRET SECTION 01 OF 02 ROME 001018", "SECRET SECTION 02 OF 02 ROME 001018", "SECRET SECTION 00 OF 00 ROME 000000",
    "CONFIDENTIAL PAGE 02 STATE 050657", "CONFIDENTIAL PAGE 03 STATE 050657", "CONFIDENTIAL PAGE 03",
    "SECRET//X0 ROME 000000", "SECRET//X1 ROME 000000", "SECRET//X1 ROME 123456", "SECRET//25X1",
    "SECRET//20X1", "SECRET//REL TO USA, A0 STATE 1", "SECRET//REL TO USA, A1 STATE 1", "CONFIDENTIAL",
    "CONFIDENTIAL 123", "CONFIDENTIAL 000", "UNCLAS EFTO STATE 123456", "UNCLAS EFTO STATE 000000",
    "SECRET SECTION 1 OF 2", "SECRET SECTION 0 OF 0", "SECRET SECTION 12 OF 19 ROME 987654 NOFORN SIPDIS",
    "SECRET 1 SECTION 01 OF 02", "SECRET 0 SECTION 01 OF 02", "SECRET//NOFORN//X1", "SECRET//NOFORN//X0",
    "SECRET SECTION 01 OF", "SECRET SECTION 00 OF", "TOP SECRET PAGE 1 OF 2", "C O 123",
    # tails after a section, and text there that another terminal could read
    "SECRET SECTION 01 OF 02 SECTION 03 OF 04", "SECRET SECTION 01 OF 02 //NOFORN", "SECRET PAGE 02 OF 03",
    "SECRET PAGE 2 EFTO", "SECRET SECTION 01 OF 02 - SENSITIVE", "SECRET SECTION 01 OF 02 LIMITED OFFICIAL USE",
    "SECRET//NOFORN SECTION 01 OF 02 ROME 1", "SECRET//PAGE 00 ROME", "SECRET//PAGE 12 ROME", "SECRET PAGE 12 1234",
    "SECRET SECTION 01 OF 02 1234", "UNCLAS SECTION 01 OF 02 SENSITIVE", "SECRET SECTION 01 OF 02 SECRET",
    "SECRET SECTION 1 OF 2 ,", "SECRET SECTION 1 OF 2 AND SECTION", "SECRET SECTION 01 OF 02 EYES ONLY",
    "SECRET//EYES SECTION 01 OF 02 ONLY", "SECRET SECTION 01 OF 02 (", "TOP SECRET PAGE 0 TOP SECRET",
    # tails after a lone designation, and text there that another terminal could read
    "CONFIDENTIAL ROME 000000", "CONFIDENTIAL PARIS 001234", "SECRET EFTO ROME 1", "SECRET EFTOX ROME 1",
    "SECRET SECTION 01", "SECRET SECTIONAL 1", "UNCLASSIFIED PAGEANT 2", "SECRET PAGE 2", "CONFIDENTIAL / NOFORN",
    "CONFIDENTIAL // NOFORN", "SECRET - SENSITIVE STATE 1", "SECRET -SENSITIVE", "SECRET -- ROME", "SECRET TOP SECRET",
    "SECRET LIMITED OFFICIAL USE", "SECRET NOFORN", "UNCLAS SENSITIVE STATE 1", "TOP SECRET ROME 1",
    "CONFIDENTIAL 1234 ROME", "UNCLAS EFTO", "SECRET REL TO USA", "SECRET , ROME", "SECRET OF ROME", "SECRET X",
]


def test_a_banner_reads_as_its_own_parse_reads_it():
    texts = BANNER_PAIRS + _strings("banner") + BANNER_PAIRS
    for text in texts:
        assert _result(parse.parse_banner.__wrapped__, text) == _result(_banner_as_written, text), text


@pytest.mark.parametrize("text", ["1.4 (b) and (d).", "1.4 (B) AND (D)", "1.4  (b)  and", " 1.4 (b) and", "1,4 (b)",
                                  "1 .4 (b ,d)", "1.4 (b) (zz)", "  1.5  (Q)  and  (  "])
def test_a_reason_citation_reads_as_its_own_parse_reads_it(text):
    """Errors keep their column in the citation as written, whatever citation shared its normalised text."""
    def as_written(citation: str):
        return parse._citation_parts(grammar.parse_text("reason", grammar.normalise(citation).rstrip(" .,;:"), citation))

    for warm in ("1.4 (B) AND", "1.4 (B) AND (D)", text.upper()):  # the memo holds a variant first
        _result(parse.parse_reason, warm)
        assert _result(parse.parse_reason.__wrapped__, text) == _result(as_written, text), (warm, text)


def _citations_with_blanks(count: int, seed: int = 29):
    """Reason citations built from the grammar's pieces, with and without blanks next to punctuation."""
    rng = random.Random(seed)
    pieces = ["1", ".", "4", "5", "(", ")", "B", "D", "C", "AND", "A", "N", ",", "/", "&", "+", ";", "9", "Q", "BD"]
    for _ in range(count):
        chosen = ["1.4" if rng.random() < 0.5 else "1"] + [rng.choice(pieces) for _ in range(rng.randrange(1, 8))]
        yield "".join(piece + rng.choice(["", "", " ", "  "]) for piece in chosen)


def test_citations_that_differ_in_blanks_next_to_punctuation_read_alike():
    """parse_reason parses a citation without the blanks next to its punctuation (_REASON_BLANKS)."""
    texts = _strings("reason") + list(_citations_with_blanks(3000))
    parsed = 0
    for text in texts:
        expected = _result(lambda t: parse._citation_parts(grammar.parse_text("reason", grammar.normalise(t).rstrip(" .,;:"), t)),
                           text)
        assert _result(parse.parse_reason.__wrapped__, text) == expected, text
        parsed += expected[0] == "parsed"
    assert parsed > 150 and parse._REASON_BLANKS.sub(r"\1", "1 . 4 ( B ) , ( D )") == "1.4(B),(D)"


def _dtg_as_written(text: str):
    """The date of a date-time group from its own parse (no shape)."""
    normalised = grammar.normalise(text)
    tokens = {t.type: str(t) for t in grammar.parse_text("dtg", normalised, text).children}
    date = parse_dates._safe_date(parse_dates.expand_year(int(tokens["YEAR"])), parse_dates.MONTHS[tokens["MONTH"]],
                            int(tokens["DAYTIME"][:2]))
    if date is None:
        raise MarkingSyntaxError(f"impossible date in date-time group {text!r}", 1)
    return date


def test_a_date_time_group_reads_as_its_own_parse_reads_it():
    """Strings of one shape (every digit 0) share where their day, month and year are."""
    texts = ["O 000000Z FEB 00", "O 291200Z FEB 09", "O 301200Z FEB 09", "O 311200Z DEC 1999", "P 010000Z JAN 2009",
             "R 200028 Z MAR 73", "O P 040759Z MAR 08", "131914Z DEC 89", "O  201552Z  mar 09", "O 20155Z MAR 09",
             "O 201552Z MAR 009", "Z 991299Z JUN 99"] + _strings("dtg")
    for text in texts + texts:
        assert _result(parse_dates.parse_dtg.__wrapped__, text) == _result(_dtg_as_written, text), text


def test_the_shape_of_a_string_writes_every_digit_0():
    for text in ["", "SECRET SECTION 12 OF 19 ROME 987654", "O 291200Z FEB 09", "SECRET \u0663\u0664 ROME 12",
                 "DECL: 1.6X1 25X1-HUM 20600129", "caf\u00e9 0123456789", "\u212a 5"] + _strings("dtg"):
        assert grammar.shape_of(text) == text.translate(grammar._DIGITS_TO_ZERO)
