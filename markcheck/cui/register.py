"""The CUI register (rules/register/cui.yaml) and the CUI profiles' data (rules/profiles/cui.yaml).

Looks a written word up as a category or a limited dissemination control, with the register
form it most likely stands for when it is neither (the same did-you-mean as the rest of the
register, markcheck.suggest).
"""

from __future__ import annotations

import datetime as _dt
import functools

from ..resources import load_data
from ..suggest import distance

PROFILES = ("cui", "dod_cui")


@functools.lru_cache(maxsize=1)
def register() -> dict:
    """{"categories": [...], "ldcs": [...]}: the entries of rules/register/cui.yaml by their kind
    (one `entries` list, as every register family file has it: markcheck.register)."""
    return by_kind(load_data("register/cui.yaml"))


def by_kind(data: dict) -> dict:
    """A CUI register file's `entries` split into categories and LDCs, in the file's order."""
    entries = data["entries"]
    return {"categories": [e for e in entries if e["kind"] == "category"],
            "ldcs": [e for e in entries if e["kind"] == "ldc"]}


@functools.lru_cache(maxsize=1)
def conventions() -> dict:
    return load_data("profiles/cui.yaml")


@functools.lru_cache(maxsize=1)
def categories() -> dict[str, dict]:
    """Category value -> its register entry."""
    return {entry["value"]: entry for entry in register()["categories"]}


@functools.lru_cache(maxsize=1)
def category_names() -> dict[str, str]:
    """A category's name, upper-cased, as its register description begins (`CONTROLLED TECHNICAL
    INFORMATION`) -> its value: DoD's indicator block may spell the category out."""
    return {" ".join(entry["description"].split(". ", 1)[0].upper().split()): entry["value"]
            for entry in register()["categories"]}


@functools.lru_cache(maxsize=1)
def ldcs() -> dict[str, dict]:
    """An LDC as a marking writes it (``FED ONLY``, ``NOFORN``, ``REL TO``) -> its register entry."""
    found = {}
    for entry in register()["ldcs"]:
        for form in (entry["banner"], entry["portion"], entry["value"], entry["value"].replace("_", " ")):
            found.setdefault(form.upper(), entry)
    return found


# LDCs that are CUI's own: written in a marking without CUI they are out of place (the others,
# NOFORN, REL TO, DISPLAY ONLY, RELIDO, are classified dissemination controls too).
def cui_only_ldc(word: str) -> dict | None:
    entry = ldcs().get(word.upper())
    if entry is None or entry["value"] in ("NF", "REL", "DISPLAYONLY", "RELIDO"):
        return None
    return entry


def lookup(word: str) -> tuple[str, str | None, bool]:
    """(kind, register value, specified) of one written word of a CUI marking: kind is
    "category", "ldc" or "unknown"."""
    upper = " ".join(word.upper().split())
    if upper.startswith("REL TO"):
        return "ldc", "REL", False
    if upper.startswith("DISPLAY ONLY "):  # with its country list, as REL TO has one
        return "ldc", "DISPLAYONLY", False
    entry = ldcs().get(upper)
    if entry is not None:
        return "ldc", entry["value"], False
    specified = upper.startswith("SP-")
    value = upper[3:] if specified else upper
    if value in categories():
        return "category", value, specified
    return "unknown", None, specified


def suggestion(word: str) -> str | None:
    """The register form `word` most likely stands for: the nearest category marking (with
    SP- when it is Specified) or LDC within two edits, else None."""
    upper = word.upper()
    forms = [entry["banner"] for entry in register()["categories"]]
    forms += [entry["value"] for entry in register()["categories"]]
    forms += [entry["banner"] for entry in register()["ldcs"]]
    best, best_distance = None, 3
    for form in forms:
        d = distance(upper, form)
        if d < best_distance:
            best, best_distance = form, d
    if best is not None and best in categories() and categories()[best]["specified"] \
            and not categories()[best]["basic"]:
        best = "SP-" + best
    return best


def deprecated(value: str, today: _dt.date) -> tuple[bool, str | None]:
    """(past its date, the date) of a category or LDC the register marks deprecated."""
    entry = categories().get(value) or next((e for e in register()["ldcs"] if e["value"] == value), None)
    date = entry.get("deprecated") if entry else None
    if not date:
        return False, None
    return _dt.date.fromisoformat(str(date)[:10]) <= today, str(date)[:10]
