"""The roll-up lattice (DESIGN.md "one rollup function"): worked cases and algebraic laws."""

from __future__ import annotations

import itertools

from hypothesis import given, settings, strategies as st

from markcheck.model import Level, Marking
from markcheck.reader.parse import parse_portion
from markcheck.rollup import rollup


def marks(*texts):
    return [parse_portion(t) for t in texts]


def test_example_cable_rolls_up_to_confidential_noforn():
    assert rollup(marks("C/NF", "C/NF", "C/NF", "U", "C/NF")).banner() == "CONFIDENTIAL//NOFORN"


def test_highest_level_wins_and_fouo_sbu_stay_out_of_a_classified_banner():
    assert rollup(marks("S", "C", "U//FOUO", "SBU")).banner() == "SECRET"


def test_sbu_noforn_in_a_classified_document_forces_noforn():
    assert rollup(marks("C", "SBU-NF")).banner() == "CONFIDENTIAL//NOFORN"


def test_unclassified_document_carries_sbu_and_sbu_noforn_supersedes_sbu():
    assert rollup(marks("SBU", "U")).banner() == "UNCLASSIFIED//SBU"
    assert rollup(marks("SBU", "SBU N")).banner() == "UNCLASSIFIED//SBU NOFORN"


def test_rel_to_banner_is_the_intersection():
    # rulebook DIS-003 PASS and FAIL examples
    assert rollup(marks("S//REL TO USA, JPN, NZL", "S//REL TO USA, NZL")).banner() == "SECRET//REL TO USA, NZL"
    assert rollup(marks("S//REL TO USA, GBR", "S//REL TO USA, AUS")).banner() == "SECRET//NOFORN"


def test_a_classified_portion_without_rel_to_blocks_the_banner_rel_to():
    # rulebook DIS-004: (S//REL TO USA, FVEY) + (C) -> NOFORN
    assert rollup(marks("S//REL TO USA, FVEY", "C")).banner() == "SECRET//NOFORN"


def test_uncaveated_unclassified_portions_do_not_affect_release():
    assert rollup(marks("S//REL TO USA, GBR", "U")).banner() == "SECRET//REL TO USA, GBR"


def test_nodis_prevails_over_exdis_and_orcon_rolls_up():
    assert rollup(marks("S//NF//ND", "S//NF//XD")).banner() == "SECRET//NOFORN//NODIS"
    assert rollup(marks("TS//OC/NF", "S")).banner() == "TOP SECRET//ORCON/NOFORN"


def test_nothing_marked_rolls_up_to_nothing():
    assert rollup([]) is None


SAMPLE = ["U", "C", "S", "TS", "C/NF", "S//NF", "SBU", "SBU-NF", "U//FOUO", "S//REL TO USA, GBR",
          "C//REL TO USA, GBR, AUS", "S//OC/NF", "S//NF//XD", "S//NF//ND", "C/REL ISAF", "S//NF/PR"]
markings = st.lists(st.sampled_from(SAMPLE), min_size=1, max_size=6).map(lambda ts: marks(*ts))


@settings(max_examples=300, deadline=None)
@given(markings)
def test_rollup_is_idempotent(ms):
    once = rollup(ms)
    assert rollup([once]) == once
    assert rollup(ms + ms) == once


@settings(max_examples=300, deadline=None)
@given(markings)
def test_rollup_is_commutative(ms):
    expected = rollup(ms)
    for permutation in itertools.islice(itertools.permutations(ms), 6):
        assert rollup(list(permutation)) == expected


@settings(max_examples=300, deadline=None)
@given(markings, markings)
def test_rollup_is_monotone_in_level_and_noforn(a, b):
    small, big = rollup(a), rollup(a + b)
    assert big.level >= small.level
    if small.noforn:
        assert big.noforn  # NOFORN is never lost by adding portions
    assert rollup(a + b).level == max(rollup(a).level, rollup(b).level)


def test_banner_renders_controls_in_register_order():
    m = Marking(level=Level.S, dissem=frozenset({"PROPIN", "NOFORN", "ORCON"}))
    assert m.banner() == "SECRET//ORCON/NOFORN/PROPIN"
    assert m.portion() == "S//OC/NF/PR"


def test_rollup_of_shared_and_equal_marks_is_the_rollup_of_the_distinct_ones():
    """`rollup` tells shared marks apart by identity before hashing: a mark shared by several
    portions, an equal mark parsed apart and a mark written differently count once each."""
    c_nf, c = parse_portion("C/NF"), parse_portion("C")
    again = Marking(level=Level.C, dissem=frozenset({"NOFORN"}), written=("NF",))  # equal to c_nf, not it
    assert again == c_nf and again is not c_nf
    expected = rollup([c_nf, c])
    for ms in ([c_nf, c_nf, c], [c, again, c_nf, c], [again, c], [c, None, c_nf, Marking(level=None)]):
        assert rollup(ms) == expected and rollup(reversed(ms)) == expected
