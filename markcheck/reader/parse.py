"""Portion marks, classification lines and reason citations: their grammars' trees turned into
model values (placeholder spans; the recognisers place them in the document)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..model import Level, Marking
from ..register_families import family_of
from ..vocabulary import classify_control, country_code
from .grammar import MAX_MARKING_CHARS, MarkingSyntaxError, normalise, parse_by_shape, parse_text, too_long, token_text

_DESIGNATION = re.compile(r"(?:TOP ?SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE|RESTRICTED)"
                         r"(?![A-Z0-9])")


# --- portion marks ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def parse_portion(inner: str) -> Marking:
    """The marking inside a portion mark's parentheses, e.g. ``C/NF`` or ``S//REL TO USA, GBR``."""
    tree = parse_text("portion", normalise(inner), inner)
    return _PortionBuilder(tree).marking()


class _PortionBuilder:
    def __init__(self, tree):
        self.tree = tree
        self.level: Level | None = None
        self.dissem: set[str] = set()
        self.non_ic: set[str] = set()
        self.rel_to: list[str] | None = None
        self.fgi: list[str] | None = None
        self.unknown: list[str] = []
        self.entire = False
        self.written: list[str] = []

    def marking(self) -> Marking:
        tree = self.tree
        if tree.data == "foreign":
            words = _words(tree.children[1])
            self.fgi = [country_code(w) for w in words]
            level_tok = tree.children[2]
            self.level = Level.from_word(str(level_tok)) if level_tok is not None else None
        else:
            for child in tree.children:
                self._segment(child)
        if "NOFORN" in self.dissem and self.non_ic & {"SBU"} and self.level in (None, Level.U):
            self.non_ic.discard("SBU")
            self.non_ic.add("SBU NOFORN")
            self.dissem.discard("NOFORN")
            # (SBU/NF) is one control, SBU NOFORN, written in State style: no order to judge (DIS-011)
            if "SBU" in self.written:
                self.written[self.written.index("SBU")] = "SBU NOFORN"
            self.written = [w for w in self.written if w != "NOFORN"]
        if self.level is None and (self.non_ic or self.dissem):
            self.level = Level.U  # (SBU), (LOU), (SBU-NF) mark unclassified portions
        return Marking(
            level=self.level,
            dissem=frozenset(self.dissem),
            non_ic=frozenset(self.non_ic),
            rel_to=tuple(self.rel_to) if self.rel_to is not None else None,
            fgi=tuple(self.fgi) if self.fgi is not None else None,
            unknown=tuple(self.unknown),
            entire_text=self.entire,
            written=tuple(self.written),
        )

    def _segment(self, node):
        from lark import Token

        if isinstance(node, Token):
            if node.type == "ENTIRE_TEXT":
                self.entire = True
            return
        kind = node.data
        if kind == "level_head":
            self.level = Level.from_word(" ".join(str(node.children[0]).split()))  # (TOPSECRET: vocabulary.yaml)
            if node.children[1] is not None:
                self._controls(_words(node.children[1]))
        elif kind == "words":
            words = _words(node)
            if self.rel_to is not None and all(country_code(w) != w or len(w) in (3, 4) for w in words) \
                    and not any(classify_control(w) for w in words):
                self.rel_to.extend(country_code(w) for w in words)  # (C/REL NATO/AUS)
            else:
                self._controls(words)
        elif kind == "rel":
            self.written.append("REL TO")
            self.rel_to = (self.rel_to or []) + _places(node)
        elif kind == "fgi":
            self.fgi = _places(node)

    def _controls(self, words: list[str]):
        """Words between separators: one control, a multi-word control, or several controls."""
        joined = " ".join(words)
        found = classify_control(joined)
        if found:
            self._add(found, joined)
            return
        if family_of(words[0]) and not any(classify_control(w) for w in words[1:]):  # one item of a family not read yet: "SI-G ABCD", not SI-G and ABCD
            self.unknown.append(joined)
            return
        for word in words:
            found = classify_control(word)
            if found:
                self._add(found, word)
            elif self.level is None and word in ("UNCLAS", "UNCLASSIFIED"):
                self.level = Level.U
            else:
                self.unknown.append(word)

    def _add(self, found, word):
        family, name = found
        if family != "legacy":
            self.written.append(name)
        if family == "dissem":
            if name == "REL TO":
                self.rel_to = self.rel_to or []
            else:
                self.dissem.add(name)
        elif family == "non_ic":
            self.non_ic.add(name)
        else:
            self.unknown.append(word)


def _words(node) -> list[str]:
    return [str(t) for t in node.children if t is not None]


def _places(node) -> list[str]:
    """Country codes of a REL TO / FGI list; multi-word names (SOUTH KOREA) stay together."""
    codes = []
    for child in node.children:
        if getattr(child, "data", None) == "places":
            for place in child.children:
                if getattr(place, "data", None) == "place":
                    codes.append(country_code(" ".join(_words(place))))
    return codes


# --- banners ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class BannerParts:
    designation: str
    marking: Marking
    section: tuple[int, int] | None
    page: int | None
    tail: str | None


@functools.lru_cache(maxsize=4096)
def parse_banner(normalised: str) -> BannerParts:
    """A classification line whose letter-spacing is already collapsed, upper-cased."""
    if len(normalised) > MAX_MARKING_CHARS:  # the error column ends the designation: only it is read
        designation = _DESIGNATION.match(normalised)
        raise MarkingSyntaxError(too_long(normalised), designation.end() + 1 if designation else 1)
    return _banner_parts(parse_by_shape("banner", normalised), normalised)


def _banner_parts(tree, normalised: str) -> BannerParts:
    """The parts of `normalised` from its parse `tree` (its tokens read with `token_text`)."""
    designation_node, controls, section, tail = tree.children
    kind = designation_node.data
    level_word = " ".join(token_text(designation_node.children[0], normalised).split()) if kind != "lou" else None
    if kind == "lou":
        level, designation = Level.U, "LIMITED OFFICIAL USE"
        non_ic = {"LIMITED OFFICIAL USE"}
    elif kind == "restricted":  # no US level: LVL-003 reports the designation
        level, designation, non_ic = None, "RESTRICTED", set()
    else:
        level = Level.from_word(level_word)  # (TOPSECRET: vocabulary.yaml)
        designation = level_word + (" EFTO" if kind == "efto" else "") + (" SENSITIVE" if kind == "compound" else "")
        non_ic = set()
    dissem: set[str] = set()
    rel_to = fgi = None
    unknown: list[str] = []
    written: list[str] = []
    if controls is not None:
        for control in controls.children:
            if getattr(control, "type", None) in ("DSLASH", "SLASH"):
                continue
            if getattr(control, "data", None) == "rel":
                places = next((c for c in control.children if getattr(c, "data", None) == "places"), None)
                rel_to = [country_code(token_text(t, normalised)) for t in places.children
                          if t.type == "CONTROL"] if places else []
                written.append("REL TO")
                continue
            word = " ".join(token_text(control, normalised).split())
            if word.startswith("FOR OFFICIAL USE"):
                word = "FOUO"
            found = classify_control(word)
            if found and found[0] in ("dissem", "non_ic"):
                written.append(found[1])
            if found and found[0] == "dissem":
                dissem.add(found[1])
            elif found and found[0] == "non_ic":
                non_ic.add(found[1])
            elif word.split(" ")[0] == "FGI":  # SECRET//FGI GBR//NOFORN: read, not left unknown
                fgi = [country_code(w) for w in word.split()[1:]]
            else:
                unknown.append(word)
    sec = page = None
    if section is not None:
        numbers = [int(token_text(t, normalised)) for t in section.children if t.type == "INT"]
        if len(numbers) == 2:
            sec = (numbers[0], numbers[1])
        elif numbers:
            page = numbers[0]
    marking = Marking(level=level, dissem=frozenset(dissem), non_ic=frozenset(non_ic), written=tuple(written),
                      rel_to=tuple(rel_to) if rel_to is not None else None, unknown=tuple(unknown),
                      fgi=tuple(fgi) if fgi is not None else None)
    tail_text = token_text(tail.children[0], normalised).strip() if tail is not None else None
    return BannerParts(designation, marking, sec, page, tail_text)


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
