"""The default format: one ``path:line:col: RULE [severity] message`` line per finding.

flake8's and Ruff's concise layout, which editors and CI log parsers already understand. Paths
are printed as given on the command line; clean files print nothing. With ``run.color`` the
parts of each line are coloured (`markcheck.formats.text_style`); with ``run.show_source``
each finding is followed by its source line and a caret under its span
(`markcheck.formats.text_source`). The summary line and the count of findings not shown are
the run's, written by `markcheck.output`.
"""

from __future__ import annotations

from ..escape import printable


def line(path: str | None, finding, color: bool = False) -> str:
    # one line whatever the file name and the quoted text hold: no line break, escape sequence
    # or CI workflow command (`markcheck.escape`)
    where = f" [{finding.where}]" if finding.where else ""
    if not color:
        return printable(f"{path}:{finding.line}:{finding.column}: {finding.rule} [{finding.severity}] "
                         f"{finding.message}{where}")
    from .text_style import coloured_line

    return coloured_line([("path", str(path)), ("separator", ":"), (None, f"{finding.line}:{finding.column}"),
                          ("separator", ":"), (None, " "), ("rule", finding.rule), (None, " "),
                          (finding.severity, f"[{finding.severity}]"), (None, f" {finding.message}{where}")])


def _lines(result, run) -> list[str]:
    color = bool(getattr(run, "color", False))
    if not getattr(run, "show_source", False):
        return [line(result.path, f, color) + "\n" for f in result.findings]
    from .text_source import snippet, source_lines
    from .text_style import paint

    lines = source_lines(result.path, getattr(run, "texts", None))
    out = []
    for finding in result.findings:
        out.append(line(result.path, finding, color) + "\n")
        out.extend(row + "\n" for row in snippet(finding, lines, paint if color else None))
    return out


def render(results, run=None) -> str:
    return "".join(text for result in results for text in _lines(result, run))


def write(results, run, handle) -> None:
    """`render`, written result by result as they come."""
    for result in results:
        if result.findings:
            handle.write("".join(_lines(result, run)))
