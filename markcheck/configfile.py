"""The configuration file ``.markcheck.yaml``: discovery, loading and validation.

Discovery (`discover`): a directory, then each parent in turn; the first ``.markcheck.yaml``
wins (`markcheck.configfind` starts it from each checked path, and a walk entering a directory
that holds one uses it for that subtree). The walk stops at the filesystem root, and at a
directory holding ``.git`` once that directory has been looked at (a repository's configuration
never comes from outside it); `markcheck.configtrust` judges a file found outside the working
directory's tree and outside a repository. ``--config FILE`` names the file for the whole run
instead; ``--isolated`` uses none. Files do not cascade: a nested file is the whole
configuration of its subtree unless it says ``extend`` (`markcheck.configextend`).

Loading uses the rule files' machinery: `markcheck.yamlsafe` composes the YAML with positions
and refuses alias bombs, non-core tags (``!!python/...``) and duplicate keys; the JSON Schema
``rules/config.schema.json`` (2020-12, ``additionalProperties: false``) checks the shape; then
`check_against` checks what a schema cannot: that rule IDs and names exist, that a rule of
confidence M is not raised to error, that rule directories exist. Every problem is a
`ConfigError` line ``file:line:col: reason`` (the CLI prints them and exits 2).
"""

from __future__ import annotations

import datetime
import hashlib
import os
from pathlib import Path
from typing import Any

from .escape import position_lines
from .findings import TOOL_FINDINGS
from .fileselect import CONFIG_NAME, DEFAULT_EXCLUDE, DEFAULT_INCLUDE  # noqa: F401 (the configuration's defaults)
from .resources import rules_dir, schema_validator
from .values import frozen_value

SCHEMA_FILE = "config.schema.json"
STOP_MARKER = ".git"
# Tool findings that select/ignore may name (they are not in the rule pack).
TOOL_RULES = dict(TOOL_FINDINGS)


class ConfigError(Exception):
    """Problems in a configuration file; `errors` holds (file, line, column, reason)."""

    def __init__(self, errors: list[tuple[str, int, int, str]]):
        self.errors = sorted(errors)
        super().__init__(position_lines(self.errors))


def discover(start: str | Path | None = None) -> Path | None:
    """The nearest ``.markcheck.yaml`` from `start` (default: the working directory) upwards."""
    directory = Path(os.path.abspath(start if start is not None else os.getcwd()))
    while True:
        candidate = directory / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (directory / STOP_MARKER).exists() or directory.parent == directory:
            return None
        directory = directory.parent


@frozen_value
class ConfigFile:
    """A configuration file that parsed and matched the schema."""

    path: str  # as displayed in messages
    directory: str  # absolute: the base of its relative paths and globs
    data: dict
    root: Any  # the composed YAML node tree, for positions

    def position(self, *key_path) -> tuple[int, int]:
        from . import yamlsafe

        return yamlsafe.position(yamlsafe.node_at(self.root, list(key_path)))

    def line(self, key: str) -> int:
        from . import yamlsafe

        node = yamlsafe.key_node(self.root, key)
        return yamlsafe.position(node)[0]

    def error(self, key_path, reason: str) -> tuple[str, int, int, str]:
        return (self.path, *self.position(*key_path), reason)


def _validator():
    return schema_validator(SCHEMA_FILE)


def load(path: str | Path) -> ConfigFile:
    """Parse and schema-check one configuration file; raises `ConfigError`."""
    from . import yamlsafe  # imports PyYAML: only when there is a configuration file
    from .rulepack import _schema_position

    from .reader.source import ReadError, read_file

    name = str(path)
    try:
        raw = read_file(name, yamlsafe.MAX_FILE_BYTES)  # bounded; never a pipe or a device
        text = raw.decode("utf-8-sig")
        root = yamlsafe.compose(text)
        data = yamlsafe.construct(root)
    except UnicodeDecodeError as exc:
        raise ConfigError([(name, 1, 1, f"not UTF-8 text ({exc.reason})")]) from None
    except ReadError as exc:
        reason = "is a directory, not a configuration file" if exc.message == "is a directory" else \
            f"cannot read the configuration file: {exc.message}"
        raise ConfigError([(name, 1, 1, reason)]) from None
    except IsADirectoryError:
        raise ConfigError([(name, 1, 1, "is a directory, not a configuration file")]) from None
    except OSError as exc:
        raise ConfigError([(name, 1, 1, f"cannot read the configuration file: {exc.strerror or exc}")]) from None
    except yamlsafe.YamlError as exc:
        raise ConfigError([(name, exc.line, exc.column, exc.reason.replace("in a rule file", "here"))]) from None
    data = {} if data is None else _plain(data)
    marker = _validated_marker(text)
    if marker is None or not marker.exists():
        errors = [(name, *_schema_position(root, e), _reason(e)) for e in _validator().iter_errors(data)]
        if errors:
            raise ConfigError(errors)
        _remember(marker)
    if "today" in data:
        try:
            datetime.date.fromisoformat(data["today"])
        except ValueError:
            raise ConfigError([(name, *yamlsafe.position(yamlsafe.node_at(root, ["today"])),
                                f"$.today: not a date: {data['today']!r}")]) from None
    directory = os.path.dirname(os.path.abspath(path))
    return ConfigFile(name, directory, data, root)


def _validated_marker(text: str) -> Path | None:
    """A cache file whose existence says this exact text passed this schema (None: no cache).

    Importing jsonschema costs more than checking a cable, and the configuration rarely
    changes, so a pre-commit run skips the schema check for a file it has seen pass. Only
    passes are remembered; the checks that need the rule pack run every time.
    """
    from . import __version__, cachedir

    folder = cachedir.cache_dir()  # only the user's own: a planted marker must not skip the check
    if folder is None:
        return None
    try:
        digest = hashlib.sha256(f"{__version__}\0".encode() + (rules_dir() / SCHEMA_FILE).read_bytes()
                                + b"\0" + text.encode("utf-8")).hexdigest()
        return folder / f"config-ok-{digest[:40]}"
    except OSError:
        return None


def _remember(marker: Path | None) -> None:
    if marker is not None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:  # a cache that cannot be written is ignored
            pass


def _plain(value):
    """YAML dates become ISO strings, so ``today: 2026-11-27`` needs no quotes."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _reason(error) -> str:
    from .rulepack import _json_path, _schema_reason

    where = _json_path(error.absolute_path)
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        extra = sorted(str(k) for k in error.instance if k not in allowed)
        known = ", ".join(allowed) if allowed else ""
        return f"{where}: unknown key {', '.join(repr(k) for k in extra)} (allowed: {known})"
    if error.validator == "required" and path and path[0] == "per-file-ignores":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        if missing == "reason":
            return f"{where}: every per-file ignore needs a 'reason' saying why these findings are acceptable"
        return f"{where}: {error.message}"
    if path and path[-1] == "reason" and error.validator in ("pattern", "type"):
        return f"{where}: the reason must be a non-empty string"
    if path and path[0] == "severity" and error.validator == "enum":
        return f"{where}: {error.instance!r} is not a severity (error, warning, info or off)"
    if error.validator == "pattern" and path and path[0] in ("select", "ignore", "per-file-ignores"):
        return f"{where}: {error.instance!r} is not a rule ID, prefix or name"
    return _schema_reason(error)


def check_against(config: ConfigFile, rules) -> list[tuple[str, int, int, str]]:
    """Problems that need the rule pack: unknown rules, [M] rules raised to error, rules raised
    above the level their authority allows (an unconditional `at_most`)."""
    from . import yamlsafe
    from .checks._docpath import SEVERITY_RANK
    from .checks._limits import unconditional as unconditional_limit
    from .selectorcheck import known_rules, refusal
    from .suppress import selector_matches

    errors = []
    known = known_rules(rules)
    data = config.data

    def unknown(selector: str, pool) -> bool:
        return not any(selector_matches(selector, rid, name) for rid, name in pool)

    for key in ("select", "ignore"):
        for i, selector in enumerate(data.get(key, ())):
            if unknown(selector, known):
                errors.append(config.error([key, i], refusal(f"$.{key}[{i}]", selector, known)))
    by_key = {r.id: r for r in rules} | {r.name: r for r in rules}
    for key, value in (data.get("severity") or {}).items():
        rule = by_key.get(str(key).strip().upper()) or by_key.get(str(key).strip().lower())
        node = yamlsafe.key_node(yamlsafe.node_at(config.root, ["severity"]), str(key))
        where = (config.path, *yamlsafe.position(node))
        if rule is None:
            errors.append((*where, f"$.severity: no rule {key!r} (give a rule ID or name; see `markcheck rules`)"))
        elif value == "error" and rule.confidence == "M":
            errors.append((*where, (f"$.severity.{key}: {rule.id} ({rule.name}) has confidence M (from background "
                                    "knowledge, not verified against the primary text; rulebook §0) and cannot be "
                                    "raised to error; use warning at most")))
        elif (cap := unconditional_limit(rule.at_most)) and SEVERITY_RANK.get(value, -1) > SEVERITY_RANK[cap]:
            errors.append((*where, (f"$.severity.{key}: {rule.id} ({rule.name}) is at most {cap}: its authority "
                                    f"does not require what it checks (see `markcheck rule {rule.id}`); use {cap} "
                                    "at most")))
    policy = [(r.id, r.name) for r in rules]
    for i, entry in enumerate(data.get("per-file-ignores", ())):
        for j, selector in enumerate(entry["rules"]):
            if selector.upper().startswith("MCK"):
                errors.append(config.error(["per-file-ignores", i, "rules", j],
                                           f"$.per-file-ignores[{i}].rules[{j}]: tool findings (MCK-) cannot be "
                                           "ignored per file; use exclude or the top-level ignore"))
            elif unknown(selector, policy):
                errors.append(config.error(["per-file-ignores", i, "rules", j],
                                           refusal(f"$.per-file-ignores[{i}].rules[{j}]", selector, policy)))
    return errors


def rule_directories(config: ConfigFile) -> tuple[list[str], list[tuple[str, int, int, str]]]:
    """The ``rules`` directories as absolute paths, and errors for those that do not exist."""
    dirs, errors = [], []
    for i, entry in enumerate(config.data.get("rules", ())):
        path = Path(config.directory, entry)
        if not path.is_dir():
            errors.append(config.error(["rules", i], f"$.rules[{i}]: rule directory not found: {path}"))
        dirs.append(str(path))
    return dirs, errors


def severity_overrides(config: ConfigFile, rules) -> tuple[tuple[str, str], ...]:
    """``severity`` as sorted (rule ID, level) pairs; YAML's unquoted ``off`` (false) is "off"."""
    by_key = {r.id: r.id for r in rules} | {r.name: r.id for r in rules}
    out = {}
    for key, value in (config.data.get("severity") or {}).items():
        rule_id = by_key.get(str(key).strip().upper()) or by_key.get(str(key).strip().lower())
        if rule_id is not None:
            out[rule_id] = "off" if value is False else value
    return tuple(sorted(out.items()))
