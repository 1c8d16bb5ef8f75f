"""Values the rule stage remembers on a document, and the short cut of `printable`: both must
give exactly what computing afresh gives."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from markcheck.escape import _UNPRINTABLE, printable
from markcheck.model import Banner, Document, DocumentDate, Level, Marking, Portion, Span

PORTION = Portion(Span(5, 1, 5, 10), "(C)", None, Span(5, 4, 5, 7), "1")


def _doc(level=Level.C, portions=(Level.C,), dissem=frozenset()):
    banner = Banner("first", level.banner, Marking(level=level, dissem=dissem), Span(3, 1, 3, 13))
    return Document(
        path="doc.txt", profile="state_cable", date=DocumentDate(dt.date(2009, 3, 20), "dtg", "", None),
        era="EO12958A", banners=(banner,), classification=Marking(level=level, dissem=dissem),
        rollup=Marking(level=max(portions)) if portions else None,
        portions=tuple(dataclasses.replace(PORTION, marking=Marking(level=lv)) for lv in portions))


def test_derived_document_values_follow_the_fields():
    """`first_banner`, `declass` and `classified` are remembered on the document; a changed copy
    has its own, and equality and hashing ignore them."""
    secret = _doc(level=Level.S)
    assert secret.classified and secret.first_banner is secret.banners[0]
    lowered = dataclasses.replace(secret, classification=Marking(level=Level.U), banners=())
    assert not lowered.classified and lowered.first_banner is None
    assert secret.classified  # unchanged by the copy
    fresh = _doc(level=Level.S)
    assert fresh == secret and hash(fresh) == hash(secret)
    with pytest.raises(dataclasses.FrozenInstanceError):
        secret.classified = False


def test_printable_short_cut_is_exact():
    """`printable` skips its search for text that `str.isprintable` accepts: that is sound only
    while every character it escapes is one `isprintable` rejects."""
    assert not [c for c in map(chr, range(0x110000)) if _UNPRINTABLE.match(c) and c.isprintable()]
    assert printable("SECRET\x1b[2J") == "SECRET\\x1b[2J"


def test_memo_probe_and_derived_compute_once():
    """A value kept by `derived` is what a caller probing `memo` reads, an empty one too, and it is
    computed once; a copy made by replace() starts with its own memo."""
    from markcheck.checks._marks import tokens

    calls = []

    def compute(marking):
        calls.append(marking)
        return frozenset()

    plain = Marking(level=Level.C)
    assert plain.derived("probe", compute) == frozenset() and plain.derived("probe", compute) == frozenset()
    assert len(calls) == 1 and plain.memo["probe"] == frozenset()
    assert tokens(plain) == frozenset() and tokens(plain) is plain.memo["tokens"]
    noforn = Marking(level=Level.S, dissem=frozenset({"NOFORN"}), rel_to=())
    assert tokens(noforn) == {"NOFORN", "REL TO"} and tokens(noforn) is noforn.memo["tokens"]
    assert "probe" not in dataclasses.replace(plain, level=Level.S).memo
    assert Marking(level=Level.S).banner() == "SECRET" and Marking(level=Level.S).portion() == "S"
