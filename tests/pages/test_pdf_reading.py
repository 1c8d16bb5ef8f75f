"""A PDF page is read in the order its lines stand, and a marking beside other header text is
still the page's marking."""

from __future__ import annotations

from fpdf import FPDF

from markcheck.api import check_file
from markcheck.inputs import read_office


def _page(pdf: FPDF, marking: str, body: str, footer_first: bool = False) -> None:
    pdf.add_page()
    if footer_first:  # drawn first, shown last
        pdf.set_y(-15)
        pdf.cell(0, 8, marking, align="C")
        pdf.set_y(10)
    pdf.set_font("Helvetica", size=10)
    pdf.cell(60, 8, "Office of Liaison")
    pdf.cell(70, 8, marking, align="C")
    pdf.cell(60, 8, f"Page {pdf.page_no()} of 2", align="R")
    pdf.ln(14)
    pdf.multi_cell(0, 6, body)
    if not footer_first:
        pdf.set_y(-15)
        pdf.cell(0, 8, marking, align="C")


def test_lines_are_read_top_to_bottom_and_side_by_side_blocks_apart(tmp_path):
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    _page(pdf, "SECRET", "MEMORANDUM FOR THE RECORD\n1. (S) The first page.")
    _page(pdf, "SECRET", "2. (S) The second page, its footer drawn first.", footer_first=True)
    pdf.output(str(tmp_path / "m.pdf"))
    text, page_map = read_office(str(tmp_path / "m.pdf"))
    lines = text.split("\n")
    second = page_map.pages[1]
    assert lines[second.first - 1:second.first + 2] == ["Office of Liaison", "SECRET", "Page 2 of 2"]
    assert [line for line in lines[second.first - 1:second.last] if line][-1] == "SECRET"
    findings = [f for f in check_file(str(tmp_path / "m.pdf")).findings if f.rule.startswith("PAG")]
    assert findings == [], [f.message for f in findings]
