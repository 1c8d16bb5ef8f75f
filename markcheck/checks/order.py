"""Kind `order`: names that must be written in a fixed order (DIS-011, CAP-005).

params:
  scope: captions | controls
    captions  the document's caption lines, in the order of `order` (e.g. most restrictive
              distribution caption first: NODIS, EXDIS, STADIS); captions not listed are ignored
    controls  the controls inside each marking (overall marking and portions), in register order:
              IC dissemination controls in CAPCO register order, then non-IC controls
  order: [NAME, ...]   required for `captions`; for `controls` it defaults to the register order
  when: {...}

The written order of controls comes from ``Marking.written`` (register names as written);
markings without it are not judged, because a set cannot say what came first.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from ..model import Document
from ..vocabulary import vocabulary
from . import _marks
from .base import Context, Hit, Rule, Run, compile_condition

KIND = "order"
PLACEHOLDERS = frozenset({"problem", "found", "expected", "marking", "where", "first", "second"})
PHRASE_FIELDS = PLACEHOLDERS - {"problem"}  # for rules/messages.yaml


def prepare(rule: Rule) -> Run:
    params = rule.params
    when = compile_condition(params.get("when"))
    if params["scope"] == "captions":
        order = params.get("order", ())
        rank = _rank(order)

        def captions(doc: Document, ctx: Context) -> Iterable[Hit]:
            if not doc.captions or not when(doc):
                return ()
            listed = [c for c in doc.captions if c.name.upper() in order]
            pair = _first_inversion([c.name.upper() for c in listed], rank)
            if pair is None:
                return ()
            later = listed[pair[1]]
            names = [c.name.upper() for c in listed]
            return [Hit(later.span, _values(names[pair[0]], names[pair[1]], " / ".join(names),
                                            " / ".join(sorted(names, key=order.index)), "captions"))]

        return captions
    vocab = vocabulary()
    order = tuple(params.get("order") or (*vocab.dissem_order, *vocab.non_ic_order))
    rank = _rank(order)

    def controls(doc: Document, ctx: Context) -> Iterable[Hit]:
        if not when(doc):
            return ()
        hits = []
        if doc.classification is not None:
            hits.extend(_judge(doc, doc.classification, None, rank, order))
        clean: set[int] = set()  # markings found in order (portions read alike share one)
        for p in _marks.marked_portions(doc):
            if id(p.marking) not in clean:
                found = _judge(doc, p.marking, p, rank, order)
                if not found:
                    clean.add(id(p.marking))
                hits.extend(found)
        return hits

    return controls


def _rank(order: Sequence[str]) -> dict[str, int]:
    return {name: i for i, name in enumerate(order)}


def _judge(doc: Document, marking, portion, rank: dict[str, int], order: Sequence[str]) -> Sequence[Hit]:
    """The first inversion in the written controls of the overall marking or of a portion."""
    written = getattr(marking, "written", ())
    if len(written) < 2:
        return ()  # one control cannot be out of order
    written = [n for n in written if n in rank]
    pair = _first_inversion(written, rank)
    if pair is None:
        return ()
    if portion is None:
        span, where = _marks.banner_span(doc), "overall marking"
    else:
        span = _marks.portion_span(portion)
        where = f"portion on line {span.line}"
    return [Hit(span, _values(written[pair[0]], written[pair[1]], "/".join(written),
                              "/".join(sorted(written, key=order.index)), where))]


def _first_inversion(names: Sequence[str], rank: dict[str, int]) -> tuple[int, int] | None:
    """Indexes (i, j), i < j, of the first name written before one that must precede it."""
    highest = -1  # the highest rank before j: the first j below it is the first inversion (linear time)
    for j, name in enumerate(names):
        if rank[name] < highest:
            return next(i for i in range(j) if rank[names[i]] > rank[name]), j
        highest = max(highest, rank[name])
    return None


def _values(first: str, second: str, found: str, expected: str, where: str) -> dict:
    return {"first": first, "second": second, "found": found, "expected": expected, "where": where,
            "marking": found, "phrase": "out_of_order"}
