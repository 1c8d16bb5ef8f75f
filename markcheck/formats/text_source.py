"""The source line under a finding, with a caret under its span (``--show-source``, the HTML
report), in the layout of Ruff's full output format::

       |
    31 | REASON: 1.4 (B)
       |         ^^^^^^^ MSC-001
       |

The quoted line is escaped like every other printed line (`markcheck.escape.printable`); tabs
are shown as four spaces and wide characters as two columns, so the caret stands under the
span on a terminal. Lines come from the file as markcheck decodes it for checking
(`markcheck.reader.source`), read once per file, or from the text a run was given (stdin).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Mapping

from ..escape import printable

TAB = "    "


@dataclass(frozen=True)
class Quote:
    """A finding's first line as shown, and where its caret goes (0-based display columns)."""

    number: int
    text: str
    caret_start: int
    caret_width: int
    continues_to: int | None = None  # the span's last line, when it goes on past this one


def source_lines(path: str | None, texts: Mapping[str, str] | None = None) -> list[str] | None:
    """The lines of the document at `path` (None when it cannot be read now)."""
    from ..reader.source import ReadError, Source

    if texts and path in texts:
        return list(Source.from_text(texts[path]).lines)
    if path is None:
        return None
    try:
        return list(Source.from_path(path).lines)
    except (ReadError, OSError, ValueError):
        return None


def _shown(text: str) -> str:
    return printable(text.replace("\t", TAB))  # (`##[` neutralised here too: no command in a quote)


def width(text: str) -> int:
    """Terminal columns of `text`: two for East Asian wide characters, none for combining marks."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def quote(finding, lines: list[str] | None) -> Quote | None:
    """The quote of `finding` from `lines`, or None when its line is not there (a whole-file or
    configuration finding at 1:1 of an empty text, a file changed since)."""
    if not lines or not 1 <= finding.line <= len(lines):
        return None
    line = lines[finding.line - 1]
    start = min(max(finding.column - 1, 0), len(line))
    same_line = finding.end_line == finding.line
    end = min(max(finding.end_column - 1, start), len(line)) if same_line else len(line)
    caret_start = width(_shown(line[:start]))
    caret_width = max(1, width(_shown(line[start:end])))
    continues = finding.end_line if finding.end_line > finding.line else None
    return Quote(finding.line, _shown(line), caret_start, caret_width, continues)


def snippet(finding, lines: list[str] | None, paint=None) -> list[str]:
    """The lines printed under a finding's line for ``--show-source`` (none when there is no
    line to quote). `paint(style, text)` colours them."""
    q = quote(finding, lines)
    if q is None:
        return []
    paint = paint or (lambda style, text: text)
    number = str(q.number)
    pad = " " * len(number)
    bar = paint("gutter", "|")
    label = finding.rule + (f" (to line {q.continues_to})" if q.continues_to else "")
    return [f"{pad} {bar}",
            f"{paint('gutter', number)} {bar} {q.text}",
            f"{pad} {bar} {' ' * q.caret_start}{paint(finding.severity, '^' * q.caret_width + ' ' + label)}",
            f"{pad} {bar}",
            ""]
