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


def _written_forms():
    """Every category and LDC of the register as a banner and a portion mark write it (REL TO
    and DISPLAY ONLY with a country list; the attorney LDCs with the PRIVILEGE they need)."""
    from markcheck.cui import register

    for value, entry in register.categories().items():
        form = ("SP-" if entry["specified"] else "") + value
        yield value, form, form, ""
    for entry in register.register()["ldcs"]:
        listed = {"REL": "REL TO USA, GBR", "DISPLAYONLY": "DISPLAY ONLY GBR"}.get(entry["value"])
        banner, portion = (listed, listed) if listed else (entry["banner"], entry["portion"])
        if entry["value"] in ("AC", "AWP"):
            yield entry["value"], f"PRIVILEGE//{banner}", f"PRIVILEGE//{portion}", "CUI Category: PRIVILEGE\n"
        else:
            yield entry["value"], banner, portion, ""


@pytest.mark.parametrize("value,banner,portion,extra", list(_written_forms()), ids=lambda v: str(v))
def test_every_register_word_is_read_in_a_banner_and_a_portion(value, banner, portion, extra):
    """A word of the CUI Registry, written as the register says, is read (no finding) in a
    banner and a portion mark of an otherwise correct memo."""
    from markcheck.api import check_text
    from markcheck.config import Config

    text = (f"CUI//{banner}\n\nDate: May 14, 2024\n\n1. (CUI//{portion}) Text.\n2. (U) Text.\n\n"
            f"Controlled by: Department of Commerce\n{extra}\nCUI//{banner}\n")
    result = check_text(text, path="memo.txt", config=Config(today=datetime.date(2026, 12, 7)))
    assert [f"{f.rule} {f.line}:{f.column} {f.message}" for f in result.findings] == []
