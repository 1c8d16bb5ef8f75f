"""CAPCO documents of the US-owned register families (SCI, SAP, atomic energy) end to end: each
correct document (documents/sci-*, sap-*, aea-*) is read with no unknown word and gets no
finding; each planted defect (us-defects.yaml) is found by the rule meant to find it, with no
other finding; --fix repairs every fixable one back to the correct document.

The documents are read through the public API with every built-in rule, as `markcheck` runs them.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from markcheck import cli
from markcheck.api import check_text
from markcheck.config import Config
from markcheck.document import build_document

HERE = Path(__file__).parent
DOCUMENTS = HERE / "documents"
FAMILIES = ("sci-", "sap-", "aea-")
NAMES = sorted(p.name for p in DOCUMENTS.glob("*.txt") if p.name.startswith(FAMILIES))
DEFECTS = yaml.safe_load((HERE / "us-defects.yaml").read_text(encoding="utf-8"))
TODAY = datetime.date(2026, 12, 7)


def _check(text: str, name: str):
    return check_text(text, path=name, config=Config(today=TODAY))


def test_every_family_has_a_correct_document():
    assert {n.split("-", 1)[0] for n in NAMES} == {"sci", "sap", "aea"}


@pytest.mark.parametrize("name", NAMES)
def test_correct_document_is_read_whole_and_clean(name):
    text = (DOCUMENTS / name).read_text(encoding="utf-8")
    doc = build_document(text, path=name)
    markings = [b.marking for b in doc.banners] + [p.marking for p in doc.portions if p.marking is not None]
    assert doc.profile == "capco"
    assert [m.unknown for m in markings if m.unknown] == []
    family = {"sci": "sci", "sap": "sap", "aea": "aea"}[name.split("-", 1)[0]]
    assert getattr(doc.classification, family) and getattr(doc.rollup, family)
    result = _check(text, name)
    assert [f"{f.rule} {f.line}:{f.column} {f.message}" for f in result.findings] == []


def _planted(case) -> str:
    text = (DOCUMENTS / case["from"]).read_text(encoding="utf-8")
    for old, new in case["replace"]:
        assert old in text, f"{case['name']}: {old!r} is not in {case['from']}"
        text = text.replace(old, new)
    return text


def _matches(finding, expected: dict) -> bool:
    return ((finding.rule, finding.line) == (expected["rule"], expected["line"])
            and expected.get("column", finding.column) == finding.column
            and expected.get("severity", finding.severity) == finding.severity
            and expected.get("message_contains", "") in finding.message)


@pytest.mark.parametrize("case", DEFECTS, ids=[c["name"] for c in DEFECTS])
def test_planted_defect_is_found_by_its_rule(case):
    """Each expected finding matches one finding of its own, and no finding is left over."""
    left = list(_check(_planted(case), case["from"]).findings)
    for expected in case["findings"]:
        found = next((f for f in left if _matches(f, expected)), None)
        assert found is not None, (expected, [f"{f.rule} {f.line}:{f.column} {f.severity} {f.message}" for f in left])
        left.remove(found)
    assert [f"{f.rule} {f.line}:{f.column} {f.message}" for f in left] == []


@pytest.mark.parametrize("case", [c for c in DEFECTS if c.get("fixed")], ids=lambda c: c["name"])
def test_fix_repairs_the_planted_defect(case, tmp_path, monkeypatch, capsys):
    path = tmp_path / case["from"]
    path.write_text(_planted(case), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cli.main(["check", "--fix", case["from"], "--today", TODAY.isoformat(), "--isolated"])
    fixed = path.read_text(encoding="utf-8")
    lines = fixed.splitlines()
    assert lines[0] == lines[-1] == case["fixed"]
    assert list(_check(fixed, case["from"]).findings) == []


def test_every_rule_of_these_families_has_a_planted_defect():
    from markcheck.rulepack import builtin_rules

    planted = {e["rule"] for case in DEFECTS for e in case["findings"]}
    ours = {r.id for r in builtin_rules() if Path(r.source).name == "CAPCO-US.yaml"}
    # CMP-006 (ORCON-USGOV beside SI-G/HCS) and CMP-007 (RSV alone) are planted in their rule cases
    assert ours - planted - {"CMP-006", "CMP-007"} == set()
