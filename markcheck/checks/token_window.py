"""Kind `token-window`: a token is used only inside its validity window of document dates.

Params:
  subject: eo-order (the order named on the E.O. line) | reason-section (1.4/1.5 of the reason)
           | declass-token (exemption, indefinite and legacy declassification values)
  windows: orders | reason_sections | declass_tokens — where the windows come from
           (rules/eras.yaml: the era table, or its ``declass_tokens`` list)
  unknown: report a token no window knows (default false)
  also_expected: text appended to the list of tokens valid on the date (e.g. "a date or event")
  when / where: the shared condition and predicate items

A window is [from, until]. Before it: an `allowed_from` lead-in is accepted, an `early_from`
lead-in (signed, not yet effective) is a warning, earlier is an error. After it: a warning
inside the grace window (the window's own `grace_until`, or the rule's grace_days), then an
error. Windows whose bound is confidence M report at most a warning past that bound. A window's
`derivative_until` makes a token past its window (or never authorised) info on a derivative
document dated up to then: it carried the source's marking forward.

Message values: document facts plus `token` (as displayed), `state` (what is wrong, with the
window), `window`, `expected` (tokens valid on the document date), `note`.
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterable

from ..model import Document
from . import _docpath as dp
from . import _erafacts as facts
from .base import Context, Hit, Rule, Run

KIND = "token-window"
PLACEHOLDERS = frozenset({"date", "era", "order", "classification", "eo", "declass", "token", "state", "window",
                          "expected", "note"})


def _subject(doc: Document, subject: str):
    """[(token to match, token to display)], the span, and the text patterns are matched on."""
    if subject == "eo-order":
        line = doc.eo_line
        if line is None or not line.order:
            return [], None, ""
        return [(line.order, f"E.O. {line.order}")], line.span, line.order
    if subject == "reason-section":
        reason = doc.cab.reason if doc.cab else None
        if reason is None or not reason.section:
            return [], None, ""
        return [(reason.section, reason.section)], reason.span, reason.section
    declass = doc.declass
    if declass is None:
        return [], None, ""
    tokens = list(declass.codes or ((declass.code,) if declass.code else ()))
    if declass.kind == "event" and declass.event:
        tokens.append(" ".join(declass.event.upper().split()))
    seen, out = set(), []
    for token in tokens:
        if token.upper() not in seen:
            seen.add(token.upper())
            out.append((token.upper(), token))
    return out, declass.span, " ".join((declass.raw or "").upper().split())


def _display(window: facts.Window, subject: str) -> str:
    return f"E.O. {window.label}" if subject == "eo-order" else window.label


def _judge(window: facts.Window, day: _dt.date | None, rule: Rule, derivative: bool = False):
    """(severity, state text) for `day` against `window`, or (None, "") when it is fine."""
    severity, state = _judge_date(window, day, rule)
    carried = window.derivative_until
    retired = window.never or (window.end is not None and day is not None and day > window.end)
    if severity is not None and retired and derivative and carried and day and day <= carried:
        return "info", (f"{state}; a derivative document carried it forward from its source until "
                        f"{carried.isoformat()}")
    return severity, state


def _judge_date(window: facts.Window, day: _dt.date | None, rule: Rule):
    accept_from = window.allowed_from if window.allowed_from and window.start and window.allowed_from < window.start \
        else window.start
    if window.never:
        return "error", "is never authorised" + (f" ({window.note})" if window.note else "")
    if day is None:
        return None, ""
    if accept_from and day < accept_from:
        span = _valid(accept_from, window.end)
        if window.early_from and day >= window.early_from:
            return "warning", (f"was signed {window.early_from.isoformat()} but not yet in force "
                               f"(valid {span})")
        severity = "warning" if window.start_confidence == "M" else "error"
        return severity, f"predates its validity (valid {span})"
    if window.end and day > window.end:
        span = _valid(accept_from, window.end)
        grace_end = window.grace_until
        if grace_end is None and window.grace and rule.grace_days:
            grace_end = window.end + _dt.timedelta(days=rule.grace_days)
        if grace_end and day <= grace_end:
            return "warning", (f"is past its validity (valid {span}), inside the transition grace "
                               f"window to {grace_end.isoformat()}")
        severity = "warning" if window.end_confidence == "M" else "error"
        return severity, f"is past its validity (valid {span})"
    return None, ""


def _valid(accept_from: _dt.date | None, end: _dt.date | None) -> str:
    """When a window accepts a token, as a message says it: ``1995-10-14 to 2009-06-26``."""
    return (f"{accept_from.isoformat()} to {end.isoformat()}" if accept_from and end
            else f"from {accept_from.isoformat()}" if accept_from
            else f"until {end.isoformat()}" if end else "always")


def prepare(rule: Rule) -> Run:
    guards = dp.compile_guards(rule.params)
    judge = _Judge(rule)

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        if guards and not dp.all_pass(doc, guards):
            return ()
        tokens, span, text = _subject(doc, judge.subject)
        if not tokens and not text:
            return ()
        return tuple(judge.hits(doc, ctx, tokens, span, text))

    return run


_MATCHER_MAX = 1024  # distinct tokens remembered per rule; they come from documents


class _Judge:
    """A rule's windows, read once, and the window each token falls in, remembered per token
    (a corpus names a few dozen distinct tokens)."""

    def __init__(self, rule: Rule):
        self.rule, self.params = rule, rule.params
        self.subject = self.params["subject"]
        self.windows = facts.WINDOW_SOURCES[self.params["windows"]]()
        self.by_text = tuple(w for w in self.windows if w.pattern and not w.tokens)  # phrases kept as words
        self._window_of: dict[str, facts.Window | None] = {}

    def window_of(self, token: str) -> facts.Window | None:
        try:
            return self._window_of[token]
        except KeyError:
            if len(self._window_of) >= _MATCHER_MAX:
                self._window_of.clear()
            found = self._window_of[token] = next((w for w in self.windows if w.matches(token)), None)
            return found

    def hits(self, doc: Document, ctx: Context, tokens, span, text) -> Iterable[Hit]:
        rule, params, subject, windows = self.rule, self.params, self.subject, self.windows
        day = doc.date.value if doc.date else None  # without a date only `never` tokens are judged
        derivative = doc.cab is not None and dp.present(doc.cab.derived_from)

        def values(**extra) -> dict:
            valid_now = [_display(w, subject) for w in windows if day is not None and (
                w.contains(day) or (w.allowed_from and w.start and w.allowed_from <= day < w.start))]
            if params.get("also_expected"):
                valid_now.append(str(params["also_expected"]))
            expected = " or ".join(valid_now) if len(valid_now) <= 2 else "; ".join(valid_now)
            return dict(dp.document_values(doc), expected=expected or "none", **extra)

        reported = set()
        for token, shown in tokens:
            window = self.window_of(token)
            if window is None:
                if params.get("unknown") and day is not None:
                    known = ", ".join(_display(w, subject) for w in windows if w.tokens)
                    yield Hit(span, values(token=shown, state=f"is none of those the era table knows ({known})",
                                           window="none", note=""), None)
                continue
            severity, state = _judge(window, day, rule, derivative)
            if severity is not None and window.label not in reported:
                reported.add(window.label)
                yield Hit(span, values(token=shown, state=state, window=window.span_text(), note=window.note),
                          _ceiling(rule, ctx, severity))
        for window in self.by_text:
            if window.label not in reported and window.matches(text):
                severity, state = _judge(window, day, rule, derivative)
                if severity is not None:
                    reported.add(window.label)
                    yield Hit(span, values(token=window.label, state=state, window=window.span_text(),
                                           note=window.note), _ceiling(rule, ctx, severity))


def _ceiling(rule: Rule, ctx: Context, severity: str) -> str | None:
    """The hit severity: never above the rule's own for the profile."""
    own = rule.severity_for(ctx.profile)
    capped = dp.cap_severity(severity, own) if own in dp.SEVERITY_RANK else severity
    return None if capped == own else capped
