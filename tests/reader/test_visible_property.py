"""Property: a classified portion under a lower banner is never passed silently, however it is
written — invisible characters, look-alikes, fullwidth forms, tabs, Markdown markup, a heading
before it, an HTML block it shows in or an HTML comment that hides it, a GFM table cell, struck
text, a task item or a definition, a list label of any kind, a checkbox, a quote marker, a table
pipe or a `Word:` label before it, or a place inside a sentence, or several at once. Either the
portion is read (the roll-up finding) or a reading finding (SYN-) appears."""

from __future__ import annotations

import json
import os

import confusable_homoglyphs
from hypothesis import HealthCheck, given, settings, strategies as st

from markcheck.api import check_text
from markcheck.reader.visible import seen_as

# Default-ignorable and format characters (the generator's inputs; markcheck.reader.visible decides by
# their Unicode properties, not by this list).
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u202a", "\u2066"]


def _confusables() -> dict:
    path = os.path.join(os.path.dirname(confusable_homoglyphs.__file__), "confusables.json")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


_TABLE = _confusables()


def _look_alikes(char: str) -> list[str]:
    """The TR39 homoglyphs of `char` that a person reads as `char`, fullwidth form included."""
    found = [h["c"] for h in _TABLE.get(char, ()) if len(h["c"]) == 1 and not h["c"].isascii()
             and seen_as(h["c"]) == char]
    return sorted(set(found + [chr(ord(char) + 0xFEE0)]))


@st.composite
def written_char(draw, char: str) -> str:
    """`char` as written: itself, a look-alike, or with an invisible character beside it
    (inside the parentheses of the mark)."""
    kinds = ["plain", "plain", "look-alike"] + ["invisible-before"] * (char != "(") + ["invisible-after"] * (char != ")")
    kind = draw(st.sampled_from(kinds))
    if kind == "look-alike":
        return draw(st.sampled_from(_look_alikes(char)))
    if kind == "invisible-before":
        return draw(st.sampled_from(INVISIBLE)) + char
    if kind == "invisible-after":
        return char + draw(st.sampled_from(INVISIBLE))
    return char


@st.composite
def documents(draw):
    banner, portions = draw(st.sampled_from([("UNCLASSIFIED", ["C", "S", "TS"]), ("CONFIDENTIAL", ["S", "TS"]),
                                             ("SECRET", ["TS"])]))
    level = draw(st.sampled_from(portions))
    markdown = draw(st.booleans())
    inner = "".join(draw(written_char(c)) for c in level)
    # the portion's line: Markdown around it, an HTML block it shows in, a comment that hides it
    # (HTML shows backticks and asterisks as written, so those stay out of HTML)
    wrapper = draw(st.sampled_from(["{}", "<p>{}</p>", "<table><tr><td>(U) A cell.</td><td>{}</td></tr></table>",
                                    "<!-- {} -->", "## Background {}", "Background {}",
                                    "| n | text |\n|---|---|\n| 1 | {} |", "~~{}~~", "Term\n: {}"])) \
        if markdown else "{}"
    html = wrapper.startswith("<")
    if markdown:  # a code span, a comment, an entity for the first letter
        entity = f"&#{ord(level[0])};{inner[1:]}" if inner[:1] == level[0] else inner
        inner = draw(st.sampled_from([inner, entity] + ([] if html else [f"`{inner}`", f"{inner}<!-- -->"])))
    if draw(st.booleans()):
        inner = draw(st.sampled_from(["\t" + inner, inner + "\t"]))
    mark = draw(written_char("(")) + inner + draw(written_char(")"))
    if markdown and not html:
        mark = draw(st.sampled_from(["{}", "**{}**", "_{}_", "*{}*"])).format(mark)
    if markdown and wrapper == "{}":
        prefix = draw(st.sampled_from(["1. ", "> ", "- ", "> 1. ", "> - ", "- [ ] ", "1. (U) Text. "]))
    elif markdown:
        prefix = ""
    else:  # portion positions (list labels, checkbox, quote, pipe, label) and places inside a sentence
        prefix = draw(st.sampled_from(["1. ", "(a) ", "iv. ", "Note: ", "1.2.3 ", "> ", "[ ] ", "| ", "1. (U) a | ",
                                       "1. (U) Text with ", "1. (U) Text, ", "1. (U) Text - ", "1. (U) Text; "]))
    line = wrapper.format(f"{prefix}{mark} A sentence.")
    text = (f"{banner}\n\nMEMORANDUM FOR THE RECORD\n\nSUBJECT: (U) Test\n\n{line}\n\n"
            f"{banner}\n")
    return text, "memo.md" if markdown else "memo.txt"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_a_higher_portion_is_never_passed_silently(case):
    text, path = case
    findings = check_text(text, path=path).findings
    errors = {f.rule for f in findings if f.severity == "error"}
    assert any(rule.startswith(("ROL-", "SYN-")) for rule in errors), (text, path, findings)
    portion_line = text.split("\n\n")[3].split("\n")[-1]
    if any(not c.isascii() or c == "\t" for c in portion_line):
        assert "SYN-004" in errors or "SYN-001" in errors, (text, path, findings)
