"""Which rules --fix resolves, and how safely, is data in the rule files (`fix`, `fixer`,
`not_fixed`), shown by `markcheck rules`, `markcheck rule`, docs/rules.md, JSON and SARIF."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import yaml

from markcheck.api import check_paths
from markcheck.cli import main
from markcheck.config import Config
from markcheck.fix import fix_table, plan_file
from markcheck.rulepack import builtin_rules
from markcheck.resources import rules_dir

CABLE = """O 201552Z MAR 09
FM AMEMBASSY PARIS
TO SECSTATE WASHDC

C O N F I D E N T I A L PARIS 000123

E.O. 12958: DECL: 03/20/2019
TAGS: PREL
SUBJECT: ROLL-UP TEST

Classified By: Ambassador Jane Roe, for reasons 1.4 (b) and (d)

1. (C) Text.
2. (S) Text.
"""


def test_every_rule_file_entry_declares_its_fix():
    for path in sorted(rules_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in (data.get("rules") or []) if isinstance(data, dict) else []:
            assert rule.get("fix") in ("none", "safe", "unsafe"), (path.name, rule["id"])


def test_the_fixers_name_no_rule():
    for path in sorted((Path(__file__).resolve().parents[1] / "markcheck" / "fix").glob("*.py")):
        assert not re.findall(r'"[A-Z]{3}-[0-9]{3}"', path.read_text(encoding="utf-8")), path.name


def _renamed(rule_id: str, new_id: str, **changes):
    return [dataclasses.replace(r, id=new_id, **changes) if r.id == rule_id else r for r in builtin_rules()]


def test_the_fixer_serves_whichever_rule_the_table_names(tmp_path):
    """A fixer is found through the rule pack, not by rule ID: the rule that names `raise-level`
    gets the edit, under its own ID."""
    path = tmp_path / "cable.txt"
    path.write_text(CABLE, encoding="utf-8")
    config = Config(today=None)
    [finding] = [f for f in check_paths([str(path)], config=config)[0].findings if f.rule == "ROL-001"]
    renamed = dataclasses.replace(finding, rule="ZZZ-001")
    table = fix_table(_renamed("ROL-001", "ZZZ-001"))
    plan = plan_file(str(path), config, [renamed], table)
    assert [e.rule for e in plan.edits] == ["ZZZ-001"]
    assert "S E C R E T PARIS" in plan.new_text()
    assert not plan_file(str(path), config, [renamed]).edits  # the built-in pack has no ZZZ-001


def test_an_unsafe_fix_applies_only_when_asked():
    rules = _renamed("ROL-001", "ROL-001", fix="unsafe")
    assert "ROL-001" not in fix_table(rules).fixer
    assert fix_table(rules, unsafe=True).fixer["ROL-001"] == "raise-level"


def test_rules_command_and_explanation_show_the_fix(capsys):
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "FIX" in lines[0].split()
    rol = next(line for line in lines if line.startswith("ROL-001"))
    assert " safe " in rol
    assert main(["rule", "ROL-002"]) == 0
    assert "Fix:        none: lowering a classification is never automatic" in capsys.readouterr().out


def test_json_and_sarif_show_the_fix(tmp_path, capsys):
    path = tmp_path / "cable.txt"
    path.write_text(CABLE, encoding="utf-8")
    main(["check", "--isolated", "--format", "json", str(path)])
    report = json.loads(capsys.readouterr().out)
    assert report["rules"]["ROL-001"] == {"fix": "safe"}
    assert all(v["fix"] in ("none", "safe", "unsafe") for v in report["rules"].values())
    main(["check", "--isolated", "--format", "sarif", str(path)])
    sarif = json.loads(capsys.readouterr().out)
    descriptors = {d["id"]: d for d in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert descriptors["ROL-001"]["properties"]["fix"] == "safe"
    assert descriptors["ROL-002"]["properties"]["fix"] == "none"


def test_rule_docs_show_the_fix():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "| Fix |" in docs and "- Fix: safe (raise-level)" in docs


def test_counting_fixable_findings_does_not_load_the_fixers():
    """A check run's summary asks only the fix table; the planners and writers load with --fix."""
    import subprocess
    import sys

    code = ("import sys; from markcheck.fix import fix_table; fix_table(); "
            "print(sorted(m for m in sys.modules if m.startswith('markcheck.fix')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['markcheck.fix', 'markcheck.fix.table']"
