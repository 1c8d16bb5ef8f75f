"""The builder's memos: a remembered value is the one a fresh computation gives."""

from __future__ import annotations

from markcheck.reader import assemble
from markcheck.reader.recognise import eo_line


def test_the_declared_classification_is_remembered_with_the_banner_marking_as_written():
    """`assemble.declared` is remembered per marking and captions: a marking equal to another but
    written in another order (equality ignores `written`) gets a result that carries its own."""
    from markcheck.model import Level, Marking

    def fresh(marking, names):
        return assemble.declared.__wrapped__(marking, marking.written, frozenset(names))

    assemble.declared.cache_clear()  # an equal marking memoised by an earlier test would answer instead
    one = Marking(level=Level.S, dissem=frozenset({"ORCON", "NOFORN"}), written=("ORCON", "NOFORN"))
    other = Marking(level=Level.S, dissem=frozenset({"ORCON", "NOFORN"}), written=("NOFORN", "ORCON"))
    unclas = Marking(level=Level.U, rel_to=("USA", "GBR"), written=("REL TO",))
    for marking in (one, other, unclas):
        for names in ((), ("NOFORN",), ("SENSITIVE", "NOFORN"), ("EXDIS", "NODIS"), ("SIPDIS",)):
            for _ in range(2):  # the second time from the memo
                declared = assemble.declared(marking, marking.written, frozenset(names))
                assert declared == fresh(marking, names) and declared.written == marking.written
    assert fresh(one, ()) is one  # captions that add nothing: the marking itself (not a cached equal)


def test_a_placed_declassification_is_the_memo_value_with_its_span():
    """`eo_line.placed` copies a parse_declass value with another span, as dataclasses.replace does."""
    from dataclasses import replace

    from markcheck.model import Span
    from markcheck.reader.parse_dates import parse_declass

    span = Span(4, 21, 4, 31)
    for value in ("N/A", "DECL: 03/20/2019", "DECL: 25X1, 20600129", "GDS 1/1/85 (SMITH, JOHN)", "DECL: TEN YEARS", ""):
        memo = parse_declass(value)
        placed = eo_line.placed(memo, span)
        assert placed == replace(memo, span=span) and vars(placed) == vars(replace(memo, span=span))
        assert type(placed) is type(memo) and placed.span is span and memo.span != span  # (the memo is untouched)
