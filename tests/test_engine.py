"""The engine on hand-built documents: filtering, selection, severities, messages, containment."""

from __future__ import annotations

import datetime
import pickle
from types import SimpleNamespace

import pytest

from markcheck import engine
from markcheck.checks.base import Context, Hit, Rule, compile_condition
from markcheck.findings import Finding
from markcheck.model import Banner, Document, DocumentDate, Level, Marking, Portion, Span

BANNER_SPAN = Span(3, 1, 3, 13)


def _doc(era="EO12958A", profile="state_cable", level=Level.C, portions=(Level.S,), day=datetime.date(2009, 3, 20)):
    marks = [Marking(level=lv) for lv in portions]
    return Document(
        path="doc.txt", profile=profile,
        date=DocumentDate(day, "dtg", "", None) if day else None, era=era,
        banners=(Banner("first", "CONFIDENTIAL", Marking(level=level), BANNER_SPAN),),
        portions=tuple(Portion(Span(5 + i, 1, 5 + i, 10), f"({m.level.name})", m, Span(5 + i, 4, 5 + i, 7), str(i + 1))
                       for i, m in enumerate(marks)),
        classification=Marking(level=level),
        rollup=Marking(level=max(portions)) if portions else None,
    )


def _rule(rule_id="TST-001", *, kind="fake", severity="error", eras=("all",), confidence="V",
          message="found {found}", name=None, grace_days=None, params=None):
    return Rule(id=rule_id, name=name or f"rule-{rule_id.lower()}", summary="s", description="d",
                severity={p: severity for p in ("state_cable", "isoo", "capco")}, eras=eras,
                grace_days=grace_days, confidence=confidence, message=message, citation="32 CFR 2001.21",
                extends=kind, params=params or {}, source="test")


def _preparing(check):
    """A kind's ``prepare`` for a plain ``check(doc, rule, ctx)`` function."""
    return lambda rule: lambda doc, ctx: check(doc, rule, ctx)


def _kinds(monkeypatch, **checks):
    modules = {name.replace("_", "-"): SimpleNamespace(prepare=_preparing(fn)) for name, fn in checks.items()}
    monkeypatch.setattr(engine, "registry", lambda: modules)


def _one_hit(span=BANNER_SPAN, severity=None, **values):
    return lambda doc, rule, ctx: [Hit(span, values or {"found": "X"}, severity)]


CTX = Context(today=datetime.date(2024, 1, 1), profile="state_cable")


def test_a_findings_cause_is_what_its_message_shows_without_line_numbers():
    hit = Hit(BANNER_SPAN, {"found": "UNCLASSIFIED", "portion": "(TS) on line 21", "expected": "TOP SECRET",
                            "where": "portion on line 21", "line": "21"})
    template = "Overall marking {found} but portion {portion} is classified; expected {expected}"
    assert engine.cause(template, hit) == ("expected=TOP SECRET", "found=UNCLASSIFIED", "portion=(TS) on line")
    assert engine.cause("{problem}", Hit(None, {})) == ()
    assert engine.cause(template, Hit(None, hit.values, cause=("limit=10 years",))) == ("limit=10 years",)


def test_hit_becomes_finding_with_rule_identity(monkeypatch):
    _kinds(monkeypatch, fake=_one_hit())
    [finding] = engine.check_document(_doc(), [_rule()], CTX)
    assert finding == Finding("TST-001", "rule-tst-001", "error", "found X", 3, 1, 3, 13, "32 CFR 2001.21", "doc.txt",
                              ("found=X",))
    assert list(finding.to_dict()) == ["rule", "name", "severity", "message", "line", "column", "end_line",
                                       "end_column", "citation"]


def test_whole_document_hit_is_reported_at_1_1(monkeypatch):
    _kinds(monkeypatch, fake=_one_hit(span=None))
    [finding] = engine.check_document(_doc(), [_rule()], CTX)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (1, 1, 1, 1)


def test_era_filtering(monkeypatch):
    _kinds(monkeypatch, fake=_one_hit())
    scoped = _rule("TST-001", eras=("EO12958A",))
    everywhere = _rule("TST-002", eras=("all",))
    assert [f.rule for f in engine.check_document(_doc(era="EO12958A"), [scoped, everywhere], CTX)] == ["TST-001", "TST-002"]
    assert [f.rule for f in engine.check_document(_doc(era="EO13526"), [scoped, everywhere], CTX)] == ["TST-002"]
    assert [f.rule for f in engine.check_document(_doc(era=None), [scoped, everywhere], CTX)] == ["TST-002"]


def test_profile_severity_and_off(monkeypatch):
    _kinds(monkeypatch, fake=_one_hit())
    rule = _rule()
    rule = Rule(**{**rule.__dict__, "severity": {"state_cable": "off", "isoo": "warning", "capco": "error"}})
    assert engine.check_document(_doc(), [rule], CTX) == []
    [finding] = engine.check_document(_doc(), [rule], Context(CTX.today, "isoo"))
    assert finding.severity == "warning"


def test_hit_severity_overrides_but_unconfirmed_rules_never_error(monkeypatch):
    _kinds(monkeypatch, fake=_one_hit(severity="error"), soft=_one_hit(severity="warning"))
    assert engine.check_document(_doc(), [_rule(kind="soft")], CTX)[0].severity == "warning"
    assert engine.check_document(_doc(), [_rule(severity="warning", confidence="M")], CTX)[0].severity == "warning"


@pytest.mark.parametrize("select,ignore,expected", [
    ([], [], ["DIS-001", "DIS-011", "ROL-001"]),
    (["DIS"], [], ["DIS-001", "DIS-011"]),
    (["DIS-00"], [], ["DIS-001"]),
    (["rule-rol-001"], [], ["ROL-001"]),
    ([], ["DIS-011", "ROL"], ["DIS-001"]),
    (["ALL"], ["dis"], ["ROL-001"]),
])
def test_select_and_ignore(monkeypatch, select, ignore, expected):
    _kinds(monkeypatch, fake=_one_hit())
    rules = [_rule("DIS-001"), _rule("DIS-011"), _rule("ROL-001")]
    found = engine.check_document(_doc(), rules, CTX, select=select, ignore=ignore)
    assert [f.rule for f in found] == expected


def test_a_failing_check_becomes_mck_001_and_the_run_continues(monkeypatch):
    def broken(doc, rule, ctx):
        raise ZeroDivisionError("boom")

    _kinds(monkeypatch, fake=_one_hit(), broken=broken)
    found = engine.check_document(_doc(), [_rule("TST-001", kind="broken"), _rule("TST-002")], CTX)
    assert [f.rule for f in found] == ["MCK-001", "TST-002"]
    assert "TST-001" in found[0].message and "ZeroDivisionError" in found[0].message
    assert found[0].severity == "error"


def test_messages_render_safely(monkeypatch):
    _kinds(monkeypatch, fake=_one_hit(found="SECRET"))
    rule = _rule(message="found {found}, expected {expected}")
    [finding] = engine.check_document(_doc(), [rule], CTX)
    assert finding.message == "found SECRET, expected {expected}"
    assert engine.render("{0} {", {}) == "{0} {"


def test_message_values_are_made_plain():
    cap = engine.MAX_VALUE_CHARS
    assert engine.render("{v}", {"v": "a\x1b[2Jb\u202e"}) == "a\\x1b[2Jb\\u202e"
    assert engine.render("{v}", {"v": "x" * cap}) == "x" * cap
    assert engine.render("{v}", {"v": "x" * (cap + 1)}) == "x" * cap + f"\u2026 ({cap + 1} characters)"
    assert engine.render("{v}", {"v": Level.S}) == str(Level.S)
    assert engine.render("{n:03d}", {"n": 7}) == "007"


def test_findings_are_sorted_and_picklable(monkeypatch):
    _kinds(monkeypatch, late=_one_hit(span=Span(9, 1, 9, 2)), early=_one_hit(span=Span(2, 5, 2, 6)))
    found = engine.check_document(_doc(), [_rule("AAA-001", kind="late"), _rule("ZZZ-001", kind="early")], CTX)
    assert [f.rule for f in found] == ["ZZZ-001", "AAA-001"]
    assert pickle.loads(pickle.dumps(found)) == found


def condition_holds(doc, when) -> bool:
    return compile_condition(when)(doc)


def test_condition_holds():
    doc = _doc()
    assert condition_holds(doc, None)
    assert condition_holds(Document(path=None, profile="isoo", date=None, era=None), None)  # even an empty one
    assert condition_holds(doc, {"classified": True, "date_from": "2009-03-20", "date_before": "2009-03-21"})
    assert not condition_holds(doc, {"date_before": "2009-03-20"})
    assert not condition_holds(doc, {"classified": False})
    assert not condition_holds(_doc(day=None), {"date_from": "1995-10-01"})


def test_rules_hash_by_identity():
    assert len({_rule("TST-001"), _rule("TST-001")}) == 1


# --- at most MAX_FINDINGS_PER_RULE findings of one rule per document --------------------------

def _hits(lines, severity=None):
    return lambda doc, rule, ctx: (Hit(Span(line, 2, line, 5), {"found": str(line)}, severity) for line in lines)


def test_a_rule_lists_at_most_the_cap_then_one_finding_says_how_many_more(monkeypatch):
    from markcheck.findings import MAX_FINDINGS_PER_RULE as cap

    _kinds(monkeypatch, fake=_hits(reversed(range(10, 10 + cap + 250))))  # hits in any order
    findings = engine.check_document(_doc(), [_rule(severity="warning")], CTX)
    listed, (more,) = findings[:-1], findings[-1:]
    assert [f.line for f in listed] == list(range(10, 10 + cap))  # the first `cap` in the document
    assert all(f.omitted == 0 and f.message == f"found {f.line}" for f in listed)
    assert (more.rule, more.severity, more.line, more.column, more.omitted) == ("TST-001", "warning", 10 + cap, 2, 250)
    assert more.message.startswith(f"250 more TST-001 findings in this document, not listed (markcheck lists at "
                                   f"most {cap} of one rule per document); the first is here: found {10 + cap}")
    assert more.to_dict()["omitted"] == 250 and more.to_dict()["max_findings_per_rule"] == cap
    assert "omitted" not in listed[0].to_dict()


def test_the_cap_never_lowers_a_severity(monkeypatch):
    """Warnings first, one error among those not listed: the finding that stands for them is an
    error, so the document fails as it would uncapped."""
    from markcheck.findings import MAX_FINDINGS_PER_RULE as cap

    def check(doc, rule, ctx):
        hits = [Hit(Span(line, 1, line, 2), {"found": "w"}, "warning") for line in range(10, 10 + cap + 5)]
        return hits + [Hit(Span(10_000, 1, 10_000, 2), {"found": "e"}, "error")]

    _kinds(monkeypatch, fake=check)
    findings = engine.check_document(_doc(), [_rule(severity="warning")], CTX)
    assert len(findings) == cap + 1
    assert {f.severity for f in findings[:-1]} == {"warning"}
    assert (findings[-1].severity, findings[-1].omitted, findings[-1].line) == ("error", 6, 10 + cap)


def test_a_rule_at_the_cap_is_listed_whole(monkeypatch):
    from markcheck.findings import MAX_FINDINGS_PER_RULE as cap

    _kinds(monkeypatch, fake=lambda doc, rule, ctx: [Hit(Span(i, 1, i, 2), {"found": "x"}) for i in range(1, cap + 1)])
    findings = engine.check_document(_doc(), [_rule()], CTX)
    assert len(findings) == cap and not any(f.omitted for f in findings)
