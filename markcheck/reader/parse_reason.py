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
_REASON_BLANKS = re.compile(r" ?([(),/&+;.-]) ?")


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
    return _ReasonCitation().transform(tree)


def _reason_transformer():
    from lark import Transformer

    class ReasonCitation(Transformer):
        """The reason grammar's tree as (section, letters): the first section cited, and the
        category letters in the order written, lower-case, a range ``b-d`` spelt out."""

        def LETTER(self, token):
            return token.lower()

        def letter_range(self, children):
            first, last = children
            if ord(last) < ord(first):
                first, last = last, first
            return [chr(c) for c in range(ord(first), ord(last) + 1)]

        def letter_group(self, children):
            return [letter for child in children for letter in (child if isinstance(child, list) else [child])]

        def start(self, children):
            section = None
            letters: list[str] = []
            for child in children:
                if isinstance(child, list):
                    letters.extend(child)
                elif section is None:  # a SECTION token (the first one cited)
                    section = re.sub(r"[\s.]+$", "", re.sub(r"\s+", "", str(child)))
            return section, tuple(letters)

    return ReasonCitation


class _LazyTransformer:
    """Builds the Transformer class on first use (lark is not imported on the pre-commit path
    until a grammar is needed)."""

    def __call__(self):
        cls = _reason_transformer()
        globals()["_ReasonCitation"] = cls
        return cls()


_ReasonCitation = _LazyTransformer()
