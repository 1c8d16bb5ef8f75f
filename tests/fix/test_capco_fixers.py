"""The CAPCO fixers of markcheck.fix (standard-form, add-companion, add-rollup-control,
release-rollup) and the safety net they pass (markcheck/fix/net.py): what each repairs, what each
leaves to a person and why, and that no fix lowers a level, drops a control or widens a release.
"""

from __future__ import annotations

import datetime

import pytest

from markcheck import cli
from markcheck.config import Config
from markcheck.document import build_document
from markcheck.fix import fix_table, plan_file
from markcheck.fix.net import weakened

TODAY = "2026-12-07"


def _memo(banner: str, *portions: str) -> str:
    body = "\n\n".join(f"{n}. {mark} Text of paragraph {n}." for n, mark in enumerate(portions, 1))
    return (f"{banner}\n\nDate: 21 July 2025\n\nSUBJECT: (U) Test\n\n{body}\n\n"
            "Classified By: John Doe, Director\nDerived From: Multiple Sources\nDeclassify On: 20350721\n\n"
            f"{banner}\n")


def _plan(tmp_path, text: str, unsafe: bool = False):
    path = tmp_path / "memo.txt"
    path.write_text(text, encoding="utf-8")
    return plan_file(str(path), Config(today=datetime.date.fromisoformat(TODAY)), None, fix_table(unsafe=unsafe))


def _notes(plan) -> str:
    return "\n".join(f"{n.rule} {n.text}" for n in plan.notes)


# --- standard-form ----------------------------------------------------------------------------

def test_a_marking_is_written_in_register_order_and_form_for_its_place(tmp_path):
    text = _memo("SECRET//NF/OC", "(S//NOFORN/ORCON)", "(CONFIDENTIAL//REL TO GBR, USA, NATO, AUS)")
    plan = _plan(tmp_path, text)
    assert plan.new_text() == _memo("SECRET//ORCON/NOFORN", "(S//OC/NF)", "(C//REL TO USA, AUS, GBR, NATO)")


def test_a_marking_holding_an_unread_word_is_never_rewritten(tmp_path):
    text = _memo("SECRET//NF", "(S//NF)", "(S//NOFORN/XYZZY)")
    plan = _plan(tmp_path, text)
    assert "(S//NOFORN/XYZZY)" in plan.new_text()  # the unread word stays where it is written
    assert "words markcheck does not read" in _notes(plan)


def test_a_telegram_keeps_its_conventions(tmp_path):
    from markcheck.fix.table import FixTable

    cable = ("O 201552Z MAR 09\nFM AMEMBASSY ROME\nTO SECSTATE WASHDC\n\nS E C R E T ROME 001234\n\n"
             "E.O. 12958: DECL: 03/20/2019\nTAGS: PREL\nSUBJECT: TALKS\n\n"
             "Classified By: Ambassador Ronald Spogli, for reasons 1.4 (b) and (d)\n\n1. (S/REL GBR, USA) Details.\n")
    path = tmp_path / "cable.txt"
    path.write_text(cable, encoding="utf-8")
    doc = build_document(cable, path="cable.txt")
    assert doc.profile == "state_cable"
    from markcheck.findings import Finding

    p = next(p for p in doc.portions if p.marking is not None)
    finding = Finding("DIS-005", "rel-to-list", "warning", "out of order", p.mark_span.line, p.mark_span.column,
                      p.mark_span.end_line, p.mark_span.end_column, "")
    plan = plan_file(str(path), Config(today=None), [finding], FixTable({"DIS-005": "standard-form"}, {}))
    assert not plan.edits and "telegram" in _notes(plan)


# --- add-companion and add-rollup-control -----------------------------------------------------

def test_a_required_companion_is_added_to_the_portion(tmp_path):
    text = _memo("TOP SECRET//HCS-P/SI-G ABCD//ORCON/NOFORN", "(S//HCS-P)", "(TS//SI-G ABCD//NF)")
    plan = _plan(tmp_path, text)
    assert plan.new_text() == _memo("TOP SECRET//HCS-P/SI-G ABCD//ORCON/NOFORN", "(S//HCS-P//NF)",
                                    "(TS//SI-G ABCD//OC/NF)")


def test_the_portion_and_the_overall_marking_gain_noforn_in_one_run(tmp_path, monkeypatch, capsys):
    text = _memo("SECRET//HCS-P", "(S//HCS-P)")
    (tmp_path / "memo.txt").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cli.main(["check", "--fix", "memo.txt", "--today", TODAY, "--isolated", "--select", "CMP,DIS"])
    err = capsys.readouterr().err
    assert (tmp_path / "memo.txt").read_text(encoding="utf-8") == _memo("SECRET//HCS-P//NOFORN", "(S//HCS-P//NF)")
    assert "fixed 3 marking(s) in 1 file(s); 0 finding(s) remain" in err
    cli.main(["check", "--diff", "memo.txt", "--today", TODAY, "--isolated", "--select", "CMP,DIS"])
    assert capsys.readouterr().out == ""


def test_fixes_run_in_passes_until_nothing_is_left(tmp_path, monkeypatch, capsys):
    """DIS-005 reports the portions' lists once, at the first; each pass writes one and the file
    is written once with all of them."""
    text = _memo("SECRET//REL TO USA, GBR", "(S//REL TO GBR, USA)", "(C//REL TO NZL, USA, GBR)")
    (tmp_path / "memo.txt").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cli.main(["check", "--fix", "memo.txt", "--today", TODAY, "--isolated", "--select", "DIS-005"])
    err = capsys.readouterr().err
    assert (tmp_path / "memo.txt").read_text(encoding="utf-8") == _memo(
        "SECRET//REL TO USA, GBR", "(S//REL TO USA, GBR)", "(C//REL TO USA, GBR, NZL)")
    assert err.count("DIS-005 fixed: write") == 2 and "fixed 2 marking(s) in 1 file(s); 0 finding(s) remain" in err


def test_noforn_is_not_added_beside_a_release_marking(tmp_path):
    text = _memo("SECRET//HCS-P//REL TO USA, GBR", "(S//HCS-P//REL TO USA, GBR)")
    plan = _plan(tmp_path, text, unsafe=True)
    assert "(S//HCS-P//REL TO USA, GBR)" in plan.new_text()
    assert "NOFORN would sit beside REL TO" in _notes(plan)


def test_a_required_compartment_is_left_to_the_classifier(tmp_path):
    """HCS needs one of its compartments (CMP-008 names no single one): not a control to add."""
    from markcheck.findings import Finding
    from markcheck.fix.table import FixTable
    from markcheck.rulepack import builtin_rules

    text = _memo("SECRET//HCS//NOFORN", "(S//HCS//NF)")
    path = tmp_path / "memo.txt"
    path.write_text(text, encoding="utf-8")
    rule = next(r for r in builtin_rules() if r.id == "CMP-008")
    f = Finding("CMP-008", rule.name, "warning", "x", 7, 4, 7, 16, "")
    plan = plan_file(str(path), Config(today=None), [f], FixTable({"CMP-008": "add-companion"}, {}, rules={"CMP-008": rule}))
    assert not plan.edits and "not a dissemination control" in _notes(plan)


# --- release-rollup ---------------------------------------------------------------------------

def test_a_release_is_narrowed_only_with_unsafe_fixes(tmp_path):
    text = _memo("SECRET//REL TO USA, FVEY/RELIDO", "(S//REL TO USA, GBR, NZL/RELIDO)", "(C//REL TO USA, FVEY)")
    assert _plan(tmp_path, text).new_text() == text
    fixed = _plan(tmp_path, text, unsafe=True).new_text()
    assert fixed == _memo("SECRET//REL TO USA, GBR, NZL", "(S//REL TO USA, GBR, NZL/RELIDO)", "(C//REL TO USA, FVEY)")


def test_a_release_is_never_widened(tmp_path):
    """ISM allows a DISPLAY ONLY subset under a compilation reason: adding a country is a person's call."""
    text = _memo("SECRET//REL TO USA, GBR", "(S//REL TO USA, GBR, NZL)", "(S//REL TO USA, GBR, NZL)")
    plan = _plan(tmp_path, text, unsafe=True)
    assert plan.new_text() == text
    assert "would add REL TO NZL" in _notes(plan)


def test_no_common_country_is_a_conflict_left_to_a_person(tmp_path):
    text = _memo("SECRET//REL TO USA, GBR", "(S//REL TO USA, GBR)", "(S//REL TO USA, JPN)")
    plan = _plan(tmp_path, text, unsafe=True)
    assert plan.new_text() == text
    assert "NOFORN would replace the release marking" in _notes(plan)


# --- the net ----------------------------------------------------------------------------------

def _doc(text: str):
    return build_document(text, path="memo.txt", profile="capco")


@pytest.mark.parametrize("before,after,why", [
    (_memo("SECRET//NOFORN", "(S//NF)"), _memo("CONFIDENTIAL//NOFORN", "(S//NF)"), "lowered"),
    (_memo("SECRET//ORCON/NOFORN", "(S//OC/NF)"), _memo("SECRET//NOFORN", "(S//OC/NF)"), "lose a control"),
    (_memo("SECRET//NOFORN", "(S//NF)"), _memo("SECRET//NOFORN", "(S)"), "lose a control"),
    (_memo("SECRET//REL TO USA, GBR", "(S//REL TO USA, GBR)"), _memo("SECRET//REL TO USA, GBR, NZL",
                                                                      "(S//REL TO USA, GBR)"), "release more"),
    (_memo("SECRET//NOFORN", "(S//NF)"), _memo("SECRET//REL TO USA, GBR", "(S//NF)"), "lose a control"),
    (_memo("SECRET//REL TO USA, GBR", "(S//REL TO USA, GBR)"), _memo("SECRET", "(S//REL TO USA, GBR)"),
     "only --unsafe-fixes"),
    (_memo("SECRET//REL TO USA, GBR/RELIDO", "(S//REL TO USA, GBR/RELIDO)"),
     _memo("SECRET//REL TO USA, GBR/RELIDO", "(S//REL TO USA, GBR)"), "only --unsafe-fixes"),
    (_memo("SECRET//SI//NOFORN", "(S//SI//NF)"), _memo("SECRET//NOFORN", "(S//SI//NF)"), "lose a control"),
])
def test_the_net_refuses_what_lowers_drops_or_widens(before, after, why):
    problem = weakened(_doc(before), _doc(after), edited_lines=set(range(1, 40)), narrowing=False)
    assert problem is not None and why in problem


def test_the_net_lets_an_unsafe_fix_narrow_a_classification_line_but_never_a_portion():
    before = _memo("SECRET//REL TO USA, GBR/RELIDO", "(S//REL TO USA, GBR/RELIDO)")
    assert weakened(_doc(before), _doc(_memo("SECRET//REL TO USA, GBR", "(S//REL TO USA, GBR/RELIDO)")),
                    {1, 13}, narrowing=True) is None
    assert weakened(_doc(before), _doc(_memo("SECRET//REL TO USA, GBR/RELIDO", "(S//REL TO USA, GBR)")),
                    {7}, narrowing=True) is not None


def test_the_net_refuses_a_portion_no_edit_wrote():
    before = _memo("SECRET//NOFORN", "(S//NF)", "(S//NF)")
    after = _memo("SECRET//NOFORN", "(S//NF)", "(S//OC/NF)")
    assert weakened(_doc(before), _doc(after), edited_lines={1}) == "the portion marks would change"
    assert weakened(_doc(before), _doc(after), edited_lines={9}) is None


def test_the_same_marking_in_another_order_passes_the_net():
    before = _memo("SECRET//REL TO GBR, USA", "(S//REL TO GBR, USA)")
    after = _memo("SECRET//REL TO USA, GBR", "(S//REL TO USA, GBR)")
    assert weakened(_doc(before), _doc(after), edited_lines={1, 7, 13}) is None


def test_the_summary_counts_as_fixable_only_what_fix_would_change(tmp_path, monkeypatch, capsys):
    """A telegram's release list in another order is DIS-005's finding as a memo's is, but --fix
    rewrites only the memo's: the summary counts one fixable finding, not two."""
    cable = ("O 201552Z MAR 09\nFM AMEMBASSY ROME\nTO SECSTATE WASHDC\n\nS E C R E T ROME 001234\n\n"
             "E.O. 12958: DECL: 03/20/2019\nTAGS: PREL\nSUBJECT: (S) TALKS\n\n"
             "Classified By: Ambassador Ronald Spogli, for reasons 1.4 (b) and (d)\n\n"
             "1. (S//REL TO GBR, USA) Details.\n")
    (tmp_path / "cable.txt").write_text(cable, encoding="utf-8")
    (tmp_path / "memo.txt").write_text(_memo("SECRET//REL TO USA, GBR", "(S//REL TO GBR, USA)"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cli.main(["check", "--isolated", "--today", TODAY, "--select", "DIS-005", "cable.txt", "memo.txt"])
    out, err = capsys.readouterr()
    assert out.count("DIS-005") == 2 and "(1 fixable with --fix)" in err, (out, err)


def test_a_fix_of_several_passes_is_one_atomic_write(tmp_path, monkeypatch, capsys):
    """The passes' changes reach the file in one write; a write that fails leaves it as it was."""
    from markcheck import atomicwrite

    text = _memo("SECRET//REL TO USA, GBR", "(S//REL TO GBR, USA)", "(C//REL TO NZL, USA, GBR)")
    path = tmp_path / "memo.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    writes = []
    real = atomicwrite.replace_file

    def failing(target, data, **kwargs):
        if not str(target).endswith("memo.txt"):  # (markcheck's own cache)
            return real(target, data, **kwargs)
        writes.append(data)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomicwrite, "replace_file", failing)
    code = cli.main(["check", "--fix", "memo.txt", "--today", TODAY, "--isolated", "--select", "DIS-005"])
    assert code == 2 and path.read_text(encoding="utf-8") == text
    assert len(writes) == 1 and b"(S//REL TO USA, GBR)" in writes[0] and b"(C//REL TO USA, GBR, NZL)" in writes[0]
    assert "not fixed: memo.txt: No space left on device" in capsys.readouterr().err
    monkeypatch.setattr(atomicwrite, "replace_file", real)
