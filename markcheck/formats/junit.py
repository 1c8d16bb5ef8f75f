"""JUnit XML for GitLab test reports and Jenkins: "rule R holds for document D" is one test.

One ``<testsuite>`` per file and one ``<testcase>`` per (file, enabled rule), passing cases
included, so a merge request can show a rule that failed on the target branch as fixed.

- ``classname`` is ``markcheck.<RULE-ID>``: Jenkins splits it at the last dot into package
  ``markcheck`` and class ``ROL-001``; GitLab shows it as the suite.
- ``name`` is ``<path> :: <RULE-ID> <rule-name>``: unique in the report (GitLab keeps only the
  first of duplicate names; a path given twice gets `` (2)``) and stable across edits.
- A rule with findings at a failing severity (``error``; ``warning`` too under ``--strict``) is a
  ``<failure type="<severity>">`` holding every finding of that rule in the file, one text line
  each, so the JUnit verdict matches the exit code. A rule whose findings are all below the
  failing level passes, with its findings in ``<system-out>``.
- A file that could not be checked (unreadable, internal error: MCK-001/MCK-002) gets an
  ``<error>`` case per such rule. A result that is not a document (an unreadable file, the
  configuration file reporting an unused suppression) has cases only for the rules it reports.
- Counts (``tests``, ``failures``, ``errors``) are computed from the cases written.

Built with ElementTree (attribute values need escaping: messages quote markings); characters
XML 1.0 cannot carry are replaced.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from ..escape import xml_text
from ..findings import INTERNAL_ERROR, UNREADABLE_FILE
from .text import line as text_line

ABNORMAL = frozenset({INTERNAL_ERROR[0], UNREADABLE_FILE[0]})
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def classname(rule_id: str) -> str:
    return f"markcheck.{rule_id}"


def case_name(path: str, rule_id: str, rule_name: str) -> str:
    return f"{path} :: {rule_id} {rule_name}"


def _summary(findings) -> str:
    first = findings[0]
    count = f"{len(findings)} findings" if len(findings) > 1 else "1 finding"
    return _clean(f"{count}, first at line {first.line}: {first.message}")


def _body(path: str, findings) -> str:
    return _clean("\n".join(text_line(path, f) for f in findings))


class _UniquePaths:
    """Each result's path as the report names it: relative, and `` (2)`` for a repeat."""

    def __init__(self, run):
        self.run = run
        self.seen: dict[str, int] = defaultdict(int)

    def __call__(self, result) -> str:
        path = self.run.relpath(result.path)
        self.seen[path] += 1
        return path if self.seen[path] == 1 else f"{path} ({self.seen[path]})"


def _suite(result, path: str, run) -> tuple[ET.Element, int, int, int]:
    by_rule: dict[str, list] = defaultdict(list)
    for finding in result.findings:
        by_rule[finding.rule].append(finding)
    names = {}
    if result.profile is not None:  # a document was read: every enabled rule is a case
        names = {rule.id: rule.name for rule in run.enabled_rules(result.profile, result.path)}
    for rule_id, findings in by_rule.items():
        names.setdefault(rule_id, findings[0].name)

    suite = ET.Element("testsuite", name=_clean(path))
    props = [(k, getattr(result, k, None)) for k in ("profile", "era", "date", "classification",
                                                      "expected_classification")]
    props = [(k, v) for k, v in props if v is not None]
    if props:
        holder = ET.SubElement(suite, "properties")
        for key, value in props:
            ET.SubElement(holder, "property", name=key, value=_clean(str(value)))
    tests = failures = errors = 0
    for rule_id in sorted(names):
        findings = by_rule.get(rule_id, [])
        case = ET.SubElement(suite, "testcase", classname=classname(rule_id),
                             name=_clean(case_name(path, rule_id, names[rule_id])), file=_clean(path), time="0")
        tests += 1
        if rule_id in ABNORMAL and findings:
            errors += 1
            node = ET.SubElement(case, "error", type=rule_id, message=_summary(findings))
            node.text = _body(path, findings)
        elif any(run.fails(f) for f in findings):
            failures += 1
            worst = "error" if any(f.severity == "error" for f in findings) else "warning"
            node = ET.SubElement(case, "failure", type=worst, message=_summary(findings))
            node.text = _body(path, findings)
        elif findings:
            ET.SubElement(case, "system-out").text = _body(path, findings)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    suite.set("time", "0")
    return suite, tests, failures, errors


def write(results, run, handle) -> None:
    """Write the report to `handle`, each suite as its result comes, keeping only the counts.
    The totals belong on the opening ``<testsuites>`` tag, known only at the end: the suites go
    to a temporary file first, which is then copied after the tag (memory stays flat however
    many files a run checks)."""
    import shutil
    import tempfile

    totals = [0, 0, 0]
    name = _UniquePaths(run)
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as suites:
        for result in results:
            suite, *counts = _suite(result, name(result), run)
            ET.indent(suite, level=1)
            suites.write("\n  " + xml_text(ET.tostring(suite, encoding="unicode")))  # no ##[ for a CI log reader
            totals = [a + b for a, b in zip(totals, counts)]
        root = ET.Element("testsuites", name="markcheck")
        for key, value in zip(("tests", "failures", "errors"), totals):
            root.set(key, str(value))
        root.set("skipped", "0")
        root.set("time", "0")
        tag = xml_text(ET.tostring(root, encoding="unicode"))
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if not suites.tell():
            handle.write(tag + "\n")
            return
        handle.write(tag[:-len(" />")] + ">")
        suites.seek(0)
        shutil.copyfileobj(suites, handle)
        handle.write("\n</testsuites>\n")


def render(results, run) -> str:
    out = io.StringIO()
    write(results, run, out)
    return out.getvalue()
