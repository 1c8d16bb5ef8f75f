"""The marking register (rules/register/) is generated from the ODNI vocabularies, current, valid
against its schema, and read whole: every file of the folder is a family."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from markcheck import register
from markcheck.resources import rules_dir

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO.parent / "shared" / "register" / "odni-ism-2022dec"
needs_source = pytest.mark.skipif(not SOURCE.is_dir(), reason="the ODNI register is not beside this checkout")


def _generator():
    spec = importlib.util.spec_from_file_location("gen_register", REPO / "scripts" / "gen_register.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_source
def test_committed_register_equals_a_fresh_generation():
    fresh = _generator().render(SOURCE)
    committed = {p.name: p.read_text(encoding="utf-8") for p in (rules_dir() / "register").glob("*.json")
                 if p.name != "schema.json"}
    assert set(fresh) <= set(committed), "run: python scripts/gen_register.py"
    for name, text in fresh.items():
        assert committed[name] == text, f"rules/register/{name} is stale: run python scripts/gen_register.py"


def test_every_register_file_fits_the_schema():
    assert register.validate() == []


def test_the_register_names_every_family_the_issue_lists():
    assert {"levels-us", "levels-non-us", "levels-nato", "joint", "sci", "sar", "aea", "dissem", "non-ic",
            "non-us-controls", "notices", "exemptions", "fgi", "countries", "tetragraphs"} <= set(register.families())


def test_tetragraph_membership_comes_from_the_taxonomy():
    assert register.tetragraph_members("TEYE") == ("AUS", "GBR", "USA")  # not CAN
    assert register.tetragraph_members("FVEY") == ("AUS", "CAN", "GBR", "NZL", "USA")
    assert "DEU" in register.tetragraph_members("NATO")  # the organisation's members, denormalised
    assert register.tetragraph_members("ISAF") is None  # deprecated, membership suppressed
    assert register.is_tetragraph("ISAF") and register.deprecated("ISAF") == "2016-03-17"
    assert register.tetragraph_members("USA") is None


def test_banner_and_portion_forms():
    assert (register.banner_form("NF"), register.portion_form("NOFORN")) == ("NOFORN", "NF")
    assert (register.banner_form("OC"), register.portion_form("ORCON-USGOV")) == ("ORCON", "OC-USGOV")
    assert (register.banner_form("XD"), register.portion_form("SBU NOFORN")) == ("EXDIS", "SBU-NF")
    assert register.level_banner("TS") == "TOP SECRET" and register.level_forms()["SECRET"] == "S"
    assert register.nato_levels()["CTS"] == "TS" and register.nato_levels()["NR"] is None
    assert register.entry_for("EXEMPT_FROM_ICD501_DISCOVERY") is None  # metadata, never written


@pytest.mark.parametrize("token,family", [
    ("NF", "dissem"), ("RELIDO", "dissem"), ("LES-NF", "non-ic"), ("SI", "sci"), ("TK-BLFH", "sci"),
    ("SI-G ABCD", "sci"), ("SAR-BP", "sar"), ("SPECIAL ACCESS REQUIRED-BUTTER POPCORN", "sar"),
    ("HVSACO", "sar"), ("RD-SG 14", "aea"), ("DOD UCNI", "aea"), ("TFNI", "aea"), ("ATOMAL", "non-us-controls"),
    ("NS", "levels-nato"), ("TOP SECRET", "levels-us"), ("NOFRON", None), ("SIPDIS", None),
])
def test_category_of_a_token(token, family):
    assert register.category(token) == family


def test_country_codes_are_genc_and_release_codes_include_tetragraphs():
    assert {"USA", "GBR", "DEU", "AUS"} <= register.country_codes()
    assert "XYZ" not in register.country_codes()
    assert {"USA", "FVEY", "NATO"} <= register.release_codes()


def test_a_new_file_in_the_folder_joins_the_register(tmp_path, monkeypatch):
    folder = tmp_path / "register"
    shutil.copytree(rules_dir() / "register", folder)
    (folder / "extra.json").write_text(json.dumps(
        {"family": "extra", "entries": [{"value": "ZZ", "description": "a test value", "banner": "ZZZ"}]}))
    monkeypatch.setattr(register, "rules_dir", lambda: tmp_path)
    for cached in (register._paths, register.family, register._forms_index):
        cached.cache_clear()
    try:
        assert "extra" in register.families()
        assert [e.banner for e in register.family("extra")] == ["ZZZ"]
        assert register.validate() == []
    finally:
        monkeypatch.undo()
        for cached in (register._paths, register.family, register._forms_index):
            cached.cache_clear()


def test_a_register_file_off_the_schema_is_reported_with_its_name(tmp_path, monkeypatch):
    folder = tmp_path / "register"
    folder.mkdir()
    shutil.copy(rules_dir() / "register" / "schema.json", folder)
    (folder / "bad.json").write_text(json.dumps({"entries": [{"description": "no value"}]}))
    monkeypatch.setattr(register, "rules_dir", lambda: tmp_path)
    register._paths.cache_clear()
    try:
        problems = register.validate()
        assert problems and problems[0].startswith("bad.json: entries/0")
    finally:
        monkeypatch.undo()
        register._paths.cache_clear()


@needs_source
def test_generator_refuses_xml_with_entity_declarations(tmp_path):
    copy = tmp_path / SOURCE.name
    shutil.copytree(SOURCE, copy)
    target = copy / "ISM" / "CVEnumISMDissemIcrm.xml"
    text = target.read_text(encoding="utf-8")
    head, _, rest = text.partition("?>")
    target.write_text(head + '?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + rest, encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "gen_register.py"), str(copy)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2 and "refused" in result.stderr and "Traceback" not in result.stderr


def test_a_pattern_value_is_no_code():
    """The register lists NATO:<special word> as a regular expression, not as a tetragraph."""
    assert not any(":" in code for code in register.tetragraph_codes() | register.release_codes())
