"""The marking register: every family of rules/register/, loaded once, with the lookups the
reader, the checks, the roll-up, the messages and --fix ask of it.

The files are generated from the ODNI controlled vocabularies (scripts/gen_register.py; the CUI
lists by scripts/gen_cui_register.py) and validated by rules/register/schema.json when first
read. Every file of the folder is a family (its `family` key, else its file stem), so a new
family joins by adding its file. Words archives write that the register does not list (State's
captions, spellings such as UNCLAS) stay in rules/vocabulary.yaml.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import field

from .resources import rules_dir
from .values import frozen_value

FOLDER = "register"
SCHEMA = "schema.json"


class RegisterFileError(Exception):
    """A register file that cannot be read or does not fit the schema (file: reason)."""


@frozen_value
class Entry:
    """One value of a family: its ISM value, description and written forms, and the family's
    own facts about it (members, US level, rank …) in `facts`."""

    family: str
    value: str
    description: str
    banner: str | None
    portion: str | None
    also: tuple[str, ...] = ()
    deprecated: str | None = None
    facts: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def forms(self) -> tuple[str, ...]:
        """Every way the register writes the value: banner form, portion form, other forms."""
        return tuple(dict.fromkeys(f for f in (self.banner, self.portion, *self.also) if f))


_BASE = frozenset({"value", "description", "banner", "portion", "also", "deprecated", "written"})


@functools.lru_cache(maxsize=1)
def _paths() -> dict[str, str]:
    """{family: path} of every register file (.json, and .yaml for hand-kept or other-generated
    lists): the file's stem names its family (`validate` checks a `family` key agrees)."""
    folder = rules_dir() / FOLDER
    out = {}
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            stem, dot, suffix = entry.name.rpartition(".")
            if dot and suffix in ("json", "yaml") and entry.name != SCHEMA and entry.is_file():
                out[stem] = entry.path
    return out


def _read(path: str) -> dict:
    try:
        if path.endswith(".json"):
            with open(path, encoding="utf-8") as handle:
                return json.load(handle)
        from .resources import load_data

        return load_data(f"{FOLDER}/{os.path.basename(path)}")
    except (OSError, ValueError) as exc:
        raise RegisterFileError(f"{path}: {exc}") from None


@functools.lru_cache(maxsize=None)
def family(name: str) -> tuple[Entry, ...]:
    """The entries of a family, in the order the register lists them (its order of precedence);
    values the register marks as never written in a marking are left out. () for a family no
    file holds."""
    path = _paths().get(name)
    if path is None:
        return ()
    data = _read(path)
    if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
        raise RegisterFileError(f"{path}: not a register file (see rules/register/schema.json)")
    out = []
    for item in data.get("entries", []):
        if not isinstance(item, dict) or "value" not in item:
            raise RegisterFileError(f"{path}: an entry without a value (see rules/register/schema.json)")
        if item.get("written", True) is False:
            continue
        out.append(Entry(name, str(item["value"]), str(item.get("description", "")), item.get("banner"),
                         item.get("portion"), tuple(item.get("also", ())), item.get("deprecated"),
                         {k: v for k, v in item.items() if k not in _BASE}))
    return tuple(out)


def families() -> tuple[str, ...]:
    """Every family the register folder holds."""
    return tuple(_paths())


def validate() -> list[str]:
    """Problems of the register files against rules/register/schema.json ('file: reason')."""
    import jsonschema

    with open(rules_dir() / FOLDER / SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = []
    for stem, path in _paths().items():
        try:
            data = _read(path)
        except RegisterFileError as exc:
            problems.append(str(exc))
            continue
        for error in validator.iter_errors(data):
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{os.path.basename(path)}: {where}: {error.message}")
        if isinstance(data, dict) and data.get("family", stem) != stem:
            problems.append(f"{os.path.basename(path)}: family {data['family']!r} differs from the file name")
    return problems


# --- classification levels ----------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def us_levels() -> tuple[Entry, ...]:
    """UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP SECRET: the US levels in rank order."""
    return tuple(sorted(family("levels-us"), key=lambda e: e.facts.get("rank", 0)))


@functools.lru_cache(maxsize=1)
def level_forms() -> dict[str, str]:
    """{written form: portion form} of the US levels: ``TOP SECRET`` and ``TS`` -> ``TS``."""
    return {form: e.portion for e in us_levels() for form in e.forms}


def level_banner(portion: str) -> str:
    """The banner form of a US level's portion form: ``TS`` -> ``TOP SECRET``."""
    return next(e.banner for e in us_levels() if e.portion == portion)


@functools.lru_cache(maxsize=1)
def nato_levels() -> dict[str, str | None]:
    """{portion form: the US level it is safeguarded at, or None}: ``NS`` -> ``S``, ``NR`` -> None."""
    return {e.portion: e.facts.get("us_level") for e in family("levels-nato")}


# --- controls -------------------------------------------------------------------------------------

def controls(name: str) -> tuple[Entry, ...]:
    """The written controls of a family (``dissem``, ``non-ic``) in register order."""
    return family(name)


@functools.lru_cache(maxsize=4096)
def category(token: str) -> str | None:
    """The family a written token belongs to (``NF`` -> ``dissem``, ``TK`` -> ``sci``), by its
    forms; an SCI compartment or SAP program by its system or prefix. None if no family lists it."""
    text = " ".join(token.upper().split())
    forms = _forms_index()
    if text in forms:
        return forms[text][0].family
    for name in families():
        syntax = _syntax(name)
        prefix = syntax.get("portion_prefix")
        if prefix and text.startswith(prefix) and len(text) > len(prefix):
            return name
        banner_prefix = syntax.get("banner_prefix")
        if banner_prefix and text.startswith(banner_prefix) and len(text) > len(banner_prefix):
            return name
    system = text.split(" ", 1)[0].split("-", 1)[0]
    if system in forms and forms[system][0].family == "sci":
        return "sci"
    return None


def entry_for(token: str, family_name: str | None = None) -> Entry | None:
    """The register entry a written form names (of `family_name` if given)."""
    for entry in _forms_index().get(" ".join(token.upper().split()), ()):
        if family_name is None or entry.family == family_name:
            return entry
    return None


def banner_form(token: str) -> str | None:
    """The banner form of any written form of a control: ``NF`` -> ``NOFORN``, ``OC`` -> ``ORCON``."""
    entry = entry_for(token)
    return entry.banner if entry else None


def portion_form(token: str) -> str | None:
    """The portion form of any written form of a control: ``NOFORN`` -> ``NF``."""
    entry = entry_for(token)
    return entry.portion if entry else None


# the families whose words are written inside a marking (not notices, exemptions or FGI source lists)
MARKING_FAMILIES = ("levels-us", "levels-nato", "sci", "sar", "aea", "dissem", "non-ic", "non-us-controls")


@functools.lru_cache(maxsize=1)
def _forms_index() -> dict[str, tuple[Entry, ...]]:
    index: dict[str, list[Entry]] = {}
    for name in MARKING_FAMILIES:
        for entry in family(name):
            for form in entry.forms:
                index.setdefault(form, []).append(entry)
    return {form: tuple(entries) for form, entries in index.items()}


@functools.lru_cache(maxsize=None)
def _header(name: str) -> dict:
    """A family file's keys other than its entries (title, label, syntax …)."""
    path = _paths().get(name)
    data = _read(path) if path else {}
    return {k: v for k, v in data.items() if k != "entries"} if isinstance(data, dict) else {}


def _syntax(name: str) -> dict:
    return dict(_header(name).get("syntax") or {})


def syntax(name: str) -> dict:
    """How a family's open-ended values are written (SCI compartments, SAP program prefixes)."""
    return _syntax(name)


def label(name: str) -> str:
    """How a message names one value of a family: ``SCI control system``."""
    header = _header(name)
    return str(header.get("label") or header.get("title") or name)


def words(name: str) -> tuple[str, ...]:
    """Every written form of a family's values, in register order."""
    return tuple(dict.fromkeys(form for entry in family(name) for form in entry.forms))


# --- release lists ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _tetragraphs() -> dict[str, Entry]:
    return {e.value: e for e in family("tetragraphs") if not e.facts.get("pattern")}  # (not NATO:<word>)


def is_tetragraph(code: str) -> bool:
    """A coalition code of the register's tetragraph list (current or deprecated)."""
    return code in _tetragraphs()


def tetragraph_codes() -> frozenset[str]:
    return frozenset(_tetragraphs())


def tetragraph_members(code: str) -> tuple[str, ...] | None:
    """The member countries of a tetragraph the Tetragraph Taxonomy publishes as decomposable
    (TEYE -> AUS, GBR, USA); None for a code that is no such tetragraph (its membership
    suppressed, not decomposable, or not a tetragraph), which then stands for itself."""
    entry = _tetragraphs().get(code)
    if entry is None or entry.facts.get("decomposable") != "Yes" or entry.facts.get("membership_suppressed"):
        return None
    return tuple(entry.facts.get("members") or ()) or None


@functools.lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """The GENC trigraphs."""
    return frozenset(e.value for e in family("countries") if not e.facts.get("pattern"))


@functools.lru_cache(maxsize=1)
def release_codes() -> frozenset[str]:
    """Codes a release list (REL TO, DISPLAY ONLY) may name: trigraphs and tetragraphs."""
    return frozenset(e.value for name in ("countries", "tetragraphs") for e in family(name)
                     if e.facts.get("rel_to") and not e.facts.get("pattern"))


def deprecated(code: str) -> str | None:
    """The date a country code or tetragraph was deprecated, if it was."""
    entry = _tetragraphs().get(code) or next((e for e in family("countries") if e.value == code), None)
    return entry.deprecated if entry else None
