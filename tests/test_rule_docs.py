"""docs/rules.md is generated from the rule files and must not be stale."""

from __future__ import annotations

from pathlib import Path

from markcheck.ruledocs import explain, markdown
from markcheck.rulepack import builtin_rules

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date():
    assert DOCS.exists(), "docs/rules.md is missing: run python scripts/gen_rule_docs.py"
    assert DOCS.read_text(encoding="utf-8") == markdown(builtin_rules()), \
        "docs/rules.md is stale: run python scripts/gen_rule_docs.py"


def test_every_rule_has_a_section_and_an_explanation():
    text = markdown(builtin_rules())
    for rule in builtin_rules():
        assert f"\n## {rule.id}\n" in text
        assert rule.citation in explain(rule)


def test_markcheck_rule_names_every_level_a_finding_fires_at(capsys, monkeypatch):
    """`markcheck rule ID` shows the level each finding of the example cable is reported at:
    MSC-001 is a warning rule whose reason-1.4(b) hint fires as info."""
    from pathlib import Path

    from markcheck import cli

    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)
    cli.main(["check", "--isolated", "--today", "2026-12-07", "--format", "json", "examples/09USNATO114.txt"])
    import json

    fired = {(f["rule"], f["severity"]) for f in json.loads(capsys.readouterr().out)["files"][0]["findings"]}
    assert ("MSC-001", "info") in fired
    for rule, severity in fired:
        assert cli.main(["rule", rule, "--isolated"]) == 0
        explained = capsys.readouterr().out
        levels = [line for line in explained.splitlines() if line.startswith(("Severity:", "  part:"))]
        assert any(f" {severity}" in line.replace(",", " ") for line in levels), (rule, severity, levels)
