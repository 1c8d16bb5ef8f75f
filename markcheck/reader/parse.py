"""Portion marks, classification lines and reason citations: their grammars' trees turned into
model values (placeholder spans; the recognisers place them in the document)."""

from __future__ import annotations

import functools
import re

from lark import Token, Transformer

from ..model import Level, Marking
from ..capco.gather import FamilyValues
from ..vocabulary import classify_control, country_code
from . import foreign
from ..values import frozen_value
from .grammar import (MAX_MARKING_CHARS, MarkingSyntaxError, normalise, parse_by_shape, parse_text, shape_of, shape_tree,
                      too_long, token_text)

_DESIGNATION = re.compile(r"(?:TOP ?SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE|RESTRICTED)"
                         r"(?![A-Z0-9])")


# --- portion marks ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def parse_portion(inner: str) -> Marking:
    """The marking inside a portion mark's parentheses, e.g. ``C/NF`` or ``S//REL TO USA, GBR``."""
    tree = parse_text("portion", normalise(inner), inner)
    return _PortionBuilder(tree).marking()


@frozen_value
class _LevelHead:
    word: str
    words: tuple[str, ...] | None


@frozen_value
class _Words:
    words: tuple[str, ...]


@frozen_value
class _Places:
    kind: str  # "rel", "display" or "fgi"
    codes: tuple[str, ...]


@frozen_value
class _Foreign:
    """A foreign mark: its head's words (``DEU S``, ``JOINT S CAN USA``) and the parts after it."""
    head: tuple[str, ...]
    parts: tuple


@frozen_value
class _Family:
    """A value of the SCI, SAP or atomic energy family as written (its blanks collapsed)."""
    family: str  # "sci", "sap" or "aea"
    text: str


_ENTIRE = "ENTIRE TEXT"
_CATEGORY = "//"  # a category separator: it ends a list of SAP programs (SAR-BP/GB//NF)


def _family_part(family: str):
    def build(self, children):
        return _Family(family, " ".join(" ".join(self._token(t).split()) for t in children if t is not None))
    build.__name__ = family
    return build


class _PortionParts(Transformer):
    """A portion grammar tree as its parts, in the order written: the level head, words between
    separators, release and FGI lists (codes), the whole-text mark. Separators are dropped here:
    the builder reads the parts, the rules judge the separators."""

    def level_head(self, children):
        words = children[1]
        return _LevelHead(str(children[0]), words.words if words is not None else None)

    def words(self, children):
        return _Words(tuple(str(t) for t in children if t is not None))

    def place(self, children):
        return country_code(" ".join(str(t) for t in children if t is not None))

    def places(self, children):
        return _Words(tuple(c for c in children if not isinstance(c, Token)))

    def rel(self, children):
        return _Places("rel", _codes(children))

    def fgi(self, children):
        return _Places("fgi", _codes(children))

    def display(self, children):
        return _Places("display", _codes(children))

    def foreign_head(self, children):
        return tuple(w for c in children if c is not None
                     for w in (c.words if isinstance(c, _Words) else (str(c),)))

    def ENTIRE_TEXT(self, _token):
        return _ENTIRE

    def _token(self, token) -> str:
        return str(token)

    sci = _family_part("sci")
    sap = _family_part("sap")
    aea = _family_part("aea")

    def classified(self, children):
        return [_CATEGORY if isinstance(c, Token) and c.type == "DSLASH" else c
                for c in children if not isinstance(c, Token) or c.type == "DSLASH"]

    controls_only = classified

    def foreign(self, children):
        return _Foreign(children[1], tuple(self.classified(children[2:])))


def _codes(children) -> tuple[str, ...]:
    """The codes of a REL TO / FGI list: its `places` part, if the list names any."""
    return next((c.words for c in children if isinstance(c, _Words)), ())


_PORTION_PARTS = _PortionParts()  # (stateless: one instance serves every tree, trees are never changed)


class _PortionBuilder:
    """The marking of a portion mark, built from its parts; the lenient reader feeds it item by
    item instead (reader.lenient)."""

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
        self.families = FamilyValues()
        self.owner: list[str] = []
        self.joint = False
        self.foreign_level: str | None = None
        self.display_only: list[str] | None = None

    def marking(self) -> Marking:
        parts = _PORTION_PARTS.transform(self.tree)
        if isinstance(parts, _Foreign):  # (//NS), (//DEU S//REL TO USA, DEU), (//JOINT S CAN USA)
            foreign.read_head(self, list(parts.head))
            parts = parts.parts
        for part in parts:
            self._part(part)
        foreign.absorb_nato_control(self)
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
            **self.families.fields(),
            owner=tuple(self.owner),
            joint=self.joint,
            foreign_level=self.foreign_level,
            display_only=tuple(self.display_only) if self.display_only is not None else None,
        )

    def _part(self, part):
        after_sap = self.families.after_sap
        self.families.after_sap = False
        if part is _CATEGORY:
            return
        if part is _ENTIRE:
            self.entire = True
        elif isinstance(part, _Family):
            self.unknown.extend(self.families.add(part.family, part.text))
        elif isinstance(part, _Words) and after_sap and not any(classify_control(w) for w in part.words):
            self.families.more_programs(" ".join(part.words))  # SAR-BP/GB: programs after one prefix
        elif isinstance(part, _LevelHead):
            self.level = Level.from_word(" ".join(part.word.split()))
            if part.words is not None:
                self._controls(list(part.words))
        elif isinstance(part, _Words):
            words = list(part.words)
            if self.rel_to is not None and all(country_code(w) != w or len(w) in (3, 4) for w in words) \
                    and not any(classify_control(w) for w in words):
                self.rel_to.extend(country_code(w) for w in words)  # (C/REL NATO/AUS)
            else:
                self._controls(words)
        elif part.kind == "rel":
            self.written.append("REL TO")
            self.rel_to = (self.rel_to or []) + list(part.codes)
        elif part.kind == "display":
            self.written.append("DISPLAY ONLY")
            self.dissem.add("DISPLAY ONLY")
            self.display_only = (self.display_only or []) + list(part.codes)
        else:
            self.fgi = list(part.codes)

    def _controls(self, words: list[str]):
        """Words between separators: one control, a multi-word control, or several controls."""
        joined = " ".join(words)
        found = classify_control(joined)
        if found:
            self._add(found, joined)
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


# --- banners ---------------------------------------------------------------------------------

@frozen_value
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
    shape = shape_of(normalised)
    numbers = _section_numbers_at(shape)
    if numbers is None:  # (a line of a shape that does not parse: its own parse raises the error, placed in it)
        return _banner_parts(parse_by_shape("banner", normalised), normalised)
    if not numbers:
        return _banner_parts(shape_tree("banner", shape), normalised)
    return _numbered_parts(normalised, numbers)


def _numbered_parts(normalised: str, numbers: tuple[tuple[int, int], ...]) -> BannerParts:
    """`_banner_parts`, its section or page numbers apart: a cable's page and section banners
    differ in those numbers only (SECTION 01 OF 05, 02 OF 05, ...), so the other parts are read
    once, from the line with the numbers written 0; the numbers at their columns (`numbers`)."""
    unnumbered = normalised
    for start, end in numbers:  # (same length, so later numbers keep their positions)
        unnumbered = unnumbered[:start] + "0" * (end - start) + unnumbered[end:]
    parts = _unnumbered_parts(unnumbered)
    values = [int(normalised[start:end]) for start, end in numbers]
    number, page = ((values[0], values[1]), None) if len(values) == 2 else (None, values[0] if values else None)
    return BannerParts(parts.designation, parts.marking, number, page, parts.tail)


@functools.lru_cache(maxsize=1024)
def _section_numbers_at(shape: str) -> tuple[tuple[int, int], ...] | None:
    """The columns [start, end) of the section or page numbers (the grammar's `section` rule) in a
    classification line of this shape, found once per shape: () without them, None if it does not parse."""
    try:
        tree = shape_tree("banner", shape)
    except Exception:  # (`parse_by_shape` places the error in the line itself)
        return None
    section = next((c for c in tree.children if getattr(c, "data", None) == "section"), None)
    if section is None:
        return ()
    return tuple((token.start_pos, token.end_pos) for token in section.children if token.type == "INT")


@functools.lru_cache(maxsize=1024)
def _unnumbered_parts(unnumbered: str) -> BannerParts:
    return _banner_parts(parse_by_shape("banner", unnumbered), unnumbered)


def _banner_parts(tree, normalised: str) -> BannerParts:
    """The parts of `normalised` from its parse `tree` (its tokens read with `token_text`)."""
    return _BannerReading(normalised).transform(tree)


@frozen_value
class _Designation:
    kind: str
    word: str | None


class _BannerReading(Transformer):
    """A banner grammar tree as `BannerParts`. The tree may be the parse of the line's shape
    (digits written 0: grammar.parse_by_shape), so every token's text is read from `normalised`
    at the token's position, never from the token."""

    def __init__(self, normalised: str):
        super().__init__(visit_tokens=False)
        self.normalised = normalised

    def _text(self, token) -> str:
        return token_text(token, self.normalised)

    def _designation(self, kind, children):
        return _Designation(kind, " ".join(self._text(children[0]).split()))

    def level(self, children):
        return self._designation("level", children)

    def efto(self, children):
        return self._designation("efto", children)

    def compound(self, children):
        return self._designation("compound", children)

    def restricted(self, children):
        return self._designation("restricted", children)

    def lou(self, _children):
        return _Designation("lou", None)

    def foreign(self, children):  # //NATO SECRET: the head after the leading separator
        return _Designation("foreign", " ".join(self._text(children[1]).split()))

    def _token(self, token) -> str:
        return self._text(token)

    sci = _family_part("sci")
    sap = _family_part("sap")
    aea = _family_part("aea")

    def places(self, children):
        return [country_code(self._text(t)) for t in children if t.type == "CONTROL"]

    def rel(self, children):
        return _Places("rel", tuple(next((c for c in children if isinstance(c, list)), ())))

    def display(self, children):
        return _Places("display", tuple(next((c for c in children if isinstance(c, list)), ())))

    def fgi(self, children):  # FGI DEU GBR, or FGI alone (a concealed source)
        return _Places("fgi", tuple(country_code(self._text(t)) for t in children if t.type == "CONTROL"))

    def controls(self, children):
        """Each control as written (its blanks collapsed), or a release list; no separators."""
        return [c if isinstance(c, (_Places, _Family)) else _CATEGORY if c.type == "DSLASH"
                else " ".join(self._text(c).split()) for c in children if isinstance(c, (_Places, _Family)) or c.type != "SLASH"]

    def section(self, children):
        numbers = [int(self._text(t)) for t in children if t.type == "INT"]
        if len(numbers) == 2:
            return (numbers[0], numbers[1]), None
        return None, (numbers[0] if numbers else None)

    def tail(self, children):
        return self._text(children[0]).strip()

    def start(self, children) -> BannerParts:
        designation, controls, section, tail = children
        level, text, non_ic = _level_of(designation)
        sec, page = section if section is not None else (None, None)
        head = designation.word if designation.kind == "foreign" else None  # //NATO SECRET: its owner's
        return BannerParts(text, banner_marking(level, non_ic, controls or (), head), sec, page, tail)


def _level_of(designation: _Designation) -> tuple[Level | None, str, set[str]]:
    """(US level, designation as read, non-IC controls the designation itself carries)."""
    if designation.kind == "lou":
        return Level.U, "LIMITED OFFICIAL USE", {"LIMITED OFFICIAL USE"}
    if designation.kind == "foreign":
        return None, "//" + designation.word, set()
    if designation.kind == "restricted":  # no US level: LVL-003 reports the designation
        return None, "RESTRICTED", set()
    word = designation.word
    text = word + (" EFTO" if designation.kind == "efto" else "") + (" SENSITIVE" if designation.kind == "compound" else "")
    return Level.from_word(word), text, set()


# Reason citations (1.4 (b) and (d)) have a module of their own, as a banner's controls do.
from .banner_marking import banner_marking  # noqa: E402
from .parse_reason import _REASON_BLANKS, _citation_parts, parse_reason  # noqa: E402,F401
