"""Rule selectors that select nothing are refused, with the rule they most likely mean.

A ``--select FOO-999`` or ``--ignore portion-unmarkd`` that matches no rule would run every
rule (or none) while looking deliberate, so the command line refuses it as the configuration
file does (exit 2), as Ruff refuses an unknown rule code. The suggestion is the nearest rule ID
or name by edit distance (`markcheck.suggest.distance`), when one is near enough to be a typo.
"""

from __future__ import annotations

from typing import Iterable

from .findings import TOOL_FINDINGS
from .suppress import selector_matches


def known_rules(rules) -> list[tuple[str, str]]:
    """(ID, name) of every rule a selector may name: the pack's and the tool findings."""
    return [(r.id, r.name) for r in rules] + list(dict(TOOL_FINDINGS).items())


def matches_nothing(selector: str, known: Iterable[tuple[str, str]]) -> bool:
    return not any(selector_matches(selector, rule, name) for rule, name in known)


def suggestion(selector: str, known: Iterable[tuple[str, str]]) -> str | None:
    """The rule ID or name nearest `selector`, if it is within a third of its length in edits."""
    from .suggest import distance

    text = selector.strip()
    candidates = [(distance(text.upper(), rule), rule) for rule, _ in known]
    candidates += [(distance(text.lower(), name), name) for _, name in known]
    if not candidates:
        return None
    best, word = min(candidates)
    return word if best <= max(1, len(text) // 3) else None


def refusal(option: str, selector: str, known) -> str:
    """The message for a selector that matches no rule."""
    near = suggestion(selector, known)
    hint = f"; did you mean {near!r}?" if near else ""
    return f"{option}: {selector!r} matches no rule{hint} (see `markcheck rules`)"


def command_line_errors(select: Iterable[str], ignore: Iterable[str], rules) -> list[str]:
    """One line per ``--select``/``--ignore`` value that is no selector or matches no rule."""
    import re

    known = known_rules(rules)
    errors = []
    for option, values in (("--select", select), ("--ignore", ignore)):
        for selector in values:
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", selector):
                errors.append(f"{option}: {selector!r} is not a rule ID, prefix or name")
            elif matches_nothing(selector, known):
                errors.append(refusal(option, selector, known))
    return errors
