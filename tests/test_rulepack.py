"""The rule pack: built-in files validate; broken user rule files are refused with file:line:col."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from markcheck import cli
from markcheck.checks import registry
from markcheck.rulepack import DATA_FILES, SCHEMA_FILE, RuleFileError, builtin_rules, load_rules, rule_files
from markcheck.resources import rules_dir

from tests.samples import USER_RULE_FILE

VALID = USER_RULE_FILE

DOCUMENT = """\
O 201552Z MAR 09
FM AMEMBASSY PARIS
TO SECSTATE WASHDC

C O N F I D E N T I A L PARIS 000123

SIPDIS

E.O. 12958: DECL: 03/20/2019
TAGS: PREL
SUBJECT: TEST

Classified By: Ambassador Jane Roe, for reasons 1.4 (b) and (d)

1. (C) Text.
"""

# "Billion laughs": nine levels of nine aliases each would expand to 9**9 nodes.
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi"))


def _variant(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


BROKEN = {
    # name: (file text, line, column, reason fragment)
    "unknown-key": (VALID + "    colour: red\n", 15, 5, "'colour' was unexpected"),
    "wrong-type": (_variant("    severity: warning\n", "    severity: warning\n    grace_days: ten\n"), 7, 17,
                   "'ten' is not of type"),
    "unknown-kind": (_variant("extends: control", "extends: banana"), 11, 14, "'banana' is not one of"),
    "bad-params-for-kind": (_variant("      controls: [SIPDIS]\n", "      controls: [SIPDIS]\n      colour: red\n"),
                            14, 7, "'colour' was unexpected"),
    "bad-severity": (_variant("severity: warning", "severity: fatal"), 6, 15, "'fatal'"),
    "bad-id": (_variant("id: XYZ-001", "id: XYZ001"), 2, 9, "does not match"),
    "unconfirmed-rule-as-error": (_variant("severity: warning", "severity: error").replace("confidence: V", "confidence: M"),
                                  6, 15, "'error' is not one of"),
    "unknown-era": (_variant("eras: [all]", "eras: [EO99999]"), 7, 12, "unknown era 'EO99999'"),
    "unknown-placeholder": (_variant('message: "{problem}"', 'message: "{problme}"'), 9, 14,
                            "unknown placeholder(s) problme"),
    "attribute-placeholder": (_variant('message: "{problem}"', 'message: "{problem.__class__}"'), 9, 14,
                              "plain names"),
    "duplicate-key": (_variant("    citation: \"test citation\"\n", "    citation: a\n    citation: b\n"), 11, 5,
                      "duplicate key 'citation'"),
    "python-tag": (_variant("description: Reports every SIPDIS caption.",
                            "description: !!python/object/apply:os.system [\"echo owned\"]"), 5, 18,
                   "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "syntax-error": (_variant("    eras: [all]\n", "    eras: [all\n"), 8, 15, "YAML syntax"),
    "alias-bomb": (BOMB, None, None, "aliases"),
    "not-a-rule-file": ("- just\n- a list\n", 1, 1, "is not of type 'object'"),
    "empty-file": ("", 1, 1, "None is not of type 'object'"),
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return folder


def test_builtin_rule_files_validate():
    rules = builtin_rules()
    assert rules, "no rules loaded"
    assert len({r.id for r in rules}) == len(rules)


def test_data_files_are_not_rule_files():
    names = {p.name for p in rule_files(rules_dir())}
    assert not names & DATA_FILES
    assert all((rules_dir() / name).exists() for name in DATA_FILES)


# A CAPCO register file (rules/CAPCO-US.yaml: SCI, SAP, atomic energy) holds the roll-up,
# companion and form rules of its families.
CAPCO_FAMILIES = ("ROL-", "CMP-", "FRM-")


def test_rule_ids_follow_their_file():
    """A family file (ROL.yaml) holds only that family; a per-rule file is named after its rule; a
    topic file, named after a part of the register (CAPCO-US.yaml, CAPCO-FOREIGN.yaml), holds the
    ROL-, CMP- and FRM- rules of that part."""
    for rule in builtin_rules():
        stem = Path(rule.source).stem
        if stem.startswith("CAPCO-"):
            assert rule.id.startswith(CAPCO_FAMILIES), (rule.id, rule.source)
            continue
        assert rule.id == stem or rule.id.startswith(stem + "-"), (rule.id, rule.source)


def test_schema_names_exactly_the_implemented_kinds_with_one_params_block_each():
    schema = json.loads((rules_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))
    kinds = schema["$defs"]["kind"]["enum"]
    assert sorted(kinds) == sorted(registry()), "schema kinds and markcheck/checks modules differ"
    blocks = [b["if"]["properties"]["extends"]["const"] for b in schema["$defs"]["rule"]["allOf"]
              if "extends" in b["if"].get("properties", {})]
    assert sorted(blocks) == sorted(kinds), "each kind needs exactly one if/then params block"


def test_unconfirmed_rules_are_never_errors():
    for rule in builtin_rules():
        if rule.confidence == "M":
            assert "error" not in rule.severity.values(), rule.id


def test_a_user_rule_directory_adds_rules(tmp_path):
    folder = _write(tmp_path, "XYZ.yaml", VALID)
    rules = load_rules([folder])
    assert "XYZ-001" in {r.id for r in rules}
    doc = tmp_path / "cable.txt"
    doc.write_text(DOCUMENT, encoding="utf-8")
    assert cli.main(["check", "--rules", str(folder), "--select", "XYZ", str(doc)]) == 0


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_rule_file_is_refused_with_position(name, tmp_path, capsys):
    text, line, column, reason = BROKEN[name]
    folder = _write(tmp_path, "XYZ.yaml", text)
    with pytest.raises(RuleFileError) as info:
        load_rules([folder])
    message = str(info.value)
    where = f"{folder / 'XYZ.yaml'}:{line}:{column}: " if line else f"{folder / 'XYZ.yaml'}:"
    assert message.startswith(where), message
    assert reason in message, message
    doc = tmp_path / "cable.txt"
    doc.write_text(DOCUMENT, encoding="utf-8")
    assert cli.main(["check", "--rules", str(folder), str(doc)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(where) and "Traceback" not in captured.err
    assert captured.out == ""


def test_duplicate_rule_id_points_at_the_second(tmp_path):
    folder = _write(tmp_path, "XYZ.yaml", VALID)
    _write(tmp_path, "XYZ-001.yaml", VALID)
    with pytest.raises(RuleFileError) as info:
        load_rules([folder])
    assert str(info.value).startswith(f"{folder / 'XYZ.yaml'}:2:9: duplicate rule ID XYZ-001")


def test_builtin_id_cannot_be_redefined(tmp_path):
    folder = _write(tmp_path, "ROL.yaml", VALID.replace("XYZ-001", "ROL-001"))
    with pytest.raises(RuleFileError, match="duplicate rule ID ROL-001"):
        load_rules([folder])


def test_missing_rule_directory(tmp_path):
    with pytest.raises(RuleFileError, match="rule directory not found"):
        load_rules([tmp_path / "nowhere"])


def test_rules_are_loaded_once_per_process():
    assert load_rules() is load_rules(())
