"""Suppression comments in Markdown documents (`markcheck.suppress_comments`): the next block,
disable/enable ranges, a reason required, unused ones reported, refused ones reported, none
hiding a marking, and every suppression listed in JSON and SARIF."""

from __future__ import annotations

import json

from markcheck import cli
from markcheck.api import check_text

TODAY = "2026-12-07"
HEAD = "SECRET//NOFORN\n\nMarch 3, 2020\n\n(S//NF) An opening paragraph, marked.\n\n"  # the body starts at line 7
TAIL = "\nSECRET//NOFORN\n"


def memo(body: str) -> str:
    return HEAD + body + TAIL


def rules(result) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in result.findings if f.rule in ("POR-001", "MCK-003", "MCK-006")]


def check(body: str, path: str = "memo.md"):
    from markcheck.config import Config
    import datetime

    return check_text(memo(body), path=path, config=Config(today=datetime.date.fromisoformat(TODAY)))


def test_ignore_covers_the_next_block_only():
    result = check("<!-- markcheck: ignore[POR-001] the summary is marked at release -->\n"
                   "1. Unmarked summary.\n\n2. Unmarked too.\n")
    assert rules(result) == [("POR-001", 10)]  # paragraph 2: the comment was about paragraph 1
    (held,) = result.suppressed
    assert (held.finding.rule, held.finding.line, held.kind) == ("POR-001", 8, "comment")
    assert (held.reason, held.source) == ("the summary is marked at release", "memo.md:7:1")


def test_disable_runs_to_enable_and_an_unclosed_one_to_the_end():
    body = ("<!-- markcheck: disable[POR] appendix drafted apart -->\n\n1. One.\n\n2. Two.\n\n"
            "<!-- markcheck: enable[POR] -->\n\n3. Three.\n\n<!-- markcheck: disable[portion-unmarked] tail -->\n\n"
            "4. Four.\n")
    result = check(body)
    assert rules(result) == [("POR-001", 15)]
    assert sorted(s.finding.line for s in result.suppressed) == [9, 11, 19]


def test_the_same_comment_in_a_plain_text_document_is_text():
    result = check("<!-- markcheck: ignore[POR-001] not a comment in plain text -->\n1. Unmarked.\n", path="memo.txt")
    assert ("POR-001", 8) in rules(result) and not result.suppressed


def test_a_comment_in_a_code_block_is_not_a_directive():
    result = check("```\n<!-- markcheck: disable[POR-001] shown as code -->\n```\n\n1. Unmarked.\n")
    assert ("POR-001", 11) in rules(result) and not result.suppressed


def test_refused_directives_are_errors_at_the_comment_and_suppress_nothing():
    body = ("<!-- markcheck: ignore[POR-001] -->\n1. No reason.\n\n"
            "<!-- markcheck: ignore[POR-01X] typo -->\n2. Unknown rule.\n\n"
            "<!-- markcheck: ignore[MCK-002] tool -->\n3. Tool finding.\n\n"
            "<!-- markcheck: ignor[POR-001] verb typo -->\n4. Unknown verb.\n\n"
            "<!-- markcheck: disable reason but no rules -->\n5. No rules.\n\n"
            "<!-- markcheck: enable[DEC] -->\n6. Nothing to enable.\n")
    result = check(body)
    messages = [f.message for f in result.findings if f.rule == "MCK-006"]
    assert [f.line for f in result.findings if f.rule == "MCK-006"] == [7, 10, 13, 16, 19, 22]
    assert "give the reason" in messages[0]
    assert "'POR-01X' matches no rule (did you mean POR-001?)" in messages[1]
    assert "(MCK-) cannot be suppressed" in messages[2]
    assert "unknown directive 'ignor' (did you mean ignore?)" in messages[3]
    assert "name the rules" in messages[4] and "nothing to enable" in messages[5]
    assert not result.suppressed and len([r for r in rules(result) if r[0] == "POR-001"]) == 6


def test_a_directive_holding_a_marking_is_refused_and_hides_nothing():
    for comment in ("<!-- markcheck: ignore[POR-001] (S) paragraph -->",
                    "<!-- markcheck: ignore[POR-001] SECRET//NOFORN draft -->",
                    "<!-- markcheck: ignore[POR-001] the NOFORN paragraph -->"):
        result = check(comment + "\n1. Unmarked.\n")
        (refused,) = [f for f in result.findings if f.rule == "MCK-006"]
        assert "marking-shaped text" in refused.message and refused.severity == "error"
        assert ("POR-001", 8) in rules(result) and not result.suppressed


def test_a_directive_inside_a_line_is_reported():
    result = check("1. Unmarked <!-- markcheck: ignore[POR-001] inline --> text.\n")
    assert ("MCK-006", 7) in rules(result) and ("POR-001", 7) in rules(result)


def test_an_unused_directive_is_reported_unless_its_rules_are_not_run():
    body = "<!-- markcheck: ignore[POR-001] nothing to hide -->\n1. (S) Marked.\n"
    result = check(body)
    (unused,) = [f for f in result.findings if f.rule == "MCK-003"]
    assert unused.line == 7 and unused.severity == "info" and "suppressed nothing" in unused.message
    import datetime

    from markcheck.config import Config

    quiet = check_text(memo(body), path="m.md", config=Config(today=datetime.date(2026, 12, 7), ignore=("POR",)))
    assert not [f for f in quiet.findings if f.rule == "MCK-003"]


def test_suppressions_are_listed_in_json_and_sarif(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.md").write_text(memo("<!-- markcheck: ignore[POR-001] summary marked at release -->\n"
                                        "1. Unmarked.\n"), encoding="utf-8")
    cli.main(["m.md", "--isolated", "--today", TODAY, "--format", "json"])
    (entry,) = json.loads(capsys.readouterr().out)["suppressed"]
    assert (entry["rule"], entry["kind"], entry["source"]) == ("POR-001", "comment", "m.md:7:1")
    cli.main(["m.md", "--isolated", "--today", TODAY, "--format", "sarif"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    (held,) = [r for r in results if r.get("suppressions")]
    assert held["ruleId"] == "POR-001" and held["locations"][0]["physicalLocation"]["region"]["startLine"] == 8
    assert held["suppressions"] == [{"kind": "inSource", "status": "accepted",
                                     "justification": "summary marked at release",
                                     "properties": {"markcheck_kind": "comment", "source": "m.md:7:1"}}]


def test_a_flood_of_comments_gives_a_bounded_report():
    from markcheck.findings import MAX_FINDINGS_PER_RULE

    body = "".join(f"<!-- markcheck: ignore[POR-001] -->\n{n}. (S) Marked.\n\n" for n in range(1, 301))
    refused = [f for f in check(body).findings if f.rule == "MCK-006"]
    assert len(refused) == MAX_FINDINGS_PER_RULE + 1
    assert refused[-1].omitted == 300 - MAX_FINDINGS_PER_RULE and refused[-1].line == 7 + 3 * MAX_FINDINGS_PER_RULE
