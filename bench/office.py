#!/usr/bin/env python3
"""Word and PDF reading: speed per page, and pypdf against pdfplumber on the test fixtures.

    python bench/office.py [--pages 30] [--repeat 5]

Builds a SECRET memo of PAGES pages (tests/pages/fixtures.py, the test fixtures) as .docx and
.pdf, and measures, in CPU time per page (median of --repeat runs):

* reading: the adapter alone (`markcheck.inputs.read_office`: text and page map);
* checking: `markcheck.api.check_file` (reading, the reader, every rule);
* for PDF, the two candidate libraries on the same file: pypdf (layout mode, as markcheck reads)
  and pdfplumber (``extract_text``), and their accuracy: the share of pages whose non-empty lines
  are exactly the page's header, body lines and footer, in order.

pdfplumber is not a markcheck dependency: install it to compare (``pip install pdfplumber``).
Prints a Markdown table for BENCHMARKS.md. Never a test gate.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pages.fixtures import AUTHORITY, MEMO, Sheet, write  # noqa: E402


def memo(pages: int) -> list[Sheet]:
    sheets = []
    for number in range(1, pages + 1):
        body = (MEMO if number == 1 else ()) + tuple(
            f"{4 * number + k}. ({'S' if k % 2 else 'U'}) Paragraph {k} of page {number}, a line of ordinary length."
            for k in range(4))
        sheets.append(Sheet("SECRET", body + (AUTHORITY if number == pages else ())))
    return sheets


def cpu(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times)


def expected_lines(sheet: Sheet) -> list[str]:
    return [sheet.header, *sheet.body, sheet.bottom]


def pypdf_pages(path) -> list[list[str]]:
    import pypdf

    reader = pypdf.PdfReader(str(path))
    return [[" ".join(l.split()) for l in p.extract_text(extraction_mode="layout").splitlines() if l.strip()]
            for p in reader.pages]


def pdfplumber_pages(path) -> list[list[str]]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [[" ".join(l.split()) for l in (p.extract_text() or "").splitlines() if l.strip()] for p in pdf.pages]


def accuracy(pages: list[list[str]], sheets: list[Sheet]) -> float:
    return sum(lines == expected_lines(s) for lines, s in zip(pages, sheets)) / len(sheets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from markcheck.api import check_file
    from markcheck.inputs import read_office

    sheets = memo(args.pages)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("docx", "pdf"):
            path = write(sheets, Path(folder), "memo", fmt)
            check_file(str(path))  # warm: rule pack, parsers
            rows.append((f"{fmt}: read (markcheck.inputs)", cpu(lambda: read_office(str(path)), args.repeat), ""))
            rows.append((f"{fmt}: check (read + rules)", cpu(lambda: check_file(str(path)), args.repeat), ""))
        path = Path(folder) / "memo.pdf"
        rows.append(("pdf: pypdf layout mode", cpu(lambda: pypdf_pages(path), args.repeat),
                     f"{accuracy(pypdf_pages(path), sheets):.0%}"))
        try:
            rows.append(("pdf: pdfplumber extract_text", cpu(lambda: pdfplumber_pages(path), args.repeat),
                         f"{accuracy(pdfplumber_pages(path), sheets):.0%}"))
        except ImportError:
            rows.append(("pdf: pdfplumber (not installed)", float("nan"), ""))
    print(f"{args.pages}-page SECRET memo, CPU time per page, median of {args.repeat} runs\n")
    print("| what | ms per page | pages read exactly |\n| --- | ---: | ---: |")
    for name, seconds, share in rows:
        print(f"| {name} | {seconds * 1000 / args.pages:.1f} | {share} |")


if __name__ == "__main__":
    main()
