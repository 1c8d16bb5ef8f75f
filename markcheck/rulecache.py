"""markcheck's user cache: the built-in rule pack, validated once, and the Lark parse tables.

Validating the built-in ``rules/*.yaml`` means composing YAML in pure Python and running a JSON
Schema validator (importing jsonschema alone costs more than checking a cable), and its answer
only changes when the rule files or markcheck itself change. So the first run validates them
and stores the resulting rules; later runs load that store when its key still matches.

The key is the SHA-256 of every shipped rule/data file's name and bytes, the markcheck version,
the Python version and the size and mtime of each of markcheck's own modules (the loader, the
schema-external checks and the `Rule` class live there). Users' own rule files (``--rules``)
never come from here: they are validated on every run.

Lark's parse tables for the grammars are kept here too (`lark_parser`), as Lark's own
serialised form written as JSON, never in the shared temporary directory and never as a pickle.
Entries are JSON files in a directory only the user can write (`cachefile`, `cachedir`);
``MARKCHECK_CACHE_DIR`` moves it (the test suite points it at a temporary folder) and
``MARKCHECK_NO_CACHE=1`` turns it off. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import sys
from pathlib import Path
from typing import Callable, Iterable

from . import __version__, cachedir, cachefile
from .resources import grammars_dir, rules_dir

_FORMAT = 4  # bump when the stored layout changes
_PACKAGE = Path(__file__).resolve().parent
# files of earlier cache formats, which could run code when read: removed, never read
_OLD_FORMATS = ("rules-*.pickle", "lark-*.cache")


def lark_parser(name: str, **options):
    """The Lark parser for grammars/<name>.lark with `options`, from the cache when it holds
    this grammar's tables (Lark's serialised form: plain data, loaded without pickle)."""
    from lark import Lark
    from lark.grammar import Rule as LarkRule
    from lark.lexer import TerminalDef

    path = grammars_dir() / f"{name}.lark"
    if not cachedir.enabled():
        return Lark.open(str(path), **options)
    key = _grammar_key(name, repr(sorted(options.items())))
    # one entry per installation, as for the rules: two versions in use (a pre-commit hook's and a
    # project's) would otherwise rebuild each other's tables on every alternate run
    entry = f"lark-{name}-{_installation(grammars_dir())}.json"
    stored = cachefile.load(entry, key)
    if stored is not None:
        try:
            return Lark.load(stored)  # a dict: Lark's own deserialisation, no unpickling
        except Exception:  # stored by an incompatible build: built afresh below
            pass
    parser = Lark.open(str(path), **options)
    data, memo = parser.memo_serialize([TerminalDef, LarkRule])
    cachefile.store(entry, key, {"data": data, "memo": memo})
    _drop_other_installations(f"lark-{name}-*.json", entry)
    cachefile.remove_stale(f"lark-{name}.json")  # the single entry of earlier versions
    return parser


def _drop_other_installations(pattern: str, entry: str) -> None:
    """Remove entries of installations not used for 30 days (temporary venvs, old checkouts)."""
    folder = cachedir.cache_dir()
    cachefile.remove_stale(pattern, keep=folder / entry if folder else None, days=30)


def _installation(folder: Path) -> str:
    """A short name for the installation that holds `folder`."""
    return hashlib.sha256(str(folder).encode()).hexdigest()[:16]


def _grammar_key(name: str, options: str) -> str:
    """Changes with the grammar files (they import each other), the options, Lark and Python."""
    import lark

    return hashlib.sha256(f"{_FORMAT}\0{name}\0{options}\0{lark.__version__}\0{sys.version_info[:2]}\0"
                          .encode() + _grammars_digest()).hexdigest()


@functools.lru_cache(maxsize=1)
def _grammars_digest() -> bytes:
    digest = hashlib.sha256()
    for entry in _listing(grammars_dir()):
        if entry.name.endswith(".lark"):
            with open(entry.path, "rb") as handle:
                digest.update(entry.name.encode() + b"\0" + handle.read() + b"\0")
    return digest.digest()


def pack_key() -> str:
    """Changes whenever the built-in rules, the data they are checked against or the code do."""
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{sys.version_info[:2]}\0".encode())
    # os.scandir, not pathlib: this runs on every start, and Path objects cost several times more
    for folder in ("", "register/", "profiles/"):  # (the data subfolders: the CUI register and profiles)
        if folder and not os.path.isdir(rules_dir() / folder):
            continue
        for entry in _listing(rules_dir() / folder):
            if entry.name.endswith((".yaml", ".json")) and entry.is_file():
                with open(entry.path, "rb") as handle:
                    digest.update(folder.encode() + entry.name.encode() + b"\0" + handle.read() + b"\0")
    for prefix in ("", "checks/", "cui/", "reader/", "reader/recognise/"):
        for entry in _listing(_PACKAGE / prefix):
            if entry.name.endswith(".py"):
                stat = entry.stat()
                digest.update(f"{prefix}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


# Globs as regular expressions (`markcheck.globs.glob_regex`), as the cache holds them: the
# default include and exclude globs are matched against every named file, and translating them
# meant importing pathspec (~9 % of the instructions of a one-file check). One entry per
# installation, as for the rules and the grammar tables: two installations used in turn would
# otherwise each find the other's entry and translate (import pathspec) on every run.
_GLOBS: dict[str, str] | None = None
_GLOBS_MAX = 1024  # distinct globs kept; past that, new ones are translated on every run


def cached_glob_regex(pattern: str, translate: Callable[[str], str]) -> str:
    """`translate(pattern)`, from the cache when it holds the translation made by the installed
    pathspec and this markcheck; a new translation is stored for the next run."""
    global _GLOBS
    if not cachedir.enabled():
        return translate(pattern)
    entry = f"globs-{_installation(_PACKAGE)}.json"
    if _GLOBS is None:
        stored = cachefile.load(entry, _globs_key())
        valid = isinstance(stored, dict) and all(isinstance(v, str) for v in stored.values())
        _GLOBS = stored if valid else {}
    regex = _GLOBS.get(pattern)
    if regex is None:
        regex = translate(pattern)
        if len(_GLOBS) < _GLOBS_MAX:
            _GLOBS[pattern] = regex
            cachefile.store(entry, _globs_key(), _GLOBS)
            _drop_other_installations("globs-*.json", entry)
            cachefile.remove_stale("globs.json")  # the single entry of earlier versions
    return regex


def _globs_key() -> str:
    """Changes with markcheck's glob module and with the installed pathspec (its files' size and
    mtime, found without importing it), as `pack_key` does with markcheck's own modules."""
    import importlib.util

    parts = [f"{_FORMAT}", __version__, f"{sys.version_info[:2]}"]
    spec = importlib.util.find_spec("pathspec")
    for path in (str(_PACKAGE / "globs.py"), spec.origin if spec and spec.origin else None):
        try:
            stat = os.stat(path) if path else None
        except OSError:
            stat = None
        parts.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}" if stat else f"{path}\0-")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _listing(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def builtin_entries(files: list[Path], load_file: Callable[[Path, list], list], errors: list,
                    data_files: Iterable[str] = ()) -> dict[str, list]:
    """``{str(path): load_file(path, errors)}`` for the built-in rule `files`, from the cache if
    it is current. Fresh results are stored only when they added no error to `errors`, with the
    `data_files` of rules/ as `read_data` reads them (see `builtin_data`)."""
    if not cachedir.enabled():
        return {str(path): load_file(path, errors) for path in files}
    try:
        key, store = _key_and_store()
    except OSError:
        return {str(path): load_file(path, errors) for path in files}
    wanted = [str(path) for path in files]
    stored = _read(key, store)
    if stored is not None and sorted(stored["rules"]) == sorted(wanted):
        _DATA.update(stored["data"])
        return stored["rules"]
    before = len(errors)
    entries = {name: load_file(Path(name), errors) for name in wanted}
    if len(errors) == before:
        data = _read_data_files(data_files)
        _DATA.update(data)
        _store(store, key, {"rules": entries, "data": data})
    return entries


# The data files (eras.yaml, vocabulary.yaml) of the rule pack this process loaded, as the store
# kept them: reading them from there spares a warm start PyYAML's import (~90 M instructions).
_DATA: dict[str, object] = {}


def builtin_data(name: str):
    """The data file rules/<name> as `read_data` reads it: as stored with the built-in rule pack
    this process loaded (or from the store, if it is current), else read now."""
    if name not in _DATA and cachedir.enabled():
        try:
            stored = _read(*_key_and_store())
        except OSError:
            stored = None
        if stored is not None:
            _DATA.update(stored["data"])
    if name in _DATA:
        return _DATA[name]
    from .resources import read_data

    return read_data(name)


def _key_and_store() -> tuple[str, str]:
    """The current pack's key and the entry name of this installation's rules (OSError if unreadable)."""
    key = pack_key()
    # one store per installation, so a changed pack replaces its old entry
    return key, f"rules-{_installation(rules_dir())}.json"


def _read(key: str, store: str) -> dict | None:
    """The store's rules and data if it holds the pack of `key`; None if missing, stale or unreadable."""
    stored = cachefile.load(store, key)
    try:
        rules = {path: [(_rule(fields), tuple(where)) for fields, where in entries]
                 for path, entries in stored["rules"].items()}
        data = stored["data"]
    except Exception:  # missing, stale or of another layout: validate afresh
        return None
    return {"rules": rules, "data": data} if isinstance(data, dict) else None


def _read_data_files(names: Iterable[str]) -> dict[str, object]:
    """The data files as read now; none if one cannot be read (each is then read, and its error
    raised, where it is used)."""
    from .resources import read_data

    try:
        return {name: read_data(name) for name in names}
    except Exception:
        return {}


def _store(store: str, key: str, value: dict) -> None:
    """Keep the pack (each rule as its fields); drop other installations' old stores and files of
    earlier formats."""
    rules = {path: [(_fields(rule), where) for rule, where in entries] for path, entries in value["rules"].items()}
    cachefile.store(store, key, {"rules": rules, "data": value["data"]})
    _drop_other_installations("rules-*.json", store)
    for pattern in _OLD_FORMATS:
        cachefile.remove_stale(pattern)


def _fields(rule) -> dict:
    """The rule's fields as plain data (its authorities as the mappings they were read from)."""
    fields = {field.name: getattr(rule, field.name) for field in dataclasses.fields(rule)}
    fields["authority"] = tuple(dataclasses.asdict(text) for text in rule.authority)
    return fields


def _rule(fields: dict):
    """The rule whose plain-data `fields` `_fields` made."""
    from .authority import Authority
    from .checks.base import Rule

    texts = tuple(Authority(**text) for text in fields.get("authority", ()))
    return Rule(**{**fields, "authority": texts})
