"""Finding phrases are data (rules/messages.yaml, a rule's `phrases:`): rewording a finding is a
YAML edit, and the loader refuses a phrase that names a field its kind does not give."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from markcheck.checks.base import Context
from markcheck.document import build_document
from markcheck.engine import check_document
from markcheck.rulepack import RuleFileError, load_rules

MEMO = """SECRET

(S//REL TO GBR, USA) Text.

SECRET//REL TO USA, GBR
"""

RULE = """rules:
  - id: XRL-001
    name: rel-to-list-reworded
    summary: REL TO lists start with USA
    description: A release list starts with USA.
    severity: error
    eras: [all]
    confidence: V
    message: "{{problem}}"
    citation: CAPCO register, REL TO
    extends: rel-to
    params:
      check: list
{phrases}"""


def _rules(tmp_path: Path, phrases: str):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "XRL.yaml").write_text(RULE.format(phrases=phrases), encoding="utf-8")
    return [r for r in load_rules([str(folder)]) if r.id == "XRL-001"]


def _messages(rules):
    doc = build_document(MEMO, path="memo.txt", profile="capco")
    return [f.message for f in check_document(doc, rules, Context(today=datetime.date(2024, 1, 1), profile="capco"))]


def test_a_rule_of_a_kind_speaks_with_the_kinds_phrase(tmp_path):
    assert _messages(_rules(tmp_path, "")) == ["REL TO GBR, USA in (S//REL TO GBR, USA) (portion on line 3) "
                                                "does not start with USA"]


def test_a_rules_own_phrase_rewords_its_finding(tmp_path):
    rules = _rules(tmp_path, '    phrases:\n      usa_not_first: "release list {rel_to} must name USA first ({where})"\n')
    assert _messages(rules) == ["release list REL TO GBR, USA must name USA first (portion on line 3)"]


@pytest.mark.parametrize("phrases, reason", [
    ('    phrases:\n      usa_not_first: "{nonsense}"\n', "unknown field(s) nonsense"),
    ('    phrases:\n      no_such_phrase: "{rel_to}"\n', "has no phrase 'no_such_phrase'"),
    ('    phrases:\n      usa_not_first: "{rel_to:>999999999}"\n', "format spec"),
])
def test_a_bad_phrase_is_refused_with_its_position(tmp_path, phrases, reason):
    with pytest.raises(RuleFileError) as caught:
        _rules(tmp_path, phrases)
    message = str(caught.value)
    assert reason in message and re.search(r"XRL\.yaml:1[5-6]:\d+:", message), message


def test_the_migrated_checks_hold_no_sentence():
    """These kinds name phrases; the sentences live in rules/messages.yaml."""
    root = Path(__file__).resolve().parents[1] / "markcheck" / "checks"
    for name in ("rel_to.py", "control.py", "vocabulary.py", "unread_words.py", "banner_line.py", "order.py",
                 "portions.py", "level_agreement.py", "notice.py", "duration.py", "source_declass.py",
                 "reason_letters.py"):
        text = (root / name).read_text(encoding="utf-8")
        assert '"problem":' not in text and "problem=" not in text, name
