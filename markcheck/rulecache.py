"""markcheck's user cache: the built-in rule pack, validated once, and the Lark parse tables.

Validating the built-in ``rules/*.yaml`` means composing YAML in pure Python and running a JSON
Schema validator (importing jsonschema alone costs more than checking a cable), and its answer
only changes when the rule files or markcheck itself change. So the first run validates them
and stores the resulting rules; later runs load that store when its key still matches.

The key is the SHA-256 of every shipped rule/data file's name and bytes, the markcheck version,
the Python version and the size and mtime of each of markcheck's own modules (the loader, the
schema-external checks and the `Rule` class live there). Users' own rule files (``--rules``)
never come from here: they are validated on every run.

Lark's parse tables for the grammars are kept here too (`lark_cache`), rather than in the shared
temporary directory. ``MARKCHECK_CACHE_DIR`` moves the cache (the test suite points it at a
temporary folder); ``MARKCHECK_NO_CACHE=1`` turns it off. A cache that cannot be read or
written is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from . import __version__
from .resources import rules_dir

_FORMAT = 3  # bump when the stored layout changes
_PACKAGE = Path(__file__).resolve().parent


def enabled() -> bool:
    return os.environ.get("MARKCHECK_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    """``$MARKCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/markcheck`` (``~/.cache/markcheck``)."""
    explicit = os.environ.get("MARKCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "markcheck" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "markcheck"


def lark_cache(grammar: str) -> str | bool:
    """Lark's ``cache=`` for a grammar: a file in markcheck's cache directory rather than the
    shared temporary directory (where another user could plant one). Lark keys the file on the
    grammar's hash and the files it imports, so an edited grammar is rebuilt. True (Lark's own
    place) if the directory cannot be made; False if caching is turned off."""
    if not enabled():
        return False
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return True
    return str(folder / f"lark-{grammar}-py{sys.version_info[0]}{sys.version_info[1]}.cache")


def pack_key() -> str:
    """Changes whenever the built-in rules, the data they are checked against or the code do."""
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{sys.version_info[:2]}\0".encode())
    # os.scandir, not pathlib: this runs on every start, and Path objects cost several times more
    for entry in _listing(rules_dir()):
        if entry.name.endswith((".yaml", ".json")) and entry.is_file():
            with open(entry.path, "rb") as handle:
                digest.update(entry.name.encode() + b"\0" + handle.read() + b"\0")
    for prefix in ("", "checks/"):
        for entry in _listing(_PACKAGE / prefix):
            if entry.name.endswith(".py"):
                stat = entry.stat()
                digest.update(f"{prefix}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _listing(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def builtin_entries(files: list[Path], load_file: Callable[[Path, list], list], errors: list,
                    data_files: Iterable[str] = ()) -> dict[str, list]:
    """``{str(path): load_file(path, errors)}`` for the built-in rule `files`, from the cache if
    it is current. Fresh results are stored only when they added no error to `errors`, with the
    `data_files` of rules/ as `read_data` reads them (see `builtin_data`)."""
    if not enabled():
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
    if name not in _DATA and enabled():
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


def _key_and_store() -> tuple[str, Path]:
    """The current pack's key and the store of this installation's rules (OSError if unreadable)."""
    key = pack_key()
    # one store per installation, so a changed pack replaces its old entry
    where = hashlib.sha256(str(rules_dir()).encode()).hexdigest()[:16]
    return key, cache_dir() / f"rules-{where}.pickle"


def _read(key: str, store: Path) -> dict | None:
    """The store's rules and data if it holds the pack of `key`; None if missing, stale or unreadable."""
    try:
        with open(store, "rb") as handle:
            if handle.readline().rstrip(b"\n") == key.encode():  # unpickle only a current store
                stored = pickle.load(handle)
                if isinstance(stored.get("rules"), dict) and isinstance(stored.get("data"), dict):
                    return stored
    except Exception:  # missing, stale or unreadable: validate afresh
        pass
    return None


def _read_data_files(names: Iterable[str]) -> dict[str, object]:
    """The data files as read now; none if one cannot be read (each is then read, and its error
    raised, where it is used)."""
    from .resources import read_data

    try:
        return {name: read_data(name) for name in names}
    except Exception:
        return {}


def _store(store: Path, key: str, value) -> None:
    try:
        store.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=store.parent, prefix=".rules-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(key.encode() + b"\n")
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, store)  # atomic: a concurrent run sees the old file or the new one
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(store.parent, keep=store)
    except Exception:  # a read-only home or a full disk must not fail a check
        pass


def _prune(folder: Path, keep: Path, days: int = 30) -> None:
    """Drop rule-pack stores of installations not used for `days` (temporary venvs, old checkouts)."""
    import time

    cutoff = time.time() - days * 86400
    for old in folder.glob("rules-*.pickle"):
        try:
            if old != keep and old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass
