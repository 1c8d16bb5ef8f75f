"""A Word file is read as a person sees it: body and tables in order, each page's header and
footer variant, text boxes once, tracked changes accepted, and what is left out said."""

from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from markcheck.api import check_file
from markcheck.inputs import read_office

WPS = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:v="urn:schemas-microsoft-com:vml"')


def _lines(path):
    text, page_map = read_office(str(path))
    return text.split("\n"), page_map


def _where(page_map, lines, needle):
    index = next(k for k, line in enumerate(lines, 1) if needle in line)
    return page_map.origin_of(index).describe()


def test_body_paragraphs_and_table_cells_are_read_in_order_with_their_places(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "SECRET"
    document.add_paragraph("1. (U) Before the table.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "(U) Name"
    table.cell(1, 1).text = "(S) Secret figure"
    document.add_paragraph("2. (U) After the table.")
    document.save(tmp_path / "t.docx")
    lines, page_map = _lines(tmp_path / "t.docx")
    body = [line for line in lines if line.startswith(("1.", "2.", "(U) Name", "(S)"))]
    assert body == ["1. (U) Before the table.", "(U) Name", "(S) Secret figure", "2. (U) After the table."]
    assert _where(page_map, lines, "(S) Secret") == "page 1, table 1, row 2, cell 2"
    assert _where(page_map, lines, "2. (U) After") == "page 1, paragraph 2"
    assert _where(page_map, lines, "SECRET") == "page 1, header"


def test_first_page_and_even_page_headers_are_read_on_their_pages(tmp_path):
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    document.settings.odd_and_even_pages_header_footer = True
    section.first_page_header.paragraphs[0].text = "TOP SECRET"
    section.header.paragraphs[0].text = "SECRET"
    section.even_page_header.paragraphs[0].text = "CONFIDENTIAL"
    for number in (1, 2, 3):
        paragraph = document.add_paragraph(f"{number}. (U) Page {number}.")
        if number < 3:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    document.save(tmp_path / "v.docx")
    lines, page_map = _lines(tmp_path / "v.docx")
    headers = [lines[page.header[0] - 1] for page in page_map.pages]
    assert headers == ["TOP SECRET", "CONFIDENTIAL", "SECRET"]
    first = page_map.pages[0].header[0]
    assert page_map.origin_of(first).describe() == "page 1, header (first-page)"


def test_a_text_box_is_read_once_where_it_stands(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("1. (U) A paragraph with a text box.")
    box = ("<w:r {w} {x}><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>"
           "<w:p><w:r><w:t>(S) Text in a box.</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
           "<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>(S) Text in a box.</w:t></w:r></w:p>"
           "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>").format(
        w=nsdecls("w"), x=WPS)
    paragraph._p.append(parse_xml(box))
    document.save(tmp_path / "b.docx")
    lines, page_map = _lines(tmp_path / "b.docx")
    assert lines.count("(S) Text in a box.") == 1
    assert _where(page_map, lines, "Text in a box") == "page 1, text box in paragraph 1"


def test_tracked_changes_read_as_accepted_and_the_deletion_is_said(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("1. ")
    paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="A" w:date="2020-03-03T00:00:00Z">'
                                  f'<w:r><w:t>(S) inserted text.</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="A" w:date="2020-03-03T00:00:00Z">'
                                  f'<w:r><w:delText>(C) deleted text.</w:delText></w:r></w:del>'))
    document.save(tmp_path / "c.docx")
    lines, page_map = _lines(tmp_path / "c.docx")
    assert "1. (S) inserted text." in lines
    assert not any("deleted" in line for line in lines)
    (skipped,) = page_map.skipped
    assert (skipped.kind, skipped.count, skipped.marking_shaped) == ("tracked deletion", 1, True)
    findings = [f for f in check_file(str(tmp_path / "c.docx")).findings if f.rule == "PAG-008"]
    assert [(f.severity, f.page) for f in findings] == [("error", 1)]
    assert "(C) deleted text." in findings[0].message


def test_hidden_text_and_comments_are_said_not_read(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "CONFIDENTIAL"
    document.sections[0].footer.paragraphs[0].text = "CONFIDENTIAL"
    paragraph = document.add_paragraph("1. (C) Visible text.")
    hidden = paragraph.add_run(" (S) hidden words")
    hidden.font.hidden = True
    document.add_comment(paragraph.runs[0], text="Should this be SECRET//NOFORN?", author="Reviewer")
    document.save(tmp_path / "h.docx")
    lines, page_map = _lines(tmp_path / "h.docx")
    assert "1. (C) Visible text." in lines and not any("hidden" in line for line in lines)
    kinds = {s.kind: s for s in page_map.skipped}
    assert set(kinds) == {"hidden text", "comment"}
    assert kinds["comment"].marking_shaped and "SECRET//NOFORN" in kinds["comment"].sample
    messages = [f.message for f in check_file(str(tmp_path / "h.docx")).findings if f.rule == "PAG-008"]
    assert len(messages) == 2 and any("1 comment not read" in m for m in messages)


def test_a_soft_line_break_makes_a_new_line_in_the_same_place(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("SECRET")
    paragraph.add_run().add_break()
    paragraph.add_run("1. (S) After a line break.")
    document.save(tmp_path / "l.docx")
    lines, page_map = _lines(tmp_path / "l.docx")
    assert [line for line in lines if line][:2] == ["SECRET", "1. (S) After a line break."]
    assert _where(page_map, lines, "After a line") == "page 1, paragraph 1"


@pytest.mark.parametrize("continuous, pages", [(False, 2), (True, 1)])
def test_a_section_break_starts_a_page_unless_it_is_continuous(tmp_path, continuous, pages):
    from docx.enum.section import WD_SECTION

    document = docx.Document()
    document.add_paragraph("1. (U) First section.")
    document.add_section(WD_SECTION.CONTINUOUS if continuous else WD_SECTION.NEW_PAGE)
    document.add_paragraph("2. (U) Second section.")
    document.save(tmp_path / "s.docx")
    lines, page_map = _lines(tmp_path / "s.docx")
    assert len(page_map.pages) == pages
    assert page_map.origin_of(next(k for k, l in enumerate(lines, 1) if l.startswith("2."))).section == 2


def test_a_footnote_is_read_on_the_page_that_cites_it_above_the_footer(tmp_path):
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = "SECRET"
    first = document.add_paragraph("1. (U) Page one.")
    first.add_run().add_break(WD_BREAK.PAGE)
    cited = document.add_paragraph("2. (U) A cited paragraph.")
    cited._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))
    notes = (f'<w:footnotes {nsdecls("w")}><w:footnote w:id="1"><w:p><w:r><w:t>(S) Source: a report of 1 March.'
             f'</w:t></w:r></w:p></w:footnote></w:footnotes>').encode()
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", notes,
                document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document.save(tmp_path / "f.docx")
    lines, page_map = _lines(tmp_path / "f.docx")
    note = next(k for k, line in enumerate(lines, 1) if "Source: a report" in line)
    assert page_map.origin_of(note).describe() == "page 2, footnote 1"
    assert note < page_map.pages[1].footer[0]


def test_paragraphs_inside_a_content_control_or_custom_xml_are_read(tmp_path):
    document = docx.Document()
    document.add_paragraph("1. (U) Plain.")
    body = document.element.body
    w = nsdecls("w")
    for xml in (f'<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>(S) In a content control.</w:t></w:r></w:p>'
                f'</w:sdtContent></w:sdt>',
                f'<w:customXml {w} w:element="note"><w:p><w:r><w:t>(S) In custom XML.</w:t></w:r></w:p></w:customXml>'):
        body.insert(len(body) - 1, parse_xml(xml))  # before the final w:sectPr
    document.save(tmp_path / "x.docx")
    lines, _ = _lines(tmp_path / "x.docx")
    assert "(S) In a content control." in lines and "(S) In custom XML." in lines
