"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

``::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE name::message`` (``warning``
and ``notice`` for the lower severities). Escaping follows the Actions toolkit
(``escapeData``/``escapeProperty`` in @actions/core): ``%``, CR and LF in the message, and
additionally ``:`` and ``,`` in property values; markings are full of both (``REL TO USA, FVEY``,
``SECRET//NOFORN``). Paths are relative to the working directory (the workspace in a job).
"""

from __future__ import annotations

from ..escape import printable
from . import GITHUB_COMMAND


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(path: str, finding) -> str:
    properties = {
        # the file name exactly, escaped as the toolkit does (no escape sequence into the log);
        # this line is a command, so a `::` or `##[` inside it is no second one
        "file": printable(str(path), keep="\r\n", commands=False),
        "line": finding.line,
        "col": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "title": f"{finding.rule} {finding.name}",
    }
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    kind = GITHUB_COMMAND.get(finding.severity, "warning")
    return f"::{kind} {props}::{escape_data(finding.message)}"


def render(results, run) -> str:
    return "".join(command(run.relpath(r.path), f) + "\n" for r in results for f in r.findings)


def write(results, run, handle) -> None:
    """`render`, written result by result as they come."""
    for result in results:
        if result.findings:
            handle.write(render((result,), run))
