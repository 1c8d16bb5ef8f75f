"""Shared marking views of the check kinds (`_marks`)."""

from __future__ import annotations

from markcheck.checks import _marks
from markcheck.model import Banner, Caption, Document, Level, Marking, Portion, Span

SPAN = Span(1, 1, 1, 2)


def _doc(banner: Marking, *portions: Marking, captions=()) -> Document:
    return Document(path=None, profile="state_cable", date=None, era=None,
                    banners=(Banner("first", banner.banner(), banner, SPAN),),
                    captions=tuple(Caption(name, name, SPAN) for name in captions),
                    portions=tuple(Portion(SPAN, f"({m.level.name})", m) for m in portions),
                    classification=banner, rollup=banner)


def test_all_tokens_answer_for_the_document_asked_about():
    """The last document's tokens are kept at hand: another document, even an equal one, gets
    its own answer, and asking again about an earlier one is still right."""
    noforn = _doc(Marking(Level.S, dissem=frozenset({"NOFORN"})))
    sbu = _doc(Marking(Level.U, non_ic=frozenset({"SBU"})), Marking(Level.U, rel_to=("USA", "GBR")),
               captions=("SIPDIS",))
    equal = _doc(Marking(Level.S, dissem=frozenset({"NOFORN"})))
    for _ in range(2):
        assert _marks.all_tokens(noforn) == {"NOFORN"}
        assert _marks.all_tokens(noforn) == {"NOFORN"}
        assert _marks.all_tokens(sbu) == {"SBU", "REL TO", "SIPDIS"}
        assert _marks.all_tokens(equal) == {"NOFORN"}
        assert _marks.all_tokens(equal) is not _marks.all_tokens(sbu)
