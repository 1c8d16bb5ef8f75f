"""A 'Classified By' value read as a name and a position (CAB-002): through grammars/classified_by.lark,
with the register's titles (rules/vocabulary.yaml ``titles``) telling position words from name words.

"John Smith, Director, Office of Liaison" is name "John Smith", position "Director, Office of
Liaison": the part that holds the name is the first with a word that is no title; the title words
before the name ("Ambassador Kurt Volker", "DCM, Jonathan Cohen") and the parts after it are the
position, as written.
"""

from __future__ import annotations

import functools
import re

from .model import Classifier, Span

def classifier(text: str, span: Span) -> Classifier:
    """The Classifier of a 'Classified By' value `text` at `span`."""
    name, position = split_classifier(text)
    return Classifier(name=name, position=position, raw=text, span=span)


@functools.lru_cache(maxsize=4096)
def split_classifier(text: str) -> tuple[str, str | None]:
    """(name, position) of a 'Classified By' value; position None when it names none."""
    from .reader.grammar import MarkingSyntaxError

    try:
        return parse_classified_by(text)
    except MarkingSyntaxError:  # no word (no one named), or longer than any marking the grammars take
        parts = [words for words in (part.split() for part in re.split(r"[,;]", text)) if words]
        return _name_and_position(parts) if parts else ("", None)


def parse_classified_by(text: str) -> tuple[str, str | None]:
    """(name, position) of a 'Classified By' value; MarkingSyntaxError when it holds no word."""
    return _name_and_position(_parts(text))


def _name_and_position(parts: list[list[str]]) -> tuple[str, str | None]:
    titles, suffixes, joining = _register()
    parts = [words for words in parts if any(w.upper() not in joining for w in words)]  # ", per"
    at = next((i for i, words in enumerate(parts) if any(_is_name_word(w, titles, joining) for w in words)),
              len(parts))
    name = [w for w in parts[at] if _is_name_word(w, titles, joining)] if at < len(parts) else []
    leading = [w for words in parts[:at + 1] for w in words if _is_title(_bare(w), titles)]
    after = parts[at + 1:]
    # "Robert O. Blake, Jr"; "Ronald P. Spogli, A..." (an extract cut short: no position is seen)
    while after and name and all(_bare(w) in suffixes or w.endswith(("...", "\u2026")) for w in after[0]):
        name += after.pop(0)
    position = [" ".join(leading)] if leading else []
    position += [" ".join(words) for words in after]
    return " ".join(name), ", ".join(position) or None


def _parts(text: str) -> list[list[str]]:
    """The comma-separated parts of `text`, each a list of its words (the grammar's reading), up
    to the first word with a digit: no name or position holds one, so it and what follows are
    text glued onto the value (a reference list, "ADANA 222 ADANA 216"; "E.O. 12958")."""
    from .reader.grammar import parse_text

    parts = _ClassifiedByParts().transform(parse_text("classified_by", text, text))
    for at, words in enumerate(parts):
        cut = next((i for i, w in enumerate(words) if _DIGIT.search(w)), None)
        if cut is None:
            continue
        if cut > 1 and words[cut - 1].isupper():  # the post of a telegram reference: ADANA 222
            cut -= 1
        return [*parts[:at], words[:cut]] if cut else parts[:at] or [words[:1]]
    return parts


_DIGIT = re.compile(r"[0-9]")


class _LazyParts:
    """The Transformer of the classified_by grammar's tree (built on first use: lark is imported
    only when a grammar is)."""

    def __call__(self):
        from lark import Transformer

        class ClassifiedByParts(Transformer):
            """The tree as a list of parts, each a list of its words."""

            def part(self, children):
                return [str(token) for token in children]

            def start(self, children):
                return children

        globals()["_ClassifiedByParts"] = ClassifiedByParts
        return ClassifiedByParts()


_ClassifiedByParts = _LazyParts()


def _bare(word: str) -> str:
    """`word` upper-cased without the punctuation around titles: "COM:", "Charge'", "(G)"."""
    return word.upper().strip(".():'\u2019")


def _is_name_word(word: str, titles: frozenset[str], joining: frozenset[str]) -> bool:
    return not _is_title(_bare(word), titles) and word.upper().strip(".") not in joining


def _is_title(word: str, titles: frozenset[str]) -> bool:
    """Does the upper-case `word` name a position or office (vocabulary.yaml ``titles``)? An
    office path (A/DCM, POL/C, INR/OPS, D/PolCouns) does when one of its parts does, and an office
    symbol (SA/PAB, P/E, M/C, EEB/ESC/TFS, S/ES-O) always: no name is written so."""
    return word in titles or ("/" in word and (any(part in titles for part in word.split("/"))
                                               or _OFFICE_SYMBOL.fullmatch(word) is not None))


_OFFICE_SYMBOL = re.compile(r"[A-Z]{1,6}(?:/[A-Z]{1,6})+(?:-[A-Z]{1,3})?")


@functools.lru_cache(maxsize=1)
def _register() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The titles, name suffixes and joining words of rules/vocabulary.yaml, upper-cased."""
    from .resources import load_data

    data = load_data("vocabulary.yaml")
    return tuple(frozenset(str(w).upper() for w in data.get(key, ()))
                 for key in ("titles", "name_suffixes", "name_joining"))
