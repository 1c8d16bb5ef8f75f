"""The era table from rules/eras.yaml: which order governs a document dated D."""

from __future__ import annotations

import datetime as _dt
import functools

from .resources import load_data
from .values import frozen_value


def _date(value) -> _dt.date | None:
    if value is None:
        return None
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value))


@frozen_value
class Era:
    code: str
    order: str
    title: str
    start: _dt.date | None
    end: _dt.date | None
    reason_section: str | None
    reason_letters: tuple[str, ...]
    max_years: int | None
    tokens: tuple[str, ...]
    signed: _dt.date | None
    raw: dict

    def contains(self, day: _dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@functools.lru_cache(maxsize=1)
def era_table() -> tuple[Era, ...]:
    eras = []
    for entry in load_data("eras.yaml")["eras"]:
        reason = entry.get("reason") or {}
        eras.append(Era(
            code=entry["code"],
            order=str(entry["order"]),
            title=entry.get("title", entry["code"]),
            start=_date(entry.get("start")),
            end=_date(entry.get("end")),
            reason_section=reason.get("section"),
            reason_letters=tuple(reason.get("letters", ())),
            max_years=entry.get("max_years"),
            tokens=tuple(str(t) for t in entry.get("tokens", ())),
            signed=_date(entry.get("signed")),
            raw=entry,
        ))
    return tuple(eras)


def era_for(day: _dt.date | None) -> Era | None:
    """The era in force on `day` (None when the date is unknown)."""
    if day is None:
        return None
    for era in era_table():
        if era.contains(day):
            return era
    return None


@functools.lru_cache(maxsize=None)  # checks ask once per rule per document
def era_by_code(code: str) -> Era | None:
    return next((e for e in era_table() if e.code == code), None)
