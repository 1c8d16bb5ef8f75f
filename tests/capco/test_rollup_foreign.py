"""The roll-up of foreign, JOINT and release markings, table-driven: portion marks as written ->
the overall marking they require, rendered in CAPCO banner form (ISM roll-up rules cited)."""

from __future__ import annotations

import pytest

from markcheck.reader.parse import parse_portion
from markcheck.rollup import rollup

CASES = [
    # level: a foreign level counts at the US level it is safeguarded at; NATO is an FGI source
    (["U", "//NS"], "SECRET//FGI NATO"),
    (["C", "//CTS", "S//NF"], "TOP SECRET//FGI NATO//NOFORN"),
    (["U", "//NR"], "CONFIDENTIAL//FGI NATO"),
    (["U", "//FRA R"], "CONFIDENTIAL//FGI FRA"),
    (["U", "//ITA RESTRICTED", "//DEU S"], "SECRET//FGI DEU ITA"),
    # FGI: the sources' union, trigraphs then tetragraphs; one concealed source conceals all
    (["S//FGI DEU", "//GBR C"], "SECRET//FGI DEU GBR"),
    (["S//FGI NATO", "//GBR C"], "SECRET//FGI GBR NATO"),
    (["//FGI S", "//DEU C"], "SECRET//FGI"),
    (["S//FGI//NF", "S//FGI GBR//NF"], "SECRET//FGI//NOFORN"),
    # JOINT: a US document with a JOINT portion names the other owners as FGI sources
    (["U", "//JOINT S CAN USA//REL TO USA, CAN"], "SECRET//FGI CAN//REL TO USA, CAN"),
    # a document whose every portion has one foreign owner is that owner's
    (["//JOINT S CAN USA", "//JOINT C CAN USA"], "//JOINT SECRET CAN USA"),
    (["//NS", "//NC"], "//NATO SECRET"),
    (["//NS//REL TO USA, NATO", "//CTSA//REL TO USA, NATO"], "//COSMIC TOP SECRET ATOMAL//REL TO USA, NATO"),
    (["//DEU S", "//DEU C"], "//DEU SECRET"),
    # a NATO control of a lower portion stays in the overall marking, written into its top level
    (["//NS", "//NCA"], "//NATO SECRET ATOMAL"),
    (["//NCA", "//CTS"], "//COSMIC TOP SECRET ATOMAL"),
    (["//CTS-B", "//NS"], "//COSMIC TOP SECRET-BOHEMIA"),
    # NATO controls no one NATO level holds (ATOMAL and BOHEMIA): neither is kept silently, the
    # bare level stands (ROL-024 reports that the document cannot be marked in one head)
    (["//CTSA", "//CTS-B"], "//COSMIC TOP SECRET"),
    (["//CTS-B", "//NSAT"], "//COSMIC TOP SECRET"),
    # RESTRICTED counts as CONFIDENTIAL, but below the owner's own CONFIDENTIAL
    (["//NR", "//NC"], "//NATO CONFIDENTIAL"),
    (["//DEU R", "//DEU C"], "//DEU CONFIDENTIAL"),
    (["//NR", "//NU"], "//NATO RESTRICTED"),
    # REL TO: the intersection, tetragraphs expanded; a tetragraph every list names stays one
    (["S//REL TO USA, FVEY", "S//REL TO USA, GBR, NZL"], "SECRET//REL TO USA, GBR, NZL"),
    (["S//REL TO USA, TEYE", "C//REL TO USA, FVEY"], "SECRET//REL TO USA, AUS, GBR"),
    (["S//REL TO USA, ACGU", "C//REL TO USA, ACGU"], "SECRET//REL TO USA, ACGU"),
    (["S//REL TO USA, GBR", "C//REL TO USA, AUS"], "SECRET//NOFORN"),
    (["//DEU S//REL TO USA, DEU", "S//REL TO USA, DEU, GBR"], "SECRET//FGI DEU//REL TO USA, DEU"),
    # NOFORN supersedes every release marking
    (["S//REL TO USA, GBR", "C//NF"], "SECRET//NOFORN"),
    (["S//RELIDO", "C//NF"], "SECRET//NOFORN"),
    (["S//DISPLAY ONLY IRQ", "C//NF"], "SECRET//NOFORN"),
    # RELIDO only when every classified portion carries it (ISM-ID-00132)
    (["S//RELIDO", "C//RELIDO", "U"], "SECRET//RELIDO"),
    (["S//RELIDO", "C"], "SECRET"),
    (["S//REL TO USA, GBR/RELIDO", "S//REL TO USA, GBR"], "SECRET//REL TO USA, GBR"),
    (["S//REL TO USA, GBR/RELIDO", "C//REL TO USA, GBR/RELIDO"], "SECRET//REL TO USA, GBR/RELIDO"),
    # DISPLAY ONLY: the countries every portion may be shown to (ISM-ID-00320)
    (["S//DISPLAY ONLY AFG, IRQ", "C//DISPLAY ONLY IRQ"], "SECRET//DISPLAY ONLY IRQ"),
    (["S//REL TO USA, GBR/DISPLAY ONLY IRQ", "S//REL TO USA, AUS, GBR/DISPLAY ONLY IRQ"],
     "SECRET//REL TO USA, GBR/DISPLAY ONLY IRQ"),
    (["S//REL TO USA, GBR", "S//DISPLAY ONLY GBR, IRQ"], "SECRET//DISPLAY ONLY GBR"),
    (["S//REL TO USA, GBR", "S//DISPLAY ONLY IRQ"], "SECRET//NOFORN"),
    (["S//DISPLAY ONLY IRQ", "C"], "SECRET//NOFORN"),
    # FOUO leaves the banner when another non-IC control is there; LES stays (ISM-ID-00066, -00145)
    (["U//FOUO", "U"], "UNCLASSIFIED//FOUO"),
    (["U//FOUO", "U//LES"], "UNCLASSIFIED//LES"),
    (["U//FOUO", "U//SSI"], "UNCLASSIFIED//SSI"),
    (["U//FOUO", "C"], "CONFIDENTIAL"),
    (["U//LES", "S"], "SECRET//LES"),
    (["U//LES-NF", "S"], "SECRET//NOFORN//LES"),
    (["U//SBU", "C"], "CONFIDENTIAL"),
    # State's distribution controls: NODIS supersedes EXDIS
    (["C//NF//EXDIS", "S//NF//NODIS"], "SECRET//NOFORN//NODIS"),
    (["C//NF//LIMDIS", "S//NF"], "SECRET//NOFORN//LIMDIS"),
]


@pytest.mark.parametrize("portions,expected", CASES, ids=[" + ".join(p) for p, _ in CASES])
def test_rollup(portions, expected):
    assert rollup(parse_portion(p) for p in portions).banner() == expected


@pytest.mark.parametrize("portions,expected", CASES, ids=[" + ".join(p) for p, _ in CASES])
def test_rollup_is_idempotent(portions, expected):
    once = rollup(parse_portion(p) for p in portions)
    assert rollup([once]).banner() == once.banner()


@pytest.mark.parametrize("mark", ["//NS", "//JOINT S CAN USA//REL TO USA, CAN", "//DEU S//REL TO USA, DEU",
                                  "//FGI S", "//CTSA", "//CTS-B", "S//FGI DEU GBR//REL TO USA, DEU, GBR",
                                  "S//REL TO USA, GBR/DISPLAY ONLY IRQ", "//FRA R"])
def test_portion_rendering_reads_back(mark):
    marking = parse_portion(mark)
    assert marking.portion() == mark
    assert parse_portion(marking.portion()) == marking


def test_restricted_ranks_below_the_owners_confidential_whatever_the_order():
    """(A roll-up of a set must not depend on which of two portions at one US level comes first.)"""
    from markcheck.reader.foreign import rank

    for restricted, confidential in (("//NR", "//NC"), ("//DEU R", "//DEU C"), ("//ITA RESTRICTED", "//ITA C")):
        assert rank(parse_portion(restricted)) < rank(parse_portion(confidential))


def test_restricted_is_safeguarded_at_the_level_its_quoted_authority_sets():
    """rules/vocabulary.yaml `foreign.restricted_safeguarded_at` is the level RESTRICTED counts at,
    and it records the text it rests on, from a source rules/authorities.yaml knows."""
    from markcheck.authority import sources
    from markcheck.model import Level
    from markcheck.resources import load_data

    foreign = load_data("vocabulary.yaml")["foreign"]
    cited = foreign["restricted_authority"]
    assert cited["source"] in sources() and cited["quote"].rstrip().endswith("no less than CONFIDENTIAL.")
    assert Level[foreign["restricted_safeguarded_at"]] == Level.C
    assert parse_portion("//NR").level == parse_portion("//FRA R").level == Level.C


@pytest.mark.parametrize("forms,apart", [
    (("CTSA", "CTS-B"), ("ATOMAL", "BOHEMIA")),
    (("CTS-B", "NSAT", "NU"), ("ATOMAL", "BOHEMIA")),
    (("CTS-BALK", "NCA"), ("ATOMAL", "BALK")),
    (("CTS", "NSAT"), ()),  # COSMIC TOP SECRET ATOMAL holds it
    (("CTS-B", "NS"), ()),
    (("NS", "NC"), ()),
])
def test_nato_controls_no_one_level_holds(forms, apart):
    from markcheck.reader.foreign import controls_apart

    assert controls_apart(forms) == apart
