"""The JSON report: the versioned contract of DESIGN.md that other tools build on.

Every checked file appears in ``files``, clean ones too; paths are as given on the command
line (a byte of a file name that is not UTF-8 written ``%XX``). Every ``##[`` in a string is
written ``##\u005b``, so a CI runner reading the report line by line finds no workflow
command in it (`markcheck.escape`). Bump `SCHEMA_VERSION` on any incompatible change of shape.
"""

from __future__ import annotations

import io
import json
from json.encoder import encode_basestring_ascii as _quote

from .. import __version__
from ..escape import json_text, utf8_path
from ..findings import Finding

SCHEMA_VERSION = 1


def report(results) -> dict:
    summary = {"files": len(results), "error": 0, "warning": 0, "info": 0}
    for result in results:
        for severity, count in result.counts().items():
            summary[severity] = summary.get(severity, 0) + count
    out = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "markcheck", "version": __version__},
        "files": [_valid_path(r.to_dict()) for r in results],
        "summary": summary,
    }
    # every finding a per-file ignore or the baseline kept out of "files", with its reason
    # (the key is present only when something was suppressed)
    suppressed = [_valid_path(s.to_dict()) for r in results for s in getattr(r, "suppressed", ())]
    if suppressed:
        out["suppressed"] = suppressed
    fixes = _fixes({f.rule for r in results for f in r.findings if f.rule.__class__ is str})
    if fixes:
        out["rules"] = fixes
    return out


def _fixes(rule_ids) -> dict:
    """{rule ID: {"fix": none|safe|unsafe}} of the rules with findings in the report, in ID order:
    whether ``markcheck check --fix`` resolves them (the rule pack's `fix`)."""
    if not rule_ids:
        return {}
    from ..rulepack import builtin_rules

    fix = {r.id: r.fix for r in builtin_rules()}
    return {rule: {"fix": fix.get(rule, "none")} for rule in sorted(rule_ids)}


def render(results, run=None) -> str:
    out = io.StringIO()
    write(results, run, out)
    return out.getvalue()


def write(results, run, handle) -> None:
    """Write the report to `handle` one file entry at a time, as the results come: the same
    text as ``json_text(json.dumps(report(results), indent=2))``, without holding the whole of it (or the
    results) in memory."""
    head = {"schema_version": SCHEMA_VERSION, "tool": {"name": "markcheck", "version": __version__}}
    if run is not None and run.settings is not None:  # the configuration file in use, and the globs
        settings = dict(run.settings)
        if settings.get("config_file"):
            settings["config_file"] = utf8_path(settings["config_file"])
        head["settings"] = settings
    handle.write(json_text(pretty(head)[:-2]) + ",\n")  # the object without its closing brace
    from ..api import Result

    summary = {"files": 0, "error": 0, "warning": 0, "info": 0}
    suppressed = []
    rules: set[str] = set()
    for result in results:  # one pass: `results` may be an iterator, each entry written as it comes
        entry = _entry(result) if result.__class__ is Result and not result.incomplete and result.cui is None \
            else _nested(_valid_path(result.to_dict()), 2)
        handle.write(('  "files": [\n' if not summary["files"] else ",\n") + json_text(entry))
        summary["files"] += 1
        for finding in result.findings:  # as result.counts() adds them up, without its dict
            summary[finding.severity] = summary.get(finding.severity, 0) + 1
            if finding.rule.__class__ is str:
                rules.add(finding.rule)
        if getattr(result, "suppressed", ()):
            suppressed.extend(_valid_path(s.to_dict()) for s in result.suppressed)
    handle.write("\n  ],\n" if summary["files"] else '  "files": [],\n')
    handle.write('  "summary": ' + json_text(_nested(summary, 1, lead=False)))
    if suppressed:
        handle.write(',\n  "suppressed": ' + json_text(_nested(suppressed, 1, lead=False)))
    fixes = _fixes(rules)
    if fixes:
        handle.write(',\n  "rules": ' + json_text(_nested(fixes, 1, lead=False)))
    handle.write("\n}\n")


def _valid_path(entry: dict) -> dict:
    """`entry` (a file or suppressed finding) with its path valid Unicode: the bytes of a file
    name that is not UTF-8 as %XX."""
    if isinstance(entry.get("path"), str):
        entry["path"] = utf8_path(entry["path"])
    return entry


# A file entry and a finding as `_nested(result.to_dict(), 2)` lays them out: the keys of
# `Result.to_dict` and `Finding.to_dict`, in their order (a test holds them to it).
FILE_KEYS = ("path", "profile", "era", "date", "classification", "expected_classification")
FINDING_KEYS = ("rule", "name", "severity", "message", "line", "column", "end_line", "end_column", "citation")
_FILE_PAD = "      "
_ENTRY = "    {\n" + "".join(f'{_FILE_PAD}"{key}": %s,\n' for key in FILE_KEYS) + f'{_FILE_PAD}"findings": '
# text values quoted (%s), whole numbers as they are (%d)
_FINDING = "        {\n" + ",\n".join(f'          "{key}": %{"d" if key in ("line", "column", "end_line", "end_column") else "s"}'
                                     for key in FINDING_KEYS) + "\n        }"


def _entry(result) -> str:
    """`_nested(result.to_dict(), 2)`, written from the fields without the dicts: the report's
    inner loop, once per file and per finding."""
    path = utf8_path(result.path) if result.path.__class__ is str else result.path
    head = _ENTRY % (_scalar(path), _scalar(result.profile), _scalar(result.era), _scalar(result.date),
                     _scalar(result.classification), _scalar(result.expected_classification))
    if not result.findings:
        return head + "[]\n    }"
    return head + "[\n" + ",\n".join([_finding(f) for f in result.findings]) + "\n      ]\n    }"


def _finding(f) -> str:
    """One finding of a file entry, as `_nested(f.to_dict(), 4)` writes it."""
    if f.__class__ is Finding and not f.omitted and f.page is None and f.rule.__class__ is f.name.__class__ is f.severity.__class__ \
            is f.message.__class__ is f.citation.__class__ is str \
            and f.line.__class__ is f.column.__class__ is f.end_line.__class__ is f.end_column.__class__ is int:
        return _FINDING % (_quote(f.rule), _quote(f.name), _quote(f.severity), _quote(f.message),
                           f.line, f.column, f.end_line, f.end_column, _quote(f.citation))
    return _nested(f.to_dict(), 4)


def _scalar(value) -> str:
    """`pretty(value, _FILE_PAD)`, at once for a text or None (what a file entry's values are)."""
    if value.__class__ is str:
        return _quote(value)
    if value is None:
        return "null"
    return pretty(value, _FILE_PAD)


def _nested(value, depth: int, lead: bool = True) -> str:
    """`value` as ``json.dumps(value, indent=2)`` writes it nested `depth` levels deep."""
    pad = "  " * depth
    return (pad if lead else "") + pretty(value, pad)


def pretty(value, pad: str = "") -> str:
    """``json.dumps(value, indent=2)`` for plain JSON data, its lines indented by `pad` after
    the first. Scalars go through the same C encoders json.dumps uses; only the layout is
    written here (json.dumps with an indent falls back to a much slower pure-Python encoder)."""
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, int) and value is not True and value is not False:
        return int.__repr__(value)
    if value is None or value is True or value is False or isinstance(value, float):
        return json.dumps(value)
    inner = pad + "  "
    # (str.join is handed lists: it makes one of a generator first, at a cost)
    if isinstance(value, dict) and all([isinstance(key, str) for key in value]):
        if not value:
            return "{}"
        return "{\n" + ",\n".join([f"{inner}{_quote(k)}: {pretty(v, inner)}" for k, v in value.items()]) + f"\n{pad}}}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join([inner + pretty(v, inner) for v in value]) + f"\n{pad}]"
    return json.dumps(value, indent=2).replace("\n", "\n" + pad)  # anything else exactly as json.dumps has it
