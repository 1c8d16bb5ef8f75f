"""What a document that holds CUI is, in one line and as data: the declared and expected overall
marking every output shows (`classification`, `expected_classification`) and the `cui` entry of
the JSON and SARIF reports.

A CUI document is UNCLASSIFIED with the CUI control and its categories and LDCs: its declared
marking is ``UNCLASSIFIED//`` and its top CUI banner as read (`UNCLASSIFIED//CUI//SP-TAX//FED
ONLY`), its expected one the same with the banner the portions require (markcheck.cui.expected).
A classified document with a CUI block shows the block's categories and LDCs after its classified
marking. A document without CUI markings has no summary, so its outputs do not change.
"""

from __future__ import annotations

from ..model import Document, Level
from .expected import banner_text, expected_block


def overall(doc: Document) -> tuple[str | None, str | None]:
    """(declared, expected) overall marking of `doc` with its CUI words, for a document whose
    top CUI banner sets them (None each where the classified reading's stands)."""
    facts = doc.cui
    top = facts.top_banner if facts is not None else None
    declared = expected = None
    if top is None or top.control is None:
        return None, None
    written = banner_text(top.control, [(w.value, w.specified) for w in top.categories],
                          [" ".join(w.raw.upper().split()) for w in top.ldcs])
    block = expected_block(facts, doc.profile)
    if top.level is None and doc.classification is None:
        declared = f"{Level.U.banner}//{written}"
        if doc.rollup is not None and doc.rollup.level == Level.U:
            expected = f"{Level.U.banner}//{block}"
    elif top.level is not None and doc.classification is not None:
        declared = doc.classification.banner() + _after_control(written)
        if doc.rollup is not None and doc.rollup.level is not None and "CUI" in doc.rollup.non_ic:
            expected = doc.rollup.banner() + _after_control(block)
    return declared, expected


def _after_control(banner: str) -> str:
    """The categories and LDCs of a CUI banner text, with their leading `//` ('' for bare CUI)."""
    _, sep, rest = banner.partition("//")
    return sep + rest


def cui_entry(doc: Document) -> dict | None:
    """The `cui` entry of a file in the JSON and SARIF reports: the control marking, the
    categories (as marked, SP- for a Specified one) and LDCs the top banner and the indicator
    block name, and the convention the document's markings follow."""
    facts = doc.cui
    if facts is None:
        return None
    from . import register

    top = facts.top_banner
    words = list(top.words) if top is not None else []
    if facts.indicator is not None:
        words += [w for line in facts.indicator.lines if line.field in ("category", "ldc") for w in line.words]
    categories, ldcs = [], []
    for w in words:
        if w.kind == "category":
            specified = w.specified or not register.categories()[w.value]["basic"]
            form = ("SP-" if specified else "") + w.value
            if form not in categories and (specified or "SP-" + w.value not in categories):
                categories.append(form)
        elif w.kind == "ldc" and " ".join(w.raw.upper().split()) not in ldcs:
            ldcs.append(" ".join(w.raw.upper().split()))
    return {"control": top.control if top is not None else None, "categories": categories, "ldcs": ldcs,
            "convention": facts.convention}
