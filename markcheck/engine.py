"""Rules applied to one document: era and profile filtering, selection, containment.

`check_document` is the only place that turns hits into findings: it resolves each rule's
severity for the document's profile (``off`` skips the rule), applies a hit's own severity
(never above ``warning`` for a rule of confidence M, never above the rule's ``at_most`` cap
for the document), renders the message safely and pins
hits without a span to 1:1. A check that raises does not stop the run: it becomes an
MCK-001 finding naming the rule, and the CLI exits 2.
"""

from __future__ import annotations

import functools
import heapq
import operator
import re
import string
from typing import Iterable, Mapping, Optional, Sequence

from .checks import registry
from .checks._docpath import cap_severity
from .checks._limits import Ceiling, compile_limits
from .checks.base import Context, Hit, Rule, Run, prepared
from .findings import (INTERNAL_ERROR, MAX_FINDINGS_PER_RULE, SEVERITY_RANK, Finding, folded_finding, printable,
                       tool_finding)
from .model import MAX_ELEMENTS, Document
from .phrases import EXPECTED_KEY as EXPECTED_PHRASE, KEY as PHRASE


class _SafeValues(dict):
    """format_map mapping that leaves unknown placeholders visible as ``{key}``."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: dict) -> str:
    names = _field_names(template)
    if names is None:
        plain = {k: _plain(v) for k, v in values.items()}
    else:  # only what the template names is made plain; the text is the same
        plain = {k: _plain(values[k]) for k in names if k in values}
    try:
        return template.format_map(_SafeValues(plain))
    except (ValueError, IndexError, KeyError, AttributeError):  # a malformed template: show it as written
        return template


@functools.lru_cache(maxsize=1024)
def _field_names(template: str) -> frozenset[str] | None:
    """The value names `template` looks up (``{found}``, ``{found.x}``, ``{found[0]}``), or None
    when that is not plain to see (a malformed template, fields nested in a format spec)."""
    names = set()
    try:
        for _, field, spec, _ in string.Formatter().parse(template):
            if field is None:
                continue
            if spec and "{" in spec:
                return None
            names.add(field.split(".", 1)[0].split("[", 1)[0])
    except ValueError:
        return None
    return frozenset(names)


# A value longer than this is cut in a message: a finding quotes a marking, and a hostile
# document must not turn one finding into megabytes of output.
MAX_VALUE_CHARS = 500


def _plain(value):
    """Values reach templates as plain strings/numbers, so a template cannot reach attributes."""
    if type(value) is str and len(value) <= MAX_VALUE_CHARS and value.isprintable():
        return value  # the usual value: short printable text, shown as it is
    if isinstance(value, (int, float)):
        return value
    # no terminal escapes from a document; each output format keeps CI commands out itself
    text = printable(value if isinstance(value, str) else str(value), commands=False)
    return text if len(text) <= MAX_VALUE_CHARS else f"{text[:MAX_VALUE_CHARS]}\u2026 ({len(text)} characters)"


# A line number in a message value ("(C) on line 21", "(line 7)"): where something is, which a
# fingerprint must not record, or a line inserted above would make a baselined finding new.
_LINE_NUMBER = re.compile(r"\bline \d+")


def cause(template: str, hit: Hit) -> tuple[str, ...]:
    """What a finding of `hit` says apart from where it is: ``name=value`` for each value its
    message shows (the expected marking, the portion that requires it, the document's date or
    classification), as the message shows it, line numbers taken out.

    The fingerprint hashes it (`markcheck.formats.fingerprint`): a baselined roll-up finding
    lies on the banner while a portion drives it, so a higher portion added later must make it
    new, while a finding that only moved stays baselined."""
    if hit.cause is not None:
        return hit.cause
    values = hit.values
    if not values:
        return ()
    names = _field_names(template)
    shown = sorted(values) if names is None else sorted(name for name in names if name in values)
    return tuple(f"{name}={_LINE_NUMBER.sub('line', str(_plain(values[name])))}" for name in shown)


def phrased_values(rule: Rule, values: dict) -> dict:
    """`values` with ``expected`` and ``problem`` rendered from the phrases they name (markcheck.phrases)."""
    from .phrases import template

    out = dict(values)
    for key, target in ((EXPECTED_PHRASE, "expected"), (PHRASE, "problem")):  # (a problem may show {expected})
        if key in values:
            text = template(rule, values[key])
            out[target] = render(text, out) if text is not None else str(values[key])
    return out


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
    if PHRASE in hit.values or EXPECTED_PHRASE in hit.values:  # the check named phrases: rendered from the YAML
        hit = Hit(hit.span, phrased_values(rule, hit.values), hit.severity, hit.cause)
    span = hit.span
    line, column, end_line, end_column = (
        (span.line, span.column, span.end_line, span.end_column) if span is not None else (1, 1, 1, 1))
    return Finding(rule.id, rule.name, severity, render(rule.message, hit.values),
                   line, column, end_line, end_column, rule.citation, path, cause(rule.message, hit))


# One step per rule that runs: (rule, its check for one document, configured severity or None,
# the rule's `at_most` cap or None).
Step = tuple[Rule, Run, Optional[str], Optional[Ceiling]]

# (id(rules), id(kinds), profile, era, select, ignore, overrides) -> (rules, kinds, steps). The
# rules and kinds are kept with the steps: an id is compared only while its object is alive.
_PLANS: dict[tuple, tuple] = {}
_PLANS_MAX = 256  # profiles x eras x selections of a run; more means a long-lived host process


def _runner(kinds: Mapping, rule: Rule) -> Run:
    """The check of `rule` for one document: the kind's prepared rule."""
    try:
        return prepared(kinds[rule.extends].prepare, rule)
    except Exception as exc:  # fail on every document the rule checks (MCK-001), as its check would
        error = exc.with_traceback(None)  # (`exc` itself is unbound when the except clause ends)

        def failed(doc: Document, ctx: Context):
            raise error

        return failed


def _steps(rules: Iterable[Rule], kinds: Mapping, profile: str, era: str | None, select, ignore,
           overrides: Mapping[str, str]) -> list[Step]:
    """The rules that run on a document of `profile` and `era`, in rule order."""
    steps = []
    for rule in select_rules(rules, select, ignore):
        override = overrides.get(rule.id)
        if rule.severity_for(profile) == "off" or override == "off" or not rule.applies_to_era(era):
            continue
        steps.append((rule, _runner(kinds, rule), override, compile_limits(rule.at_most)))
    return steps


def _plan(rules: Iterable[Rule], kinds: Mapping, profile: str, era: str | None, select, ignore,
          overrides: Mapping[str, str]) -> list[Step]:
    """`_steps`, remembered per rule pack and document shape (a run asks for a few dozen)."""
    if not isinstance(rules, tuple):  # a list may change between calls: no memo
        return _steps(rules, kinds, profile, era, select, ignore, overrides)
    if select or ignore or overrides:
        key = (id(rules), id(kinds), profile, era, tuple(select or ()), tuple(ignore or ()),
               tuple(sorted(overrides.items())))
    else:  # the usual run: no selection, no configured severities
        key = (id(rules), id(kinds), profile, era)
    entry = _PLANS.get(key)
    if entry is None or entry[0] is not rules or entry[1] is not kinds:
        if len(_PLANS) >= _PLANS_MAX:
            _PLANS.clear()
        entry = _PLANS[key] = (rules, kinds, _steps(rules, kinds, profile, era, select, ignore, overrides))
    return entry[2]


def check_document(doc: Document, rules: Iterable[Rule], ctx: Context, *,
                   select: Sequence[str] | None = None, ignore: Sequence[str] | None = None,
                   severity: Mapping[str, str] | None = None) -> list[Finding]:
    """Findings of `rules` on `doc`, sorted (path, line, column, rule).

    `severity` maps rule IDs to a configured level (or ``off``). It changes a rule's level
    wherever its profile runs it; it does not turn a rule on for a profile that has it off.
    """
    findings: list[Finding] = []
    for rule, run, override, ceiling in _plan(rules, registry(), ctx.profile, doc.era, select, ignore, severity or {}):
        try:
            hits = run(doc, ctx)
            if not hits:  # the usual answer, an empty tuple or list (a generator is never false)
                continue
            cap = ceiling(doc, ctx.profile) if ceiling is not None else None
            if (type(hits) is tuple or type(hits) is list) and len(hits) <= MAX_FINDINGS_PER_RULE:
                found = [_finding(rule, hit, level, doc.path) for hit in hits
                         if (level := _level(rule, hit, ctx.profile, override, cap)) != "off"]
            else:  # many hits, or a generator: run it here, inside the containment, one hit at a time
                found = _capped(rule, hits, ctx.profile, override, cap, doc.path)
        except Exception as exc:  # containment: one broken check must not hide the others
            findings.append(tool_finding(
                INTERNAL_ERROR, f"{rule.id} ({rule.extends}) failed: {type(exc).__name__}: {exc}", doc.path))
            continue
        findings.extend(found)
    for folded in doc.folded:  # elements past the model's bound: never skipped without a word
        span = folded.span
        findings.append(folded_finding(folded.kind, folded.count, span.line, span.column, span.end_line,
                                       span.end_column, doc.path, MAX_ELEMENTS))
    return sorted(findings, key=_IN_DOCUMENT_ORDER)


def _position(hit: Hit) -> tuple[int, int]:
    span = hit.span
    return (span.line, span.column) if span is not None else (1, 1)


def _level(rule: Rule, hit: Hit, profile: str, override: str | None, cap: str | None) -> str:
    """The hit's severity: the rule's (or the configured) level, then the authority's limit."""
    level = _severity(rule, hit, profile, override)
    return level if cap is None else cap_severity(level, cap)


def _capped(rule: Rule, hits: Iterable[Hit], profile: str, override: str | None, cap: str | None,
            path: str | None) -> list[Finding]:
    """The findings of `hits`: the first `MAX_FINDINGS_PER_RULE` in document order, then, for
    the rest, one finding at the first of them saying how many more there are, at the highest
    severity among them (so the cap never lowers a level or lets a failing document pass).
    Only the kept hits become findings; the others are counted as they pass."""
    kept: list[tuple] = []  # a max-heap by position, as (-line, -column, -order, level, hit)
    omitted, worst, first = 0, None, None
    for order, hit in enumerate(hits):
        level = _level(rule, hit, profile, override, cap)
        if level == "off":
            continue
        line, column = _position(hit)
        entry = (-line, -column, -order, level, hit)
        if len(kept) < MAX_FINDINGS_PER_RULE:
            heapq.heappush(kept, entry)
            continue
        if entry > kept[0]:  # before the last kept one: it is kept instead
            entry = heapq.heapreplace(kept, entry)
        omitted += 1
        if worst is None or SEVERITY_RANK.get(entry[3], 0) > SEVERITY_RANK.get(worst, 0):
            worst = entry[3]
        if first is None or entry[:3] > first[:3]:
            first = entry
    found = [_finding(rule, entry[4], entry[3], path) for entry in kept]
    if omitted:
        found.append(_more(rule, first[4], worst, omitted, path))
    return found


def _more(rule: Rule, hit: Hit, severity: str, omitted: int, path: str | None) -> Finding:
    """The finding that stands for `omitted` findings of `rule`, at the first of them."""
    first = _finding(rule, hit, severity, path)
    message = (f"{omitted:,} more {rule.id} finding{'s' if omitted > 1 else ''} in this document, not listed "
               f"(markcheck lists at most {MAX_FINDINGS_PER_RULE} of one rule per document); the first is here: "
               f"{first.message}")
    # the count is part of what it says: a baseline entry for "50 more" does not hide "5,000 more"
    return Finding(first.rule, first.name, severity, message, first.line, first.column, first.end_line,
                   first.end_column, first.citation, path, (*first.cause, f"omitted={omitted}"), omitted)


# `Finding.sort_key` for findings of one document, which all carry its path: (line, column, rule).
_IN_DOCUMENT_ORDER = operator.attrgetter("line", "column", "rule")
