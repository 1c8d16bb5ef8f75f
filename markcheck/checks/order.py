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
from .base import Context, Hit, Rule, condition_holds

KIND = "order"
PLACEHOLDERS = frozenset({"problem", "found", "expected", "marking", "where", "first", "second"})


def check(doc: Document, rule: Rule, ctx: Context) -> Iterable[Hit]:
    params = rule.params
    if not condition_holds(doc, params.get("when")):
        return
    if params["scope"] == "captions":
        order = params.get("order", ())
        listed = [c for c in doc.captions if c.name.upper() in order]
        pair = _first_inversion([c.name.upper() for c in listed], order)
        if pair is not None:
            later = listed[pair[1]]
            names = [c.name.upper() for c in listed]
            yield Hit(later.span, _values(names[pair[0]], names[pair[1]], " / ".join(names),
                                          " / ".join(sorted(names, key=order.index)), "captions"))
        return
    vocab = vocabulary()
    order = tuple(params.get("order") or (*vocab.dissem_order, *vocab.non_ic_order))
    targets = []
    if doc.classification is not None:
        targets.append((doc.classification, _marks.banner_span(doc), "overall marking"))
    for p in _marks.marked_portions(doc):
        targets.append((p.marking, _marks.portion_span(p), f"portion on line {_marks.portion_span(p).line}"))
    for marking, span, where in targets:
        written = [n for n in getattr(marking, "written", ()) if n in order]
        pair = _first_inversion(written, order)
        if pair is not None:
            yield Hit(span, _values(written[pair[0]], written[pair[1]], "/".join(written),
                                    "/".join(sorted(written, key=order.index)), where))


def _first_inversion(names: Sequence[str], order: Sequence[str]) -> tuple[int, int] | None:
    """Indexes (i, j), i < j, of the first name written before one that must precede it."""
    rank = {name: i for i, name in enumerate(order)}
    highest = -1  # the highest rank before j: the first j below it is the first inversion (linear time)
    for j, name in enumerate(names):
        if rank[name] < highest:
            return next(i for i in range(j) if rank[names[i]] > rank[name]), j
        highest = max(highest, rank[name])
    return None


def _values(first: str, second: str, found: str, expected: str, where: str) -> dict:
    return {"first": first, "second": second, "found": found, "expected": expected, "where": where,
            "marking": found,
            "problem": f"{second} must be listed before {first} in the {where} (found {found}, expected {expected})"}
