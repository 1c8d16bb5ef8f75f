"""A marking's SCI, SAP, atomic energy and dissemination values as ISM name tokens.

The ISM Schematron rules speak of name tokens (``SI-G``, ``HCS-P-XXXXXX``, ``RD-SG-14``,
``NF``, ``OC``); the floor and companion rules of rules/CAPCO-US.yaml match them with shell
patterns, so each rule is the ISM rule's own words as data. A sub-compartment is the token of its
compartment and its name joined by ``-`` (ISM-ID-00388), SIGMA numbers are joined the same way.
"""

from __future__ import annotations

import fnmatch
import functools

from ..marking import Marking
from ..vocabulary import vocabulary
from .items import aea_implied, sap_parts, sci_parts


def ism_tokens(marking: Marking) -> frozenset[str]:
    """Every ISM token `marking` carries: SCI systems, compartments and sub-compartments, SAP
    programs, atomic energy values, and its dissemination controls in portion form."""
    return marking.derived("ism_tokens", _tokens)


def _tokens(marking: Marking) -> frozenset[str]:
    out: set[str] = set()
    for value in marking.sci:
        system, compartments = sci_parts(value)
        out.add(system)
        for name, subs in compartments.items():
            out.add(f"{system}-{name}")
            out.update(f"{system}-{name}-{sub}" for sub in subs)
    for value in marking.sap:
        program, compartments = sap_parts(value)
        out.add(program)
        out.update(f"{program}-{name}" for name in compartments)
    out.update(v.replace(" ", "-") for v in aea_implied(marking.aea))
    abbrev = vocabulary().portion_abbrev
    out.update(abbrev.get(name, name) for name in marking.dissem)
    return frozenset(out)


@functools.lru_cache(maxsize=512)
def _compiled(patterns: tuple[str, ...]):
    import re

    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns)) if patterns else None


def matching(tokens: frozenset[str], patterns) -> list[str]:
    """The tokens that match one of the shell `patterns` (``SI-G*``, ``HCS-P-*``), sorted."""
    regex = _compiled(tuple(patterns or ()))
    return sorted(t for t in tokens if regex is not None and regex.match(t))
