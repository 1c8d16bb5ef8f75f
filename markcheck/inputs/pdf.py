"""PDF files as a person sees them, page by page, read with pypdf.

Each page's text is taken in layout mode: lines in the order they stand on the page, top to
bottom, whatever order the content stream drew them in (a footer drawn first is still the last
line). The first and the last lines of a page (`markcheck.pages.zones`) are where its markings stand.
A page that shows images but no text has no text layer (a scanned page): it is recorded as not
read, never guessed at (no OCR); a file none of whose pages has text is unreadable (MCK-002). bench/pdf_readers.py compares pypdf with pdfplumber on the test
fixtures: the same lines in the same order, with pypdf several times faster and pure Python.

Safety: at most `MAX_PAGES` pages, each page's extraction under `MAX_SECONDS` of the file's
budget, pypdf's own limits on decompressed stream sizes; an encrypted file is read only when it
opens with the empty password. A page that fails to read is recorded as not read, with why.
"""

from __future__ import annotations

import io
import logging
import re
import time

from ..pages import Page, PageMap, zones
from ..reader.source import ReadError

MAX_PAGES = 2000
MAX_SECONDS = 120.0  # CPU seconds for all pages of one file
_BLANKS = re.compile(r"[ \t]{2,}")
_GAP = re.compile(r"[ \t]{3,}")  # the gap between text blocks side by side in layout mode


def read(data: bytes, path: str | None = None) -> tuple[str, PageMap]:
    import pypdf  # lazily: the optional extra markcheck[office]

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a malformed file's warnings are not findings
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(path, "is an encrypted PDF that does not open without a password; not read")
        count = len(reader.pages)
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a broken or hostile file
        raise ReadError(path, f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    if count > MAX_PAGES:
        raise ReadError(path, f"has {count:,} pages, more than the {MAX_PAGES:,} markcheck reads; not read")
    started = time.process_time()
    lines: list[str] = []
    pages: list[Page] = []
    for number in range(1, count + 1):
        if time.process_time() - started > MAX_SECONDS:
            raise ReadError(path, f"reading stopped at page {number} of {count}: more than {MAX_SECONDS:.0f} s of "
                                  f"CPU time; not read")
        page_lines, unread = _page(reader, number - 1)
        first = len(lines) + 1
        lines.extend(page_lines)
        header, footer = zones([first + k for k, text in enumerate(page_lines) if text])
        lines.append("")
        pages.append(Page(number, first, len(lines), header, footer, unread=unread))
    if pages and all(page.unread for page in pages):  # a scanned document: one finding, not one per page
        raise ReadError(path, f"has no text on any of its {len(pages):,} page(s) ({pages[0].unread}); its markings "
                              f"cannot be read")
    return "\n".join(lines), PageMap(tuple(pages), fmt="pdf", lines=tuple(lines))


def _page(reader, index: int) -> tuple[list[str], str]:
    """(lines, why it was not read or '') of page `index`."""
    try:
        page = reader.pages[index]
        text = page.extract_text(extraction_mode="layout")
    except Exception as exc:
        return [], f"its content could not be read ({type(exc).__name__}: {exc})"
    lines = []
    for raw in text.splitlines():
        # text blocks side by side ("Office of Liaison   SECRET//NOFORN   Page 2 of 3") are
        # separate lines, left to right, so a marking in a three-part header reads as one
        pieces = [_BLANKS.sub(" ", piece) for piece in _GAP.split(raw.strip()) if piece] or [""]
        for line in pieces:
            if line or (lines and lines[-1]):
                lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    if not lines and _has_images(page):
        return [], "it has no text layer (a scanned page?); markcheck does not read text in images"
    return lines, ""


def _has_images(page) -> bool:
    """Does the page draw an image (without decoding any)?"""
    try:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is not None:
            for xobject in xobjects.get_object().values():
                if xobject.get_object().get("/Subtype") in ("/Image", "/Form"):
                    return True
        contents = page.get_contents()
        return contents is not None and b"BI" in contents.get_data()  # an inline image
    except Exception:  # what cannot be told is taken as an image: the page is reported, not passed
        return True
