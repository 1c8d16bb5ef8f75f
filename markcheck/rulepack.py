"""The rule pack: every rule file, validated once per process and turned into `Rule` objects.

Built-in rules are ``rules/*.yaml`` except the data files named in `DATA_FILES`; users add
directories of their own rule files, validated the same way. Any problem with a rule file is a
`RuleFileError` whose message starts ``file:line:col:`` (the CLI prints it and exits 2), so a
policy maintainer sees where to look rather than a traceback.
"""

from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Iterable

from .checks import registry
from .checks.base import ALL_ERAS, PROFILES, Rule
from .escape import position_lines
from .resources import rules_dir, schema_validator

# Files in rules/ that hold data for the reading pipeline, not rules.
DATA_FILES = frozenset({"eras.yaml", "vocabulary.yaml", "authorities.yaml", "messages.yaml"})
SCHEMA_FILE = "schema.json"


class RuleFileError(Exception):
    """One or more problems in rule files; `errors` holds (file, line, column, reason)."""

    def __init__(self, errors: list[tuple[str, int, int, str]]):
        self.errors = sorted(errors)
        super().__init__(position_lines(self.errors))


def _validator():
    return schema_validator(SCHEMA_FILE)


def rule_files(directory: Path) -> list[Path]:
    """The rule files of a directory, in name order (data files excluded)."""
    return sorted(p for p in Path(directory).glob("*.yaml") if p.name not in DATA_FILES)


def _register_yaml(directory: Path) -> frozenset[str]:
    """The YAML files of the marking register (rules/register/), as data file names."""
    folder = Path(directory) / "register"
    return frozenset(f"register/{p.name}" for p in folder.glob("*.yaml")) if folder.is_dir() else frozenset()


def builtin_rules() -> tuple[Rule, ...]:
    return load_rules(())


@functools.lru_cache(maxsize=8)
def _load(directories: tuple[str, ...]) -> tuple[Rule, ...]:
    from .rulecache import builtin_entries

    files = rule_files(rules_dir())
    errors: list[tuple[str, int, int, str]] = []
    data_files = DATA_FILES | _register_yaml(rules_dir())  # (kept with the pack: read without PyYAML)
    builtin = builtin_entries(files, _load_file, errors, data_files)  # validated once, then cached
    for directory in directories:
        if not Path(directory).is_dir():
            errors.append((directory, 1, 1, "rule directory not found"))
            continue
        files.extend(rule_files(Path(directory)))
    rules: list[Rule] = []
    first_seen: dict[str, str] = {}
    for path in files:
        for rule, where in builtin[str(path)] if str(path) in builtin else _load_file(path, errors):
            if rule.id in first_seen:
                errors.append((str(path), *where, f"duplicate rule ID {rule.id} (first defined in {first_seen[rule.id]})"))
                continue
            first_seen[rule.id] = str(path)
            rules.append(rule)
    if errors:
        raise RuleFileError(errors)
    return tuple(sorted(rules, key=lambda r: r.id))


def load_rules(directories: Iterable[str | Path] = ()) -> tuple[Rule, ...]:
    """Built-in rules plus those in `directories`; cached per distinct directory list."""
    return _load(tuple(str(Path(d)) for d in directories))


def _load_file(path: Path, errors: list) -> list[tuple[Rule, tuple[int, int]]]:
    from . import yamlsafe  # imports PyYAML: only when a rule file is read, not on a cached start
    from .reader.source import ReadError, read_file

    name = str(path)
    try:
        raw = read_file(name, yamlsafe.MAX_FILE_BYTES)  # bounded; never a pipe or a device
    except ReadError as exc:
        errors.append((name, 1, 1, exc.message))
        return []
    try:
        text = raw.decode("utf-8")
        root = yamlsafe.compose(text)
        data = yamlsafe.construct(root)
    except UnicodeDecodeError as exc:
        errors.append((name, 1, 1, f"not UTF-8 text ({exc.reason})"))
        return []
    except OSError as exc:
        errors.append((name, 1, 1, exc.strerror or str(exc)))
        return []
    except yamlsafe.YamlError as exc:
        errors.append((name, exc.line, exc.column, exc.reason))
        return []
    schema_errors = list(_validator().iter_errors(data))
    if schema_errors:
        errors.extend((name, *_schema_position(root, e), _schema_reason(e)) for e in schema_errors)
        return []
    loaded = []
    for index, entry in enumerate(data["rules"]):
        problems = _semantic_problems(entry)
        for key_path, reason in problems:
            node = yamlsafe.node_at(root, ["rules", index, *key_path])
            errors.append((name, *yamlsafe.position(node), reason))
        if not problems:
            where = yamlsafe.position(yamlsafe.node_at(root, ["rules", index, "id"]))
            loaded.append((_rule(entry, name), where))
    return loaded


def _json_path(path) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _schema_position(root, error) -> tuple[int, int]:
    from . import yamlsafe

    node = yamlsafe.node_at(root, error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        if extra:
            key = yamlsafe.key_node(node, str(extra[0]))
            if key is not None:
                node = key
    return yamlsafe.position(node)


def _schema_reason(error) -> str:
    message = error.message
    if error.validator == "enum" and len(message) > 200:
        message = f"{error.instance!r} is not one of the allowed values"
    return f"{_json_path(error.absolute_path)}: {message}"


def _semantic_problems(entry: dict) -> list[tuple[list, str]]:
    """What the schema cannot say: eras exist, the kind is implemented, placeholders are known."""
    from .eras import era_table

    problems: list[tuple[list, str]] = []
    known_eras = {e.code for e in era_table()} | {ALL_ERAS}
    for i, era in enumerate(entry["eras"]):
        if era not in known_eras:
            problems.append((["eras", i], f"unknown era {era!r} (known: {', '.join(sorted(known_eras))})"))
    if ("authority" in entry) == ("citation" in entry):
        problems.append((["authority" if "authority" in entry else "id"],
                         "a rule records its authority (`authority:`, from which the citation is derived) "
                         "or, in a user's rule file, a plain `citation:` string: exactly one of the two"))
    problems.extend(_authority_problems(entry.get("authority") or (), known_eras))
    module = registry().get(entry["extends"])
    if module is None:
        problems.append((["extends"], f"check kind {entry['extends']!r} has no implementation in markcheck/checks"))
        return problems
    allowed = getattr(module, "PLACEHOLDERS", None)
    from .phrases import problems as phrase_problems

    problems.extend(phrase_problems(entry["extends"], entry.get("phrases") or {}, getattr(module, "PHRASE_FIELDS", None)))
    problems.extend(_bad_patterns(entry.get("params"), ["params"]))
    problems.extend(_bad_patterns(entry.get("at_most"), ["at_most"]))
    for i, limit in enumerate(entry.get("at_most") or ()):
        for j, era in enumerate(limit.get("eras") or ()):
            if era not in known_eras:
                problems.append((["at_most", i, "eras", j], f"unknown era {era!r}"))
    try:
        parsed = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(entry["message"]) if f]
    except ValueError as exc:
        return [*problems, (["message"], f"message template: {exc}")]
    fields = {f for f, _, _ in parsed}
    dotted = sorted(f for f in fields if not f.isidentifier())
    if dotted:
        problems.append((["message"], f"message placeholders must be plain names, not {', '.join(dotted)}"))
    # a format spec such as {found:>1000000000} would let a rule file allocate without bound
    formatted = sorted({f for f, spec, conv in parsed if spec or conv})
    if formatted:
        problems.append((["message"], f"message placeholders take no format spec or conversion: {', '.join(formatted)}"))
    if allowed is not None:
        unknown = sorted(f for f in fields if f not in allowed)
        if unknown:
            problems.append((["message"], f"message uses unknown placeholder(s) {', '.join(unknown)} for kind "
                                          f"{entry['extends']!r} (known: {', '.join(sorted(allowed))})"))
    return problems


def _authority_problems(entries, known_eras: set[str]) -> list[tuple[list, str]]:
    """Each cited source and edition is one rules/authorities.yaml names (a directive's edition
    by its full date), and an authority's eras exist."""
    from .authority import DIRECTIVE, sources

    known = sources()
    problems = []
    for i, entry in enumerate(entries):
        source = known.get(entry["source"])
        if source is None:
            problems.append((["authority", i, "source"],
                             f"unknown source {entry['source']!r} (add it to rules/authorities.yaml)"))
            continue
        editions = source.get("editions")
        if editions is not None and str(entry["edition"]) not in editions:
            problems.append((["authority", i, "edition"], f"{entry['source']} has no edition {entry['edition']!r} in "
                                                          f"rules/authorities.yaml (known: {', '.join(editions)})"))
        elif source.get("kind") == DIRECTIVE and len(str(entry["edition"])) != 10:
            problems.append((["authority", i, "edition"], "a directive's edition is a full date, YYYY-MM-DD"))
        for j, era in enumerate(entry.get("eras") or ()):
            if era not in known_eras:
                problems.append((["authority", i, "eras", j], f"unknown era {era!r}"))
    return problems


def _bad_patterns(value, path: list) -> list[tuple[list, str]]:
    """Every ``matches:`` regular expression in a rule's params must compile (checked here, not
    by each check as it runs on each document)."""
    import re

    problems = []
    stack = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            for key, child in node.items():
                if key == "matches" and isinstance(child, str):
                    try:
                        re.compile(child)
                    except (re.error, RecursionError, OverflowError) as exc:
                        problems.append(([*where, key], f"not a regular expression: {child!r} ({exc})"))
                else:
                    stack.append((child, [*where, key]))
        elif isinstance(node, list):
            stack.extend((child, [*where, i]) for i, child in enumerate(node))
    return problems


def _with_cui_profiles(rule_id: str, severity: dict) -> dict:
    """`severity` with a level for the CUI profiles where the rule gives none: the level of the
    classified profile each stands on (rules/profiles/cui.yaml ``classified_as``), or ``off`` for
    a rule the CUI profiles turn off because a CUI rule judges the same marking (``rules_off``)."""
    if "cui" in severity and "dod_cui" in severity:
        return severity
    from .resources import load_data

    data = load_data("profiles/cui.yaml")
    for name, profile in data["profiles"].items():
        if name not in severity:
            off = rule_id in (profile.get("rules_off") or {})
            severity[name] = "off" if off else severity.get(profile["classified_as"], "off")
    return severity


def _rule(entry: dict, source: str) -> Rule:
    from .authority import citation, from_entries

    authority = from_entries(entry.get("authority"))
    severity = entry["severity"]
    if isinstance(severity, str):
        severity = {profile: severity for profile in PROFILES if profile not in ("cui", "dod_cui")}
    severity = _with_cui_profiles(entry["id"], dict(severity))
    return Rule(
        id=entry["id"],
        name=entry["name"],
        summary=entry["summary"].strip(),
        description=entry["description"].strip(),
        severity=dict(severity),
        eras=tuple(entry["eras"]),
        grace_days=entry.get("grace_days"),
        confidence=entry["confidence"],
        message=entry["message"].strip(),
        citation=citation(authority) if authority else entry.get("citation", "").strip(),
        extends=entry["extends"],
        params=entry.get("params") or {},
        source=source,
        at_most=tuple(entry.get("at_most") or ()),
        authority=authority,
        fix=entry.get("fix", "none"),
        fixer=entry.get("fixer"),
        not_fixed=entry.get("not_fixed"),
        phrases=dict(entry.get("phrases") or {}),
    )
