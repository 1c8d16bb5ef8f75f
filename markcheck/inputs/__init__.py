"""Input adapters: a Word or PDF file becomes text with a page map, which the reader reads.

Each adapter returns the text a person sees, page by page (running header, body, footer), and a
`markcheck.pages.PageMap` that says which page and which part of it each line comes from. The
libraries (python-docx, pypdf) are the optional extra ``markcheck[office]`` and are imported only
when such a file is read; without them the file is reported unreadable (MCK-002) with the
command that installs them, never passed over.

Every limit here keeps a hostile file bounded in time and memory; a file that breaks one is
reported with the limit it broke.
"""

from __future__ import annotations

import os

from ..reader.source import ReadError

OFFICE_SUFFIXES = (".docx", ".pdf")
# The largest Word or PDF file read (a report with images is larger than a cable).
MAX_OFFICE_BYTES = 64 * 1024 * 1024
INSTALL_HINT = "install the Word and PDF readers with: pip install 'markcheck[office]'"


def is_office(path) -> bool:
    return os.path.splitext(os.fspath(path))[1].lower() in OFFICE_SUFFIXES


def read_office(path: str):
    """(text, PageMap) of a .docx or .pdf file; ReadError with a reason when it cannot be read."""
    from ..reader.source import read_file

    suffix = os.path.splitext(path)[1].lower()
    data = read_file(path, MAX_OFFICE_BYTES)
    if suffix == ".docx":
        from . import docx as adapter
    else:
        from . import pdf as adapter
    try:
        return adapter.read(data, path)
    except ImportError as exc:
        raise ReadError(path, f"reading {suffix} files needs {exc.name or 'a library'}; {INSTALL_HINT}") from None
