"""Every rule of the rulebook's §3 index is implemented or deliberately excluded, once.

The rulebook lives beside the repository (../shared/rulebook.md). Only the comparison with it
is skipped when it is absent; the exclusions table is checked on its own either way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from markcheck.rulepack import builtin_rules

RULEBOOK = Path(__file__).parents[1].parent / "shared" / "rulebook.md"
EXCLUSIONS = Path(__file__).parents[1] / "rules" / "EXCLUSIONS.md"
ADDITIONS = Path(__file__).parents[1] / "rules" / "ADDITIONS.md"  # rules beyond the rulebook, with their basis
_ROW_ID = re.compile(r"^\|\s*([A-Z]{3}-[0-9]{3})\s*\|")
TOOL_FAMILIES = ("SYN", "MCK")  # markcheck's own findings, not rulebook rules


def rulebook_ids(text: str) -> list[str]:
    """Rule IDs in the first column of the §3 rule index table."""
    section = re.search(r"^## 3\..*?$(.*?)^## ", text, re.M | re.S)
    assert section, "rulebook has no '## 3.' section"
    return [m.group(1) for line in section.group(1).splitlines() if (m := _ROW_ID.match(line))]


def _table_ids(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [m.group(1) for line in path.read_text(encoding="utf-8").splitlines() if (m := _ROW_ID.match(line))]


def excluded_ids() -> list[str]:
    return _table_ids(EXCLUSIONS)


def test_added_rules_are_implemented():
    implemented = {r.id for r in builtin_rules()}
    assert not set(_table_ids(ADDITIONS)) - implemented, "rules/ADDITIONS.md lists rules that do not exist"


def test_exclusions_table_lists_each_rule_once_with_a_reason():
    ids = excluded_ids()
    assert len(ids) == len(set(ids)), f"listed twice: {sorted(i for i in ids if ids.count(i) > 1)}"
    for line in EXCLUSIONS.read_text(encoding="utf-8").splitlines():
        if _ROW_ID.match(line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            assert len(cells) == 3 and all(cells), f"row needs ID, kind and reason: {line}"


def test_no_rule_is_both_implemented_and_excluded():
    both = {r.id for r in builtin_rules()} & set(excluded_ids())
    assert not both, f"implemented and also excluded: {sorted(both)}"


def test_every_rulebook_rule_is_implemented_or_excluded():
    if not RULEBOOK.exists():
        pytest.skip(f"rulebook not found at {RULEBOOK} (the shared/ folder beside the repository)")
    book = rulebook_ids(RULEBOOK.read_text(encoding="utf-8"))
    assert len(book) >= 70, f"parsed only {len(book)} rule IDs from the rulebook's §3 table"
    implemented = {r.id for r in builtin_rules()}
    excluded = set(excluded_ids())
    added = set(_table_ids(ADDITIONS))
    assert not added & set(book), f"rules/ADDITIONS.md lists rulebook rules: {sorted(added & set(book))}"
    unknown = sorted((implemented | excluded) - set(book) - added - {i for i in implemented if i[:3] in TOOL_FAMILIES})
    assert not unknown, f"IDs neither in the rulebook nor in rules/ADDITIONS.md: {unknown}"
    missing = defaultdict(list)
    for rule_id in book:
        if rule_id not in implemented and rule_id not in excluded:
            missing[rule_id[:3]].append(rule_id)
    report = "; ".join(f"{family}: {', '.join(ids)}" for family, ids in sorted(missing.items()))
    assert not missing, f"{sum(map(len, missing.values()))} rulebook rules neither implemented nor excluded — {report}"
