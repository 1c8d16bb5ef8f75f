"""The value builders of the date grammars: Lark Transformers from a parse tree of
grammars/dtg.lark (a date-time group) or grammars/eo_line.lark (a declassification instruction)
to model values. `parse_dates` parses and memoises; this module only builds, and is imported
when a first value is built (it needs lark).

The trees come from `grammar.parse_by_shape`: digit-blind, so a token's own text may hold the
shape's zeros; each builder is made for one string and reads token texts from it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lark import Token, Transformer

from ..model import Declassification
from .grammar import NOWHERE, token_text
from .parse_dates import MONTHS, parse_date

_DURATION_WORDS = {"FIVE": 5, "TEN": 10, "TWENTY": 20, "TWENTY-FIVE": 25, "THIRTY": 30}
_X_CODE = re.compile(r"X[1-8]")


class DtgFields(Transformer):
    """A date-time group's tree -> (DAYTIME span, month number, YEAR span), spans as offsets in
    the string parsed (the day and year are read from the string, not from the shape)."""

    def __init__(self, text: str):
        super().__init__(visit_tokens=False)
        self.text = text

    def start(self, tokens):
        spans = {t.type: (t.start_pos, t.end_pos) for t in tokens}
        return spans["DAYTIME"], MONTHS[self.text[slice(*spans["MONTH"])]], spans["YEAR"]


class DeclassValues(Transformer):
    """A declassification instruction's tree -> its Declassification (one per value, folded into
    the first when there are several: ``25X1; 25X6``)."""

    def __init__(self, text: str, raw: str):
        super().__init__(visit_tokens=False)
        self.text = text  # what was parsed (normalised)
        self.raw = raw  # the value as written, kept in every Declassification

    def _value(self, kind: str, **fields) -> Declassification:
        return Declassification(kind=kind, raw=self.raw, span=NOWHERE, **fields)

    def _text(self, token) -> str:
        return token_text(token, self.text)

    # the parts ---------------------------------------------------------------------------------

    def date(self, children) -> dict:
        """The date, its format and validity, as a Declassification's fields."""
        date, label = parse_date(self._text(children[0]))
        return {"date": date, "date_format": label, "valid_date": date is not None}

    def classifier(self, children) -> str:
        # the name in parentheses; a drafting office symbol after it (OR-P) is read, not kept
        return self._text(children[0]).strip("() ")

    def event(self, children) -> list[str]:
        return [self._text(t) for t in children]

    # the values --------------------------------------------------------------------------------

    def start(self, values) -> Declassification:
        first = values[0]
        if len(values) == 1:
            return first
        codes = tuple(c for v in values for c in (v.codes or ((v.code,) if v.code else ())))
        return replace(first, values=len(values), codes=codes)

    def na(self, _children) -> Declassification:
        return self._value("na")

    def dng(self, children) -> Declassification:
        return self._value("event", event="DNG", **(children[-1] or {}))

    def bare(self, children) -> Declassification:
        child = children[0]
        if isinstance(child, dict):
            return self._value("date", **child)
        if child.type == "OADR":
            return self._value("oadr", code="OADR")
        return self._exemptions(children)

    def decl(self, children) -> Declassification:
        return children[1] or self._value("none", values=0)

    def decl_date(self, children) -> Declassification:
        return self._value("date", **children[0])

    def decl_exemption(self, children) -> Declassification:
        return self._exemptions(children)

    def decl_oadr(self, _children) -> Declassification:
        return self._value("oadr", code="OADR")

    def legacy(self, children) -> Declassification:
        token, date, written_by = (list(children) + [None, None])[:3]
        code = re.sub(r"\s*-?\s*([0-9])$", r"-\1", self._text(token).replace(" ", ""))
        return self._value("legacy", code=code, codes=(code,), classifier=written_by, **(date or {}))

    decl_legacy = legacy

    def decl_duration(self, children) -> Declassification:
        words = self._text(children[0]).split()
        years = _DURATION_WORDS.get(words[0]) or (int(words[0]) if words[0].isdigit() else None)
        return self._value("duration", event=" ".join(words), code=str(years) if years else None)

    def decl_event(self, children) -> Declassification:
        """An event, or a duration counted from an event (TEN YEARS AFTER ...)."""
        words = [w for c in children for w in (c if isinstance(c, list) else [self._text(c)])]
        if "".join(words).upper() in ("N/A", "NA"):  # "DECL: N/A": the unclassified telegram's N/A
            return self._value("na")
        return self._value("event", event=" ".join(words))

    def source_marked(self, children) -> Declassification:
        """A derivative document's ``Source marked 25X1-human, Date of source: June 27, 2009``
        (32 CFR 2001.22(e)): the source's codes are the instruction; its date is no
        declassification date, so it is kept as the value's event."""
        when = next((c for c in children if isinstance(c, str) and not isinstance(c, Token)), None)
        event = f"DATE OF SOURCE: {when}" if when else None
        if any(isinstance(t, Token) and t.type == "OADR" for t in children):
            return self._value("oadr", code="OADR", event=event)
        found = self._exemptions(children)
        return self._value(found.kind, code=found.code, codes=found.codes, event=event)

    def source_date(self, children) -> str:
        return " ".join(self._text(t) for t in children[1:]).replace(" ,", ",")

    def _exemptions(self, children) -> Declassification:
        """One or more exemption codes, maybe a date: ``25X6, 20600129``, ``X1, X2``."""
        codes = tuple(_exemption_code(self._text(t)) for t in children
                      if isinstance(t, Token) and t.type == "EXEMPTION")
        date = next((c for c in children if isinstance(c, dict)), {})
        return self._value("x_code" if all(_X_CODE.fullmatch(c) for c in codes) else "exemption",
                           code=codes[0], codes=codes, **date)


def _exemption_code(token: str) -> str:
    return re.sub(r"^1\.6\s*", "", token).replace(" ", "")
