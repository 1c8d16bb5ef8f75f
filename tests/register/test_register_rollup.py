"""The roll-up's REL TO intersection uses the register's tetragraph membership (Tetragraph
Taxonomy): table-driven, portions -> the banner they require."""

from __future__ import annotations

import pytest

from markcheck.reader.parse import parse_portion
from markcheck.rollup import rollup
from markcheck.vocabulary import expand_tetragraphs

CASES = [
    # TEYE is AUS, GBR, USA: a CAN-releasable portion leaves nothing in common
    (["S//REL TO USA, TEYE", "S//REL TO USA, CAN"], "SECRET//NOFORN"),
    (["S//REL TO USA, TEYE", "S//REL TO USA, GBR"], "SECRET//REL TO USA, GBR"),
    (["S//REL TO USA, FVEY", "S//REL TO USA, CAN, NZL"], "SECRET//REL TO USA, CAN, NZL"),
    # NATO's members (denormalised from the organisation) meet a trigraph list
    (["S//REL TO USA, NATO", "S//REL TO USA, DEU, JPN"], "SECRET//REL TO USA, DEU"),
    # a tetragraph every portion names stays one in the banner, after the trigraphs
    (["S//REL TO USA, NATO", "C//REL TO USA, NATO"], "SECRET//REL TO USA, NATO"),
    (["S//REL TO USA, GBR, FVEY", "C//REL TO USA, GBR, FVEY"], "SECRET//REL TO USA, FVEY"),
    # a tetragraph whose membership the register suppresses stands for itself
    (["S//REL TO USA, ISAF", "S//REL TO USA, GBR"], "SECRET//NOFORN"),
]


@pytest.mark.parametrize("portions, banner", CASES)
def test_rel_to_roll_up_with_tetragraphs(portions, banner):
    assert rollup([parse_portion(p) for p in portions]).banner() == banner


def test_teye_expands_to_its_three_members():
    assert expand_tetragraphs(("USA", "TEYE")) == {"AUS", "GBR", "USA"}


@pytest.mark.parametrize("portions, banner", [
    # controls the register lists and the roll-up carries although no Python list names them
    (["S//RAWFISA", "S"], "SECRET//RAWFISA"),
    (["C//NF", "U//NNPI"], "CONFIDENTIAL//NOFORN//NNPI"),
])
def test_register_controls_roll_up(portions, banner):
    assert rollup([parse_portion(p) for p in portions]).banner() == banner
