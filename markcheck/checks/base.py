"""The interface between rule files and check kinds.

A rule file entry becomes a `Rule`; the engine calls ``check(doc, rule, ctx)`` of the kind the
rule `extends` and turns each `Hit` into a finding. Checks are pure functions of the document,
the rule's params and the context: no I/O, no globals that change, so a run can be repeated,
parallelised and tested from data.

Message templates are rendered by the engine with ``rule.message.format_map(values)`` over a
safe mapping: a missing key stays visible as ``{key}`` instead of raising. A kind may declare
``PLACEHOLDERS = frozenset({...})``; the loader then refuses templates naming anything else.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Protocol

from ..model import Document, Span

PROFILES = ("state_cable", "isoo", "capco")
SEVERITIES = ("error", "warning", "info", "off")
CONFIDENCES = ("V", "C", "M")
ALL_ERAS = "all"


@dataclass(frozen=True)
class Hit:
    """One place where a rule is broken.

    span None means the whole document (reported at 1:1). `severity` overrides the rule's
    severity for this hit, e.g. a grace-window downgrade from error to warning.
    """

    span: Span | None
    values: dict = field(default_factory=dict)
    severity: str | None = None


@dataclass(frozen=True)
class Context:
    """What a check may know beyond the document: the run date and the resolved profile."""

    today: datetime.date
    profile: str


@dataclass(frozen=True)
class Rule:
    """A validated rule file entry. `severity` maps every profile to error/warning/info/off."""

    id: str
    name: str
    summary: str
    description: str
    severity: Mapping[str, str]
    eras: tuple[str, ...]
    grace_days: int | None
    confidence: str
    message: str
    citation: str
    extends: str
    params: Mapping = field(default_factory=dict)
    source: str = ""

    def __hash__(self) -> int:  # dict fields are not hashable; a rule is identified by its ID
        return hash((self.id, self.source))

    def severity_for(self, profile: str) -> str:
        """The rule's severity under `profile` ('off' for a profile the rule does not name)."""
        return self.severity.get(profile, "off")

    def applies_to_era(self, era: str | None) -> bool:
        """Rules scoped to eras apply only to documents whose era is known and listed."""
        return ALL_ERAS in self.eras or (era is not None and era in self.eras)


class CheckFunction(Protocol):
    def __call__(self, doc: Document, rule: Rule, ctx: Context) -> Iterable[Hit]: ...


def _day(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def condition_holds(doc: Document, when: Mapping | None) -> bool:
    """Evaluate a declarative ``when:`` block (params of several kinds share it).

    Keys: ``classified`` (bool: the declared classification is above UNCLASSIFIED),
    ``date_from`` (document dated on or after, ISO date), ``date_before`` (dated before).
    A date condition on a document without a known date does not hold: a rule never guesses.
    """
    if not when:
        return True
    if "classified" in when and bool(when["classified"]) != doc.classified:
        return False
    if "date_from" in when or "date_before" in when:
        if doc.date is None:
            return False
        day = doc.date.value
        if "date_from" in when and day < _day(when["date_from"]):
            return False
        if "date_before" in when and day >= _day(when["date_before"]):
            return False
    return True


def within_grace(rule: Rule, day: datetime.date | None, since) -> bool:
    """True when `day` falls in the rule's grace window that opens on `since` (rulebook §0)."""
    if rule.grace_days is None or day is None or since is None:
        return False
    start = _day(since)
    return start <= day < start + datetime.timedelta(days=rule.grace_days)
