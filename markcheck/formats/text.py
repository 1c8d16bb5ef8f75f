"""The default format: one ``path:line:col: RULE [severity] message`` line per finding.

flake8's layout, which editors and CI log parsers already understand. Paths are printed as
given on the command line; clean files print nothing.
"""

from __future__ import annotations


def line(path: str | None, finding) -> str:
    return f"{path}:{finding.line}:{finding.column}: {finding.rule} [{finding.severity}] {finding.message}"


def render(results, run=None) -> str:
    return "".join(line(result.path, f) + "\n" for result in results for f in result.findings)
