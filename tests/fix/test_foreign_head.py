"""`--fix` of ROL-001 over a foreign head (markcheck/fix/foreign_head.py) and the safety net's
view of foreign heads (markcheck/fix/net.py): a NATO or JOINT classification line is raised to
its owner's level the portions roll up to, in its own form, never to another owner's, never
losing the NATO control written into it, never lowered within the owner's levels."""

from __future__ import annotations

import datetime

import pytest

from markcheck.config import Config
from markcheck.document import build_document
from markcheck.fix import fix_table, plan_file
from markcheck.fix.net import weakened

TODAY = "2026-12-07"


def _document(head: str, *portions: str, subject: str = "(//NU)") -> str:
    body = "\n\n".join(f"{n}. {mark} Text of paragraph {n}." for n, mark in enumerate(portions, 1))
    return (f"{head}\n\nNATO MILITARY COMMITTEE\nDate: 14 March 2025\n\nSUBJECT: {subject} Readiness\n\n{body}\n\n"
            "Classified By: John Doe, Chief, Coalition Planning\nDerived From: Readiness Report, 20250305\n"
            f"Declassify On: N/A to NATO portions\n\n{head}\n")


def _plan(tmp_path, text: str):
    path = tmp_path / "nato.txt"
    path.write_text(text, encoding="utf-8")
    return plan_file(str(path), Config(today=datetime.date.fromisoformat(TODAY)), None, fix_table())


def _notes(plan) -> str:
    return "\n".join(f"{n.rule} {n.text}" for n in plan.notes)


def test_a_nato_head_keeps_the_control_written_into_it_when_raised(tmp_path):
    """//NATO SECRET ATOMAL under a COSMIC TOP SECRET portion: raised to COSMIC TOP SECRET ATOMAL,
    not to the bare roll-up (which would drop ATOMAL)."""
    plan = _plan(tmp_path, _document("//NATO SECRET ATOMAL", "(//NSAT)", "(//CTS)"))
    assert plan.new_text() == _document("//COSMIC TOP SECRET ATOMAL", "(//NSAT)", "(//CTS)")
    plan = _plan(tmp_path, _document("//NATO SECRET ATOMAL", "(//NS)", "(//CTS)"))
    assert plan.new_text() == _document("//COSMIC TOP SECRET ATOMAL", "(//NS)", "(//CTS)")


def test_a_head_written_in_portion_form_is_raised_in_the_same_run(tmp_path):
    """//NS under a (//CTS) portion: the head is written in its banner form (FRM-020) and raised
    (ROL-001), in passes, one write."""
    plan = _plan(tmp_path, _document("//NS", "(//NS)", "(//CTS)"))
    assert plan.new_text() == _document("//COSMIC TOP SECRET", "(//NS)", "(//CTS)")


def test_a_joint_head_keeps_its_owners_and_release(tmp_path):
    text = _document("//JOINT CONFIDENTIAL CAN USA//REL TO USA, CAN", "(//JOINT C CAN USA//REL TO USA, CAN)",
                     "(//JOINT S CAN USA//REL TO USA, CAN)", subject="(//JOINT U CAN USA//REL TO USA, CAN)")
    plan = _plan(tmp_path, text)
    assert plan.new_text() == text.replace("//JOINT CONFIDENTIAL CAN USA//", "//JOINT SECRET CAN USA//")


def test_a_head_over_a_us_portion_is_left_to_a_person(tmp_path):
    """A US TOP SECRET portion makes the document a US one (TOP SECRET//FGI NATO): the NATO head
    is not turned into another owner's, nor raised within NATO's levels."""
    text = _document("//NATO SECRET", "(//NS)", "(TS)")
    plan = _plan(tmp_path, text)
    assert not plan.changed
    assert "do not all have its owner" in _notes(plan)


def test_portions_with_two_nato_controls_are_left_to_a_person(tmp_path):
    """ATOMAL and BOHEMIA in different portions: no one head holds both, so no head is written."""
    text = _document("//NATO SECRET", "(//CTSA)", "(//CTS-B)")
    plan = _plan(tmp_path, text)
    assert not plan.changed
    assert "ATOMAL and BOHEMIA" in _notes(plan)


def _doc(text: str):
    return build_document(text, path="nato.txt", profile="capco")


@pytest.mark.parametrize("before,after", [
    ("//NATO CONFIDENTIAL", "//NATO RESTRICTED"),  # both count as CONFIDENTIAL; NR is the lower
    ("//NATO SECRET ATOMAL", "//COSMIC TOP SECRET"),  # higher, but ATOMAL is dropped
    ("//COSMIC TOP SECRET-BOHEMIA", "//COSMIC TOP SECRET ATOMAL"),  # one control for another
    ("//NATO SECRET", "//DEU SECRET"),  # another owner
    ("//JOINT SECRET CAN USA", "//JOINT SECRET CAN GBR USA"),  # other owners
    ("//JOINT SECRET CAN USA", "//CAN SECRET"),  # no longer JOINT
])
def test_the_net_refuses_a_head_lowered_or_losing_its_owner_or_control(before, after):
    old, new = _document(before, "(//NU)"), _document(after, "(//NU)")
    problem = weakened(_doc(old), _doc(new), edited_lines=set(range(1, 40)))
    assert problem is not None and "lowered or lose" in problem


@pytest.mark.parametrize("before,after", [
    ("//NATO SECRET", "//COSMIC TOP SECRET"),
    ("//NATO SECRET ATOMAL", "//COSMIC TOP SECRET ATOMAL"),
    ("//NS", "//NATO SECRET"),
    ("//JOINT CONFIDENTIAL CAN USA", "//JOINT SECRET CAN USA"),
])
def test_the_net_lets_a_head_be_raised_within_its_owners_levels(before, after):
    old, new = _document(before, "(//NU)"), _document(after, "(//NU)")
    assert weakened(_doc(old), _doc(new), edited_lines=set(range(1, 40))) is None
