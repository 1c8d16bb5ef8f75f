"""A classification marking as a value: the US levels, the span a fact came from, and the
`Marking` that a banner or a portion mark stands for.

Kept apart from the document model so the register, the roll-up and the renderers can use a
marking without the rest of the model.
"""

from __future__ import annotations

import functools
from dataclasses import field, asdict
from enum import IntEnum

from .values import frozen_value


class Level(IntEnum):
    """US classification levels, ordered for roll-up (rulebook LVL-004)."""

    U = 0
    C = 1
    S = 2
    TS = 3

    @property
    def banner(self) -> str:
        return _level_words()[1][self]

    @classmethod
    def from_word(cls, word: str) -> "Level":
        return _level_words()[0][word.upper()]

    @staticmethod
    def words() -> dict[str, "Level"]:
        """Every written form of a US level: the register's banner and portion forms and the
        spellings archives write (rules/vocabulary.yaml ``level_spellings``: UNCLAS, CONF)."""
        return _level_words()[0]


@functools.lru_cache(maxsize=1)
def _level_words() -> tuple[dict[str, Level], dict[Level, str]]:
    from . import register
    from .resources import load_data

    spellings = load_data("vocabulary.yaml").get("level_spellings") or {}
    by_word: dict[str, Level] = {}
    banner: dict[Level, str] = {}
    for entry in register.us_levels():
        level = Level[entry.portion]
        banner[level] = entry.banner
        for word in (*entry.forms, *spellings.get(entry.portion, ())):
            by_word[word.upper()] = level
    return by_word, banner


@frozen_value(order=True)
class Span:
    """A 1-based region of the source text; the end column is exclusive (SARIF semantics)."""

    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict:
        return asdict(self)


class _once:
    """A value computed from a frozen object on first use, then kept in its __dict__ and read
    like a field: `functools.cached_property` without the lock that Python 3.11 takes on every
    first use (a pure value computed twice is the same value)."""

    def __init__(self, compute):
        self.compute = compute
        self.name = compute.__name__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


class _Derived:
    """A frozen value may keep what is derived from it, computed once on first use.

    Rules ask for the same rendering or token set many times per document. The value lives in
    the instance's __dict__ outside the fields, so equality, hashing, asdict() and replace()
    ignore it; `compute` must be a pure function of the fields. A hot caller may probe `memo`
    itself (``obj.memo.get(key)``) and call `derived` only for a value not there yet."""

    __slots__ = ()

    @_once
    def memo(self) -> dict:
        return {}

    def derived(self, key: str, compute):
        memo = self.memo
        if key in memo:
            return memo[key]
        value = memo[key] = compute(self)
        return value


@frozen_value
class Marking(_Derived):
    """A classification and its controls, as written in a banner or a portion mark.

    `dissem` holds IC dissemination controls by register name (NOFORN, ORCON, ...),
    `non_ic` holds non-IC controls (SBU, SBU NOFORN, EXDIS, NODIS, LOU, ...), `rel_to` is None
    when no release marking is present and a tuple of codes otherwise (empty for a bare REL).
    `unknown` keeps words the vocabulary does not know, for POR-003.

    The CAPCO register's other families, each in register (banner) form and register order:
    `sci` the SCI control systems with their compartments and sub-compartments (``SI``,
    ``SI-G ABCD``, ``TK-BLFH``); `sap` the special access programs (``SAR-BP``,
    ``SAR-BP-J12 XYZ``, ``HVSACO``); `aea` the atomic energy markings (``RD``, ``RD-CNWDI``,
    ``RD-SG 14``, ``FRD``, ``DOD UCNI``). A classification that is not (only) the US's:
    `owner` names its owner(s) (``("NATO",)``, ``("DEU",)``, JOINT co-owners ``("CAN", "USA")``),
    `joint` marks a JOINT classification, `foreign_level` is the owner's level in portion form
    (``NS``, ``CTS``, ``S``, ``R``) while `level` holds the US level it is safeguarded at.
    `display_only` is None without DISPLAY ONLY, else its country codes.
    """

    level: Level | None
    dissem: frozenset[str] = frozenset()
    non_ic: frozenset[str] = frozenset()
    rel_to: tuple[str, ...] | None = None
    fgi: tuple[str, ...] | None = None
    unknown: tuple[str, ...] = ()
    entire_text: bool = False
    sci: tuple[str, ...] = ()
    sap: tuple[str, ...] = ()
    aea: tuple[str, ...] = ()
    owner: tuple[str, ...] = ()
    joint: bool = False
    foreign_level: str | None = None
    display_only: tuple[str, ...] | None = None
    # Control register names in the order the marking wrote them (DIS-011); not part of identity.
    written: tuple[str, ...] = field(default=(), compare=False)

    @property
    def noforn(self) -> bool:
        return "NOFORN" in self.dissem

    def controls(self) -> frozenset[str]:
        return self.dissem | self.non_ic

    def banner(self) -> str:
        """The CAPCO-style overall marking, e.g. ``SECRET//NOFORN`` or ``UNCLASSIFIED//SBU``."""
        return self.memo.get("banner") or self.derived("banner", _vocabulary.banner_string)

    def portion(self) -> str:
        """The CAPCO-style portion mark without parentheses, e.g. ``S//NF``."""
        return self.derived("portion", _vocabulary.portion_string)


# Imported last: vocabulary imports Level and Marking from this module.
from . import vocabulary as _vocabulary  # noqa: E402
