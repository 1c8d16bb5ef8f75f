"""A classification line's marking from the parts its grammar reads (reader/parse.py): the level,
each control by the register, SCI, SAP and atomic energy values, release and FGI lists, and for
the line of a NATO, JOINT or other government's document the owner and level of its head."""

from __future__ import annotations

from ..capco.gather import FamilyValues
from ..model import Level, Marking
from ..vocabulary import classify_control, country_code
from . import foreign
from .parse import _CATEGORY, _Family, _Places


def banner_marking(level: Level | None, non_ic: set[str], controls, head: str | None = None) -> Marking:
    """The marking of a banner: its level and each control read by the register; `head`, the words
    after the leading ``//`` of a NATO, JOINT or foreign document's line (``NATO SECRET``), gives
    its owner and level instead (reader/foreign.py)."""
    dissem: set[str] = set()
    rel_to = fgi = display_only = None
    unknown: list[str] = []
    written: list[str] = []
    families = FamilyValues()
    for control in controls:
        after_sap, families.after_sap = families.after_sap, False
        if control is _CATEGORY:
            continue
        if isinstance(control, _Family):
            unknown.extend(families.add(control.family, control.text))
            continue
        if after_sap and isinstance(control, str) and not classify_control(control):  # …-BP/GB: a second program
            families.more_programs(control)
            continue
        if isinstance(control, _Places):
            if control.kind == "rel":
                rel_to = list(control.codes)
                written.append("REL TO")
            elif control.kind == "display":  # SECRET//DISPLAY ONLY AFG, IRQ
                display_only = list(control.codes)
                dissem.add("DISPLAY ONLY")
                written.append("DISPLAY ONLY")
            else:  # SECRET//FGI DEU GBR//…, SECRET//FGI//…
                fgi = list(control.codes)
            continue
        word = control
        if word.startswith("FOR OFFICIAL USE"):
            word = "FOUO"
        found = classify_control(word)
        if found and found[0] in ("dissem", "non_ic"):
            written.append(found[1])
        if found and found[0] == "dissem":
            dissem.add(found[1])
        elif found and found[0] == "non_ic":
            non_ic.add(found[1])
        elif word.split(" ")[0] == "FGI":  # SECRET//FGI GBR//NOFORN: read, not left unknown
            fgi = [country_code(w) for w in word.split()[1:]]
        else:
            unknown.append(word)
    if head is not None:
        fields = foreign.read_banner_head(head)
        level, unknown = fields.pop("level"), [*fields.pop("unknown", ()), *unknown]
    else:
        fields = {}
    return Marking(level=level, dissem=frozenset(dissem), non_ic=frozenset(non_ic), written=tuple(written),
                   rel_to=tuple(rel_to) if rel_to is not None else None, unknown=tuple(unknown),
                   fgi=tuple(fgi) if fgi is not None else None, **families.fields(),
                   display_only=tuple(display_only) if display_only is not None else None, **fields)
