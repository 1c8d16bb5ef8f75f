"""Multi-page documents built in the tests, written as Word (python-docx), PDF (fpdf2) and text.

A document is a list of `Sheet`s: each page's header and footer marking (None: none) and its body
paragraphs. The same document in the three formats must read the same, so the tests can plant one
defect and expect it on the same page whatever the format.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from pathlib import Path


@dataclass(frozen=True)
class Sheet:
    header: str | None
    body: tuple[str, ...]
    footer: str | None = "same"  # "same": the header's marking
    scanned: bool = False  # PDF only: the page is an image, with no text layer
    deleted: tuple[str, ...] = ()  # Word only: paragraphs written as tracked deletions

    @property
    def bottom(self) -> str | None:
        return self.header if self.footer == "same" else self.footer


MEMO = (
    "MEMORANDUM FOR THE RECORD",
    "Date: March 3, 2020",
    "SUBJECT: (U) Liaison meeting with the partner service",
)
AUTHORITY = (
    "Classified By: John Smith, Director, Office of Liaison",
    "Reason: 1.4(c)",
    "Declassify On: 20300303",
)


def secret_memo() -> list[Sheet]:
    """A correct three-page SECRET//NOFORN memo: every page marked with the overall marking."""
    return [
        Sheet("SECRET//NOFORN", MEMO + ("1. (S//NF) The partner service described its new collection program.",
                                       "2. (U) The meeting took place at the embassy.")),
        Sheet("SECRET//NOFORN", ("3. (C) The partner asked for a second meeting in May.",
                                 "4. (U) Logistics will be arranged by the post.")),
        Sheet("SECRET//NOFORN", ("5. (S//NF) The program is expected to start this year.",) + AUTHORITY),
    ]


def cui_memo() -> list[Sheet]:
    """A correct two-page CUI memo: the CUI banner at the top and bottom of each page."""
    return [
        Sheet("CUI", ("MEMORANDUM FOR THE RECORD", "Date: March 3, 2020", "SUBJECT: (U) Contract review",
                      "1. (CUI) The vendor's pricing data is controlled.", "2. (U) The review ends in June.")),
        Sheet("CUI", ("3. (CUI) The vendor's staff list is controlled.", "4. (U) No further action.",
                      "Controlled by: Office of Acquisition Management")),
    ]


def with_page(sheets: list[Sheet], number: int, **changes) -> list[Sheet]:
    """`sheets` with page `number` (1-based) changed."""
    out = list(sheets)
    out[number - 1] = replace(out[number - 1], **changes)
    return out


# -- writers ------------------------------------------------------------------------------------

def write_text(sheets: list[Sheet], path: Path) -> Path:
    """Pages separated by a form feed on its own line; each page: header, body, footer."""
    pages = []
    for sheet in sheets:
        lines = ([sheet.header, ""] if sheet.header else []) + [line for p in sheet.body for line in (p, "")]
        lines += [sheet.bottom] if sheet.bottom else []
        pages.append("\n".join(lines))
    path.write_text("\n\f\n".join(pages) + "\n", encoding="utf-8")
    return path


def write_docx(sheets: list[Sheet], path: Path) -> Path:
    """One section per page, each with its own header and footer (not linked to the previous),
    or one section with page breaks when every page has the same header and footer."""
    import docx
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    shared = len({(s.header, s.bottom) for s in sheets}) == 1
    for number, sheet in enumerate(sheets, 1):
        if number == 1 or not shared:
            section = document.sections[0] if number == 1 else document.add_section(WD_SECTION.NEW_PAGE)
            if number > 1:
                section.header.is_linked_to_previous = False
                section.footer.is_linked_to_previous = False
            section.header.paragraphs[0].text = sheet.header or ""
            section.footer.paragraphs[0].text = sheet.bottom or ""
        elif shared:
            document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        for text in sheet.body:
            document.add_paragraph(text)
        for text in sheet.deleted:
            _tracked_deletion(document.add_paragraph(), text)
    document.save(str(path))
    return path


def _tracked_deletion(paragraph, text: str) -> None:
    """`text` in `paragraph` as a tracked deletion (w:del around a run of w:delText)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="Editor" w:date="2020-03-03T00:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'))


def write_pdf(sheets: list[Sheet], path: Path) -> Path:
    """fpdf2: each page's header at the top, its footer at the bottom, body lines between; a
    scanned page is one image and no text."""
    from fpdf import FPDF

    class _Pdf(FPDF):
        def sheet(self) -> Sheet:  # (fpdf2 draws a page's footer when the next page starts)
            return sheets[self.page_no() - 1]

        def header(self):
            if self.sheet().header and not self.sheet().scanned:
                self.set_font("Helvetica", "B", 10)
                self.cell(0, 8, self.sheet().header, align="C")
                self.ln(14)

        def footer(self):
            if self.sheet().bottom and not self.sheet().scanned:
                self.set_y(-15)
                self.set_font("Helvetica", "B", 10)
                self.cell(0, 8, self.sheet().bottom, align="C")

    pdf = _Pdf()
    pdf.set_auto_page_break(False)
    for sheet in sheets:
        pdf.add_page()
        if sheet.scanned:
            pdf.image(_scan_image(), x=10, y=10, w=190)
            continue
        pdf.set_font("Helvetica", size=11)
        for text in sheet.body:
            pdf.multi_cell(0, 6, text)
            pdf.ln(3)
    pdf.output(str(path))
    return path


def _scan_image() -> io.BytesIO:
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 520), 255)
    ImageDraw.Draw(image).text((20, 20), "SECRET//NOFORN  (S) a scanned paragraph", fill=0)
    data = io.BytesIO()
    image.save(data, "PNG")
    data.seek(0)
    return data


WRITERS = {"docx": write_docx, "pdf": write_pdf, "txt": write_text}


def write(sheets: list[Sheet], directory: Path, name: str, fmt: str) -> Path:
    return WRITERS[fmt](sheets, directory / f"{name}.{fmt}")
