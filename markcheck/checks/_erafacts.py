"""Era facts the CAB/DEC kinds judge by, read from rules/eras.yaml (never written in code).

* Validity windows of the order named on the E.O. line and of the reason section, derived from
  the era table itself (``start``/``end``/``signed``/``grace_from``/``directive_effective``),
  so a corrected effective date is one edit in eras.yaml.
* Validity windows of declassification tokens (``declass_tokens``, rulebook DEC-006).
* Reason letters per section and per order version (``eras[].reason``).
* Which reasons each exemption category needs (``exemption_reasons``).
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
import functools
import re
from dataclasses import field
from types import MappingProxyType
from typing import Mapping

from ..eras import Era, era_table
from ..resources import load_data
from ..values import frozen_value


def _date(value) -> _dt.date | None:
    if value is None:
        return None
    return value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))


@frozen_value
class Window:
    """Where a token is valid, by document date (all bounds inclusive).

    Before `start`: `allowed_from` opens an accepted lead-in (no finding), `early_from` a
    warning lead-in (signed, not yet effective); earlier is an error. After `end`: a warning
    until `grace_until`, or for the rule's grace_days when `grace` is set; later is an error.
    `never`: the token is not authorised on any document. `derivative_until`: a derivative
    document (one with Derived From) carried the token forward from its source through this
    date ("Source marked OADR, Date of source: ..."), so past the window it is only info there.
    """

    label: str
    tokens: tuple[str, ...] = ()
    pattern: str | None = None
    start: _dt.date | None = None
    end: _dt.date | None = None
    early_from: _dt.date | None = None
    allowed_from: _dt.date | None = None
    grace_until: _dt.date | None = None
    grace: bool = False
    never: bool = False
    note: str = ""
    start_confidence: str = "V"
    end_confidence: str = "V"
    derivative_until: _dt.date | None = None

    def matches(self, token: str) -> bool:
        token = token.upper()
        if self.tokens and any(_glob(t).match(token) for t in self.tokens):
            return True
        return bool(self.pattern and _pattern(self.pattern).search(token))

    def span_text(self) -> str:
        if self.never:
            return "never"
        if self.start and self.end:
            return f"{self.start.isoformat()} to {self.end.isoformat()}"
        if self.start:
            return f"from {self.start.isoformat()}"
        if self.end:
            return f"until {self.end.isoformat()}"
        return "always"

    def contains(self, day: _dt.date) -> bool:
        return not self.never and (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@functools.lru_cache(maxsize=256)
def _glob(token: str) -> re.Pattern:
    """A window token as `fnmatch.fnmatchcase` matches it (upper case), compiled once."""
    return re.compile(fnmatch.translate(token.upper()))


@functools.lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def _grouped(key) -> tuple[Window, ...]:
    """One window per distinct `key(era)` over the era table (eras of a group are contiguous)."""
    groups: dict[str, list[Era]] = {}
    for era in era_table():
        value = key(era)
        if value:
            groups.setdefault(value, []).append(era)
    windows = []
    for value, eras in groups.items():
        starts = [d for e in eras for d in (e.start, _date(e.raw.get("directive_effective"))) if d]
        ends = [e.end for e in eras]
        signed = [e.signed for e in eras if e.signed]
        allowed = [_date(e.raw["grace_from"]) for e in eras if e.raw.get("grace_from")]
        windows.append(Window(
            label=value,
            tokens=(value,),
            start=min(starts) if starts else None,
            end=None if any(e is None for e in ends) else max(ends),
            early_from=min(signed) if signed else None,
            allowed_from=min(allowed) if allowed else None,
            grace=True,
        ))
    return tuple(windows)


@functools.lru_cache(maxsize=None)
def order_windows() -> tuple[Window, ...]:
    """Where each executive order may be named on the E.O. line (rulebook DEC-013)."""
    return _grouped(lambda era: era.order)


@functools.lru_cache(maxsize=None)
def section_windows() -> tuple[Window, ...]:
    """Where each reason section (1.5, 1.4) may be cited (rulebook CAB-005)."""
    return _grouped(lambda era: era.reason_section)


@functools.lru_cache(maxsize=None)
def declass_windows() -> tuple[Window, ...]:
    """Declassification token windows (rulebook DEC-006), from eras.yaml ``declass_tokens``."""
    out = []
    for entry in load_data("eras.yaml").get("declass_tokens", ()):
        out.append(Window(
            label=entry.get("label") or "/".join(entry.get("tokens", ())),
            tokens=tuple(str(t) for t in entry.get("tokens", ())),
            pattern=entry.get("pattern"),
            start=_date(entry.get("from")),
            end=_date(entry.get("until")),
            early_from=_date(entry.get("early_from")),
            grace_until=_date(entry.get("grace_until")),
            never=bool(entry.get("never", False)),
            note=str(entry.get("note", "")),
            start_confidence=str(entry.get("from_confidence", "V")),
            end_confidence=str(entry.get("until_confidence", "V")),
            derivative_until=_date(entry.get("derivative_until")),
        ))
    return tuple(out)


WINDOW_SOURCES = {"orders": order_windows, "reason_sections": section_windows, "declass_tokens": declass_windows}


# --- reason letters --------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def section_letters() -> Mapping[str, frozenset[str]]:
    """Reason section -> every letter any order defined under it (1.5: a-g, 1.4: a-h). Read
    once and shared by every caller, hence read-only."""
    out: dict[str, set[str]] = {}
    for era in era_table():
        if era.reason_section:
            out.setdefault(era.reason_section, set()).update(l.lower() for l in era.reason_letters)
    return MappingProxyType({k: frozenset(v) for k, v in out.items()})


def era_for_order(order: str, day: _dt.date | None) -> tuple[Era, ...]:
    """The version(s) of `order` a document dated `day` cites.

    The latest era of that order whose lead-in (``grace_from``, else ``signed``, else ``start``)
    has begun by `day`; all its eras when the date is unknown or precedes every version.
    """
    versions = _versions(order)
    eras = tuple(era for era, _ in versions)
    if day is None or not eras:
        return eras
    begun = [era for era, begins in versions if begins is None or begins <= day]
    return (begun[-1],) if begun else eras


@functools.lru_cache(maxsize=64)
def _versions(order: str) -> tuple[tuple[Era, _dt.date | None], ...]:
    """The eras of `order` with the day each one's lead-in begins, read from the table once."""
    return tuple((era, _date(era.raw.get("grace_from")) or era.signed or era.start)
                 for era in era_table() if era.order == order)


def letter_text(letters) -> str:
    """``(a)–(g)`` for a contiguous run, else ``(b), (d)``."""
    ordered = sorted(set(letters))
    if not ordered:
        return "none"
    if len(ordered) > 2 and [ord(c) for c in ordered] == list(range(ord(ordered[0]), ord(ordered[-1]) + 1)):
        return f"({ordered[0]})–({ordered[-1]})"
    return ", ".join(f"({c})" for c in ordered)


# --- exemption categories and the reasons they rest on ---------------------------------------

@frozen_value
class ExemptionEntry:
    codes: tuple[str, ...]
    meaning: str
    reasons: dict = field(default_factory=dict)  # section -> letters ("*" for any section)
    confidence: str = "V"

    def matches(self, code: str) -> bool:
        return any(fnmatch.fnmatchcase(code.upper(), c.upper()) for c in self.codes)

    def letters_for(self, section: str | None) -> frozenset[str]:
        if section in self.reasons:
            return frozenset(self.reasons[section])
        if "*" in self.reasons:
            return frozenset(self.reasons["*"])
        return frozenset(l for letters in self.reasons.values() for l in letters)


@functools.lru_cache(maxsize=None)
def exemption_group(name: str) -> tuple[ExemptionEntry, ...]:
    group = (load_data("eras.yaml").get("exemption_reasons") or {}).get(name)
    if group is None:
        raise KeyError(f"rules/eras.yaml has no exemption_reasons group {name!r}")
    out = []
    for entry in group:
        reasons = entry["reasons"]
        if isinstance(reasons, list):
            reasons = {"*": reasons}
        out.append(ExemptionEntry(
            codes=tuple(str(c) for c in entry["codes"]),
            meaning=str(entry.get("meaning", name)),
            reasons={str(k): tuple(str(l).lower() for l in v) for k, v in reasons.items()},
            confidence=str(entry.get("confidence", "V")),
        ))
    return tuple(out)


def era_value(era: Era | None, key: str):
    """A value from an era's entry by dotted key (``max_years``, ``exemption_max_years.25X``)."""
    value = era.raw if era else None
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
