"""A baseline under nested configurations: an entry is stale (MCK-004) only when its own file's
configuration applied the entry's rule and found nothing it matches. A rule turned off in a
subtree says nothing of whether that subtree's baselined findings were fixed, even when the
parent's configuration applies the rule to its own files."""

from __future__ import annotations

import json

from test_config_nested import TODAY, tree  # noqa: F401  (the fixture: archive/ and archive/annex/)
from test_file_selection import write

from markcheck import cli

BOTH = "select: [ROL, CAB]\n"


def _stale(capsys, *argv) -> list[str]:
    code = cli.main(["check", "--today", TODAY, "--format", "json", *argv])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    report = json.loads(out)
    return [f["message"] for e in report["files"] for f in e["findings"] if f["rule"] == "MCK-004"]


def test_an_entry_of_a_rule_its_subtree_turned_off_is_not_stale(tree, capsys):  # noqa: F811
    baseline = tree.parent / "baseline.json"
    annex = (tree / "annex" / ".markcheck.yaml").read_text(encoding="utf-8")
    write(tree / "annex" / ".markcheck.yaml", BOTH)  # while the baseline is written, annex/ applies ROL too
    assert cli.main(["check", "--today", TODAY, "--write-baseline", str(baseline), "--exit-zero", str(tree)]) == 0
    capsys.readouterr()
    entries = json.loads(baseline.read_text(encoding="utf-8"))["entries"]
    assert {(e["path"].split("/")[-1], e["rule"]) for e in entries} >= {("a.txt", "ROL-001"), ("b.txt", "ROL-001")}

    write(tree / "annex" / ".markcheck.yaml", annex)  # annex/ selects CAB only again
    write(tree / "a.txt", "UNCLASSIFIED\n\n1. (U) Nothing classified here.\n")  # a.txt's ROL-001 is fixed
    stale = _stale(capsys, "--baseline", str(baseline), str(tree))
    rol = [message for message in stale if "no ROL-001 finding" in message]
    # a.txt's configuration applies ROL and finds none: stale. annex/'s files are not checked
    # for ROL at all: their entries wait for the day annex/ selects ROL again
    assert any("a.txt" in message for message in rol), stale
    assert not any("annex/" in message for message in rol), stale
