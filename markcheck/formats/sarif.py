"""SARIF 2.1.0, shaped for GitHub code scanning (``github/codeql-action/upload-sarif``).

One run. ``tool.driver.rules`` is the whole rule catalogue, not only the rules that fired, so
every upload describes every rule the same way and a rule's ``ruleIndex`` does not depend on
what a run found. Each rule carries its summary, description, a help text with the citation
and each quoted authority with its edition (plain and Markdown), a default level and properties (citation, confidence, tags, precision,
per-profile severities). The tool rules (MCK-001..004) are listed after the policy rules.

Results carry ``ruleId`` and the matching ``ruleIndex``, the level, the message, one location
(a relative POSIX URI against ``%SRCROOT%`` and a region with all four coordinates, end
column exclusive, in Unicode code points) and a ``partialFingerprints`` entry that does not
depend on the line number (see `fingerprint`). A document whose copy is incomplete
(`markcheck.reader.incomplete`) is listed in the run's ``properties.incompleteFiles`` with its reasons,
and each of its results carries them as ``properties.incomplete``. A file that holds CUI is listed in
``properties.cuiFiles`` with its overall marking and its CUI control, categories and LDCs. An empty run is still a complete document:
uploading it is how earlier alerts get closed.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..escape import json_text
from ..findings import (INTERNAL_ERROR, INVALID_SUPPRESSION, STALE_BASELINE, TOOL_CITATION, UNREADABLE_FILE,
                        UNUSED_SUPPRESSION)
from . import SARIF_LEVEL, fingerprint

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = f"markcheck/{fingerprint.VERSION}"

FAMILY_TAGS = {
    "HDR": "header", "LVL": "level", "POR": "portion", "ROL": "rollup", "DIS": "dissemination",
    "CAP": "caption", "CAB": "authority-block", "DEC": "declassification", "MSC": "miscellaneous",
    "SYN": "syntax", "MCK": "tool",
}
PRECISION = {"V": "very-high", "C": "high", "M": "medium"}
CONFIDENCE_TEXT = {"V": "verified against the cited text", "C": "corroborated by real documents",
                   "M": "background knowledge, not verified (never an error)"}
# GitHub's problem.severity scale for non-security alerts.
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
_RANK = {"off": 0, "info": 1, "warning": 2, "error": 3}

TOOL_RULES = (  # (rule, level, summary, description)
    (INTERNAL_ERROR, "error", "markcheck failed while checking the document",
     ("A check or the reader raised an unexpected error. The other rules still ran; report the message "
      "as a markcheck bug.")),
    (UNREADABLE_FILE, "error", "The file cannot be read as a text document",
     ("The file is missing, unreadable, binary or not decodable as UTF-8, UTF-16 or an 8-bit encoding, "
      "so no marking rule could be applied.")),
    (UNUSED_SUPPRESSION, "note", "A per-file ignore or a suppression comment suppresses nothing",
     ("A per-file-ignores entry of .markcheck.yaml, or a markcheck: ignore/disable comment of a Markdown "
      "document, matched no finding in this run. Remove it, or narrow its paths and rules, so that "
      "suppressions stay deliberate.")),
    (INVALID_SUPPRESSION, "error", "A suppression comment is not applied",
     ("A markcheck: comment of a Markdown document is malformed, names no rule or an unknown one, gives no "
      "reason, holds marking-shaped text, or has nothing to apply to. It suppresses nothing until it is "
      "corrected.")),
    (STALE_BASELINE, "note", "A baseline entry no longer matches a finding",
     ("The finding recorded in the baseline file is gone (fixed, or the document changed). Rewrite the "
      "baseline with --write-baseline to drop the entry.")),
)


def reflow(text: str) -> str:
    """Rule descriptions are wrapped YAML blocks: join wrapped lines, keep paragraph breaks."""
    return "\n\n".join(" ".join(part.split()) for part in re.split(r"\n\s*\n", text.strip()))


def _tags(rule_id: str) -> list[str]:
    family = rule_id.split("-", 1)[0]
    return ["classification-marking", FAMILY_TAGS.get(family, family.lower())]


def _worst(profiles: dict) -> str:
    """The highest severity the rule has under any profile (its default level)."""
    return max(profiles.values(), key=lambda s: _RANK.get(s, 0), default="off")


def rule_descriptor(rule) -> dict:
    from ..checks.base import PROFILES
    from ..ruledocs import authority_lines

    profiles = {p: rule.severity_for(p) for p in PROFILES}
    per_profile = ", ".join(f"{p} {s}" for p, s in profiles.items())
    confidence = f"{rule.confidence} ({CONFIDENCE_TEXT.get(rule.confidence, rule.confidence)})"
    worst = _worst(profiles)
    description = reflow(rule.description)
    quotes = authority_lines(rule)
    help_text = (f"{rule.summary}\n\n{description}\n\nCitation: {rule.citation}\n"
                 + "".join(f"  - {line}\n" for line in quotes)
                 + f"Severity by profile: {per_profile}\nConfidence: {confidence}\n"
                 f"Explain locally: markcheck rule {rule.id}")
    help_markdown = (f"**{rule.id} `{rule.name}`**: {rule.summary}\n\n{rule.description}\n\n"
                     f"**Citation:** {rule.citation}\n\n"
                     + "".join(f"- {line}\n" for line in quotes) + ("\n" if quotes else "")
                     + f"| Profile | Severity |\n| --- | --- |\n"
                     + "".join(f"| `{p}` | {s} |\n" for p, s in profiles.items())
                     + f"\n**Confidence:** {confidence}\n\nExplain locally: `markcheck rule {rule.id}`")
    properties = {
        "citation": rule.citation,
        "confidence": rule.confidence,
        "tags": _tags(rule.id),
        "precision": PRECISION.get(rule.confidence, "medium"),
        "problem.severity": PROBLEM_SEVERITY.get(worst, "recommendation"),
        "profiles": profiles,
        "eras": list(rule.eras),
        "fix": rule.fix,  # none | safe | unsafe: whether `markcheck check --fix` resolves its findings
    }
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": description},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": SARIF_LEVEL.get(worst, "none")},
        "properties": properties,
    }


def _tool_descriptor(rule_id: str, name: str, summary: str, description: str, level: str = "warning") -> dict:
    return {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": description},
        "help": {"text": f"{summary}\n\n{description}", "markdown": f"**{rule_id} `{name}`**: {summary}\n\n{description}"},
        "defaultConfiguration": {"level": level},
        "properties": {"citation": TOOL_CITATION, "tags": _tags(rule_id), "precision": "very-high",
                       "problem.severity": "error" if level == "error" else "recommendation"},
    }


def descriptors(run, results) -> list[dict]:
    """The catalogue, the tool rules, then any other rule ID that reported (e.g. from a plug-in)."""
    out = [rule_descriptor(rule) for rule in run.catalogue()]
    out += [_tool_descriptor(rid, name, summary, text, level) for (rid, name), level, summary, text in TOOL_RULES]
    known = {d["id"] for d in out}
    for result in results:
        for f in result.findings:
            if f.rule not in known:
                known.add(f.rule)
                out.append(_tool_descriptor(f.rule, f.name, f.name.replace("-", " "), f.message))
    return out


def artifact_uri(relpath: str) -> tuple[str, str | None]:
    """(uri, uriBaseId): relative paths against %SRCROOT%, other paths as file: URIs."""
    if os.path.isabs(relpath):
        return Path(relpath).as_uri(), None
    return quote(relpath, safe="/", errors="surrogateescape"), SRCROOT  # a non-UTF-8 name: its bytes


def _result(finding, index: int, relpath: str, fp: str) -> dict:
    uri, base = artifact_uri(relpath)
    artifact = {"uri": uri, "uriBaseId": base} if base else {"uri": uri}
    result = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": SARIF_LEVEL.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": {
                    "startLine": max(1, finding.line),
                    "startColumn": max(1, finding.column),
                    "endLine": max(1, finding.end_line),
                    "endColumn": max(1, finding.end_column),
                },
            },
        }],
        "partialFingerprints": {FINGERPRINT_KEY: fp},
        "properties": {"citation": finding.citation, "severity": finding.severity},
    }
    if finding.page is not None:  # a Word or PDF page: where a person looks (the region counts extracted lines)
        result["locations"][0]["logicalLocations"] = [{"name": finding.where, "kind": "page"}]
        result["properties"].update(page=finding.page, where=finding.where)
    return result


# how each kind of markcheck suppression is spelled in SARIF (§3.35.3: in the source or outside it)
SUPPRESSION_KIND = {"comment": "inSource", "config": "external", "baseline": "external"}


def _suppressed(result, relpath: str, index_of: dict) -> list[dict]:
    """The suppressed findings of `result`, each a SARIF result with its ``suppressions`` entry
    (kind, justification, where the suppression is written): code scanning shows them as
    dismissed, and a reader of the log sees every finding the run made."""
    held = getattr(result, "suppressed", ())
    if not held:
        return []
    import dataclasses

    as_findings = dataclasses.replace(result, findings=tuple(s.finding for s in held))
    out = []
    for s, fp in zip(held, fingerprint.fingerprints(as_findings, relpath)):
        index = index_of.get(s.finding.rule, -1)
        entry = _result(s.finding, index, relpath, fp)
        if index < 0:
            del entry["ruleIndex"]
        entry["suppressions"] = [{"kind": SUPPRESSION_KIND.get(s.kind, "external"), "status": "accepted",
                                  "justification": s.reason,
                                  "properties": {"markcheck_kind": s.kind, "source": s.source}}]
        out.append(entry)
    return out


def document(results, run) -> dict:
    rules = descriptors(run, results)
    index_of = {d["id"]: i for i, d in enumerate(rules)}
    sarif_results = []
    incomplete = []  # the files whose copy is not the whole document, with why
    cui_files = []  # the files that hold CUI, with their overall marking and CUI words
    for result in results:
        relpath = run.relpath(result.path)
        reasons = [reason.to_dict() for reason in getattr(result, "incomplete", ())]
        if reasons:
            incomplete.append({"uri": artifact_uri(relpath)[0], "incomplete": reasons})
        if getattr(result, "cui", None) is not None:  # what a document that holds CUI is
            cui_files.append({"uri": artifact_uri(relpath)[0], "classification": result.classification,
                              "expectedClassification": result.expected_classification, "cui": result.cui})
        for finding, fp in zip(result.findings, fingerprint.fingerprints(result, relpath)):
            sarif_results.append(_result(finding, index_of[finding.rule], relpath, fp))
            if reasons:  # each result says its document is an incomplete copy
                sarif_results[-1]["properties"]["incomplete"] = reasons
        sarif_results += _suppressed(result, relpath, index_of)
    root = Path(os.path.abspath(run.root or os.getcwd())).as_uri().rstrip("/") + "/"
    abnormal = any(f.rule in (INTERNAL_ERROR[0], UNREADABLE_FILE[0]) for r in results for f in r.findings)
    properties = {"incompleteFiles": incomplete} if incomplete else {}
    if cui_files:
        properties["cuiFiles"] = cui_files
    extra = {"properties": properties} if properties else {}
    return {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [{
            **extra,
            "tool": {"driver": {
                "name": "markcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }},
            "invocations": [{"executionSuccessful": not abnormal}],
            "originalUriBaseIds": {SRCROOT: {"uri": root}},
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }


def render(results, run) -> str:
    return json_text(json.dumps(document(results, run), indent=2)) + "\n"  # no ##[ for a CI runner
