"""The roll-up lattice: the overall marking a set of portion marks requires.

One function, used for ROL-/DIS-/CAP- checks, for the "expected banner" in messages and for
``--fix``. It is idempotent, commutative and monotone in the level.
"""

from __future__ import annotations

import functools
from typing import Iterable

from .capco.rollup import rollup_families
from .model import Level, Marking
from .register import is_tetragraph, tetragraph_members
from .vocabulary import expand_tetragraphs, vocabulary

# The release markings: they roll up by intersection (REL TO), or not at all (EYES ONLY, DISPLAY ONLY).
_RELEASE = frozenset({"REL TO", "EYES ONLY", "DISPLAY ONLY"})


@functools.lru_cache(maxsize=1)
def _rolling() -> tuple[frozenset[str], frozenset[str]]:
    """The controls that ride up to the banner whenever a portion carries them (CAPCO §D.2,
    Table 3): every dissemination control of the register but the release markings (FOUO and
    RELIDO then leave by the rules below), and every non-IC control."""
    vocab = vocabulary()
    return frozenset(vocab.dissem_order) - _RELEASE, frozenset(vocab.non_ic_order)
# Non-IC controls that only unclassified documents convey in their banner (DIS-007, DIS-009).
# LES is conveyed in a classified banner too (ISM-ID-00145), and LES NOFORN there as LES with
# NOFORN (ISM-ID-00146, ISM-ID-00147).
_UNCLASSIFIED_ONLY = frozenset({"SBU", "SBU NOFORN", "SSI", "LIMITED OFFICIAL USE"})


def rollup(markings: Iterable[Marking]) -> Marking | None:
    """The overall marking required by `markings` (None when nothing is marked)."""
    # (told apart by identity first: portions share their parsed marks, and hashing one costs more)
    distinct = {id(m): m for m in markings if m is not None and m.level is not None}
    return _rollup(frozenset(distinct.values()))


@functools.lru_cache(maxsize=4096)
def _rollup(marks: frozenset[Marking]) -> Marking | None:
    """The roll-up of distinct marks (it is commutative and idempotent). Documents repeat a few
    marks, and many documents the same few, so each set is rolled up once."""
    if not marks:
        return None
    level = max(m.level for m in marks)
    dissem: set[str] = set()
    non_ic: set[str] = set()
    fgi: set[str] | None = None
    rolling_dissem, rolling_non_ic = _rolling()
    concealed = False
    for m in marks:
        dissem |= m.dissem & rolling_dissem
        non_ic |= m.non_ic & rolling_non_ic
        if m.fgi is not None:
            fgi = (fgi or set()) | set(m.fgi)
            concealed = concealed or not m.fgi  # FGI with no source named: the source is concealed
        # SBU NOFORN / LES NOFORN in a classified document force NOFORN (DIS-001).
        if level > Level.U and m.non_ic & {"SBU NOFORN", "LES NOFORN"}:
            dissem.add("NOFORN")
    # SCI, SAP and atomic energy values roll up per ISM (capco.rollup).
    display_only = _display_only(marks, level)
    # a portion that may be shown but not released (DISPLAY ONLY): the document is released to no one
    rel_to = None if display_only is not None and _display_without_release(marks, level) else _rel_to(marks, level)
    if display_only is not None and rel_to:
        members = expand_tetragraphs(rel_to)
        display_only = tuple(c for c in display_only if c not in members and not set(expand_tetragraphs((c,))) <= members)
    if display_only == () and not rel_to:
        dissem.add("NOFORN")
    display_only = display_only or None
    if display_only is not None:
        dissem.add("DISPLAY ONLY")
    if "RELIDO" in dissem and not _every_relevant_has(marks, level, "RELIDO"):
        dissem.discard("RELIDO")  # RELIDO reaches the banner only when every portion carries it (ISM-ID-00132)
    if rel_to is not None and non_ic & {"NODIS", "EXDIS"}:
        # NODIS/EXDIS rolled up from an unclassified portion still rule out a REL TO banner
        # (CAP-002); without this, rolling the result up again would give NOFORN (not idempotent)
        rel_to = ()
    if rel_to == ():
        dissem.add("NOFORN")
        rel_to = None
    if "NOFORN" in dissem:
        rel_to = display_only = None
        dissem -= {"RELIDO", "DISPLAY ONLY"}
    if "ORCON" in dissem:
        dissem.discard("ORCON-USGOV")
    if "NODIS" in non_ic:
        non_ic.discard("EXDIS")
    if level > Level.U:
        non_ic -= _UNCLASSIFIED_ONLY
        if "LES NOFORN" in non_ic:
            non_ic = (non_ic - {"LES NOFORN"}) | {"LES"}
        dissem.discard("FOUO")
    else:
        if "SBU NOFORN" in non_ic:
            non_ic.discard("SBU")
        if non_ic or "PROPIN" in dissem:  # any non-IC control supersedes FOUO (ISM-ID-00066; LES is kept)
            dissem.discard("FOUO")
    owner = _common_owner(marks)
    return Marking(
        level=level,
        dissem=frozenset(dissem),
        non_ic=frozenset(non_ic),
        rel_to=rel_to,
        fgi=None if owner or fgi is None else () if concealed else _release_order(fgi),
        **rollup_families(marks, level),
        display_only=display_only,
        **owner,
    )


def _common_owner(marks: frozenset[Marking]) -> dict:
    """A document whose every portion has one foreign owner (all NATO, all one JOINT) is that
    owner's, at its highest level: ``//NATO SECRET``. Otherwise it is a US document ({}), whose
    foreign portions are its FGI."""
    owners = {(m.owner, m.joint) for m in marks}
    if len(owners) != 1 or not next(iter(owners))[0]:
        return {}
    from .reader.foreign import NATO, rank, with_nato_controls

    top = max(marks, key=rank)
    level = top.foreign_level
    if top.owner == (NATO,):
        level = with_nato_controls(level, (m.foreign_level for m in marks))
    return {"owner": top.owner, "joint": top.joint, "foreign_level": level}


def _release_order(codes) -> tuple[str, ...]:
    """Country codes as CAPCO lists them after USA: trigraphs A-Z, then tetragraphs A-Z."""
    return tuple(sorted(codes, key=lambda c: (is_tetragraph(c) or len(c) != 3, c)))


def _relevant(marks: frozenset[Marking], level: Level) -> list[Marking]:
    """The portions whose foreign disclosure decides the banner's: the classified ones, and in an
    unclassified document those carrying a foreign disclosure marking (DIS-012)."""
    if level > Level.U:
        return [m for m in marks if m.level > Level.U or m.rel_to is not None or m.noforn
                or m.display_only is not None]
    return [m for m in marks if m.rel_to is not None or m.noforn or m.display_only is not None
            or "RELIDO" in m.dissem]


def _every_relevant_has(marks: frozenset[Marking], level: Level, control: str) -> bool:
    relevant = _relevant(marks, level)
    return bool(relevant) and all(control in m.dissem for m in relevant)


def _display_without_release(marks: frozenset[Marking], level: Level) -> bool:
    return any(m.display_only is not None and m.rel_to is None for m in _relevant(marks, level))


def _display_only(marks: frozenset[Marking], level: Level) -> tuple[str, ...] | None:
    """Banner DISPLAY ONLY: the countries every relevant portion may at least be shown to (its
    REL TO and DISPLAY ONLY lists together, tetragraphs expanded), when a portion is DISPLAY ONLY
    (ISM-ID-00320). None: no DISPLAY ONLY applies; (): nothing in common (NOFORN)."""
    relevant = _relevant(marks, level)
    if not any(m.display_only is not None for m in relevant):
        return None
    common: set[str] | None = None
    for m in relevant:
        if m.noforn or (m.rel_to is None and m.display_only is None):
            return ()
        shown = expand_tetragraphs(tuple(m.rel_to or ()) + tuple(m.display_only or ()))
        common = set(shown) if common is None else common & shown
    return _release_order((common or set()) - {"USA"})


def _rel_to(marks: frozenset[Marking], level: Level) -> tuple[str, ...] | None:
    """Banner REL TO: the intersection over FD&R-relevant portions (DIS-003/004/012).

    None: no release marking applies. (): release markings exist but cannot be carried
    (empty intersection, or a relevant portion without REL TO) -> NOFORN.
    """
    relevant = [m for m in marks if m.level > Level.U or m.rel_to is not None or m.noforn]
    if level == Level.U:
        relevant = [m for m in relevant if m.rel_to is not None or m.noforn]
    if not any(m.rel_to is not None for m in relevant):
        return None
    common: frozenset[str] | None = None
    written: frozenset[str] | None = None  # the codes every list writes as such
    for m in relevant:
        if m.rel_to is None or m.noforn or m.non_ic & {"NODIS", "EXDIS"}:
            return ()
        codes = expand_tetragraphs(m.rel_to) if m.rel_to else frozenset()
        if not m.rel_to:  # bare "REL": releasable per the banner, no constraint of its own
            continue
        common = codes if common is None else common & codes
        written = frozenset(m.rel_to) if written is None else written & frozenset(m.rel_to)
    if common is None:
        return None
    others = set(common) - {"USA"}
    # a tetragraph every list names stays a tetragraph in the banner (REL TO USA, NATO), not its members
    for code in sorted(written or ()):
        members = tetragraph_members(code)
        if members and set(members) - {"USA"} <= others:
            others = (others - set(members)) | {code}
    if not others:
        return ()
    return ("USA", *sorted(others, key=lambda c: (is_tetragraph(c) or len(c) != 3, c)))
