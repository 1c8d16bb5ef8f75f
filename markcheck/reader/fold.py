"""Elements past MAX_ELEMENTS of one kind, counted instead of kept (`model.Folded`): a document
of a million portions is read in bounded memory, and what the rules need is never folded away."""

from __future__ import annotations

from ..model import Banner, Folded, Marking, Portion, Span
from .recognise.common import span_at


class Folding:
    """Elements past MAX_ELEMENTS of one kind that the model counts instead of keeping
    (`model.Folded`), and what a folded element may not take with it: a portion whose marking
    no kept portion has is kept (the roll-up must see every level and control), and so is the
    first unmarked portion past the bound; a banner whose kind and text no kept banner has is
    kept, and the document's last banner is kept (it may be the closing one)."""

    def __init__(self):
        self.counts: dict[str, list] = {}  # kind -> [count, first span, last line]
        self.markings: dict[int, Marking] | None = None  # of the kept portions, by identity
        self.distinct: set[Marking] = set()  # the same markings, by value
        self.unmarked = False
        self.banner_texts: set[tuple[str, str]] | None = None
        self.tail: tuple | None = None  # the fields of the last banner folded (`banner`)
        self.banner_markings: dict[Marking, Marking] = {}
        self.read_markings: dict[int, tuple[Marking, Marking]] = {}  # id -> (a marking read, its shared one)

    def banner(self, fields: tuple) -> Banner:
        """The Banner of `fields` (kind, raw, marking, line, 0-based start and end columns,
        spacing, section, originator, number, designation), its marking shared: 400,000
        telegram sections, each a banner of its own text, hold one SECRET marking, not 400,000
        equal copies."""
        kind, raw, marking, lineno, start, end, spacing, section, originator, number, designation = fields
        known = self.read_markings.get(id(marking))  # (a memoised reading hands the same object again)
        if known is None or known[0] is not marking:
            known = self.read_markings[id(marking)] = (marking, self.banner_markings.setdefault(marking, marking))
        return Banner(kind, raw, known[1], span_at(lineno, start, end), spacing, section, originator, number,
                      designation)

    def fold(self, kind: str, span: Span) -> None:
        entry = self.counts.get(kind)
        if entry is None:
            self.counts[kind] = [1, span, span.line]
        else:
            entry[0] += 1
            entry[2] = span.line

    def keeps_portion_at(self, kept: list[Portion], marking: Marking | None, lineno: int, start: int,
                         end: int) -> bool:
        """`keeps_portion` for the portion at 0-based columns [start, end) of line `lineno`: its
        span is made only if it is kept or is the first folded (a million folded portions are
        counted without a million spans)."""
        if self._keeps(kept, marking):
            return True
        entry = self.counts.get("portion")
        if entry is None:
            self.counts["portion"] = [1, span_at(lineno, start, end), lineno]
        else:
            entry[0] += 1
            entry[2] = lineno
        return False

    def keeps_portion(self, kept: list[Portion], marking: Marking | None, span: Span) -> bool:
        if self._keeps(kept, marking):
            return True
        self.fold("portion", span)
        return False

    def _keeps(self, kept: list[Portion], marking: Marking | None) -> bool:
        if self.markings is None:
            self.markings = {id(p.marking): p.marking for p in kept if p.marking is not None}
            self.distinct = set(self.markings.values())
            self.unmarked = any(p.marking is None for p in kept)
        if marking is None:
            if not self.unmarked:
                self.unmarked = True
                return True
        elif id(marking) not in self.markings:
            self.markings[id(marking)] = marking
            if marking not in self.distinct:
                self.distinct.add(marking)
                return True
        return False

    def keeps_banner_at(self, kept: list[Banner], fields: tuple) -> bool:
        """Is the banner of `fields` (see `banner`) kept past the bound? Else it is counted, and
        made only if it turns out to be the document's last (a million repeats make no Banner)."""
        if self.banner_texts is None:
            self.banner_texts = {(b.kind, b.raw) for b in kept}
        text = fields[0], fields[1]
        if text not in self.banner_texts:
            self.banner_texts.add(text)
            return True
        lineno = fields[3]
        entry = self.counts.get("banner")
        if entry is None:
            self.counts["banner"] = [1, span_at(lineno, fields[4], fields[5]), lineno]
        else:
            entry[0] += 1
            entry[2] = lineno
        self.tail = fields
        return False

    def last_banner(self, kept: list[Banner]) -> Banner | None:
        """The last banner folded, if it came after every kept one (it is then kept, not folded)."""
        tail, self.tail = self.tail, None
        if tail is None or (kept and kept[-1].span.line > tail[3]):
            return None
        entry = self.counts["banner"]
        entry[0] -= 1
        if not entry[0]:
            del self.counts["banner"]
        return self.banner(tail)

    def last_line(self, kind: str) -> int:
        entry = self.counts.get(kind)
        return entry[2] if entry else 0

    def folded(self) -> tuple[Folded, ...]:
        return tuple(Folded(kind, count, first) for kind, (count, first, _) in self.counts.items())
