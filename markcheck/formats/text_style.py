"""Colour for the text format: whether to use it, and how a finding's line is coloured.

Whether: ``--color always`` or ``never`` decide; ``auto`` (the default) colours only a terminal
and honours the conventions of https://no-color.org and https://force-color.org — a non-empty
``NO_COLOR`` turns colour off, a non-empty ``FORCE_COLOR`` (other than ``0``) turns it on for
output that is not a terminal (a CI log), ``TERM=dumb`` turns it off. A report written with
``-o FILE`` is coloured only under ``--color always``.

How: each part of the line (path, position, rule, severity, message) is escaped on its own
and wrapped in an SGR code. The result is used only when the parts, without their codes, are
exactly the line the uncoloured output prints (`markcheck.escape.printable` of the whole):
colour never changes what is read, nor lets text become a CI workflow command.
"""

from __future__ import annotations

import os
import re
from typing import Mapping, Sequence

from ..escape import printable

CHOICES = ("auto", "always", "never")

RESET = "\x1b[0m"
STYLES = {
    "path": "\x1b[1m",  # bold
    "separator": "\x1b[36m",  # cyan
    "rule": "\x1b[1m",
    "error": "\x1b[1;31m",  # bold red
    "warning": "\x1b[1;33m",  # bold yellow
    "info": "\x1b[1;34m",  # bold blue
    "gutter": "\x1b[34m",  # blue
}
_SGR = re.compile("\x1b\\[[0-9;]*m")


def wanted(choice: str, stream, environ: Mapping[str, str] | None = None, *, to_file: bool = False) -> bool:
    """Whether text written to `stream` is coloured, for ``--color`` `choice`."""
    if choice == "always":
        return True
    if choice == "never" or to_file:
        return False
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR", ""):
        return False
    if environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    if environ.get("TERM", "") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def paint(style: str, text: str) -> str:
    return f"{STYLES[style]}{text}{RESET}" if text else ""


def strip(text: str) -> str:
    """`text` without the SGR codes `paint` adds."""
    return _SGR.sub("", text)


def coloured_line(parts: Sequence[tuple[str | None, str]]) -> str:
    """The line of `parts` ((style or None, raw text)) with each part coloured, or the plain
    printable line where escaping the parts one by one would not give exactly that line."""
    plain = printable("".join(text for _, text in parts))
    escaped = [(style, printable(text, commands=False)) for style, text in parts]
    if "".join(text for _, text in escaped) != plain:  # e.g. a path that opens a `::` command
        return plain
    return "".join(paint(style, text) if style else text for style, text in escaped)
