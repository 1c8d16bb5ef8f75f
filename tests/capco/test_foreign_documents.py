"""CAPCO documents with foreign-government, NATO, JOINT and release markings, end to end: each
correct document is clean under the capco profile with every marking read (no unknown word),
each planted defect (defects-foreign.yaml) is found by the rule meant to find it, at its place,
with no other finding, and --fix repairs each fixable one.

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
from markcheck.document import build_document

HERE = Path(__file__).parent
DOCUMENTS = HERE / "documents"
DEFECTS = yaml.safe_load((HERE / "defects-foreign.yaml").read_text(encoding="utf-8"))
TODAY = datetime.date(2026, 12, 7)
FAMILIES = ("fgi-", "nato-", "joint-", "rel-", "dissem-", "form-")
NAMES = sorted(p.name for p in DOCUMENTS.glob("*.txt") if p.name.startswith(FAMILIES))


def _check(text: str, name: str):
    return check_text(text, path=name, config=Config(profile="auto", today=TODAY))


@pytest.mark.parametrize("name", NAMES)
def test_correct_document_is_clean_and_read_whole(name):
    text = (DOCUMENTS / name).read_text(encoding="utf-8")
    result = _check(text, name)
    assert result.profile == "capco"
    assert [f"{f.rule} {f.line}:{f.column} {f.message}" for f in result.findings] == []
    doc = build_document(text, path=name)
    unknown = [(b.raw, b.marking.unknown) for b in doc.banners if b.marking.unknown]
    unknown += [(p.mark, p.marking.unknown) for p in doc.portions if p.marking is not None and p.marking.unknown]
    assert unknown == []
    assert doc.unreadable == ()


def test_every_family_has_a_correct_document():
    assert {prefix for prefix in FAMILIES if any(n.startswith(prefix) for n in NAMES)} == set(FAMILIES)


def _planted(case) -> str:
    text = (DOCUMENTS / case["from"]).read_text(encoding="utf-8")
    for old, new in case["replace"]:
        assert old in text, f"{case['name']}: {old!r} is not in {case['from']}"
        text = text.replace(old, new) if case.get("all") else text.replace(old, new, 1)
    return text


@pytest.mark.parametrize("case", DEFECTS, ids=[c["name"] for c in DEFECTS])
def test_planted_defect_is_found_by_its_rule(case):
    result = _check(_planted(case), case["from"])
    assert result.profile == "capco"
    assert_expected_findings(result.findings, case["findings"])


FIXABLE = [c for c in DEFECTS if c.get("fixed") is True]  # (`unsafe`: tests/capco/test_capco_fix.py)


@pytest.mark.parametrize("case", FIXABLE, ids=[c["name"] for c in FIXABLE])
def test_fix_repairs_the_planted_defect(case, tmp_path):
    from markcheck.fix import plan_file

    path = tmp_path / case["from"]
    path.write_text(_planted(case), encoding="utf-8")
    plan = plan_file(str(path), Config(profile="auto", today=TODAY))
    assert plan.changed, [n for n in plan.notes]
    fixed = plan.new_text()
    assert fixed == (DOCUMENTS / case["from"]).read_text(encoding="utf-8") or \
        not [f for f in _check(fixed, case["from"]).findings], _check(fixed, case["from"]).findings


def test_every_rule_of_the_families_has_a_planted_defect():
    from markcheck.rulepack import builtin_rules

    planted = {e["rule"] for case in DEFECTS for e in case["findings"]}
    ours = {r.id for r in builtin_rules()
            if r.id[:3] in ("ROL", "CMP", "FRM") and 20 <= int(r.id[4:]) <= 39}
    assert ours - planted == set()
