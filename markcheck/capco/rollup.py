"""The roll-up of the SCI, SAP and atomic energy values of a document's portions (ISM).

* SCI: every control system, compartment and sub-compartment of a contributing portion
  reaches the overall marking (ISM-ID-00343), merged by system (`items.sci_union`).
* SAP: every program (ISM-ID-00347), once.
* Atomic energy: RD, RD-CNWDI and each RD-SIGMA roll up (ISM-ID-00072, -00073, -00074); FRD
  and FRD-SIGMA only when no portion is RD (ISM-ID-00075, -00077: an FRD-SIGMA beside RD is
  carried as the RD-SIGMA of its number, ISM-ID-00231); TFNI only without RD or FRD
  (ISM-ID-00298); DCNI and UCNI only in an unclassified document (ISM-ID-00078, -00079); a
  SIGMA or CNWDI implies its family's RD/FRD (ISM-ID-00183, -00184, -00185), which is then not
  written again.
"""

from __future__ import annotations

from ..marking import Level
from .items import aea_implied, aea_order, is_sap_program, sap_key, sap_parts, sap_union, sci_union


def rollup_families(marks, level: Level) -> dict:
    """{"sci", "sap", "aea"} of the overall marking the contributing `marks` require at `level`."""
    sci = sci_union(v for m in marks for v in m.sci)
    seen = [v for m in marks for v in m.sap]
    sap = sap_alike(sap_union(seen), seen)  # one form: all nicknames, or all abbreviations
    return {"sci": sci, "sap": sap, "aea": aea_rollup({v for m in marks for v in m.aea}, level)}


def aea_rollup(values: set[str], level: Level) -> tuple[str, ...]:
    rd = any(v == "RD" or v.startswith("RD-") for v in values)
    frd = any(v == "FRD" or v.startswith("FRD-") for v in values)
    out: set[str] = set()
    for value in values:
        if value.startswith("FRD-SG") and rd:
            out.add("RD" + value[3:])  # FRD-SG 14 beside RD: RD-SG 14
        elif value in ("FRD",) and rd:
            continue
        elif value == "TFNI" and (rd or frd):
            continue
        elif value in ("DCNI", "UCNI") and level > Level.U:
            continue
        else:
            out.add(value)
    # the family itself only when no narrower value of it implies it (RD-CNWDI is Restricted Data)
    if rd and not any(v.startswith("RD-") for v in out):
        out.add("RD")
    elif frd and not rd and not any(v.startswith("FRD-") for v in out):
        out.add("FRD")
    if any(v.startswith("RD-") for v in out):
        out.discard("RD")
    if any(v.startswith("FRD-") for v in out):
        out.discard("FRD")
    return aea_order(out)


def with_values(marking, extra):
    """`marking` with the SCI, SAP and atomic energy values of `extra` added (unions: nothing of
    `marking` dropped; a family value a narrower one implies, RD beside RD-CNWDI, is written once)."""
    from dataclasses import replace

    aea = set(marking.aea) | set(extra.aea)
    for family in ("RD", "FRD"):
        if any(v.startswith(f"{family}-") for v in aea):
            aea.discard(family)
    return replace(marking, sci=sci_union(marking.sci + extra.sci), sap=sap_union(marking.sap + extra.sap),
                   aea=aea_order(aea))


def keeps_values(old, new) -> bool:
    """Does `new` carry every SCI, SAP and atomic energy value of `old` (RD-CNWDI keeps RD)?"""
    if not (old.sci or old.sap or old.aea):
        return True
    merged = with_values(new, old)
    return (merged.sci, merged.sap) == (new.sci, new.sap) and aea_implied(old.aea) <= aea_implied(new.aea)


def with_values_in_form(marking, extra, seen=()):
    """`with_values`, with the special access programs written in one form (`sap_in_one_form`):
    the completed banner keeps the banner's own form (nicknames or abbreviations), never a mix.
    `seen` are the SAP values the document writes elsewhere (its portions), where a nickname of
    an added program may be found."""
    from dataclasses import replace

    merged = with_values(marking, extra)
    if merged.sap == marking.sap or not merged.sap:
        return merged
    return replace(merged, sap=sap_in_one_form(marking.sap, merged.sap, (*extra.sap, *seen)))


def sap_in_one_form(own, programs, seen) -> tuple[str, ...]:
    """`programs` (SAP values, one per program) written as `own` writes its programs: by nickname
    (``SAR-BUTTER POPCORN``) when every program of `own` is written so and `own` or `seen` give a
    nickname for every program; otherwise each program by its abbreviation (``SAR-BP``), the
    form every program has. HVSACO and other values that name no program stand as they are."""
    own_programs = [v for v in own if is_sap_program(v)]
    if own_programs and all(_nickname(v) for v in own_programs):
        return sap_alike(programs, (*own, *seen))
    return _abbreviations(programs)


def sap_alike(programs, seen) -> tuple[str, ...]:
    """`programs` all by nickname when they and `seen` give every program's, else all by
    abbreviation: one form, never a mix (``SPECIAL ACCESS REQUIRED-BP/GOLDEN BOY``)."""
    named = {sap_key(v): v for v in (*programs, *seen) if is_sap_program(v) and _nickname(v)}
    keys = [sap_key(sap_parts(v)[0]) if is_sap_program(v) else None for v in programs]
    if all(k is None or k in named for k in keys):
        return sap_union(v if k is None else named[k] for k, v in zip(keys, programs))
    return _abbreviations(programs)


def _abbreviations(programs) -> tuple[str, ...]:
    """`programs` each by its abbreviation (HVSACO and the like as they are)."""
    return sap_union(_abbreviated(v) if is_sap_program(v) else v for v in programs)


def _nickname(value: str) -> bool:
    """Is a SAP value a program written by its nickname of several words (no compartments)?"""
    program, compartments = sap_parts(value)
    return not compartments and sap_key(program) != program


def _abbreviated(value: str) -> str:
    """A SAP value with its program written by its abbreviation (a nickname's initials)."""
    program, compartments = sap_parts(value)
    short = sap_key(program)
    return value if short == program else short + value[len(program):]
