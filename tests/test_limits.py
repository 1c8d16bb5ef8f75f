"""A rule's `at_most` entries (markcheck/checks/_limits.py): where its authority is silent or
optional, a finding goes no higher, whatever the profile default or the configuration says."""

from __future__ import annotations

import datetime
import textwrap

from markcheck.checks.base import Context
from markcheck.document import build_document
from markcheck.engine import check_document
from markcheck.ruledocs import explain
from markcheck.rulepack import builtin_rules

RULES = {r.id: r for r in builtin_rules()}


def findings(rule_id: str, text: str, *, severity=None, profile: str = "auto"):
    doc = build_document(textwrap.dedent(text).lstrip(), path="t.txt", profile=profile)
    ctx = Context(today=datetime.date(2024, 1, 1), profile=doc.profile)
    return [f for f in check_document(doc, [RULES[rule_id]], ctx, severity=severity) if f.rule == rule_id]


HINT = """
    O 150900Z MAR 11
    FM SECSTATE WASHDC
    TO AMEMBASSY PARIS

    S E C R E T STATE 083673

    E.O. 13526: DECL: 25X1, 20610315
    TAGS: PREL PGOV
    SUBJECT: MARKING TEST

    Classified By: Ambassador X, reasons 1.4 (a)

    1. (S) Text.
"""


def test_a_configured_error_cannot_raise_a_hint_the_authority_does_not_require():
    # no authority ties 25X1 to reason (c) or (d): DEC-019 stays info even when configured error
    found = findings("DEC-019", HINT, severity={"DEC-019": "error"})
    assert [f.severity for f in found] == ["info"]


def test_a_configured_lower_level_still_applies_under_the_cap():
    assert findings("DEC-019", HINT, severity={"DEC-019": "off"}) == []


FGI = """
    O 291200Z JUN 09
    FM SECSTATE WASHDC
    TO AMEMBASSY PARIS

    S E C R E T STATE 067105

    E.O. 12958: DECL: 06/29/2019
    TAGS: PREL
    SUBJECT: (S) MARKING TEST

    Classified By: Ambassador X, reasons 1.4 (b)

    1. (S//FGI//NF) Foreign government text.
"""


def test_fgi_finding_is_never_raised_to_error():
    # FGI portion marks are the agency's choice (2001.24(c)): a warning at most
    found = findings("MSC-001", FGI, severity={"MSC-001": "error"})
    assert found and {f.severity for f in found} <= {"warning", "info"}


MULTIPLE_SOURCES = """
    O 011200Z MAR {yy}
    FM AMEMBASSY PARIS
    TO SECSTATE WASHDC

    C O N F I D E N T I A L PARIS 000114

    E.O. {order}: DECL: 03/01/20{later}
    TAGS: PREL
    SUBJECT: (C) MARKING TEST

    Classified By: J. Smith, Analyst
    Derived From: Multiple Sources

    1. (C) Text.
"""


def test_a_dated_limit_holds_only_inside_its_window():
    # CAB-007 is info before the 2010 directive (the list was kept "with the file or record copy")
    old = findings("CAB-007", MULTIPLE_SOURCES.format(yy="09", order="12958", later="19"))
    new = findings("CAB-007", MULTIPLE_SOURCES.format(yy="11", order="13526", later="21"))
    assert [f.severity for f in old] == ["info"] and [f.severity for f in new] == ["warning"]


def test_the_rule_explanation_shows_its_limits():
    text = explain(RULES["CAB-007"])
    assert "Limit:      at most info dated before 2010-06-25" in text
    assert "at most warning where not commingled RD, FRD, CNWDI" in explain(RULES["DEC-010"])
