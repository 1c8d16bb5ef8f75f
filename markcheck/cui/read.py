"""Read a document's CUI markings: the reader's hook (`read_cui`), called once the classified
reading of the document is done.

CUI banner lines (`CUI`, `CONTROLLED`, `CUI//SP-CTI//FED ONLY`, `UNCLASSIFIED//CUI`) are read
here; a classified banner that carries CUI (`SECRET//NOFORN//CUI`) is the classified reader's,
and is kept here as a commingled banner. Portion marks that begin with the control marking are
read through grammars/cui.lark; the words the CUI register understands are taken out of the
classified reading's unknown words (they are read), and the unknown ones are reported by the CUI
rules with a CUI did-you-mean. A document with no CUI marking at all has no CUI facts (None).
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import Sequence

from ..lazyre import lazy
from ..model import MAX_ELEMENTS, Banner, Folded, Level, Portion, Span
from . import blocks, commingled, compilation, register
from .marking import CuiSyntaxError, cui_marking, cui_word
from .model import CuiFacts, CuiMarking, CuiWord

# A line that is a CUI banner: the control marking first (after UNCLASSIFIED//, a form a rule
# judges), the whole line upper-case marking text.
_BANNER = lazy(r"^\s*(?:UNCLASSIFIED\s*//\s*)?(?:CUI|CONTROLLED)(?:\s*//[A-Z0-9 ,/_.\-]*)?\s*$")
# A word every CUI banner, CUI portion mark and indicator block holds (lower-cased).
_CUI_WORDS = re.compile(r"cui|controlled")
_PORTION_CUI = lazy(r"^\s*(?:CUI|CONTROLLED)(?![A-Za-z0-9_-])")
_MAX_BANNER = 200


def read_cui(lines: Sequence[str], banners: Sequence[Banner], portions: Sequence[Portion],
             text: str | None = None, lowered: str | None = None
             ) -> tuple[CuiFacts | None, tuple[Portion, ...], tuple[Banner, ...], tuple[Folded, ...]]:
    """The CUI facts of a document (None when it holds no CUI marking), its portions and banners,
    those with CUI marks read again (their CUI words no longer unknown to the classified reading),
    and the CUI banner lines and unlisted CUI marks past MAX_ELEMENTS, counted (MCK-005), not kept.
    `text` is the lines joined, `lowered` its lower-case form, when the reader has them."""
    text = "\n".join(lines) if text is None else text
    lowered = text.lower() if lowered is None else lowered
    if _CUI_WORDS.search(lowered) is None:  # one pass over the text: every cable ends here
        marks = labelled = False
    else:
        marks = "CUI" in text or "CONTROLLED" in text  # (markings are written upper case)
        labelled = marks or "controlled by" in lowered
    if not labelled and not any(p.marking is not None and p.marking.unknown for p in portions):
        return None, tuple(portions), tuple(banners), ()  # the usual document (every cable): nothing CUI can be there
    cui_portions, refined, stray = _portions(portions)
    cui_banners, folded = [], ()
    if marks:
        cui_banners, folded_banners = _bounded(_banner_lines(lines, banners), "cui banner")
        unlisted, folded_portions = _bounded(_unlisted_portions(lines, portions), "cui portion")
        cui_portions += unlisted
        folded = tuple(f for f in (folded_banners, folded_portions) if f is not None)
    indicator = blocks.indicator(lines) if labelled else None
    if not (cui_banners or cui_portions or (indicator and indicator.of("controlled_by")) or stray):
        return None, tuple(portions), tuple(banners), ()
    distribution = blocks.distribution(lines) if "distribution statement" in lowered else ()
    decontrol = blocks.decontrol(lines) if "decontrol" in lowered else None
    notice = compilation.compilation(lines) if "compilation" in lowered else None
    disclaimers = blocks.disclaimers(lines) if "contain" in lowered else ()
    cui_banners = _placed(cui_banners, portions)
    marked = [(b.marking, b.raw, b.span) for b in banners]
    marked += [(p.marking, p.mark or "", p.mark_span or p.span) for p in refined if p.marking is not None]
    facts = CuiFacts(tuple(cui_banners), tuple(cui_portions), indicator, distribution, blocks.legacy(marked),
                     decontrol, tuple(stray), _convention(indicator, distribution), notice, disclaimers)
    blocks_at = {b.span.line: b for b in cui_banners if b.level is not None}
    banners = tuple(commingled.refine(b, blocks_at[b.span.line]) if b.span.line in blocks_at else b for b in banners)
    return facts, tuple(refined), banners, folded


def _bounded(found, kind: str) -> tuple[list[CuiMarking], Folded | None]:
    """The first MAX_ELEMENTS of `found`; the rest counted as one Folded entry at the first of them."""
    kept: list[CuiMarking] = []
    first, count = None, 0
    for marking in found:
        if len(kept) < MAX_ELEMENTS:
            kept.append(marking)
            continue
        first = first or marking.span
        count += 1
    return kept, Folded(kind, count, first) if count else None


def _banner_lines(lines: Sequence[str], banners: Sequence[Banner]):
    """CUI banner lines, and the classified banners that carry CUI, in line order."""
    classified = {b.span.line: b for b in banners}
    for index, line in enumerate(lines):
        if len(line) > _MAX_BANNER or not _BANNER.match(line):
            continue
        column = len(line) - len(line.lstrip()) + 1
        text = line.strip()
        try:
            yield cui_marking("banner", text, index + 1, column)
        except CuiSyntaxError as exc:
            word = cui_word(text, index + 1, column + exc.column - 1, column + len(text))
            yield CuiMarking("banner", text, Span(index + 1, column, index + 1, column + len(text)), None,
                             (replace(word, kind="unknown", value=None),))
        classified.pop(index + 1, None)
    for banner in classified.values():
        if commingled.is_commingled(banner):
            yield commingled.read_block(banner)


def _placed(found: list[CuiMarking], portions: Sequence[Portion]) -> list[CuiMarking]:
    """Each banner's place: the first is the top banner; the last, after every portion, the
    bottom one; any other a page banner."""
    found.sort(key=lambda b: b.span.line)
    if not found:
        return found
    last_portion = max((p.span.line for p in portions), default=0)
    placed = [replace(b, position="page") for b in found]
    placed[0] = replace(found[0], position="top")
    if len(found) > 1 and found[-1].span.line > last_portion:
        placed[-1] = replace(found[-1], position="bottom")
    return placed


def _portions(portions: Sequence[Portion]):
    """(CUI portion marks, the portions with their classified reading refined, stray LDCs)."""
    cui_portions: list[CuiMarking] = []
    refined: list[Portion] = []
    stray: list[CuiWord] = []
    for portion in portions:
        if not portion.mark or portion.mark_span is None:
            refined.append(portion)
            continue
        inner = portion.mark[1:-1] if portion.mark.endswith(")") else portion.mark[1:]
        line, column = portion.mark_span.line, portion.mark_span.column + 1
        if _PORTION_CUI.match(inner):
            offset = len(inner) - len(inner.lstrip())
            try:
                mark = cui_marking("portion", inner.strip(), line, column + offset)
            except CuiSyntaxError as exc:
                word = cui_word(inner.strip(), line, column + offset + exc.column - 1, column + len(inner))
                mark = CuiMarking("portion", inner.strip(), Span(line, column, line, column + len(inner)), None,
                                  (replace(word, kind="unknown", value=None),))
            cui_portions.append(replace(mark, span=portion.mark_span))
            refined.append(_refine(portion, [w.raw for w in mark.words], cui=True))
            continue
        block = commingled.read_portion_block(portion, inner, column)
        if block is not None:  # (S//CUI//SP-CTI): a CUI block after a level
            cui_portions.append(block)
            refined.append(_refine(portion, [w.raw for w in block.words], cui=False))
            continue
        found = _stray_ldcs(portion, inner, line, column)
        if found:
            stray.extend(found)
            refined.append(_refine(portion, [w.raw for w in found], cui=False))
        else:
            refined.append(portion)
    return cui_portions, refined, stray


# A CUI portion mark at the start of a paragraph (after its number, if any).
_LEADING_MARK = lazy(r"^\s*(?:[0-9]{1,3}[.)]\s*|[a-z][.)]\s*)?\((?P<inner>(?:CUI|CONTROLLED)(?:\s*//[^()]*)?)\)")


def _unlisted_portions(lines: Sequence[str], portions: Sequence[Portion]):
    """CUI portion marks at a paragraph's start that the classified reader did not take as portion
    marks (`(CONTROLLED)`, which is no classified word): read here, so none is passed over."""
    known = {(p.mark_span.line, p.mark_span.column) for p in portions if p.mark_span is not None}
    for index, line in enumerate(lines):
        m = _LEADING_MARK.match(line)
        if m is None or (index + 1, m.start("inner")) in known:
            continue
        column = m.start("inner") + 1
        try:
            mark = cui_marking("portion", m.group("inner"), index + 1, column)
        except CuiSyntaxError:
            continue  # a mark the grammar cannot read is the classified reader's to report
        yield replace(mark, span=Span(index + 1, column - 1, index + 1, m.end() + 1))


@functools.lru_cache(maxsize=1)
def _ldc_words() -> frozenset[str]:
    """The words of the CUI-only LDCs (FED, ONLY, FEDCON …): an unknown word of a mark among them
    is the only way such an LDC shows up in a mark without CUI."""
    return frozenset(word for entry in register.register()["ldcs"] if register.cui_only_ldc(entry["portion"])
                     for word in entry["portion"].upper().split())


def _stray_ldcs(portion: Portion, inner: str, line: int, column: int) -> list[CuiWord]:
    """CUI-only LDCs (FED ONLY, FEDCON, NOCON, DL ONLY, ATTORNEY-CLIENT ...) the classified
    reading of a non-CUI portion mark did not understand."""
    marking = portion.marking
    if marking is None or not marking.unknown or not _ldc_words().intersection(w.upper() for w in marking.unknown):
        return []
    found = []
    for entry in register.register()["ldcs"]:
        if register.cui_only_ldc(entry["portion"]) is None:
            continue
        for m in re.finditer(r"(?<![A-Z0-9-])" + re.escape(entry["portion"]).replace(r"\ ", r"\s+") + r"(?![A-Z0-9-])", inner):
            found.append(cui_word(m.group(), line, column + m.start(), column + m.end()))
    return found


def _refine(portion: Portion, words: list[str], cui: bool) -> Portion:
    """`portion` with the words the CUI reading understood or reports taken out of its classified
    reading's unknown words; a CUI mark's written control order is the CUI grammar's (control,
    categories, LDCs), not the classified register's, so only its non-CUI controls keep theirs."""
    marking = portion.marking
    if marking is None:
        return portion
    covered = {part.upper() for word in words for part in re.split(r"[\s,/]+", word) if part}
    unknown = tuple(w for w in marking.unknown if w.upper() not in covered)
    written = tuple(n for n in marking.written if n != "CUI") if cui else marking.written
    if unknown == marking.unknown and written == marking.written:
        return portion
    return replace(portion, marking=replace(marking, unknown=unknown, written=written))


def _convention(indicator, distribution) -> str:
    """`dod_cui` when a `Controlled by:` line names a DoD component or a DoD distribution
    statement is present; `cui` (NARA) otherwise."""
    if distribution:
        return "dod_cui"
    if indicator is not None:
        agencies = register.conventions()["dod_agencies"]
        for line in indicator.of("controlled_by"):
            value = " " + re.sub(r"[^A-Z0-9]+", " ", line.value.upper()) + " "
            if any(f" {agency} " in value for agency in agencies):
                return "dod_cui"
    return "cui"
