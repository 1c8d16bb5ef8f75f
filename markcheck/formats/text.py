"""The default format: one ``path:line:col: RULE [severity] message`` line per finding.

flake8's layout, which editors and CI log parsers already understand. Paths are printed as
given on the command line; clean files print nothing.
"""

from __future__ import annotations

from ..escape import printable


def line(path: str | None, finding) -> str:
    # one line whatever the file name and the quoted text hold: no line break, escape sequence
    # or CI workflow command (`markcheck.escape`)
    where = f" [{finding.where}]" if finding.where else ""
    return printable(f"{path}:{finding.line}:{finding.column}: {finding.rule} [{finding.severity}] {finding.message}{where}")


def render(results, run=None) -> str:
    return "".join(line(result.path, f) + "\n" for result in results for f in result.findings)


def write(results, run, handle) -> None:
    """`render`, written result by result as they come."""
    for result in results:
        if result.findings:
            handle.write(render((result,)))
