"""The CUI part of a document's model: frozen facts with positions, like markcheck.model.

A CUI marking is the control marking (``CUI`` or ``CONTROLLED``), its category markings and its
limited dissemination controls (LDCs), each word kept as written with its column, and every word
the register does not know kept in `unknown` (reported, never dropped).
"""

from __future__ import annotations

import datetime as _dt

from ..model import Level, Span
from ..values import frozen_value


@frozen_value
class CuiWord:
    """One word of a CUI marking as written, what the register reads it as, and where it is.

    kind: "category" | "ldc" | "unknown". `value` is the register token (``CTI``, ``FED_ONLY``),
    `specified` whether it was written with the SP- prefix; `suggestion` the register form an
    unknown word most likely stands for."""

    raw: str
    kind: str
    span: Span
    value: str | None = None
    specified: bool = False
    suggestion: str | None = None


@frozen_value
class CuiMarking:
    """A CUI banner line or portion mark, read.

    `control` is ``CUI`` or ``CONTROLLED``; `level` is the classification of a commingled banner
    (a classified banner that carries CUI after its classified part: then `raw` and `span` are
    its CUI block, `classified_part` the rest), None otherwise;
    `unclassified` True when ``UNCLASSIFIED`` is written before the control marking."""

    kind: str  # "banner" | "portion"
    raw: str
    span: Span
    control: str | None
    words: tuple[CuiWord, ...] = ()
    level: Level | None = None
    unclassified: bool = False
    position: str = "top"  # banners: "top" | "bottom" | "page"
    classified_part: str = ""  # a commingled banner's classified part, as written (SECRET//NOFORN)

    @property
    def line_text(self) -> str:
        """The banner line as a person reads it: a commingled block after its classified part."""
        return f"{self.classified_part}//{self.raw}" if self.classified_part and self.raw != self.classified_part \
            else self.raw

    @property
    def categories(self) -> tuple[CuiWord, ...]:
        return tuple(w for w in self.words if w.kind == "category")

    @property
    def ldcs(self) -> tuple[CuiWord, ...]:
        return tuple(w for w in self.words if w.kind == "ldc")

    @property
    def unknown(self) -> tuple[CuiWord, ...]:
        return tuple(w for w in self.words if w.kind == "unknown")


@frozen_value
class IndicatorLine:
    """One line of the designation indicator block: its label as written, the label it stands
    for (``controlled_by``, ``category``, ``ldc``, ``poc``), the value as written, and the
    register words read from the value (for the category and LDC lines)."""

    label: str
    field: str
    value: str
    span: Span
    words: tuple[CuiWord, ...] = ()


@frozen_value
class DesignationIndicator:
    """The designation indicator (32 CFR 2002.20(a)(2)): the agency, and in DoD's block the
    office, categories, LDCs and point of contact."""

    span: Span
    lines: tuple[IndicatorLine, ...] = ()

    def of(self, field: str) -> tuple[IndicatorLine, ...]:
        return tuple(line for line in self.lines if line.field == field)


@frozen_value
class DistributionStatement:
    """A DoD distribution statement (DoDI 5230.24): its letter, the reason, the date of
    determination and the controlling office, as written (None when missing)."""

    letter: str
    raw: str
    span: Span
    reason: str | None = None
    date: _dt.date | None = None
    date_raw: str | None = None
    office: str | None = None


@frozen_value
class LegacyMarking:
    """A marking of the pre-CUI programs (FOUO, SBU, LES, SSI, LOU ...) and the CUI marking that
    replaces it (rules/profiles/cui.yaml ``legacy``)."""

    word: str
    raw: str
    span: Span
    equivalent: str


@frozen_value
class Decontrol:
    """A ``Decontrol on:`` instruction: a date (`date`, None when unreadable) or an event, and
    whether the line itself says how to reach a point of contact (`contact`)."""

    raw: str
    span: Span
    date: _dt.date | None = None
    event: str | None = None
    contact: bool = False


@frozen_value
class CompilationNotice:
    """A statement that the document's CUI arises from compilation (markcheck.cui.compilation):
    as written, where, and the categories it names (none: it covers every category)."""

    raw: str
    span: Span
    categories: tuple[str, ...] = ()

    def covers(self, value: str) -> bool:
        return not self.categories or value in self.categories


@frozen_value
class Disclaimer:
    """A sentence saying the document "may contain CUI" (markcheck.cui.blocks.disclaimers): the
    sentence as written and where."""

    raw: str
    span: Span


@frozen_value
class CuiFacts:
    """Everything markcheck read of a document's CUI markings."""

    banners: tuple[CuiMarking, ...] = ()
    portions: tuple[CuiMarking, ...] = ()
    indicator: DesignationIndicator | None = None
    distribution: tuple[DistributionStatement, ...] = ()
    legacy: tuple[LegacyMarking, ...] = ()
    decontrol: Decontrol | None = None
    stray_ldcs: tuple[CuiWord, ...] = ()  # CUI-only LDCs written in a marking without CUI
    convention: str = "cui"  # the profile the document's own markings point to: "cui" | "dod_cui"
    compilation: CompilationNotice | None = None
    disclaimers: tuple[Disclaimer, ...] = ()

    @property
    def top_banner(self) -> CuiMarking | None:
        return next((b for b in self.banners if b.position == "top"), None)

    @property
    def bottom_banner(self) -> CuiMarking | None:
        return next((b for b in reversed(self.banners) if b.position == "bottom"), None)
