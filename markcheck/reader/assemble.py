"""The last stage: what the recognisers read, assembled into the Document model (declared
classification, roll-up, profile, closing banner, dates and era, stamps)."""

from __future__ import annotations

import functools
from dataclasses import replace

from ..eras import era_for
from ..model import Banner, Document, Level, Marking, Portion
from ..rollup import rollup
from ..cui.read import read_cui
from . import incomplete, stamps
from .recognise import unnumbered
from .recognise.date import metadata_date


def document(reading, profile: str) -> Document:
    """The Document of a finished pass (`reading`: markcheck.reader.build.Reading)."""
    folding, notes = reading.folding, reading.notes
    banners = reading.banners
    last = folding.last_banner(banners)
    if last is not None:  # the document's last banner stays: it may be the closing one
        banners.append(last)
    portions = _undouble_paragraph_numbers(reading.portions.portions, notes)
    _finish_banners(banners, portions, folding.last_line("portion"))
    dates = reading.dates.dates
    date = dates[0] if dates else metadata_date(reading.lines, reading.skip, notes)
    if date is not None and date.source == "unlabelled-date":
        notes.append(f"date read from a line that holds only a date, without a 'Date:' label "
                     f"({date.raw!r} at {date.span.line}:{date.span.column})")
    era = era_for(date.value) if date else None
    cab = reading.authority.block(reading.text, reading.lowered_text)
    captions, header, lines, lowered_text = reading.captions.captions, reading.header, reading.lines, reading.lowered_text
    cui, portions, banners, cui_folded = read_cui(lines, banners, portions, reading.text, lowered_text)  # (markcheck.cui)
    classification = _classification(banners, captions)
    portions = list(portions)
    expected = rollup(p.marking for p in portions if p.marking is not None)
    eo_line = reading.eo.eo_line
    resolved = profile if profile != "auto" else cui.convention if cui is not None else _profile(reading, portions, eo_line)
    first = next((b for b in banners if b.kind == "first"), None)
    if resolved == "state_cable" and first is not None and classification is not None \
            and classification.level not in (None, Level.U):
        prose = unnumbered.paragraphs(lines, portions, first.span.line, reading.skip)
        if prose:
            portions = sorted(portions + prose, key=lambda p: (p.span.line, p.span.column))
    return Document(
        path=reading.source.path, profile=resolved, date=date, era=era.code if era else None,
        banners=tuple(banners), captions=tuple(captions), eo_line=eo_line, cab=cab,
        portions=tuple(portions), unreadable=tuple(reading.unreadable),
        subject=header.subject, subject_span=header.subject_span, tags=header.tags, tags_span=header.tags_span,
        tx_security_code=header.tx_code, tx_security_span=header.tx_span,
        compilation_notice=reading.notices.compilation, notices=tuple(reading.notices.notices),
        declassified=stamps.declassified(lines, lowered_text),
        extensions=stamps.extensions(lines, lowered_text),
        # (a source list belongs to a derivative document: elsewhere "Source: Europol data" is prose)
        sources=stamps.source_list(lines, lowered_text) if cab and cab.derived_from else (),
        classification=classification, rollup=expected,
        line_count=len(lines), notes=tuple(notes), folded=folding.folded() + cui_folded, cui=cui,
        incomplete=incomplete.reasons(lines, resolved, first, date, banners, reading.text, lowered_text),
    )


def _finish_banners(banners: list[Banner], portions: list[Portion], last_folded_portion: int) -> None:
    """The last banner after the last portion is the closing banner."""
    if len(banners) < 2:
        return
    last = banners[-1]
    last_portion = max(portions[-1].span.line if portions else 0, last_folded_portion)
    if last.kind in ("page", "repeat") and last.span.line > last_portion:
        banners[-1] = replace(last, kind="closing")


def _classification(banners, captions) -> Marking | None:
    """Declared: the first classification line plus the captions (never the portions)."""
    first = next((b for b in banners if b.kind == "first"), None)
    if first is None:
        return None
    release = next((c.countries for c in captions if c.name == "REL TO"), None)
    return declared(first.marking, first.marking.written, frozenset(c.name for c in captions), release)


def _profile(reading, portions, eo_line) -> str:
    """state_cable for telegrams; capco when CAPCO separators dominate; isoo for memos."""
    header = reading.header
    telegram = (eo_line is not None or header.tx_code is not None or header.tags is not None
                or any(c.name == "SIPDIS" for c in reading.captions.captions)
                or any(b.spacing != "plain" or b.number for b in reading.banners))
    if telegram:
        return "state_cable"
    capco_marks = sum(1 for p in portions if p.mark and "//" in p.mark)
    if capco_marks or any("//" in b.raw for b in reading.banners):
        return "capco"
    return "isoo"


def with_line_captions(doc: Document, line: int, marking: Marking) -> Marking:
    """`marking` with the captions read on classification line `line` itself
    (``SECRET//NOFORN, EXDIS``: EXDIS is read as a caption of that line)."""
    on_line = [c for c in doc.captions if c.span.line == line]
    if not on_line:
        return marking
    release = next((c.countries for c in on_line if c.name == "REL TO"), None)
    return declared(marking, marking.written, frozenset(c.name for c in on_line), release)


@functools.lru_cache(maxsize=4096)
def declared(marking: Marking, written: tuple[str, ...], names: frozenset[str],
             release: tuple[str, ...] | None = None) -> Marking:
    """A banner's `marking` with what the captions `names` add to it, and the countries of a
    release caption (`release`: RELEASABLE TO PAKISTAN, the cable's overall REL TO). Remembered:
    documents repeat a few banners and captions; `written`, the marking's own, which its
    equality ignores, is part of the key so that a remembered result carries it."""
    dissem, non_ic = set(marking.dissem), set(marking.non_ic)
    if "NOFORN" in names:
        dissem.add("NOFORN")
    if "DEA SENSITIVE" in names:
        dissem.add("DSEN")
    for caption in ("NODIS", "EXDIS"):
        if caption in names:
            non_ic.add(caption)
    if "NODIS" in non_ic:
        non_ic.discard("EXDIS")
    if marking.level == Level.U and "SENSITIVE" in names and "LIMITED OFFICIAL USE" not in non_ic:
        if "NOFORN" in dissem:  # UNCLAS with the SENSITIVE and NOFORN captions: State's SBU NOFORN
            dissem.discard("NOFORN")
            non_ic.add("SBU NOFORN")
        else:
            non_ic.add("SBU")
    rel_to = marking.rel_to
    if release and marking.level not in (None, Level.U):
        rel_to = tuple(dict.fromkeys((*(rel_to or ()), *release)))
    if "NOFORN" in dissem:
        rel_to = None
    if dissem == marking.dissem and non_ic == marking.non_ic and rel_to == marking.rel_to:
        return marking  # (the captions add nothing to it)
    return replace(marking, dissem=frozenset(dissem), non_ic=frozenset(non_ic), rel_to=rel_to)


def _undouble_paragraph_numbers(portions: list[Portion], notes: list[str]) -> list[Portion]:
    """Renderings that turned the ¶N anchor into a digit number paragraphs 11., 12., … for ¶1, ¶2, …

    When every numbered paragraph starts with 1 and, without that 1, they count 1, 2, 3, …,
    the paragraph each stands for is recorded (the number as written is kept).
    """
    numbers = [p.number for p in portions if p.number and not p.is_subject]
    if len(numbers) < 2 or "1" in numbers:  # (most documents: the quick test on the numbers as written)
        return portions
    numbered = [p for p in portions if p.number and p.number.isdigit() and not p.is_subject]
    if len(numbered) < 2:
        return portions
    if not all(p.number.startswith("1") and len(p.number) >= 2 for p in numbered):
        return portions
    stripped = [int(p.number[1:]) for p in numbered]
    if stripped[0] != 1 or any(b < a for a, b in zip(stripped, stripped[1:])):
        return portions
    notes.append("paragraph numbers carry a doubled anchor digit (11. for ¶1)")
    ids = {id(p) for p in numbered}  # by identity: `p in numbered` would be quadratic
    return [replace(p, paragraph=int(p.number[1:])) if id(p) in ids else p for p in portions]
