"""Properties of the marking parsers on arbitrary input: they either return a model value or
raise MarkingSyntaxError with a column inside the input, never anything else (a crash would stop
a whole run; an out-of-range column would point a finding at the wrong character)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from markcheck.reader import grammar, parse, parse_dates
from markcheck.reader.grammar import MarkingSyntaxError

# Characters marking strings are made of, plus a few that never belong in one.
ALPHABET = "CSUTNFRELOABDGHX0123456789/-,.;:()& \t\u00b6" + "cnfsu"

PARSERS = {
    "portion": parse.parse_portion,
    "banner": parse.parse_banner,
    "eo_line": parse_dates.parse_declass,
    "reason": parse.parse_reason,
    "dtg": parse_dates.parse_dtg,
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=40))
def test_parsers_raise_only_syntax_errors_with_columns_in_range(name, text):
    try:
        PARSERS[name](text)
    except MarkingSyntaxError as exc:
        assert 1 <= exc.column <= max(1, len(text) + 1), (text, exc.column, exc.message)


# a bad tail after "C", and the character the error must point at
BAD_TAILS = {",NF": ",", "((": "(", ",,": ",", "/1": "1"}


@settings(max_examples=200, deadline=None)
@given(blanks=st.text(alphabet=" \t", max_size=4), tail=st.sampled_from(sorted(BAD_TAILS)))
def test_portion_error_column_counts_leading_blanks(blanks, tail):
    """The column is the column in the text as written, whatever blanks precede the error."""
    text = blanks + "C" + tail
    with pytest.raises(MarkingSyntaxError) as info:
        parse.parse_portion(text)
    assert text[info.value.column - 1] == BAD_TAILS[tail]


def _normalise_by_character(text: str):
    """markcheck.reader.grammar.normalise, and the source index of each of its characters, one character
    at a time (the general path)."""
    out, index = [], []
    for m in re.finditer(r"\S+", text):
        if out:
            out.append(" ")
            index.append(m.start() - 1)
        for i in range(m.start(), m.end()):
            out.append(text[i].upper())
            index.extend([i] * len(text[i].upper()))
    return "".join(out), tuple(index)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=ALPHABET + "\u00df\u0130\u00a0\u2003", max_size=40))
def test_normalise_maps_every_character_back(text):
    """The normalised string, and where each of its characters comes from, each found a word at a
    time where it can be, are what a character at a time gives."""
    normalised, index = _normalise_by_character(text)
    assert grammar.normalise(text) == normalised
    assert [grammar.source_offset(i, text) for i in range(len(index) + 2)] == [*index, None, None]
