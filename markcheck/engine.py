"""Rules applied to one document: era and profile filtering, selection, containment.

`check_document` is the only place that turns hits into findings: it resolves each rule's
severity for the document's profile (``off`` skips the rule), applies a hit's own severity
(never above ``warning`` for a rule of confidence M), renders the message safely and pins
hits without a span to 1:1. A check that raises does not stop the run: it becomes an
MCK-001 finding naming the rule, and the CLI exits 2.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from .checks import registry
from .checks.base import Context, Hit, Rule
from .findings import INTERNAL_ERROR, Finding, printable, tool_finding
from .model import Document


class _SafeValues(dict):
    """format_map mapping that leaves unknown placeholders visible as ``{key}``."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: dict) -> str:
    try:
        return template.format_map(_SafeValues({k: _plain(v) for k, v in values.items()}))
    except (ValueError, IndexError, KeyError, AttributeError):  # a malformed template: show it as written
        return template


# A value longer than this is cut in a message: a finding quotes a marking, and a hostile
# document must not turn one finding into megabytes of output.
MAX_VALUE_CHARS = 500


def _plain(value):
    """Values reach templates as plain strings/numbers, so a template cannot reach attributes."""
    if isinstance(value, (int, float)):
        return value
    text = printable(value if isinstance(value, str) else str(value))  # no terminal escapes from a document
    return text if len(text) <= MAX_VALUE_CHARS else f"{text[:MAX_VALUE_CHARS]}\u2026 ({len(text)} characters)"


def _matches(rule: Rule, pattern: str) -> bool:
    """A selector matches a rule ID, an ID prefix (``DIS``, ``DIS-00``) or a rule name."""
    pattern = pattern.strip()
    return bool(pattern) and (rule.id.startswith(pattern.upper()) or rule.name == pattern.lower()
                              or pattern.upper() == "ALL")


def select_rules(rules: Iterable[Rule], select: Sequence[str] | None = None,
                 ignore: Sequence[str] | None = None) -> tuple[Rule, ...]:
    """Rules chosen by `select` (all when empty) minus those matched by `ignore`."""
    chosen = []
    for rule in rules:
        if select and not any(_matches(rule, s) for s in select):
            continue
        if ignore and any(_matches(rule, s) for s in ignore):
            continue
        chosen.append(rule)
    return tuple(chosen)


def _severity(rule: Rule, hit: Hit, profile: str, override: str | None = None) -> str:
    severity = hit.severity or rule.severity_for(profile)
    if override and severity != "off":
        severity = override  # a configured per-rule severity replaces the rule's and the hit's
    if severity == "error" and rule.confidence == "M":
        severity = "warning"  # unverified rules ship as warning at most (rulebook §0)
    return severity


def _finding(rule: Rule, hit: Hit, severity: str, path: str | None) -> Finding:
    span = hit.span
    line, column, end_line, end_column = (
        (span.line, span.column, span.end_line, span.end_column) if span is not None else (1, 1, 1, 1))
    return Finding(rule.id, rule.name, severity, render(rule.message, hit.values),
                   line, column, end_line, end_column, rule.citation, path)


def check_document(doc: Document, rules: Iterable[Rule], ctx: Context, *,
                   select: Sequence[str] | None = None, ignore: Sequence[str] | None = None,
                   severity: Mapping[str, str] | None = None) -> list[Finding]:
    """Findings of `rules` on `doc`, sorted (path, line, column, rule).

    `severity` maps rule IDs to a configured level (or ``off``). It changes a rule's level
    wherever its profile runs it; it does not turn a rule on for a profile that has it off.
    """
    kinds = registry()
    findings: list[Finding] = []
    overrides = severity or {}
    for rule in select_rules(rules, select, ignore):
        override = overrides.get(rule.id)
        if (rule.severity_for(ctx.profile) == "off" or override == "off"
                or not rule.applies_to_era(doc.era)):
            continue
        try:
            hits = list(kinds[rule.extends].check(doc, rule, ctx))
        except Exception as exc:  # containment: one broken check must not hide the others
            findings.append(tool_finding(
                INTERNAL_ERROR, f"{rule.id} ({rule.extends}) failed: {type(exc).__name__}: {exc}", doc.path))
            continue
        for hit in hits:
            level = _severity(rule, hit, ctx.profile, override)
            if level != "off":
                findings.append(_finding(rule, hit, level, doc.path))
    return sorted(findings, key=Finding.sort_key)
