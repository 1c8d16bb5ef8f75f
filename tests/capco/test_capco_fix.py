"""`markcheck check --fix` on the planted defects of the CAPCO document set (us-defects.yaml and
defects-foreign.yaml), run as a user runs it: every defect marked `fixed` is repaired (with
``--unsafe-fixes`` where its fix narrows a release), the fixed file gets no finding, a second
``--fix`` finds nothing to change, and a defect not marked `fixed` leaves the file as it was with
a note saying why. The counts of the note of issue 14 are these tests' cases.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from markcheck import cli
from markcheck.api import check_text
from markcheck.config import Config

HERE = Path(__file__).parent
DOCUMENTS = HERE / "documents"
TODAY = datetime.date(2026, 12, 7)


def _cases():
    for name in ("us-defects.yaml", "defects-foreign.yaml"):
        every = name == "us-defects.yaml"  # (that file replaces every occurrence; the other says `all:`)
        for case in yaml.safe_load((HERE / name).read_text(encoding="utf-8")):
            yield pytest.param({**case, "_all": every or case.get("all", False)}, id=case["name"])


CASES = list(_cases())
FIXABLE = [c for c in CASES if c.values[0].get("fixed")]
LEFT = [c for c in CASES if not c.values[0].get("fixed")]


def _planted(case) -> str:
    text = (DOCUMENTS / case["from"]).read_text(encoding="utf-8")
    for old, new in case["replace"]:
        text = text.replace(old, new) if case["_all"] else text.replace(old, new, 1)
    return text


def _fix(tmp_path, monkeypatch, capsys, case, *extra):
    monkeypatch.chdir(tmp_path)
    code = cli.main(["check", "--fix", case["from"], "--today", TODAY.isoformat(), "--isolated", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def _findings(text: str, name: str):
    return [f"{f.rule} {f.line}:{f.column} {f.message}" for f in check_text(text, path=name, config=Config(today=TODAY)).findings]


@pytest.mark.parametrize("case", FIXABLE)
def test_fix_repairs_the_planted_defect_and_a_second_run_finds_nothing(case, tmp_path, monkeypatch, capsys):
    path = tmp_path / case["from"]
    path.write_text(_planted(case), encoding="utf-8")
    unsafe = ["--unsafe-fixes"] if case["fixed"] == "unsafe" else []
    if unsafe:  # without --unsafe-fixes a fix that narrows a release is not made
        _fix(tmp_path, monkeypatch, capsys, case)
        assert path.read_text(encoding="utf-8") == _planted(case)
    code, out, err = _fix(tmp_path, monkeypatch, capsys, case, *unsafe)
    fixed = path.read_text(encoding="utf-8")
    assert fixed != _planted(case), err
    assert " fixed: " in err
    assert _findings(fixed, case["from"]) == []
    if isinstance(case["fixed"], str) and case["fixed"] != "unsafe":  # the classification line it names
        lines = fixed.splitlines()
        assert lines[0] == lines[-1] == case["fixed"]
    once = path.read_bytes()
    code, out, err = _fix(tmp_path, monkeypatch, capsys, case, *unsafe)
    assert path.read_bytes() == once and " fixed: " not in err, err
    assert code == 0


@pytest.mark.parametrize("case", LEFT)
def test_a_defect_with_no_one_right_repair_is_left_with_a_reason(case, tmp_path, monkeypatch, capsys):
    path = tmp_path / case["from"]
    path.write_text(_planted(case), encoding="utf-8")
    code, out, err = _fix(tmp_path, monkeypatch, capsys, case, "--unsafe-fixes")
    assert path.read_text(encoding="utf-8") == _planted(case)
    assert code == 1 or all(e.get("severity") in ("warning", "info") for e in case["findings"])
    planted = {e["rule"] for e in case["findings"]}
    explained = {line.split()[1] for line in err.splitlines() if "not changed by --fix" in line}
    from markcheck.fix import fix_table

    fixable = set(fix_table(unsafe=True).fixer)
    assert planted <= explained | (planted - fixable - set(fix_table().not_fixed)), err


def test_counts():
    """The note's counts: every planted defect whose rule has a fix is repaired by one."""
    from markcheck.fix import fix_table

    fixable = set(fix_table(unsafe=True).fixer)
    with_fix = [c.values[0] for c in CASES if {e["rule"] for e in c.values[0]["findings"]} <= fixable]
    # `left:` names a repair the fixer does not make yet, `declined:` one it refuses on purpose (a
    # person decides); the run says why (the test above)
    def accounted(c):
        return c.get("fixed") or c.get("left") or c.get("declined")

    assert all(accounted(c) for c in with_fix), [c["name"] for c in with_fix if not accounted(c)]
