"""The fix table: which rules ``--fix`` resolves, by which fixer, and why it leaves the others.
Light on purpose: a run's summary counts the fixable findings without loading the fixers."""

from __future__ import annotations

from dataclasses import dataclass

# The fixers of markcheck.fix, by the name a rule's `fixer:` gives (rules/schema.json).
FIXERS = ("raise-level", "add-noforn", "standard-separators", "cui-banner-top", "cui-banner-bottom",
          "cui-banner-complete", "complete-families",
          "fgi-banner")


@dataclass(frozen=True)
class FixTable:
    """What the rule pack says about fixing: {rule ID: fixer} of the rules --fix resolves, and
    {rule ID: why not} of those it never does (each rule's `fix`, `fixer` and `not_fixed`)."""

    fixer: dict
    not_fixed: dict

    def interesting(self, rule: str) -> bool:
        return rule in self.fixer or rule in self.not_fixed


def fix_table(rules=None, unsafe: bool = False) -> FixTable:
    """The fix table of `rules` (default: the built-in pack); a rule whose fix is unsafe counts
    as fixable only with `unsafe` (``--unsafe-fixes``)."""
    if rules is None:
        from ..rulepack import builtin_rules

        rules = builtin_rules()
    allowed = ("safe", "unsafe") if unsafe else ("safe",)
    return FixTable(fixer={r.id: r.fixer for r in rules if r.fix in allowed and r.fixer in FIXERS},
                    not_fixed={r.id: r.not_fixed for r in rules if r.not_fixed})
