"""Reason citations (``1.4 (b) and (d)``): the reason grammar's tree turned into (section, letters)."""

from __future__ import annotations

import functools
import re

from .grammar import MarkingSyntaxError, normalise, parse_text


# --- reasons ---------------------------------------------------------------------------------

# Blanks next to punctuation in a citation ("1.4 ( B ), (D)") neither split a token of the reason
# grammar nor join two (WS is ignored between tokens, SECTION's own blanks are dropped from its
# text, and no terminal's look-ahead sees punctuation as a letter or digit): citations that
# differ only there are parsed once, without them (tested on citations with and without). The
# citation is normalised first: a blank there is one space.
_REASON_BLANKS = re.compile(r" ?([(),/&+;.]) ?")


@functools.lru_cache(maxsize=4096)
def parse_reason(text: str) -> tuple[str, tuple[str, ...]]:
    """(section, letters) of a reason citation such as ``1.4 (b) and (d)``."""
    cleaned = normalise(text).rstrip(" .,;:")
    try:
        return _reason_citation(_REASON_BLANKS.sub(r"\1", cleaned))
    except MarkingSyntaxError:
        parse_text("reason", cleaned, text)  # (raises the error again, its column one of `text`)
        raise


@functools.lru_cache(maxsize=4096)
def _reason_citation(cleaned: str) -> tuple[str, tuple[str, ...]]:
    """`parse_reason` of a normalised citation: citations written in other letter cases and
    blanks ("1.4 (b) and (d)." and "1.4 (B) AND (D)") are parsed once."""
    return _citation_parts(parse_text("reason", cleaned))


def _citation_parts(tree) -> tuple[str, tuple[str, ...]]:
    section = None
    letters: list[str] = []
    for child in tree.children:
        if getattr(child, "type", None) == "SECTION":
            if section is None:
                section = re.sub(r"[\s.]+$", "", re.sub(r"\s+", "", str(child)))
        else:
            letters.extend(str(t).lower() for t in child.children if getattr(t, "type", None) == "LETTER")
    return section, tuple(letters)
