"""What a CAB/DEC message may name (the document's date, era, order, classification, E.O. and
declassification text), filling a rule's message templates, and capping a severity."""

from __future__ import annotations

from typing import Any, Mapping

from ..eras import era_by_code
from ..model import Document
from ._paths import as_text, present


def document_values(doc: Document) -> dict[str, str]:
    """Facts every CAB/DEC message may name: date, era, classification, E.O. and declass text."""
    return dict(doc.derived("document_values", _document_values))  # once per document; a copy


def _document_values(doc: Document) -> dict[str, str]:
    era = era_by_code(doc.era) if doc.era else None
    declass = doc.declass
    return {
        "date": doc.date.value.isoformat() if doc.date else "unknown",
        "era": doc.era or "unknown",
        "order": order_name(era) if era else "the order in force",
        "classification": doc.classification.level.banner
        if doc.classification and doc.classification.level is not None else "UNMARKED",
        "eo": f"E.O. {doc.eo_line.order}" if doc.eo_line and doc.eo_line.order else "no E.O. line",
        "declass": as_text(declass) if declass is not None and present(declass.raw) else "none",
    }


def order_name(era) -> str:
    """The short display name of an era's order, e.g. ``E.O. 12958 as amended``."""
    return str(era.raw.get("short") or era.title)


class SafeValues(dict):
    """format_map mapping that leaves unknown placeholders visible."""

    def __missing__(self, key):
        return "{" + key + "}"


def fill(template: str | None, values: Mapping[str, Any]) -> str:
    """Render a params text (e.g. a limit's `expected`) with the hit's values."""
    if not template:
        return ""
    text = " ".join(str(template).split())
    if "{" not in text and "}" not in text:
        return text  # nothing to fill (the usual `expected`), and no escaped braces to undo
    return text.format_map(SafeValues(values))


SEVERITY_RANK = {"off": -1, "info": 0, "warning": 1, "error": 2}


def cap_severity(severity: str, ceiling: str) -> str:
    """The lower of two severities (e.g. confidence M data caps a hit at warning)."""
    return severity if SEVERITY_RANK[severity] <= SEVERITY_RANK[ceiling] else ceiling
