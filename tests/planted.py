"""What a document set's planted-defect cases expect of a check: every finding, rule and line,
nothing more, nothing less, each with its column, severity and message text where the case
gives them (tests/cui/defects.yaml, tests/capco/defects-foreign.yaml)."""

from __future__ import annotations

from collections import Counter


def assert_expected_findings(findings, expected_findings) -> None:
    got = Counter((f.rule, f.line) for f in findings)
    want = Counter((e["rule"], e["line"]) for e in expected_findings)
    assert got == want, [f"{f.rule} {f.line}:{f.column} {f.severity} {f.message}" for f in findings]
    for expected in expected_findings:
        found = [f for f in findings if (f.rule, f.line) == (expected["rule"], expected["line"])]
        assert any(("column" not in expected or f.column == expected["column"])
                   and ("severity" not in expected or f.severity == expected["severity"])
                   and expected.get("message_contains", "") in f.message for f in found), \
            (expected, [f"{f.column} {f.severity} {f.message}" for f in found])
