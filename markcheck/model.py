"""The document model: frozen, picklable facts about one document's markings.

Rule code reads only these objects, never Lark trees or raw text. Every element carries the
1-based span of the text it came from, so a finding can point at it.
"""

from __future__ import annotations

import datetime as _dt
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
    """

    level: Level | None
    dissem: frozenset[str] = frozenset()
    non_ic: frozenset[str] = frozenset()
    rel_to: tuple[str, ...] | None = None
    fgi: tuple[str, ...] | None = None
    unknown: tuple[str, ...] = ()
    entire_text: bool = False
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


@frozen_value
class Banner:
    """A classification line: the first one, a repeated SECTION/page header, or the closing one."""

    kind: str  # "first" | "section" | "page" | "closing"
    raw: str
    marking: Marking
    span: Span
    spacing: str = "plain"  # "plain" | "spaced" | "irregular"
    section: tuple[int, int] | None = None
    originator: str | None = None
    number: str | None = None
    designation: str = ""  # the normalised designation words as written, e.g. "UNCLAS EFTO"


@frozen_value
class Caption:
    """A State caption line entry (NOFORN, SIPDIS, EXDIS, SENSITIVE, ...)."""

    name: str
    raw: str
    span: Span


@frozen_value
class Declassification:
    """What a document says about when it may be declassified.

    kind: "date" | "event" | "exemption" | "oadr" | "x_code" | "legacy" | "na" | "na_commingled" |
          "duration" | "none"
    `code` is the exemption or legacy token (``X1``, ``25X1-HUMAN``, ``GDS``, ``XGDS-2``, ``OADR``),
    `date` the date if one is given, `date_format` how it was written (``MM/DD/YYYY`` ...).
    """

    kind: str
    raw: str
    span: Span
    date: _dt.date | None = None
    date_format: str | None = None
    code: str | None = None
    codes: tuple[str, ...] = ()
    event: str | None = None
    classifier: str | None = None
    valid_date: bool = True
    values: int = 1


@frozen_value
class EOLine:
    """The cable ``E.O. nnnnn:`` line (or the ISOO ``Declassify On:`` equivalent)."""

    order: str | None  # as written, e.g. "12958"
    raw: str
    span: Span
    declass: Declassification | None


@frozen_value
class Reason:
    """A reason citation: section ``1.4``/``1.5`` and the category letters."""

    section: str | None
    letters: tuple[str, ...]
    raw: str
    span: Span


@frozen_value
class Classifier:
    name: str
    position: str | None
    raw: str
    span: Span


@frozen_value
class AuthorityBlock:
    """The classification authority block (CAB)."""

    span: Span
    classified_by: Classifier | None = None
    reason: Reason | None = None
    derived_from: str | None = None
    derived_from_span: Span | None = None
    declassify_on: Declassification | None = None
    source_list: bool = False


@frozen_value
class Portion:
    """A portion (numbered paragraph, sub-paragraph, subject line) and its mark, if any."""

    span: Span
    mark: str | None  # the mark as written, with parentheses, e.g. "(C/NF)"
    marking: Marking | None  # None when unmarked or unreadable
    mark_span: Span | None = None
    number: str | None = None  # paragraph number as written, e.g. "11."
    paragraph: int | None = None  # the paragraph number it stands for (¶), if numbered
    is_subject: bool = False
    placement: str = "leading"  # "leading" | "trailing" (mark after the text, POR-002)
    label: str | None = None  # the label before the mark as written: "12.", "2)", "A.", "--"; None if none
    redacted: bool = False  # unmarked, and a redaction (XXXXXXXX) stands where the mark would be


@frozen_value
class Unreadable:
    """A marking-shaped span that could not be read (a SYN- finding)."""

    kind: str  # "portion" | "banner" | "eo_line" | "reason" | "date"
    raw: str
    span: Span
    message: str


@frozen_value
class SeenChange:
    """A character that was changed or removed to read a line as a person sees it."""

    column: int  # 1-based, in the source line
    character: str  # "U+200B ZERO WIDTH SPACE"


@frozen_value
class SeenLine:
    """A line whose visible text (what markcheck reads) differs from its source: Markdown markup,
    invisible or look-alike characters (markcheck.reader.visible)."""

    line: int
    text: str
    changes: tuple[SeenChange, ...] = ()


@frozen_value
class Notice:
    """A marking statement found in the text (rules/vocabulary.yaml ``notices``): the FGI
    statement, the portion-marking-waiver warning, a transmittal's removal note, an enclosure list.
    `level` is the classification the statement names, if any ("this document is UNCLASSIFIED")."""

    name: str
    raw: str
    span: Span
    level: Level | None = None


@frozen_value
class Declassified:
    """A declassification stamp: the document has been declassified (and usually released).

    Its old markings stay on the page, lined through (32 CFR 2001.25(b)), so rules that judge the
    classification decision have nothing left to judge. `authority` is who declassified it as
    written (``US Department of State EO Systematic Review``, ``NARA``, ``NND 969000``), `date`
    the date of the action when the stamp gives one."""

    authority: str | None
    date: _dt.date | None
    raw: str
    span: Span


@frozen_value
class Extension:
    """A change of the declassification instruction after the original decision: an extension of
    the duration (32 CFR 2001.12(b)) or a reclassification (2001.13(b)). `kind` is "extension" or
    "reclassification"; `by` the person who authorised it and `date` the date of the action, as
    the stamp gives them (None when missing)."""

    kind: str
    raw: str
    span: Span
    by: str | None = None
    date: _dt.date | None = None


@frozen_value
class SourceEntry:
    """One entry of a derivative document's source list: the source as written, its date and
    its own declassification instruction, when the entry gives them (32 CFR 2001.22(c), (e))."""

    raw: str
    span: Span
    date: _dt.date | None = None
    declass: "Declassification | None" = None


# At most this many elements of one kind (portions, banners, unreadable spans) are kept one by
# one in a document's model: real documents hold fewer than a hundred of each, a hostile 16 MiB
# file over a million. Past the bound, an element is folded (see `Folded`) unless it brings
# something the kept ones lack: a portion with a marking not seen yet, or the first unmarked
# one, stays, so the roll-up of the portion marks never loses a level or a control.
MAX_ELEMENTS = 10_000


@frozen_value
class Folded:
    """Elements of one kind past `MAX_ELEMENTS` that the model counts but does not keep one by
    one (each kept element would cost about a kilobyte): `count` of them, the first at `span`.
    They are not checked one by one, and MCK-005 says so."""

    kind: str  # "portion" | "banner" | "unreadable"
    count: int
    span: Span


@frozen_value
class DocumentDate:
    value: _dt.date
    source: str  # "dtg" | "date-line" | "declass-date" ...
    raw: str
    span: Span | None


@frozen_value
class Incomplete:
    """Why this copy of the document is not the whole original (markcheck.reader.incomplete): a fact
    about the copy, not a marking defect of the record. `unchecked` says in plain words what
    could therefore not be checked."""

    reason: str  # "no-routing-header" | "partial-extract"
    detail: str
    unchecked: tuple[str, ...]
    span: Span | None = None

    def to_dict(self) -> dict:
        out = {"reason": self.reason, "detail": self.detail, "unchecked": list(self.unchecked)}
        if self.span is not None:
            out.update(line=self.span.line, column=self.span.column)
        return out


@frozen_value
class Document(_Derived):
    """Everything markcheck knows about one document's markings."""

    path: str | None
    profile: str
    date: DocumentDate | None
    era: str | None
    banners: tuple[Banner, ...] = ()
    captions: tuple[Caption, ...] = ()
    eo_line: EOLine | None = None
    cab: AuthorityBlock | None = None
    portions: tuple[Portion, ...] = ()
    unreadable: tuple[Unreadable, ...] = ()
    subject: str | None = None
    subject_span: Span | None = None
    tags: tuple[str, ...] | None = None
    tags_span: Span | None = None
    tx_security_code: str | None = None
    tx_security_span: Span | None = None
    compilation_notice: bool = False
    notices: tuple[Notice, ...] = ()
    declassified: Declassified | None = None  # a declassification stamp (2001.25(b))
    extensions: tuple[Extension, ...] = ()  # extension / reclassification stamps
    sources: tuple[SourceEntry, ...] = ()  # the entries of a source list (derivative documents)
    classification: Marking | None = None  # declared: first banner + captions
    rollup: Marking | None = None  # expected: roll-up of the portion marks
    line_count: int = 0
    notes: tuple[str, ...] = field(default=())
    folded: tuple[Folded, ...] = ()  # elements past MAX_ELEMENTS, counted, not kept one by one
    seen: tuple[SeenLine, ...] = ()  # the lines read otherwise than written (markcheck.reader.visible)
    cui: "CuiFacts | None" = None  # the CUI markings (markcheck.cui.model), None when there are none
    pages: object = None  # markcheck.pages.PageMap of a document with pages (Word, PDF, page breaks)
    incomplete: tuple[Incomplete, ...] = ()  # why this copy is not the whole original

    # Values derived from the fields, which every rule asks for: computed on first use and then
    # read like fields. Like `derived`, they live in __dict__ outside the fields.

    @_once
    def first_banner(self) -> Banner | None:
        return next((b for b in self.banners if b.kind == "first"), None)

    @_once
    def declass(self) -> Declassification | None:
        if self.cab and self.cab.declassify_on:
            return self.cab.declassify_on
        return self.eo_line.declass if self.eo_line else None

    @_once
    def extension(self) -> Extension | None:
        """The latest extension or reclassification stamp: the one that rules the document now."""
        return self.extensions[-1] if self.extensions else None

    @_once
    def classified(self) -> bool:
        return bool(self.classification and self.classification.level and self.classification.level > Level.U)


# Imported last: vocabulary imports Level and Marking from this module, and the CUI model Span.
from . import vocabulary as _vocabulary  # noqa: E402
from .cui.model import CuiFacts  # noqa: E402,F401 (Document.cui's type)
