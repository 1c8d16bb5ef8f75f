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
