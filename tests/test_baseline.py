"""--write-baseline / --baseline: adopting markcheck on an existing archive.

A baseline records findings by a fingerprint that survives moved lines; a run against it
reports only new findings, and entries that no longer match anything as MCK-004 (info).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import stat

import pytest

from markcheck import cli
from markcheck.findings import Finding

from tests.samples import PARTLY_MARKED_CABLE

TODAY = "2010-01-01"
BASELINE = ".markcheck-baseline.json"

# At TODAY: 12:10 POR-001 [warning] (SUBJECT), 14:52 MSC-001 [info], 18:1 POR-001 [error] (¶3).
CABLE = PARTLY_MARKED_CABLE


@pytest.fixture
def archive(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    (root / ".git").mkdir(parents=True)
    (root / "cables").mkdir()
    (root / "cables" / "a.txt").write_text(CABLE, encoding="utf-8")
    (root / "cables" / "b.txt").write_text(CABLE.replace("3. Unmarked paragraph here.\n", ""), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def run(capsys, *argv):
    code = cli.main([*argv, "--today", TODAY, "--min-severity", "info", "--quiet"])  # every finding, nothing else
    out, err = capsys.readouterr()
    return code, out, err


def rules_at(out: str) -> list[tuple[str, int, str]]:
    rows = []
    for line in out.splitlines():
        m = re.match(r"(.+?):(\d+):\d+: (\S+) ", line)
        rows.append((m.group(1), int(m.group(2)), m.group(3)))
    return rows


def write(capsys, *paths):
    code, out, err = run(capsys, "--write-baseline", BASELINE, *(paths or (".",)))
    return code, out, err


def test_write_then_read_round_trip(archive, capsys):
    code, out, _ = run(capsys, ".")
    assert code == 1 and len(out.splitlines()) == 5
    code, out, err = write(capsys)
    assert (code, out) == (0, "")  # everything is now baselined
    assert f"wrote 5 baseline entries to {BASELINE}" in err
    text = (archive / BASELINE).read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 2 and data["tool"] == "markcheck"
    entries = data["entries"]
    assert [(e["path"], e["rule"]) for e in entries] == sorted((e["path"], e["rule"]) for e in entries)
    assert {(e["path"], e["rule"]) for e in entries} == {("cables/a.txt", "POR-001"), ("cables/a.txt", "MSC-001"),
                                                        ("cables/b.txt", "POR-001"), ("cables/b.txt", "MSC-001")}
    for entry in entries:
        assert set(entry) == {"fingerprint", "path", "rule"}  # never a line number
        assert re.fullmatch(r"[0-9a-f]{64}", entry["fingerprint"])
    assert len(text.splitlines()) == 4 + 5 + 2  # one entry per line, reviewable in a diff
    # stable: the same findings give the same bytes
    write(capsys)
    assert (archive / BASELINE).read_text(encoding="utf-8") == text
    code, out, err = run(capsys, "--baseline", BASELINE, ".")
    assert (code, out, err) == (0, "", "")


def test_baselined_findings_are_listed_as_suppressed(archive, capsys):
    write(capsys)
    code, out, _ = run(capsys, "--format", "json", "--baseline", BASELINE, ".")
    data = json.loads(out)
    assert code == 0
    assert all(f["findings"] == [] for f in data["files"])
    assert data["summary"] == {"files": 2, "error": 0, "warning": 0, "info": 0}
    assert len(data["suppressed"]) == 5
    first = data["suppressed"][0]
    assert (first["path"], first["rule"], first["kind"], first["source"]) == ("cables/a.txt", "POR-001", "baseline",
                                                                             BASELINE)
    assert first["reason"] == f"recorded in the baseline {BASELINE}"


def test_a_finding_survives_lines_inserted_above_it(archive, capsys):
    write(capsys)
    cable = archive / "cables" / "a.txt"
    moved = CABLE.replace("TO SECSTATE WASHDC\n", "TO SECSTATE WASHDC\nINFO NATO POST COLLECTIVE\n\n\n")
    cable.write_text(moved, encoding="utf-8")
    _, out, _ = run(capsys, "--isolated", str(cable))
    assert [line for _, line, _ in rules_at(out)] == [15, 17, 21]  # every finding moved down 3 lines
    assert run(capsys, "--baseline", BASELINE, ".")[:2] == (0, "")


def test_a_new_finding_is_reported(archive, capsys):
    write(capsys)
    cable = archive / "cables" / "a.txt"
    cable.write_text(CABLE + "4. Another unmarked paragraph.\n", encoding="utf-8")
    code, out, _ = run(capsys, "--baseline", BASELINE, ".")
    assert code == 1
    assert rules_at(out) == [("cables/a.txt", 19, "POR-001")]


def test_identical_defects_in_one_file_are_told_apart_by_occurrence(tmp_path):
    from markcheck import baseline
    from markcheck.api import Result
    from markcheck.findings import Finding

    doc = tmp_path / "doc.txt"

    def entries(text, lines):
        doc.write_text(text, encoding="utf-8")
        findings = tuple(Finding("POR-004", "portion-mark-separators", "warning", f"on line {n}", n, 4, n, 10, "c",
                                 str(doc)) for n in lines)
        return baseline.entries_for([Result(str(doc), None, None, None, None, None, findings)], str(tmp_path))

    two = entries("1. (C/NF) a\n2. (C/NF) a\n", [1, 2])
    assert len({e.fingerprint for e in two}) == 2
    # the same two defects further down (lines inserted above, a different message): same entries
    assert entries("\n\n\n1. (C/NF) a\n2. (C/NF) a\n", [4, 5]) == two
    # a third identical defect gets an entry of its own; the first two keep theirs
    three = entries("1. (C/NF) a\n2. (C/NF) a\n3. (C/NF) a\n", [1, 2, 3])
    assert set(two) < set(three) and len(three) == 3


def test_stale_entries_are_reported(archive, capsys):
    write(capsys)
    text = (archive / BASELINE).read_text(encoding="utf-8")
    # correct paragraph 3 of a.txt: its baseline entry matches nothing any more
    (archive / "cables" / "a.txt").write_text(CABLE.replace("3. Unmarked", "3. (C) Marked"), encoding="utf-8")
    code, out, _ = run(capsys, "--baseline", BASELINE, ".")
    assert code == 0  # stale entries are info
    [(path, line, rule)] = rules_at(out)
    assert (path, rule) == (BASELINE, "MCK-004")
    stale_line = text.splitlines()[line - 1]
    assert '"path": "cables/a.txt"' in stale_line and '"rule": "POR-001"' in stale_line
    assert "stale baseline entry: no POR-001 finding in cables/a.txt matches it any more" in out
    # only files this run checked are judged: a pre-commit run over b.txt says nothing of a.txt
    assert run(capsys, "--baseline", BASELINE, "cables/b.txt")[:2] == (0, "")
    # nor rules the run did not apply
    assert run(capsys, "--baseline", BASELINE, "--select", "MSC", ".")[:2] == (0, "")
    # rewriting the baseline clears it
    write(capsys)
    assert run(capsys, "--baseline", BASELINE, ".")[:2] == (0, "")


def test_paths_are_relative_to_the_baseline_file(archive, capsys, monkeypatch):
    write(capsys)
    monkeypatch.chdir(archive / "cables")
    assert run(capsys, "--baseline", f"../{BASELINE}", "a.txt", "b.txt")[:2] == (0, "")
    assert run(capsys, "--baseline", str(archive / BASELINE), str(archive))[:2] == (0, "")


def test_update_reports_against_the_old_baseline(archive, capsys):
    write(capsys)
    (archive / "cables" / "b.txt").write_text(CABLE, encoding="utf-8")  # b.txt gains the ¶3 defect
    code, out, _ = run(capsys, "--baseline", BASELINE, "--write-baseline", BASELINE, ".")
    assert (code, rules_at(out)) == (1, [("cables/b.txt", 18, "POR-001")])
    assert run(capsys, "--baseline", BASELINE, ".")[:2] == (0, "")


def test_tool_findings_are_never_baselined(archive, capsys):
    (archive / "cables" / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    code, _, _ = write(capsys)
    assert code == 2
    assert "binary" not in (archive / BASELINE).read_text(encoding="utf-8")
    code, out, _ = run(capsys, "--baseline", BASELINE, ".")
    assert code == 2 and [rule for _, _, rule in rules_at(out)] == ["MCK-002"]


def test_baseline_with_a_config_file(archive, capsys):
    (archive / ".markcheck.yaml").write_text(
        "per-file-ignores:\n  - paths: [cables/b.txt]\n    rules: [MSC]\n    reason: cover memo\n", encoding="utf-8")
    write(capsys)
    entries = json.loads((archive / BASELINE).read_text(encoding="utf-8"))["entries"]
    assert ("cables/b.txt", "MSC-001") not in {(e["path"], e["rule"]) for e in entries}  # suppressed, not recorded
    code, out, _ = run(capsys, "--format", "json", "--baseline", BASELINE, ".")
    kinds = sorted(s["kind"] for s in json.loads(out)["suppressed"])
    assert (code, kinds) == (0, ["baseline"] * 4 + ["config"])


@pytest.mark.parametrize("content, position, fragment", [
    (None, "1:1", "baseline file not found"),
    ("{\n  \"version\": 1,\n  oops\n}\n", "3:3", "not JSON"),
    ('{"version": 3, "entries": []}', "1:1", "not a markcheck baseline of version 1 or 2"),
    ('{"version": true, "entries": []}', "1:1", "not a markcheck baseline of version 1 or 2"),
    # a hostile number: refused at its position before Python converts it (4,300 digits at most)
    ('{"version": 2,\n "entries": [{"fingerprint": "' + "7" * 500 + '", "path": "a", "rule": "R"}],\n  "n": '
     + "9" * 100_000 + "}", "3:8", "a number of 100000 digits"),
    ('{"version": 1' + "0" * 200 + ', "entries": []}', "1:13", "a number of 201 digits"),
    ('{"version": 1, "entries": [{"path": "a.txt"}]}', "1:1", "$.entries[0]"),
])
def test_a_bad_baseline_file_exits_2(archive, capsys, content, position, fragment):
    if content is not None:
        (archive / BASELINE).write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "--baseline", BASELINE, ".")
    assert (code, out) == (2, "")
    assert err.startswith(f"{BASELINE}:{position}: ") and fragment in err
    assert "Traceback" not in err


def test_a_baseline_that_cannot_be_written_exits_2(archive, capsys):
    (archive / "blocked").write_text("a file, not a directory", encoding="utf-8")
    code, _, err = run(capsys, "--write-baseline", "blocked/base.json", ".")
    assert code == 2
    assert "cannot write the baseline blocked/base.json" in err


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_the_baseline_file_gets_the_mode_the_umask_gives(archive, capsys, umask, mode):
    """As any file the user creates: 0644 under umask 022, not the 0600 of a temporary file."""
    old = os.umask(umask)
    try:
        assert write(capsys)[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((archive / BASELINE).stat().st_mode) == mode


def _version_1_fingerprint(path: str, rule: str, text: str, index: int = 0) -> str:
    """What markcheck wrote in a version 1 baseline: the span's text, without the finding's cause."""
    return hashlib.sha256("\0".join(("v1", path, rule, text, str(index))).encode()).hexdigest()


def test_a_version_1_baseline_loads_but_hides_no_finding_whose_cause_it_did_not_record(archive, capsys):
    """Version 1 entries were made from the span alone: one cannot tell the finding it recorded
    from a worse one under the same text, so it matches none; the finding is new, the entry stale
    with the advice to rewrite the baseline."""
    from markcheck.formats.fingerprint import matched_text

    _, out, _ = run(capsys, "--format", "json", "cables/a.txt")
    found = next(f for f in json.loads(out)["files"][0]["findings"] if f["rule"] == "POR-001" and f["line"] == 18)
    span = Finding("POR-001", "n", "error", "m", *(found[k] for k in ("line", "column", "end_line", "end_column")), "c")
    text = matched_text(tuple(CABLE.split("\n")), span)
    old = [{"fingerprint": _version_1_fingerprint("cables/a.txt", "POR-001", text), "path": "cables/a.txt",
            "rule": "POR-001"}]
    (archive / BASELINE).write_text(json.dumps({"version": 1, "tool": "markcheck", "entries": old}), encoding="utf-8")
    code, out, _ = run(capsys, "--baseline", BASELINE, "cables/a.txt")
    assert code == 1
    assert ("cables/a.txt", 18, "POR-001") in rules_at(out)  # not hidden
    stale = [line for line in out.splitlines() if " MCK-004 " in line]
    assert len(stale) == 1 and "version 1" in stale[0] and "rewrite it with --write-baseline" in stale[0]
    # rewritten, the baseline is of version 2 and matches every finding again
    assert write(capsys, "cables/a.txt")[0] == 0
    assert json.loads((archive / BASELINE).read_text(encoding="utf-8"))["version"] == 2
    assert run(capsys, "--baseline", BASELINE, "cables/a.txt")[:2] == (0, "")


def test_a_finding_without_a_cause_keeps_its_version_1_fingerprint():
    """A message that shows no values says nothing beyond its span: such an entry of a version 1
    baseline still matches, and its SARIF/GitLab fingerprint did not change."""
    from markcheck.api import Result
    from markcheck.formats.fingerprint import fingerprints

    plain = Finding("CAP-004", "n", "warning", "SIPDIS caption on a document dated before December 2005",
                    1, 1, 1, 7, "c", None)
    caused = dataclasses.replace(plain, cause=("date=2004-03-20",))
    result = Result(None, None, None, None, None, None, (plain, caused))
    assert fingerprints(result, "a.txt") == [_version_1_fingerprint("a.txt", "CAP-004", ""),
                                             fingerprints(result, "a.txt")[1]]
    assert fingerprints(result, "a.txt")[1] != fingerprints(result, "a.txt")[0]
