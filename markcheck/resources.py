"""One place that finds the shipped data files (grammars, rules, eras, vocabulary).

An installed wheel carries them as the packages ``markcheck.grammars`` and ``markcheck.rules``;
a source checkout keeps them at the repository top level. Never relative to the working directory.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

_TOP = Path(__file__).resolve().parent.parent


def _folder(package: str, top_level: str) -> Path:
    # The data folders are namespace packages (no __init__.py): ask the import system where
    # they are, which also covers editable installs that map them to the top-level folders.
    try:
        spec = importlib.util.find_spec(package)
    except ModuleNotFoundError:
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location)
        if path.is_dir():
            return path
    return _TOP / top_level


@functools.lru_cache(maxsize=None)
def grammars_dir() -> Path:
    return _folder("markcheck.grammars", "grammars")


@functools.lru_cache(maxsize=None)
def rules_dir() -> Path:
    return _folder("markcheck.rules", "rules")


@functools.lru_cache(maxsize=None)
def load_data(name: str):
    """A YAML data file from rules/ (eras.yaml, vocabulary.yaml), read once per process: from
    markcheck's cache, where it is kept with the built-in rule pack (a warm start imports no
    YAML parser), else by `read_data`."""
    from .rulecache import builtin_data

    return builtin_data(name)


def read_data(name: str):
    """A YAML data file from rules/, parsed.

    Read with libyaml's safe loader where PyYAML has it (several times faster at start-up; a
    test checks it reads the shipped files exactly as the pure-Python safe loader does)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(rules_dir() / name, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)  # noqa: S506 - a safe loader


@functools.lru_cache(maxsize=None)
def schema_validator(name: str):
    """A jsonschema validator for a schema shipped in rules/, built once per process.

    jsonschema is imported here, lazily: the common path (a cached built-in rule pack, no
    configuration file) never needs it.
    """
    import json

    import jsonschema

    with open(rules_dir() / name, encoding="utf-8") as handle:
        schema = json.load(handle)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)
