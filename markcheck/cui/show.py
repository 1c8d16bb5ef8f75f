"""What `markcheck inspect` shows of a document's CUI markings: model lines and marking spans."""

from __future__ import annotations

from typing import Callable

from ..model import Document
from . import register


def _at(span) -> str:
    return f"{span.line}:{span.column}"


def _words(marking) -> str:
    parts = []
    for w in marking.words:
        if w.kind == "category":
            entry = register.categories()[w.value]
            odd = " (written without SP-)" if entry["specified"] and not entry["basic"] and not w.specified else ""
            parts.append(f"{'Specified' if w.specified else 'Basic'} {w.value}{odd}")
        elif w.kind == "ldc":
            parts.append(f"LDC {' '.join(w.raw.split())}")
        else:
            parts.append(f"UNKNOWN {w.raw}")
    return ", ".join(parts) or "no category"


def model_lines(doc: Document) -> list[str]:
    """The `inspect` text lines for the CUI facts (none for a document without CUI markings)."""
    facts = doc.cui
    if facts is None:
        return []
    out = [f"  CUI             markings read (convention {facts.convention})"]
    for b in facts.banners:
        head = b.level.banner + " (commingled)" if b.level is not None else b.control or "?"
        out.append(f"  CUI banner {b.position:<6} {_at(b.span):>5}  {head}: {_words(b)}  {b.line_text!r}")
    for p in facts.portions:
        head = f"{p.control or '?'} ({p.level.banner})" if p.level is not None else p.control or "?"
        out.append(f"  CUI portion     {_at(p.span):>7}  {head}: {_words(p)}  ({p.line_text})")
    if facts.indicator is not None:
        for line in facts.indicator.lines:
            out.append(f"  indicator       {_at(line.span):>7}  {line.field}: {line.value!r}")
    for s in facts.distribution:
        date = s.date.isoformat() if s.date else "no date"
        out.append(f"  distribution    {_at(s.span):>7}  statement {s.letter}; reason {s.reason or 'none'}; "
                   f"{date}; office {s.office or 'none'}")
    if facts.decontrol is not None:
        d = facts.decontrol
        value = d.date.isoformat() if d.date else (f"event {d.event!r}" if d.event else "unreadable")
        out.append(f"  decontrol on    {_at(d.span):>7}  {value}")
    if facts.compilation is not None:
        covers = ", ".join(facts.compilation.categories) or "every category"
        out.append(f"  compilation     {_at(facts.compilation.span):>7}  covers {covers}")
    for d in facts.disclaimers:
        out.append(f"  disclaimer      {_at(d.span):>7}  {d.raw!r}")
    for m in facts.legacy:
        out.append(f"  legacy marking  {_at(m.span):>7}  {m.word} in {m.raw} (CUI: {m.equivalent})")
    for w in facts.stray_ldcs:
        out.append(f"  LDC without CUI {_at(w.span):>7}  {w.raw}")
    return out


def add_spans(doc: Document, add: Callable) -> None:
    """The CUI marking-shaped spans, through `add(kind, span, text, read, unknown)` of
    markcheck.marking_spans."""
    facts = doc.cui
    if facts is None:
        return
    for b in facts.banners:
        if b.level is None:  # a classified banner with CUI is the classified reader's span
            add("cui banner", b.span, b.raw, _words(b), [w.raw for w in b.unknown])
    for p in facts.portions:
        add("cui portion", p.span, f"({p.line_text})", _words(p), [w.raw for w in p.unknown])
    if facts.indicator is not None:
        for line in facts.indicator.lines:
            add("cui indicator", line.span, f"{line.label}: {line.value}", line.field,
                [w.raw for w in line.words if w.kind == "unknown"])
    for s in facts.distribution:
        add("distribution statement", s.span, s.raw[:80], f"statement {s.letter}")
    if facts.decontrol is not None:
        d = facts.decontrol
        add("decontrol", d.span, d.raw, d.date.isoformat() if d.date else d.event)
    if facts.compilation is not None:
        add("cui compilation", facts.compilation.span, facts.compilation.raw[:80],
            "covers " + (", ".join(facts.compilation.categories) or "every category"))
