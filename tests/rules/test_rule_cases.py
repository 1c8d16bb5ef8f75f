"""Data-first rule tests: tests/rules/cases/<RULE-ID>.yaml holds `pass:` and `fail:` documents.

Each case is a small complete document read through the public reading API
(``markcheck.document.build_document``) and checked with only the case file's rule:

    rule: ROL-001
    pass:
      - name: banner-equals-highest-portion
        text: |
          ...
    fail:
      - name: confidential-banner-secret-portion
        profile: capco            # optional, default auto
        today: "2024-01-01"       # optional run date for date-relative rules
        text: |
          ...
        findings:                 # exactly these findings of the rule, in any order
          - {line: 5, column: 1, severity: error, message_contains: "expected SECRET"}

A case may give `catalogue:`, the archive's classification field of the document (CAT-001), and
`format: md` to read its `text:` as a Markdown file.

A case may give `sheets:` (pages: header, footer, body, scanned, deleted) and `format:` (docx,
pdf, txt) instead of `text:`: the file is built as tests/pages/fixtures.py writes it and read as
markcheck reads that format. A pass case must produce no finding of the rule; a fail case exactly the listed (line, column)
pairs, with the severity and message fragment when given. A fail case of a rule --fix resolves
may give `fixed:`, the text ``markcheck check --fix`` makes of it from the rule's findings
(`fixed: unchanged` when --fix declines and leaves the text as it is). A case may say `pending: reason`
when it waits on the reading pipeline; it then runs as a strict xfail, so it fails loudly
the day it starts passing and the marker must go.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from markcheck.checks.base import Context
from markcheck.engine import check_document
from markcheck.rulepack import builtin_rules

CASES = Path(__file__).parent / "cases"
DEFAULT_TODAY = "2024-01-01"


def _case_files() -> list[Path]:
    return sorted(CASES.glob("*.yaml"))


def _cases():
    for path in _case_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for kind in ("pass", "fail"):
            for index, case in enumerate(data.get(kind) or ()):
                name = case.get("name", str(index))
                marks = [pytest.mark.xfail(reason=case["pending"], strict=True)] if case.get("pending") else []
                yield pytest.param(data["rule"], kind, case, id=f"{data['rule']}-{kind}-{name}", marks=marks)


def _findings(rule_id: str, case: dict):
    from markcheck.document import build_document

    rule = next((r for r in builtin_rules() if r.id == rule_id), None)
    assert rule is not None, f"{rule_id} is not in the rule pack"
    if "sheets" in case:  # a Word, PDF or paged text file built from page specs (tests/pages/fixtures.py)
        doc = _paged_document(rule_id, case)
    else:
        doc = build_document(case["text"], path=f"{rule_id}.{case.get('format', 'txt')}",  # (md: Markdown)
                             profile=case.get("profile", "auto"))
    ctx = Context(today=datetime.date.fromisoformat(str(case.get("today", DEFAULT_TODAY))), profile=doc.profile,
                  catalogue=case.get("catalogue"))  # an archive's classification field (CAT-001)
    return check_document(doc, [rule], ctx)


def _paged_document(rule_id: str, case: dict):
    """`sheets:` (each page's header, footer, body and flags) written as `format:` (docx, pdf,
    txt) and read back as markcheck reads that file."""
    import tempfile

    from markcheck.document import read_document
    from tests.pages.fixtures import Sheet, write

    sheets = [Sheet(s.get("header"), tuple(s.get("body", ())), s.get("footer", "same"), bool(s.get("scanned")),
                    tuple(s.get("deleted", ()))) for s in case["sheets"]]
    with tempfile.TemporaryDirectory() as folder:
        path = write(sheets, Path(folder), rule_id, case.get("format", "txt"))
        return read_document(str(path), profile=case.get("profile", "auto"))


@pytest.mark.parametrize("rule_id,kind,case", list(_cases()))
def test_rule_case(rule_id, kind, case, tmp_path):
    findings = _findings(rule_id, case)
    if "fixed" in case:
        _check_fixed(rule_id, case, [f for f in findings if f.rule == rule_id], tmp_path)
    assert not any(f.rule.startswith("MCK-") for f in findings), [f.message for f in findings]
    got = sorted((f.line, f.column) for f in findings if f.rule == rule_id)
    if kind == "pass":
        assert got == [], [f"{f.line}:{f.column} {f.message}" for f in findings]
        return
    expected = sorted((e["line"], e["column"]) for e in case["findings"])
    assert got == expected, [f"{f.line}:{f.column} {f.severity} {f.message}" for f in findings]
    unused = [f for f in findings if f.rule == rule_id]
    for want in case["findings"]:
        match = next((f for f in unused if _satisfies(f, want)), None)
        assert match is not None, (want, [f"{f.line}:{f.column} {f.severity} {f.message}" for f in unused])
        unused.remove(match)
        assert "{" not in match.message, f"unrendered placeholder in {match.message!r}"


def _check_fixed(rule_id: str, case: dict, findings, tmp_path) -> None:
    """--fix of the rule's findings turns the case's text into its `fixed:` text."""
    from markcheck.config import Config
    from markcheck.fix import fix_table, plan_file

    rule = next(r for r in builtin_rules() if r.id == rule_id)
    assert rule.fix != "none", f"{rule_id} declares fix: none, so its cases cannot expect a fixed text"
    path = tmp_path / f"{rule_id}.txt"
    path.write_text(case["text"], encoding="utf-8")
    config = Config(profile=case.get("profile", "auto"),
                    today=datetime.date.fromisoformat(str(case.get("today", DEFAULT_TODAY))))
    plan = plan_file(str(path), config, findings, fix_table(unsafe=rule.fix == "unsafe"))  # (--unsafe-fixes)
    want = case["text"] if case["fixed"] == "unchanged" else case["fixed"]
    assert plan.new_text() == want, [f"{n.line}:{n.column} {n.rule} {n.text}" for n in plan.notes]
    assert {e.rule for e in plan.edits} <= {rule_id}


def test_every_fixable_rule_has_a_case_with_its_fixed_text():
    """A rule whose fix is safe or unsafe shows what --fix makes of at least one of its fail cases."""
    missing = []
    for rule in builtin_rules():
        if rule.fix == "none":
            continue
        data = yaml.safe_load((CASES / f"{rule.id}.yaml").read_text(encoding="utf-8"))
        if not any("fixed" in case and case["fixed"] != "unchanged" for case in data.get("fail") or ()):
            missing.append(rule.id)
    assert not missing, f"fixable rules without a fail case giving its fixed text: {', '.join(missing)}"


def _satisfies(finding, want: dict) -> bool:
    return ((finding.line, finding.column) == (want["line"], want["column"])
            and finding.severity == want.get("severity", finding.severity)
            and want.get("message_contains", "") in finding.message)


def test_every_case_file_is_named_after_its_rule():
    for path in _case_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["rule"] == path.stem, path


def test_every_rule_has_pass_and_fail_cases():
    missing = []
    for rule in builtin_rules():
        path = CASES / f"{rule.id}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        if not data.get("pass") or not data.get("fail"):
            missing.append(rule.id)
    assert not missing, f"rules without both pass and fail cases: {', '.join(missing)}"
