"""The fix table: which rules ``--fix`` resolves, by which fixer, and why it leaves the others.
Light on purpose: a run's summary counts the fixable findings without loading the fixers."""

from __future__ import annotations

from dataclasses import dataclass, field

# The fixers of markcheck.fix, by the name a rule's `fixer:` gives (rules/schema.json).
FIXERS = ("raise-level", "add-noforn", "standard-separators", "cui-banner-top", "cui-banner-bottom",
          "cui-banner-complete", "complete-families",
          "fgi-banner", "standard-form", "add-companion", "add-rollup-control", "release-rollup")

# The fixers that leave a State telegram's markings to a person (State's conventions are its
# own): a run's summary does not count their findings in a telegram as fixable.
MEMO_ONLY = frozenset({"complete-families", "standard-form", "release-rollup"})


@dataclass(frozen=True)
class FixTable:
    """What the rule pack says about fixing: {rule ID: fixer} of the rules --fix resolves, and
    {rule ID: why not} of those it never does (each rule's `fix`, `fixer` and `not_fixed`)."""

    fixer: dict
    not_fixed: dict
    unsafe: frozenset = frozenset()  # the rules of `fixer` whose fix is unsafe (--unsafe-fixes)
    rules: dict = field(default_factory=dict)  # {rule ID: rule} of `fixer`: a fixer may read its rule's params

    def interesting(self, rule: str) -> bool:
        return rule in self.fixer or rule in self.not_fixed

    def fixes(self, rule: str, profile: str | None) -> bool:
        """Does --fix resolve `rule`'s findings in a document of `profile`?"""
        fixer = self.fixer.get(rule)
        return fixer is not None and not (profile == "state_cable" and fixer in MEMO_ONLY)


def fix_table(rules=None, unsafe: bool = False) -> FixTable:
    """The fix table of `rules` (default: the built-in pack); a rule whose fix is unsafe counts
    as fixable only with `unsafe` (``--unsafe-fixes``)."""
    if rules is None:
        from ..rulepack import builtin_rules

        rules = builtin_rules()
    allowed = ("safe", "unsafe") if unsafe else ("safe",)
    rules = list(rules)
    fixable = [r for r in rules if r.fix in allowed and r.fixer in FIXERS]
    return FixTable(fixer={r.id: r.fixer for r in fixable},
                    not_fixed={r.id: r.not_fixed for r in rules if r.not_fixed},
                    unsafe=frozenset(r.id for r in fixable if r.fix == "unsafe"),
                    rules={r.id: r for r in rules})
