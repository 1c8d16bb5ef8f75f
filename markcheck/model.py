"""The document model: frozen, picklable facts about one document's markings.

Rule code reads only these objects, never Lark trees or raw text. Every element carries the
1-based span of the text it came from, so a finding can point at it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import field

from .marking import Level, Marking, Span, _Derived, _once  # noqa: F401 (the model's public names)
from .values import frozen_value


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
    countries: tuple[str, ...] = ()  # a release caption's ("RELEASABLE TO PAKISTAN": PAK)


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
    prose: bool = False  # an unnumbered paragraph with no mark (markcheck.reader.recognise.unnumbered)


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

    reason: str  # "no-routing-header" | "partial-extract" | "cut-short" | "no-subject-block" | "later-section"
    # | "truncated-preview" | "database-row" (read through: `unchecked` is empty)
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


# Imported last: the CUI model imports Span from this module.
from .cui.model import CuiFacts  # noqa: E402,F401 (Document.cui's type)
