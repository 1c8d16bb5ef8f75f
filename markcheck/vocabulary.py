"""What marking words mean: lookups built once from the register (rules/register/, via
markcheck.register) and the words archives write beside it (rules/vocabulary.yaml).

The grammars recognise the *shape* of a marking; this module maps each recognised word to its
register name (the banner form) and renders markings back in CAPCO form, in register order.
"""

from __future__ import annotations

import functools

from . import register
from .marking import Marking
from .resources import load_data
from .values import frozen_value


@frozen_value
class Vocabulary:
    dissem_by_word: dict
    non_ic_by_word: dict
    dissem_order: tuple
    non_ic_order: tuple
    dissem_rank: dict  # register name -> its place in dissem_order (markings render in that order)
    non_ic_rank: dict
    portion_abbrev: dict
    legacy: frozenset
    countries: dict
    tetragraphs: dict  # code -> its members where the register publishes them, else ()
    captions: frozenset


def control_tables(data: dict) -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
    """{'dissem'|'non_ic': [(register name, portion form, every written form)]} in register order:
    the register's controls with the spellings of rules/vocabulary.yaml, then State's own."""
    spellings = data.get("control_spellings") or {}
    tables = {}
    for table, family in (("dissem", "dissem"), ("non_ic", "non-ic")):
        extra = spellings.get(family) or {}
        tables[table] = [(e.banner, e.portion, (*e.forms, *extra.get(e.value, ()))) for e in register.controls(family)]
    tables["non_ic"] += [(e["name"], e["portion"], (e["name"], e["portion"], *e.get("spellings", ())))
                         for e in data.get("local_non_ic") or ()]
    return tables


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = load_data("vocabulary.yaml")
    tables = control_tables(data)
    dissem_by_word, non_ic_by_word, abbrev = {}, {}, {}
    for table, target in ((tables["dissem"], dissem_by_word), (tables["non_ic"], non_ic_by_word)):
        for name, portion, forms in table:
            abbrev[name] = portion
            for word in forms:
                target[word.upper()] = name
    countries = {}
    for code, names in data["country_codes"].items():
        for name in names:
            countries[name.upper()] = code
    tetragraphs = {code: register.tetragraph_members(code) or () for code in sorted(register.tetragraph_codes())}
    for code in tetragraphs:
        countries.setdefault(code, code)
    dissem_order = tuple(name for name, _, _ in tables["dissem"])
    non_ic_order = tuple(name for name, _, _ in tables["non_ic"])
    return Vocabulary(
        dissem_by_word=dissem_by_word,
        non_ic_by_word=non_ic_by_word,
        dissem_order=dissem_order,
        non_ic_order=non_ic_order,
        dissem_rank=_rank(dissem_order),
        non_ic_rank=_rank(non_ic_order),
        portion_abbrev=abbrev,
        legacy=frozenset(data["legacy"]),
        countries=countries,
        tetragraphs=tetragraphs,
        captions=frozenset(data["captions"]["distribution"]),
    )


def classify_control(word: str) -> tuple[str, str] | None:
    """('dissem'|'non_ic'|'legacy', register name) for a control word, or None if unknown."""
    vocab = vocabulary()
    key = " ".join(word.upper().split())
    if key in vocab.dissem_by_word:
        return "dissem", vocab.dissem_by_word[key]
    if key in vocab.non_ic_by_word:
        return "non_ic", vocab.non_ic_by_word[key]
    if key in vocab.legacy:
        return "legacy", key
    return None


def country_code(name: str) -> str:
    """The trigraph/tetragraph for a country word as cables write it; unknown words kept as-is."""
    key = " ".join(name.upper().split())
    return vocabulary().countries.get(key, key)


def _rank(order: tuple) -> dict[str, int]:
    return {name: i for i, name in enumerate(order)}


def _ordered(names, rank: dict[str, int]) -> list[str]:
    """`names` in register order (by `rank`), names the register does not list last, by name."""
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def rel_to_string(codes: tuple[str, ...]) -> str:
    return "REL TO " + ", ".join(codes) if codes else "REL"


def display_only_string(codes: tuple[str, ...]) -> str:
    return ("DISPLAY ONLY " + ", ".join(codes)).strip()


def _release(marking: Marking, names: list[str], portion: bool) -> list[str]:
    """The dissemination controls in register order, REL TO and DISPLAY ONLY with their lists in
    their places (a banner that is NOFORN carries no REL TO: NOFORN supersedes it)."""
    abbrev = vocabulary().portion_abbrev
    listed = ("REL TO", "DISPLAY ONLY") if marking.display_only is not None else ("REL TO",)
    out = [abbrev.get(n, n) if portion else n for n in names if n not in listed]  # (a bare DISPLAY ONLY stays)
    shown = portion or not marking.noforn
    rank = vocabulary().dissem_rank
    if marking.rel_to is not None and shown:
        out.insert(_place_of(names, rank, "REL TO"), rel_to_string(marking.rel_to))
    if marking.display_only is not None:  # (beside NOFORN too: a rendering never drops what is written)
        out.insert(_place_of(names, rank, "DISPLAY ONLY") + (marking.rel_to is not None and shown),
                   display_only_string(marking.display_only))
    return out


def _place_of(names: list[str], rank: dict[str, int], name: str) -> int:
    """Where `name` goes among the other `names` (all in register order)."""
    return sum(1 for n in names if n not in ("REL TO", "DISPLAY ONLY") and rank.get(n, len(rank)) < rank[name])


def banner_string(marking: Marking) -> str:
    """CAPCO banner form: LEVEL//SCI//SAP//AEA//FGI//DISSEM/DISSEM//NON-IC, values in register
    order; a foreign or JOINT classification as ``//NATO SECRET//…`` or ``//JOINT SECRET CAN USA//…``."""
    return _marking_string(marking, banner=True)


def portion_string(marking: Marking) -> str:
    """CAPCO portion form without parentheses, e.g. ``S//NF`` or ``U//SBU-NF``."""
    return _marking_string(marking, banner=False)


def _marking_string(marking: Marking, banner: bool) -> str:
    """The marking written in the form of its place: a banner's words or a portion's."""
    vocab = vocabulary()
    if marking.owner:
        from .reader.foreign import banner_head, portion_head

        parts = [(banner_head if banner else portion_head)(marking)]
    elif banner:
        parts = [marking.level.banner if marking.level is not None else "UNMARKED"]
    else:
        parts = [marking.level.name if marking.level is not None else ""]
    parts.extend(_us_families(marking, banner=banner))
    if marking.fgi is not None and not marking.owner:
        parts.append(("FGI " + " ".join(marking.fgi)).strip())
    dissem = _release(marking, _ordered(marking.dissem, vocab.dissem_rank), portion=not banner)
    if dissem:
        parts.append("/".join(dissem))
    if marking.non_ic:
        non_ic = _ordered(marking.non_ic, vocab.non_ic_rank)
        parts.append("/".join(non_ic if banner else (vocab.portion_abbrev.get(n, n) for n in non_ic)))
    return "//".join(parts)


def _us_families(marking: Marking, banner: bool) -> list[str]:
    """The SCI, SAP and atomic energy categories, in CAPCO order after the level, each in the
    form of the place it is written in (banner or portion form)."""
    if not (marking.sci or marking.sap or marking.aea):
        return []
    from .capco.items import aea_banner, sap_category

    aea = [aea_banner(v) for v in marking.aea] if banner else list(marking.aea)
    return [part for part in ("/".join(marking.sci), sap_category(marking.sap, banner), "/".join(aea)) if part]


def expand_tetragraphs(codes: tuple[str, ...]) -> frozenset[str]:
    """REL TO codes with coalition tetragraphs replaced by their members where the register's
    Tetragraph Taxonomy publishes them as decomposable (TEYE: AUS, GBR, USA)."""
    out = set()
    tetras = vocabulary().tetragraphs
    for code in codes:
        members = tetras.get(code)
        out.update(members if members else (code,))
    return frozenset(out)
