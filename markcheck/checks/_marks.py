"""Shared views of markings for the check kinds: control tokens, where things are, how to say them.

A marking's *tokens* are its dissemination and non-IC control names plus the pseudo-control
``REL TO`` when a release list is present; a document's tokens add its caption names, because
State captions (NOFORN, NODIS, SIPDIS, SENSITIVE...) are part of the overall marking.
"""

from __future__ import annotations

from typing import Iterator

from ..model import Document, Marking, Portion, Span

REL_TO = "REL TO"


def tokens(marking: Marking | None) -> frozenset[str]:
    if marking is None:
        return frozenset()
    # computed once per marking, asked for by many rules: probed without a call when there
    found = marking.memo.get("tokens")
    return found if found is not None else marking.derived("tokens", _tokens)


def _tokens(marking: Marking) -> frozenset[str]:
    out = set(marking.dissem) | set(marking.non_ic)
    if marking.rel_to is not None:
        out.add(REL_TO)
    return frozenset(out)


def document_tokens(doc: Document) -> frozenset[str]:
    """Controls of the declared overall marking, including what its normalisation supersedes.

    The declared classification is normalised (NOFORN drops REL TO, NODIS drops EXDIS); the
    first banner as written and the caption names keep what the writer actually put there,
    which is what combination rules (DIS-002, CAP-001) judge.
    """
    found = doc.memo.get("document_tokens")
    return found if found is not None else doc.derived("document_tokens", _document_tokens)


def _document_tokens(doc: Document) -> frozenset[str]:
    first = doc.first_banner
    written = tokens(first.marking) if first is not None else frozenset()
    return tokens(doc.classification) | written | {c.name.upper() for c in doc.captions}


def all_tokens(doc: Document) -> frozenset[str]:
    """Every token the document carries anywhere: overall marking, captions, roll-up, any portion.

    A rule about controls none of these carry has nothing to judge, so it can stop here. Twenty
    rules ask in turn for the same document: the last document's answer is kept at hand."""
    global _LAST_TOKENS
    last = _LAST_TOKENS
    if last[0] is doc:
        return last[1]
    found = doc.derived("all_tokens", _all_tokens)
    _LAST_TOKENS = (doc, found)
    return found


_LAST_TOKENS: tuple = (None, frozenset())  # (document, all_tokens(document))


def _all_tokens(doc: Document) -> frozenset[str]:
    found = set(document_tokens(doc))
    found |= tokens(doc.rollup)
    last = None
    for portion in doc.portions:
        marking = portion.marking
        if marking is not last and marking is not None:  # portions that read alike share a marking
            found |= tokens(marking)
            last = marking
    return frozenset(found)


def banner_span(doc: Document) -> Span | None:
    first = doc.first_banner
    return first.span if first is not None else None


def token_span(doc: Document, token: str) -> Span | None:
    """Where the document declares `token`: its caption line if it is a caption, else the banner."""
    caption = next((c for c in doc.captions if c.name.upper() == token), None)
    return caption.span if caption is not None else banner_span(doc)


def portion_span(portion: Portion) -> Span:
    return portion.mark_span or portion.span


def marked_portions(doc: Document) -> Iterator[Portion]:
    found = doc.memo.get("marked_portions")
    return iter(found if found is not None else doc.derived("marked_portions", _marked_portions))


def _marked_portions(doc: Document) -> tuple[Portion, ...]:
    return tuple(p for p in doc.portions if p.marking is not None and p.marking.level is not None)


def describe_portion(portion: Portion) -> str:
    """``(C/NF) on line 21`` — how a message names a portion."""
    return f"{portion.mark or '(' + portion.marking.portion() + ')'} on line {portion_span(portion).line}"


def first_portion_with(doc: Document, token: str) -> Portion | None:
    return next((p for p in marked_portions(doc) if token in tokens(p.marking)), None)


def banner_text(marking: Marking | None) -> str:
    return marking.banner() if marking is not None and marking.level is not None else "(none)"


def join(names) -> str:
    return ", ".join(names)
