"""The interface between rule files and check kinds.

A rule file entry becomes a `Rule`; the engine runs the check of the kind the rule `extends`
on each document and turns each `Hit` into a finding. Checks are pure functions of the document,
the rule's params and the context: no I/O, no globals that change, so a run can be repeated,
parallelised and tested from data.

Message templates are rendered by the engine with ``rule.message.format_map(values)`` over a
safe mapping: a missing key stays visible as ``{key}`` instead of raising. A kind may declare
``PLACEHOLDERS = frozenset({...})``; the loader then refuses templates naming anything else.

A kind defines ``prepare(rule) -> run(doc, ctx) -> Iterable[Hit]``: the rule's params
compiled once (conditions, predicates, sets), so that a run over thousands of documents does
not re-read plain YAML dicts for every one; `prepared` keeps one `run` per rule, and
``markcheck.checks.check(kind, doc, rule, ctx)`` runs it once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from ..model import Document, Span
from ..values import frozen_value

PROFILES = ("state_cable", "isoo", "capco", "cui", "dod_cui")
SEVERITIES = ("error", "warning", "info", "off")
ALL_ERAS = "all"


@frozen_value
class Hit:
    """One place where a rule is broken.

    span None means the whole document (reported at 1:1). `severity` overrides the rule's
    severity for this hit, e.g. a grace-window downgrade from error to warning. `cause`, when
    given, replaces the message values as what the finding's fingerprint records beyond its
    span (`markcheck.engine.cause`): for a hit whose values change with the run date.
    """

    span: Span | None
    values: dict = field(default_factory=dict)
    severity: str | None = None
    cause: tuple[str, ...] | None = None


@frozen_value
class Context:
    """What a check may know beyond the document: the run date and the resolved profile, and
    for a record of an archive the catalogue's classification of it (`markcheck.archive`)."""

    today: datetime.date
    profile: str
    catalogue: str | None = None


@frozen_value
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
    # where the authority is silent or optional: the most a finding may be (checks/_limits.py)
    at_most: tuple = ()
    authority: tuple = ()  # markcheck.authority.Authority entries; `citation` is derived from them
    fix: str = "none"  # none | safe | unsafe: whether --fix resolves the rule's findings (Ruff's split)
    fixer: str | None = None  # the fixer of markcheck/fix/ that does
    not_fixed: str | None = None  # why --fix never does, said beside each finding
    phrases: Mapping = field(default_factory=dict)  # the rule's own wording of its kind's phrases (markcheck.phrases)

    def __hash__(self) -> int:  # dict fields are not hashable; a rule is identified by its ID
        return hash((self.id, self.source))

    def severity_for(self, profile: str) -> str:
        """The rule's severity under `profile` ('off' for a profile the rule does not name)."""
        return self.severity.get(profile, "off")

    def applies_to_era(self, era: str | None) -> bool:
        """Rules scoped to eras apply only to documents whose era is known and listed."""
        return ALL_ERAS in self.eras or (era is not None and era in self.eras)


Run = Callable[[Document, Context], Iterable[Hit]]

# rule id() -> (rule, prepare, run); the rule is kept so its id is not reused while listed
_PREPARED: dict[int, tuple[Rule, Callable, Run]] = {}
_PREPARED_MAX = 4096  # far more than a rule pack; a process that keeps building rules starts over


def prepared(prepare: Callable[[Rule], Run], rule: Rule) -> Run:
    """``prepare(rule)``, computed once per rule object (rules are frozen, their params too)."""
    entry = _PREPARED.get(id(rule))
    if entry is not None and entry[0] is rule and entry[1] is prepare:
        return entry[2]
    run = prepare(rule)
    if len(_PREPARED) >= _PREPARED_MAX:
        _PREPARED.clear()
    _PREPARED[id(rule)] = (rule, prepare, run)
    return run


def _day(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


# The condition of a rule without ``when:``: every document passes (a Document is always truthy).
# A builtin, not a Python function: the kinds ask it for every document.
_always: Callable[[Document], bool] = bool


def compile_condition(when: Mapping | None) -> Callable[[Document], bool]:
    """A declarative ``when:`` block (params of several kinds share it) as a test of a document,
    its dates parsed once.

    Keys: ``classified`` (bool: the declared classification is above UNCLASSIFIED),
    ``declassified`` (bool: the document carries a declassification stamp, 32 CFR 2001.25),
    ``date_from`` (document dated on or after, ISO date), ``date_before`` (dated before).
    A date condition on a document without a known date does not hold: a rule never guesses.
    """
    if not when:
        return _always
    classified = bool(when["classified"]) if "classified" in when else None
    declassified = bool(when["declassified"]) if "declassified" in when else None
    dated = "date_from" in when or "date_before" in when
    start = _day(when["date_from"]) if "date_from" in when else None
    before = _day(when["date_before"]) if "date_before" in when else None
    if not dated and declassified is None and classified is not None:  # the usual `{classified: true}`
        return lambda doc: doc.classified == classified

    def holds(doc: Document) -> bool:
        if classified is not None and classified != doc.classified:
            return False
        if declassified is not None and declassified != (doc.declassified is not None):
            return False
        if dated:
            if doc.date is None:
                return False
            day = doc.date.value
            if start is not None and day < start:
                return False
            if before is not None and day >= before:
                return False
        return True

    return holds

