"""``markcheck -`` reads the document from standard input, as Ruff and yamllint do.

``--stdin-filename NAME`` names it (and given without a PATH, means ``-``): NAME is the path findings carry, the configuration's
``exclude`` and ``per-file-ignores`` are matched against it, and a ``.md`` name has it read as
Markdown. The bytes are decoded as a file's are (`markcheck.reader.source`: BOM, UTF-16, a binary or
oversized input refused with a reason). ``--fix`` and ``--diff`` need a file to write or
compare, so they are refused with stdin.
"""

from __future__ import annotations

import sys

STDIN = "-"
UNNAMED = "<stdin>"


def add_arguments(parser) -> None:
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="the path of the document read from stdin (PATH '-'): shown in findings, "
                             "matched by exclude and per-file-ignores")


def wanted(args) -> bool:
    """PATH '-', or --stdin-filename with no PATH (as Ruff reads it)."""
    paths = getattr(args, "paths", None) or ()
    return STDIN in paths or (not paths and bool(getattr(args, "stdin_filename", None)))


def refusal(args) -> str | None:
    """Why this command line cannot read stdin; None when it can."""
    if list(args.paths) not in ([STDIN], []):
        return "'-' (standard input) cannot be combined with other paths"
    if getattr(args, "fix", False) or getattr(args, "diff", False):
        return "--fix and --diff need a file; they cannot be used with '-' (standard input)"
    return None


def name(args) -> str:
    return getattr(args, "stdin_filename", None) or UNNAMED


def read(path: str, config, stream=None):
    """(the text read, its `Result`); an input that cannot be decoded gives an MCK-002 result."""
    from .api import check_text, failed_result
    from .findings import UNREADABLE_FILE
    from .reader.source import MAX_DOCUMENT_BYTES, ReadError, Source

    stream = stream if stream is not None else sys.stdin.buffer
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        return "", failed_result(path, UNREADABLE_FILE, f"standard input is larger than the "
                                                        f"{MAX_DOCUMENT_BYTES >> 20} MiB markcheck reads; not read")
    try:
        source = Source.from_bytes(data, path)
    except ReadError as exc:
        return "", failed_result(path, UNREADABLE_FILE, f"cannot read standard input: {exc.message}")
    return source.text, check_text(source, path=path, config=config)
