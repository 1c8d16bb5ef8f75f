"""Every marking-shaped span of a document, and whether it was understood (``markcheck inspect``).

A reader that drops what it cannot read passes documents silently. This lists each span the
reader found shaped like a marking — classification lines, captions, portion marks, the E.O.
line, the authority block's reason, and the spans it could not read at all — with what was read,
the words kept but not understood (`unknown`), and the findings reported at that span. A span
with unknown words and no finding beside it would be a silent pass: a test checks there is none.
"""

from __future__ import annotations

from typing import Iterable

from ..model import Document, Span


def marking_spans(doc: Document, findings: Iterable = ()) -> list[dict]:
    """The marking-shaped spans of `doc` in reading order, each with the `findings` at its start."""
    at: dict[tuple[int, int], list] = {}
    for f in findings:
        at.setdefault((f.line, f.column), []).append(f)
    spans: list[dict] = []

    def add(kind: str, span: Span | None, text: str, read: str | None, unknown=()) -> None:
        if span is None:
            return
        beside = at.get((span.line, span.column), [])
        spans.append({"kind": kind, "line": span.line, "column": span.column, "text": text, "read": read,
                      "understood": read is not None and not unknown, "unknown": list(unknown),
                      "findings": [{"rule": f.rule, "severity": f.severity, "message": f.message} for f in beside]})

    for b in doc.banners:
        add("banner", b.span, b.raw, b.marking.banner(), b.marking.unknown)
    for c in doc.captions:
        add("caption", c.span, c.raw, c.name)
    for p in doc.portions:
        if p.mark is not None:
            add("portion", p.mark_span or p.span, p.mark, p.marking.portion() if p.marking else None,
                p.marking.unknown if p.marking else ())
    if doc.eo_line is not None:
        d, stamp = doc.eo_line.declass, doc.declassified
        # a declassification stamp written on the E.O. line is read as the record's review
        stamped = stamp is not None and stamp.span is not None and stamp.span.line == doc.eo_line.span.line
        add("eo_line", doc.eo_line.span, doc.eo_line.raw,
            d.kind if d is not None else "declassification stamp" if stamped else None)
    if doc.cab is not None and doc.cab.reason is not None:
        r = doc.cab.reason
        add("reason", r.span, r.raw, f"{r.section} ({', '.join(r.letters)})" if r.section else None)
    for u in doc.unreadable:
        add(f"unreadable {u.kind}", u.span, u.raw, None)
    if doc.cui is not None:
        from ..cui.show import add_spans

        add_spans(doc, add)
    spans.sort(key=lambda s: (s["line"], s["column"]))
    return spans


def render(spans: list[dict]) -> list[str]:
    """Text lines for `markcheck inspect`: one per span, understood or not, with its findings."""
    out = []
    for s in spans:
        state = "read" if s["understood"] else "NOT UNDERSTOOD"
        unknown = f"  unknown: {', '.join(s['unknown'])}" if s["unknown"] else ""
        rules = ", ".join(sorted({f["rule"] for f in s["findings"]}))
        out.append(f"  marking {s['kind']:<20} {s['line']}:{s['column']:<5} {state:<14} {s['text']!r}"
                   f" -> {s['read'] or '-'}{unknown}{'  [' + rules + ']' if rules else ''}")
    return out
