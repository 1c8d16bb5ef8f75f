"""The CUI register: rules/register/cui.yaml is what scripts/gen_cui_register.py makes of the
ODNI vocabularies, and a deprecation date in a vocabulary reaches CUI-006."""

from __future__ import annotations

import datetime
import importlib.util
import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).parents[2]
REGISTER = REPO.parent / "shared" / "register" / "odni-ism-2022dec"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_cui_register", REPO / "scripts" / "gen_cui_register.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not REGISTER.exists(), reason="the ODNI vocabularies (../shared/register) are not beside the repository")
def test_committed_register_equals_a_fresh_generation():
    assert (REPO / "rules" / "register" / "cui.yaml").read_text(encoding="utf-8") == _generator().render(REGISTER)


def test_register_entries_say_what_they_are():
    from markcheck.cui import register

    cti = register.categories()["CTI"]
    assert (cti["specified"], cti["basic"], cti["banner"]) == (True, False, "SP-CTI")
    assert register.categories()["OPSEC"]["specified"] is False
    assert register.ldcs()["FED ONLY"]["value"] == "FED_ONLY"
    assert register.lookup("SP-PRVCY") == ("category", "PRVCY", True)
    assert register.lookup("REL TO USA, GBR") == ("ldc", "REL", False)
    assert register.suggestion("SP-CIT") == "SP-CTI"


@pytest.mark.skipif(not REGISTER.exists(), reason="the ODNI vocabularies (../shared/register) are not beside the repository")
def test_a_deprecated_category_is_reported_by_cui_006(tmp_path, monkeypatch):
    """ODNI marks a retired term with a `deprecated` date: the generator keeps it, and CUI-006
    warns before the date and reports an error from it."""
    copy = tmp_path / "odni"
    shutil.copytree(REGISTER / "ISM", copy / "ISM", ignore=shutil.ignore_patterns("*.csv"))
    specified = copy / "ISM" / "CVEnumISMCUISpecified.xml"
    text = specified.read_text(encoding="utf-8")
    # (as ODNI marks a retired term: a `deprecated` attribute on its Term, e.g. in CVEnumISMCATTetragraph)
    planted, count = re.subn(r'<Term (?P<attrs>[^>]*)>(?P<gap>\s*<Value[^>]*>CTI</Value>)',
                             r'<Term deprecated="2026-01-01" \g<attrs>>\g<gap>', text)
    assert count == 1
    specified.write_text(planted, encoding="utf-8")
    generated = _generator().render(copy)
    assert 'value: "CTI"' in generated and 'deprecated: "2026-01-01"' in generated

    import yaml

    from markcheck.checks.base import Context
    from markcheck.cui import register
    from markcheck.document import build_document
    from markcheck.engine import check_document
    from markcheck.rulepack import builtin_rules

    monkeypatch.setattr(register, "register", lambda: register.by_kind(yaml.safe_load(generated)))
    register.categories.cache_clear()
    try:
        doc = build_document("CUI//SP-CTI\n\n1. (CUI//SP-CTI) Drawings.\n\nControlled by: NASA\n", path="d.txt")
        rule = [r for r in builtin_rules() if r.id == "CUI-006"]  # unknown or deprecated words
        before = check_document(doc, rule, Context(datetime.date(2025, 6, 1), doc.profile))
        after = check_document(doc, rule, Context(datetime.date(2026, 6, 1), doc.profile))
    finally:
        register.categories.cache_clear()
    assert [(f.line, f.column, f.severity) for f in before] == [(1, 6, "warning"), (3, 10, "warning")]
    assert [(f.line, f.column, f.severity) for f in after] == [(1, 6, "error"), (3, 10, "error")]
