"""A fingerprint records what a finding says, not only the text under it.

Baseline entries, SARIF ``partialFingerprints`` and GitLab fingerprints are one value
(`markcheck.formats.fingerprint`). A roll-up finding lies on the banner while a portion drives
it: baselined as "UNCLASSIFIED over a (C) paragraph", it must come back as new once a (TS)
paragraph is added. These tests run over the whole rule catalogue (tests/rules/cases): every
fail case is changed the ways a document grows worse (a portion raised or added, the banner or
the date of origin changed) and, for every rule, a finding whose statement changed must change
its fingerprint, while a finding that only moved keeps it.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from markcheck import cli
from markcheck.api import Result
from markcheck.checks.base import Context
from markcheck.document import build_document
from markcheck.engine import check_document
from markcheck.formats.fingerprint import fingerprints, matched_text
from markcheck.rulepack import builtin_rules

CASES = Path(__file__).parent / "rules" / "cases"
RULES = {rule.id: rule for rule in builtin_rules()}

# A portion mark at the start of a paragraph: "1. (C)", "A. (S//NF)", "(U)".
PORTION_MARK = re.compile(r"^([ \t]*(?:\d+\.|[A-Z]\.)?[ \t]*)\((U|SBU|C|S|TS)((?:/[^)\n]*)?)\)", re.M)
BANNER_CHANGES = (("C O N F I D E N T I A L", "S E C R E T"), ("CONFIDENTIAL", "SECRET"),
                  ("S E C R E T", "T O P S E C R E T"), ("SECRET", "TOP SECRET"), ("UNCLAS ", "S E C R E T "))
DATE_TIME_GROUP_YEAR = re.compile(r"\d{6}Z [A-Z]{3} (\d\d)")


def fail_cases():
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data.get("fail") or ():
            if not case.get("pending") and "text" in case:  # (a `sheets:` case is a Word/PDF file, not text)
                yield data["rule"], case


def worse(text: str):
    """The text changed the ways a document grows worse after its findings were baselined."""
    for old, new in BANNER_CHANGES:
        if old in text:
            yield text.replace(old, new)
    for m in DATE_TIME_GROUP_YEAR.finditer(text):
        for year in ("75", "82", "96", "04", "12"):
            yield text[:m.start(1)] + year + text[m.end(1):]
    for m in PORTION_MARK.finditer(text):
        for mark in ("TS", "TS//NF", "S/NF", "C"):  # the portion raised (or changed)
            yield text[:m.start(2)] + mark + text[m.end(3):]
        end = text.find("\n", m.end()) + 1 or len(text)
        for mark in ("TS", "S//NF", "C/NF", "C"):  # a portion added after it
            yield text[:end] + f"99. ({mark}) Added text.\n" + text[end:]


def findings(tmp_path: Path, rule_id: str, case: dict, text: str) -> tuple[list, list[str]]:
    """(findings of the case's rule on `text`, their fingerprints)."""
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    doc = build_document(text, path=str(path), profile=case.get("profile", "auto"))
    ctx = Context(today=datetime.date.fromisoformat(str(case.get("today", "2024-01-01"))), profile=doc.profile)
    found = tuple(f for f in check_document(doc, [RULES[rule_id]], ctx) if f.rule == rule_id)
    return list(found), fingerprints(Result(str(path), doc.profile, doc.era, None, None, None, found), "doc.txt")


def said(finding) -> str:
    """What a finding says: its message, line numbers taken out."""
    return re.sub(r"\bline \d+", "line", finding.message)


def statements(tmp_path: Path, rule_id: str, case: dict, text: str) -> dict[str, str]:
    """fingerprint -> what the finding says."""
    found, fps = findings(tmp_path, rule_id, case, text)
    return {fp: said(f) for f, fp in zip(found, fps)}


def by_span_alone(text: str, found) -> dict:
    """(rule, text under the finding, occurrence) -> what it says: all a fingerprint of the span
    alone (markcheck's version 1 fingerprint) told apart."""
    lines, seen, out = tuple(text.split("\n")), Counter(), {}
    for finding in found:
        key = (finding.rule, matched_text(lines, finding))
        out[key + (seen[key],)] = said(finding)
        seen[key] += 1
    return out


def test_a_finding_that_says_something_else_has_another_fingerprint(tmp_path):
    """Over every fail case and every worsening: one fingerprint, one statement. And the rules
    whose findings changed under an unchanged span (what a fingerprint of the span alone hid)
    include every rule known to lie on the banner while a portion, the date or the banner's level
    drives it."""
    hidden_by_span_alone = set()
    for rule_id, case in fail_cases():
        found, fps = findings(tmp_path, rule_id, case, case["text"])
        before, spans_before = {fp: said(f) for f, fp in zip(found, fps)}, by_span_alone(case["text"], found)
        for text in worse(case["text"]):
            found, fps = findings(tmp_path, rule_id, case, text)
            after, spans_after = {fp: said(f) for f, fp in zip(found, fps)}, by_span_alone(text, found)
            for fp in before.keys() & after.keys():
                assert before[fp] == after[fp], (rule_id, case.get("name"), before[fp], after[fp])
            if any(spans_before[k] != spans_after[k] for k in spans_before.keys() & spans_after.keys()):
                hidden_by_span_alone.add(rule_id)
    assert HIDDEN_BY_SPAN_ALONE <= hidden_by_span_alone, sorted(hidden_by_span_alone)


# The rules the test above finds with a finding whose statement changed under an unchanged span:
# on the banner while a portion drives it (ROL-, DIS-001, DIS-004, DIS-006..009, CAP-008, MSC-003),
# or on one line while the date of origin or the banner's level drives it (CAB-, DEC-, HDR-, POR-).
HIDDEN_BY_SPAN_ALONE = frozenset({
    "CAB-001", "CAB-005", "CAP-001", "CAP-002", "CAP-008", "DEC-001", "DEC-003", "DEC-004", "DEC-006", "DEC-008",
    "DEC-009", "DEC-012", "DEC-013", "DEC-022", "DIS-001", "DIS-004", "DIS-006", "DIS-007", "DIS-008", "DIS-009",
    "HDR-003", "HDR-004", "HDR-008", "MSC-003", "MSC-004", "POR-001", "POR-005", "POR-007", "ROL-001", "ROL-002",
    "ROL-004"})


def test_every_rule_whose_span_is_not_its_cause_reports_the_worse_finding_despite_the_baseline(
        tmp_path, monkeypatch, capsys):
    """Through the command line, one worsening per rule above: baselined, then worse, the finding
    is reported (exit 1 for an error), and its SARIF and GitLab fingerprints are new."""
    monkeypatch.chdir(tmp_path)
    checked = set()
    for rule_id, case in fail_cases():
        if rule_id in checked or rule_id not in HIDDEN_BY_SPAN_ALONE:
            continue
        found, _ = findings(tmp_path, rule_id, case, case["text"])
        spans = by_span_alone(case["text"], found)
        for text in worse(case["text"]):
            now, _ = findings(tmp_path, rule_id, case, text)
            changed = [said(f) for f, (k, v) in zip(now, by_span_alone(text, now).items()) if spans.get(k, v) != v]
            if changed:
                _assert_reported(capsys, rule_id, case, case["text"], text, changed)
                checked.add(rule_id)
                break
    assert checked == HIDDEN_BY_SPAN_ALONE


def _assert_reported(capsys, rule_id, case, baselined, worse_text, changed):
    options = ["--select", rule_id, "--today", str(case.get("today", "2024-01-01")), "--isolated",
               "--profile", case.get("profile", "auto")]

    def check(*argv):
        code = cli.main([*argv, *options, "doc.txt"])
        return code, capsys.readouterr().out

    doc = Path("doc.txt")
    doc.write_text(baselined, encoding="utf-8")
    assert check("--write-baseline", "b.json")[0] == 0
    before = {fmt: json.loads(check("--format", fmt)[1]) for fmt in ("gitlab", "sarif")}
    doc.write_text(worse_text, encoding="utf-8")
    code, out = check("--format", "json", "--baseline", "b.json")
    reported = [f for f in json.loads(out)["files"][0]["findings"] if f["rule"] == rule_id]
    shown = [re.sub(r"\bline \d+", "line", f["message"]) for f in reported]
    assert set(changed) <= set(shown), (rule_id, changed, shown)
    assert code == (1 if any(f["severity"] == "error" for f in reported) else 0), rule_id  # errors fail the run
    after = {fmt: json.loads(check("--format", fmt)[1]) for fmt in ("gitlab", "sarif")}
    gitlab = {i["fingerprint"]: i["description"].split(": ", 1)[1] for i in after["gitlab"]}  # "RULE name: message"
    known = {i["fingerprint"] for i in before["gitlab"]}
    assert {re.sub(r"\bline \d+", "line", d) for fp, d in gitlab.items() if fp not in known} >= set(changed)
    sarif = [fp for r in after["sarif"]["runs"][0]["results"] for fp in r["partialFingerprints"].values()]
    assert set(sarif) == set(gitlab)


def test_a_finding_that_only_moved_keeps_its_fingerprint(tmp_path):
    """A blank line inserted at each blank line of every fail case moves the findings below it;
    when they say the same (line numbers aside), their fingerprints are the same."""
    compared = 0
    for rule_id, case in fail_cases():
        text = case["text"]
        before = statements(tmp_path, rule_id, case, text)
        for m in re.finditer(r"\n\n", text):
            moved = statements(tmp_path, rule_id, case, text[:m.end()] + "\n" + text[m.end():])
            if sorted(moved.values()) == sorted(before.values()):
                assert set(moved) == set(before), (rule_id, case.get("name"))
                compared += 1
    assert compared > 500


def test_a_run_date_does_not_change_a_fingerprint(tmp_path):
    """DEC-017 measures from the run date: its message changes every day, its fingerprint not."""
    case = {"today": "2024-01-01"}
    text = next(c["text"] for r, c in fail_cases() if r == "DEC-017")
    first = statements(tmp_path, "DEC-017", case, text)
    later = statements(tmp_path, "DEC-017", {"today": "2025-06-30"}, text)
    assert first and set(first) == set(later) and list(first.values()) != list(later.values())


# The roll-up escalations of the issue, through the command line: --baseline, SARIF and GitLab.
HEADER = """\
O 201552Z MAR 09
FM AMEMBASSY PARIS
TO SECSTATE WASHDC

{banner} PARIS 000123

E.O. 12958: {decl}
TAGS: PREL
SUBJECT: (U) ROLL-UP TEST

{classified_by}1. (U) Text.
"""
ESCALATIONS = {
    # rule: (document as baselined, the paragraph added later)
    "ROL-004": ({"banner": "UNCLAS", "decl": "N/A", "classified_by": ""}, "2. (C) Text.\n", "3. (TS) Text.\n"),
    "ROL-001": ({"banner": "C O N F I D E N T I A L", "decl": "DECL: 03/20/2019",
                 "classified_by": "Classified By: Ambassador Jane Doe, for reasons 1.4 (b) and (d)\n\n"},
                "2. (S) Text.\n", "3. (TS) Text.\n"),
    "DIS-001": ({"banner": "C O N F I D E N T I A L", "decl": "DECL: 03/20/2019",
                 "classified_by": "Classified By: Ambassador Jane Doe, for reasons 1.4 (b) and (d)\n\n"},
                "2. (C/NF) Text.\n", "3. (S/NF) Text.\n"),
}


def _cli(capsys, *argv):
    code = cli.main([*argv, "--today", "2010-01-01", "--isolated"])
    out, err = capsys.readouterr()
    return code, out, err


def _fingerprints(capsys, rule_id, fmt):
    code, out, _ = _cli(capsys, "--select", rule_id, "--format", fmt, "doc.txt")
    data = json.loads(out)
    if fmt == "gitlab":
        return [issue["fingerprint"] for issue in data]
    return [fp for r in data["runs"][0]["results"] for fp in r["partialFingerprints"].values()]


@pytest.mark.parametrize("rule_id", sorted(ESCALATIONS))
def test_an_escalated_roll_up_is_new_to_the_baseline_sarif_and_gitlab(tmp_path, monkeypatch, capsys, rule_id):
    fields, first, worse_paragraph = ESCALATIONS[rule_id]
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "doc.txt"
    baselined = HEADER.format(**fields) + first
    doc.write_text(baselined, encoding="utf-8")
    code, out, _ = _cli(capsys, "--select", rule_id, "doc.txt")
    assert code == 1 and f" {rule_id} " in out
    assert _cli(capsys, "--select", rule_id, "--write-baseline", "b.json", "doc.txt")[0] == 0
    before = {fmt: _fingerprints(capsys, rule_id, fmt) for fmt in ("gitlab", "sarif")}

    doc.write_text("\n" + baselined, encoding="utf-8")  # moved: still baselined, same fingerprints
    assert _cli(capsys, "--select", rule_id, "--baseline", "b.json", "doc.txt")[:2] == (0, "")
    assert {fmt: _fingerprints(capsys, rule_id, fmt) for fmt in ("gitlab", "sarif")} == before

    doc.write_text(baselined + worse_paragraph, encoding="utf-8")  # the worse portion added
    code, out, _ = _cli(capsys, "--select", rule_id, "--baseline", "b.json", "doc.txt")
    assert code == 1 and f" {rule_id} " in out and "MCK-004" in out  # new; the old entry is stale
    after = {fmt: _fingerprints(capsys, rule_id, fmt) for fmt in ("gitlab", "sarif")}
    assert after["gitlab"] == after["sarif"] and len(after["gitlab"]) == 1
    assert not set(after["gitlab"]) & set(before["gitlab"])  # the MR widget calls it new
