"""CUI documents end to end: each correct document is clean under the profile auto chooses for
it, and each planted defect (defects.yaml) is found by the rule meant to find it, at its place,
with no other finding.

The documents are read through the public API with every built-in rule, as `markcheck` runs them.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from markcheck.api import check_text
from markcheck.config import Config
from tests.planted import assert_expected_findings

HERE = Path(__file__).parent
DOCUMENTS = HERE / "documents"
DEFECTS = yaml.safe_load((HERE / "defects.yaml").read_text(encoding="utf-8"))
TODAY = datetime.date(2026, 12, 7)


def _profile_of(name: str) -> str:
    return "dod_cui" if name.startswith("dod_") else "cui"


def _check(text: str, name: str, profile: str = "auto"):
    return check_text(text, path=name, config=Config(profile=profile, today=TODAY))


@pytest.mark.parametrize("name", sorted(p.name for p in DOCUMENTS.glob("*.txt")))
def test_correct_document_is_clean_under_its_profile(name):
    result = _check((DOCUMENTS / name).read_text(encoding="utf-8"), name)
    assert result.profile == _profile_of(name)
    assert [f"{f.rule} {f.line}:{f.column} {f.message}" for f in result.findings] == []


def _planted(case) -> str:
    text = (DOCUMENTS / case["from"]).read_text(encoding="utf-8")
    for old, new in case["replace"]:
        assert old in text, f"{case['name']}: {old!r} is not in {case['from']}"
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize("case", DEFECTS, ids=[c["name"] for c in DEFECTS])
def test_planted_defect_is_found_by_its_rule(case):
    result = _check(_planted(case), case["from"], case.get("profile", "auto"))
    if "profile" not in case:
        assert result.profile == _profile_of(case["from"])
    assert_expected_findings(result.findings, case["findings"])


def test_every_cui_rule_has_a_planted_defect():
    """Each CUI rule is found by at least one planted defect (a deprecated category, which the
    register data has none of today, is planted in a generated register: test_register.py)."""
    from markcheck.rulepack import builtin_rules

    planted = {e["rule"] for case in DEFECTS for e in case["findings"]}
    cui_rules = {r.id for r in builtin_rules() if r.id.startswith("CUI-")}
    assert cui_rules - planted == set()


@pytest.mark.parametrize("component", ["Defense Logistics Agency", "National Geospatial-Intelligence Agency",
                                       "Defense Counterintelligence and Security Agency", "DCMA"])
def test_a_dod_component_named_in_full_makes_the_document_dod(component):
    text = (DOCUMENTS / "dod_basic.txt").read_text(encoding="utf-8").replace(
        "Controlled by: Department of the Army", f"Controlled by: {component}")
    assert _check(text, "memo.txt").profile == "dod_cui"


def test_another_agency_named_in_full_stays_nara():
    text = (DOCUMENTS / "dod_basic.txt").read_text(encoding="utf-8").replace(
        "Controlled by: Department of the Army", "Controlled by: Department of Energy")
    assert "Distribution Statement" not in text  # (a statement would make it DoD on its own)
    assert _check(text, "memo.txt").profile == "cui"
