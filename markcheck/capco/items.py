"""SCI, SAP and atomic energy values as `Marking` holds them, read from their written forms.

`Marking.sci`, `.sap` and `.aea` each hold one string per value in a canonical form, in
register order, so that equal markings compare equal however they were written:

* SCI: one entry per control system with its compartments and their sub-compartments,
  ``SI-G ABCD EFGH-NK``: compartments joined by the register's compartment separator, each
  followed by its sub-compartments after a blank (rules/register/sci.json ``syntax``).
* SAP: ``SAR-<program>`` (the register's portion prefix), a program's compartments and
  sub-compartments as written (``SAR-BP-J12 XYZ``); a banner's ``SPECIAL ACCESS REQUIRED-BUTTER
  POPCORN`` is ``SAR-BUTTER POPCORN``. ``HVSACO`` stands as itself.
* Atomic energy: the register's portion form (``RD``, ``RD-CNWDI``, ``RD-SG 14``, ``DCNI``).
"""

from __future__ import annotations

import functools
import re

from .. import register


def register_family(item: str) -> str | None:
    """"sci", "sap" or "aea" for one written item of these families (as the grammars' tokens
    read it: a control system or compartment, a prefixed program, an atomic energy marking),
    else None. For the reader of marks the grammar cannot read whole (reader.lenient)."""
    text = " ".join(item.split())
    first = text.split(" ", 1)[0]
    family = register.category(first)
    if family == "sci":
        return "sci"
    if family == "sar" or text in _sap_words() or any(text.startswith(p) for p in _sap_prefixes()):
        return "sap"
    if aea_values(text):
        return "aea"
    return None


# --- SCI -------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _sci_order() -> tuple[dict[str, int], dict[str, int]]:
    """(system rank, compartment rank) in register order: ``SI`` -> 5, ``SI-G`` -> its place."""
    systems: dict[str, int] = {}
    compartments: dict[str, int] = {}
    for entry in register.family("sci"):
        system = entry.facts.get("system", entry.value)
        systems.setdefault(system, len(systems))
        if entry.facts.get("compartment"):
            compartments[entry.value] = len(compartments)
    return systems, compartments


def _sci_syntax() -> tuple[str, str]:
    syntax = register.syntax("sci")
    return syntax.get("compartment_separator", "-"), syntax.get("subcompartment_separator", " ")


def sci_parts(text: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """(system, {compartment: sub-compartments}) of one written SCI value, ``SI-G ABCD-NK`` ->
    ("SI", {"G": ("ABCD",), "NK": ()}); the compartments in the order written."""
    dash, _ = _sci_syntax()
    groups = " ".join(text.split()).split(dash)
    system = groups[0].split(" ")[0]
    compartments: dict[str, tuple[str, ...]] = {}
    for group in groups[1:]:
        name, *subs = group.split(" ")
        compartments[name] = tuple(dict.fromkeys(compartments.get(name, ()) + tuple(subs)))
    return system, compartments


def sci_render(system: str, compartments: dict[str, tuple[str, ...]]) -> str:
    """The canonical text of one control system: compartments in register order (those the
    register does not list after them, alphabetically), sub-compartments alphabetically."""
    dash, blank = _sci_syntax()
    rank = _sci_order()[1]
    names = sorted(compartments, key=lambda c: (rank.get(f"{system}{dash}{c}", len(rank)), c))
    return dash.join([system] + [blank.join([c, *sorted(compartments[c])]) for c in names])


def sci_union(values) -> tuple[str, ...]:
    """Canonical SCI entries of several written values, merged by control system in register
    order: ``SI`` and ``SI-G ABCD`` give ``SI-G ABCD`` (the system is implied by its compartment)."""
    merged: dict[str, dict[str, set[str]]] = {}
    for value in values:
        system, compartments = sci_parts(value)
        into = merged.setdefault(system, {})
        for name, subs in compartments.items():
            into.setdefault(name, set()).update(subs)
    rank = _sci_order()[0]
    return tuple(sci_render(s, {c: tuple(v) for c, v in merged[s].items()})
                 for s in sorted(merged, key=lambda s: (rank.get(s, len(rank)), s)))


# --- SAP -------------------------------------------------------------------------------------

def _sap_prefixes() -> tuple[str, str]:
    syntax = register.syntax("sar")
    return syntax.get("portion_prefix", "SAR-"), syntax.get("banner_prefix", "SPECIAL ACCESS REQUIRED-")


@functools.lru_cache(maxsize=1)
def _sap_words() -> frozenset[str]:
    return frozenset(f for e in register.family("sar") for f in e.forms)


def sap_programs(text: str) -> tuple[str, ...]:
    """The programs of one written SAP value, each as ``SAR-<program>``: ``SAR-BP/GB`` and
    ``SPECIAL ACCESS REQUIRED-BUTTER POPCORN/GOLDEN BOY`` name two (the register's program
    separator joins programs after one prefix)."""
    portion, banner = _sap_prefixes()
    separator = register.syntax("sar").get("program_separator", "/")
    head, *more = (" ".join(p.split()) for p in text.split(separator))
    if head not in _sap_words():
        prefix = next((p for p in (banner, portion) if head.startswith(p)), None)
        head = portion + head[len(prefix):].strip() if prefix is not None else head
    return tuple(p for p in (head, *(sap_program(m) for m in more if m)) if p != portion)


def is_sap_program(value: str) -> bool:
    """Does a SAP value name a program (``SAR-BP``), not a marking of its own such as HVSACO?"""
    return value.startswith(_sap_prefixes()[0])


def sap_program(program: str) -> str:
    """A program named without its prefix (the second of ``SAR-BP/GB``) as a SAP value."""
    portion = _sap_prefixes()[0]
    return program if program.startswith(portion) else portion + program


def sap_key(value: str) -> str:
    """What identifies a program for the roll-up: a nickname of several words stands for its
    initials, so the banner's ``SAR-BUTTER POPCORN`` is the portions' ``SAR-BP``."""
    portion = _sap_prefixes()[0]
    if not value.startswith(portion):
        return value
    program = value[len(portion):]
    words = program.split(" ")
    if len(words) > 1 and all(w.isalpha() for w in words):
        return portion + "".join(w[0] for w in words)
    return value


def sap_parts(value: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """(program, {compartment: sub-compartments}) of a SAP value: ``SAR-BP-J12 XYZ`` ->
    ("SAR-BP", {"J12": ("XYZ",)}). A value with no compartment is its program whole (a
    nickname of several words, ``SAR-BUTTER POPCORN``, has no sub-compartments)."""
    portion = _sap_prefixes()[0]
    if not value.startswith(portion) or "-" not in value[len(portion):]:
        return value, {}
    system, compartments = sci_parts(value[len(portion):])
    return portion + system, compartments


def sap_union(values) -> tuple[str, ...]:
    """SAP values merged by program (by `sap_key`: a nickname and its initials are one program;
    compartments and sub-compartments united), programs alphabetically, then HVSACO."""
    merged: dict[str, tuple[str, dict[str, set[str]]]] = {}
    for value in sorted(values):
        program, compartments = sap_parts(value)
        name, into = merged.setdefault(sap_key(program), (program, {}))
        for compartment, subs in compartments.items():
            into.setdefault(compartment, set()).update(subs)
    out = []
    for name, compartments in merged.values():
        if compartments:
            portion = _sap_prefixes()[0]
            out.append(portion + sci_render(name[len(portion):], {c: tuple(v) for c, v in compartments.items()}))
        else:
            out.append(name)
    words = _sap_words()
    return tuple(sorted(out, key=lambda v: (v in words, v)))


def sap_category(values, banner: bool) -> str:
    """The SAP category of a marking: the programs after one prefix, joined by the register's
    program separator (``SAR-BP/GB``; in a banner ``SPECIAL ACCESS REQUIRED-BP/GB``), then
    HVSACO. "" without programs."""
    portion, banner_prefix = _sap_prefixes()
    separator = register.syntax("sar").get("program_separator", "/")
    programs = [v[len(portion):] for v in values if v.startswith(portion)]
    others = [v for v in values if not v.startswith(portion)]
    head = [(banner_prefix if banner else portion) + separator.join(programs)] if programs else []
    return "/".join(head + others)


# --- atomic energy -----------------------------------------------------------------------------

_SIGMA = re.compile(r"^(?P<prefix>.+-(?:SG|SIGMA))(?P<numbers>(?: [0-9]{1,2})+)$")


@functools.lru_cache(maxsize=1)
def _aea_forms() -> dict[str, register.Entry]:
    return {form: entry for entry in register.family("aea") for form in entry.forms}


@functools.lru_cache(maxsize=1)
def _aea_rank() -> dict[str, int]:
    return {entry.portion: i for i, entry in enumerate(register.family("aea"))}


@functools.lru_cache(maxsize=256)
def aea_values(text: str) -> tuple[str, ...]:
    """The portion forms an atomic energy marking as written stands for: ``RESTRICTED DATA-SIGMA
    14 20`` -> (``RD-SG 14``, ``RD-SG 20``), ``DOD UCNI`` -> (``DCNI``,); () if the register has
    no such marking (a SIGMA number it does not list keeps the register's written shape)."""
    text = " ".join(text.split())
    forms = _aea_forms()
    if text in forms:
        return (forms[text].portion,)
    match = _SIGMA.match(text)
    if not match:
        return ()
    numbers = match.group("numbers").split()
    out = []
    for number in numbers:
        entry = forms.get(f"{match.group('prefix')} {int(number)}")
        if entry is None:  # a SIGMA the register does not list: its family's form, from RD-SG 14
            family = "FRD" if match.group("prefix").startswith(("FRD", "FORMERLY")) else "RD"
            out.append(f"{family}-SG {int(number)}")
        else:
            out.append(entry.portion)
    return tuple(out)


def aea_order(values) -> tuple[str, ...]:
    """Atomic energy values without repeats, in register order (SIGMAs the register does not
    list after their family's listed ones, by number)."""
    rank = _aea_rank()

    def key(value: str):
        if value in rank:
            return (rank[value], 0)
        family = value.split("-", 1)[0]
        return (rank.get(f"{family}-SG 20", len(rank)), int(value.rsplit(" ", 1)[-1]))
    return tuple(sorted(set(values), key=key))


def aea_implied(values) -> frozenset[str]:
    """Atomic energy values with the family each one implies: ``RD-CNWDI`` and ``RD-SG 14`` are
    Restricted Data, ``FRD-SG 14`` Formerly Restricted Data (ISM-ID-00183..00185: the family
    token goes with them; the marking writes only the narrower value)."""
    out = set(values)
    for value in values:
        family = value.split("-", 1)[0]
        if family in ("RD", "FRD") and value != family:
            out.add(family)
    return frozenset(out)


def aea_banner(value: str) -> str:
    """The register's banner form of an atomic energy value (a SIGMA it does not list: in the
    shape of the listed ones)."""
    entry = register.entry_for(value, "aea")
    if entry is not None and entry.banner:
        return entry.banner
    match = _SIGMA.match(value)
    if match:
        long = "FORMERLY RESTRICTED DATA-SIGMA" if value.startswith("FRD") else "RESTRICTED DATA-SIGMA"
        return f"{long}{match.group('numbers')}"
    return value
