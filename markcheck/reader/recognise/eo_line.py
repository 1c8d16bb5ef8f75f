"""The E.O. line of a telegram (``E.O. 12958: DECL: 03/20/2019``): the order cited and its
declassification instruction, parsed by the eo_line grammar."""

from __future__ import annotations

import re

from ...model import Declassification, EOLine, Span, Unreadable
from .. import prefilter, scan, stamps
from ..grammar import MarkingSyntaxError
from ..parse_dates import parse_declass
from .common import span_at
from .trouble import plain

# the TAGS line glued after the value ("... TAGS: PREL", "... TAG PTER, PGOV")
_GLUED_TAGS = re.compile(r"\bTAGS?\s*:|\bTAGS?\s+(?=[A-Z]{4}\b)", re.I)


class EOLineRecogniser:
    """The document's E.O. line (the first one)."""

    LINE_START = scan.EO_START

    def __init__(self, reading):
        self.reading = reading
        self.eo_line: EOLine | None = None

    def read(self, lineno: int, offset: int, text: str) -> None:
        if self.eo_line is not None:
            return
        m = scan.EO_LINE.search(text)
        order = m.group(1) if m else None
        value = text[m.end():] if m else ""
        tags = _GLUED_TAGS.search(value) if prefilter.may_contain(value, "tag") else None
        if tags:
            value = value[:tags.start()]
        value = value.rstrip().rstrip('",').rstrip()  # CSV quoting left around a pasted line
        value_start = offset + (m.end() if m else 0) + (len(value) - len(value.lstrip()))
        span = span_at(lineno, offset + (m.start() if m else 0), offset + len(text.rstrip()))
        value_span = span_at(lineno, value_start, value_start + len(value.strip()))
        try:
            declass = placed(parse_declass(value.strip()), value_span)
        except MarkingSyntaxError as exc:
            if not stamps.is_declassification_stamp(value):  # (a stamp is the model's `declassified`)
                self.reading.report(Unreadable("eo_line", value.strip(), value_span,
                                               plain("the E.O. line's declassification instruction", value.strip(), exc)))
            declass = None
        self.eo_line = EOLine(order=order, raw=text.strip(), span=span, declass=declass)


def placed(declass: Declassification, span: Span) -> Declassification:
    """`declass`, a value of parse_declass's memo, at `span`: a copy with the span set, made by
    copying its fields at once (dataclasses.replace looks at every field on each call)."""
    copy = object.__new__(Declassification)
    copy.__dict__.update(declass.__dict__)
    object.__setattr__(copy, "span", span)
    return copy
