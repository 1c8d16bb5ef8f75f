"""Word (.docx) files as a person sees them, page by page.

The body is read in order — paragraphs, tables cell by cell, content controls, text boxes and
their VML fallbacks once, footnotes on the page that cites them — with tracked insertions shown and
tracked deletions, hidden text and comments left out, as Word shows a document with its changes
accepted; what was left out is recorded (`Skipped`) so a rule can say so. Word lays out pages when
it renders, so pages here are the explicit page breaks (``w:br w:type="page"``, "page break
before"), the page breaks Word recorded when it last saved (``w:lastRenderedPageBreak``) and
section breaks that start a new page. Each page gets its section's header and footer: the
first-page variant on a section's first page when the section has one, the even-page variant on
even pages when the document sets odd-and-even headers.

Safety: a .docx is a zip. Before python-docx opens it, every member's declared size, the total
and the compression ratio are checked (a zip bomb is refused, not inflated); python-docx parses
XML with lxml with entity resolution off and lxml's default limits (no network, no huge trees).
"""

from __future__ import annotations

import io
import re
import zipfile

from ..pages import BODY, FOOTER, HEADER, Origin, Page, PageMap, Skipped
from ..reader.source import ReadError

MAX_MEMBERS = 5000
MAX_MEMBER_BYTES = 128 * 1024 * 1024  # one part, inflated
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # all parts, inflated (python-docx loads every part)
MAX_RATIO = 200  # inflated / compressed, for a member larger than 1 MiB
MAX_LINES = 200_000

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
PAGE_BREAK, LINE_BREAK = "\x00page", "\x00line"
_SAMPLE = 120
# A classification word in capitals, or a CUI banner, anywhere in left-out text (a comment asking
# "SECRET//NOFORN?"): judged marking-shaped, so that leaving the text out is an error, not a note.
_MARKING_WORD = re.compile(r"\b(?:TOP SECRET|SECRET|CONFIDENTIAL|NOFORN|CUI)\b")


def check_zip(data: bytes, path: str | None) -> None:
    """Refuse a zip whose members would inflate past the limits (declared sizes are what
    zipfile reads up to: a member that lies about its size fails its CRC instead)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReadError(path, f"not a Word document (not a zip file: {exc})") from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ReadError(path, f"has {len(members):,} zip members, more than the {MAX_MEMBERS:,} markcheck reads; not read")
    total = 0
    for info in members:
        if info.file_size > MAX_MEMBER_BYTES:
            raise ReadError(path, f"zip member {info.filename!r} inflates to {info.file_size:,} bytes, more than "
                                  f"the {MAX_MEMBER_BYTES:,} markcheck reads; not read")
        if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise ReadError(path, f"zip member {info.filename!r} is compressed {info.file_size // max(1, info.compress_size):,} "
                                  f"to 1, more than {MAX_RATIO} to 1 (a zip bomb?); not read")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ReadError(path, f"inflates to {total:,} bytes, more than the {MAX_TOTAL_BYTES:,} markcheck reads; not read")


def read(data: bytes, path: str | None = None) -> tuple[str, PageMap]:
    check_zip(data, path)
    import docx  # lazily: the optional extra markcheck[office]

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors … on a broken package
        raise ReadError(path, f"not a readable Word document ({type(exc).__name__}: {exc})") from None
    return _Reader(document, path).read()


def _text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText", f"{W}instrText"))


class _Paragraph:
    """The pieces of one paragraph: text with break markers, its text boxes, footnote ids."""

    def __init__(self):
        self.pieces: list[str] = []
        self.boxes: list = []  # w:txbxContent elements, and VML textpath strings
        self.notes: list[str] = []
        self.skipped: list[tuple[str, str]] = []  # (kind, text)


def _walk(element, para: _Paragraph) -> None:
    """Collect what `element` (inside a paragraph) shows, in order."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):  # a comment or processing instruction
            continue
        if tag == f"{W}t":
            para.pieces.append(child.text or "")
        elif tag == f"{W}tab":
            para.pieces.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            para.pieces.append(PAGE_BREAK if child.get(f"{W}type") == "page" else LINE_BREAK)
        elif tag == f"{W}lastRenderedPageBreak":
            para.pieces.append(PAGE_BREAK)
        elif tag == f"{W}noBreakHyphen":
            para.pieces.append("-")
        elif tag in (f"{W}del", f"{W}moveFrom"):
            para.skipped.append(("tracked deletion", _text_of(child)))
        elif tag in (f"{W}instrText", f"{W}delInstrText", f"{W}pPr", f"{W}rPr", f"{MC}Fallback"):
            continue  # field codes (their result is shown), properties, the duplicate of a drawing
        elif tag == f"{W}r" and _hidden(child):
            para.skipped.append(("hidden text", _text_of(child)))
        elif tag == f"{W}txbxContent":
            para.boxes.append(child)
        elif tag == f"{V}textpath" and child.get("string"):  # WordArt, a watermark
            para.boxes.append(child.get("string"))
        elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
            kind = "footnote" if tag == f"{W}footnoteReference" else "endnote"
            para.notes.append((kind, child.get(f"{W}id")))
        else:
            _walk(child, para)


def _hidden(run) -> bool:
    props = run.find(f"{W}rPr")
    if props is None:
        return False
    vanish = props.find(f"{W}vanish")
    return vanish is not None and vanish.get(f"{W}val") not in ("0", "false", "off")


class _Reader:
    def __init__(self, document, path: str | None):
        self.document = document
        self.path = path
        self.pages: list[dict] = []
        self.skipped: dict[str, list] = {}
        self.paragraphs = 0
        self.tables = 0
        self.section = 1
        self.notes = {"footnote": _notes(document, "footnotes"), "endnote": _notes(document, "endnotes")}
        self._new_page()

    # -- body -----------------------------------------------------------------------------------

    def _new_page(self) -> None:
        self.pages.append({"section": self.section, "lines": [], "notes": []})

    def _break(self) -> None:
        """A page break: a new page unless the current one holds nothing yet (Word records a
        rendered break right after an explicit one)."""
        if self.pages[-1]["lines"]:
            self._new_page()

    def _emit(self, text: str, place: str) -> None:
        self.pages[-1]["lines"].append((text, place, self.section))

    def read(self) -> tuple[str, PageMap]:
        body = self.document.element.body
        sections = self.document.sections
        for child in body:
            tag = child.tag
            if tag == f"{W}p":
                self.paragraphs += 1
                self._paragraph(child, f"paragraph {self.paragraphs}")
                props = child.find(f"{W}pPr")
                if props is not None and props.find(f"{W}sectPr") is not None:  # the section ends here
                    self.section += 1
                    if self.section <= len(sections) and not _continuous(sections[self.section - 1]):
                        self._break()
                    if not self.pages[-1]["lines"]:  # the next section's page
                        self.pages[-1]["section"] = self.section
            elif tag == f"{W}tbl":
                self.tables += 1
                self._table(child, f"table {self.tables}")
            elif tag != f"{W}sectPr":  # a content control, custom XML, …: the paragraphs it holds
                for inner in child.iter(f"{W}p"):
                    self.paragraphs += 1
                    self._paragraph(inner, f"paragraph {self.paragraphs}")
        endnotes = [n for page in self.pages for kind, n in page["notes"] if kind == "endnote"]
        for note_id in endnotes:  # printed at the end of the document
            for text in self.notes["endnote"].get(note_id, ()):
                self._emit(text, f"endnote {note_id}")
        self._comments()
        return self._assemble(sections)

    def _paragraph(self, p, place: str, nested: bool = False) -> None:
        props = p.find(f"{W}pPr")
        if props is not None and props.find(f"{W}pageBreakBefore") is not None \
                and props.find(f"{W}pageBreakBefore").get(f"{W}val") not in ("0", "false", "off"):
            self._break()
        para = _Paragraph()
        _walk(p, para)
        line = []
        for piece in para.pieces:
            if piece == LINE_BREAK or piece == PAGE_BREAK:
                if "".join(line).strip():
                    self._emit("".join(line), place)
                line = []
                if piece == PAGE_BREAK:
                    self._break()
            else:
                line.append(piece)
        if "".join(line).strip():
            self._emit("".join(line), place)
        for kind, text in para.skipped:
            if text.strip():
                self.skipped.setdefault(kind, []).append((text, len(self.pages)))
        for box in para.boxes:
            if isinstance(box, str):
                self._emit(box, f"text box in {place}")
                continue
            for inner in box.iter(f"{W}p"):
                self._paragraph(inner, f"text box in {place}", nested=True)
        for kind, note_id in para.notes:
            self.pages[-1]["notes"].append((kind, note_id))
            if kind == "footnote":  # printed at the foot of this page, above the footer
                for text in self.notes[kind].get(note_id, ()):
                    self.pages[-1].setdefault("footnotes", []).append((text, f"footnote {note_id}", self.section))

    def _table(self, table, place: str) -> None:
        for r, row in enumerate(table.iterchildren(f"{W}tr"), 1):
            for c, cell in enumerate(row.iterchildren(f"{W}tc"), 1):
                where = f"{place}, row {r}, cell {c}"
                for child in cell:
                    if child.tag == f"{W}p":
                        self._paragraph(child, where)
                    elif child.tag == f"{W}tbl":
                        self._table(child, f"{where}, nested table")

    def _comments(self) -> None:
        for text in _part_paragraphs(self.document, "comments"):
            self.skipped.setdefault("comment", []).append((text, 1))

    # -- headers, footers and the text ------------------------------------------------------------

    def _assemble(self, sections) -> tuple[str, PageMap]:
        odd_even = bool(self.document.settings.odd_and_even_pages_header_footer)
        lines: list[str] = []
        origins: list[tuple[int, Origin]] = []
        pages: list[Page] = []
        first_of_section = set()
        seen_sections = set()
        for number, page in enumerate(self.pages, 1):
            if page["section"] not in seen_sections:
                seen_sections.add(page["section"])
                first_of_section.add(number)
        for number, page in enumerate(self.pages, 1):
            index = min(page["section"], len(sections)) - 1
            section = sections[index]
            header, footer, variant = _running(section, number, number in first_of_section, odd_even)
            first = len(lines) + 1
            zones = {}
            for part, texts in ((HEADER, header), (BODY, page["lines"] + page.get("footnotes", [])), (FOOTER, footer)):
                zone = []
                for text, place, line_section in texts:
                    lines.append(text)
                    zone.append(len(lines))
                    label = variant if part != BODY and not place else place
                    origins.append((len(lines), Origin(number, part, label, index + 1 if part != BODY else line_section)))
                zones[part] = zone
                lines.append("")
            if len(lines) > MAX_LINES:
                raise ReadError(self.path, f"has more than {MAX_LINES:,} lines of text; not read")
            pages.append(Page(number, first, len(lines), tuple(zones[HEADER]), tuple(zones[FOOTER])))
        skipped = tuple(_skipped(kind, items, pages) for kind, items in sorted(self.skipped.items()))
        return "\n".join(lines), PageMap(tuple(pages), tuple(origins), skipped, "docx", tuple(lines))


def _continuous(section) -> bool:
    from docx.enum.section import WD_SECTION

    return section.start_type == WD_SECTION.CONTINUOUS


def _running(section, number: int, first: bool, odd_even: bool):
    """(header lines, footer lines, variant) of page `number` of `section`."""
    if first and section.different_first_page_header_footer:
        header, footer, variant = section.first_page_header, section.first_page_footer, "first-page"
    elif odd_even and number % 2 == 0:
        header, footer, variant = section.even_page_header, section.even_page_footer, "even-page"
    else:
        header, footer, variant = section.header, section.footer, ""
    return _story(header), _story(footer), variant


def _story(part) -> list[tuple[str, str]]:
    """The lines of a header or footer, with a place for those in a table or text box."""
    if part.is_linked_to_previous and not _has_definition(part):
        return []
    reader = _Reader.__new__(_Reader)
    reader.pages, reader.skipped, reader.notes = [], {}, {"footnote": {}, "endnote": {}}
    reader.paragraphs = reader.tables = 0
    reader.section = 1
    reader._new_page()
    for child in part._element:
        if child.tag == f"{W}p":
            reader._paragraph(child, "")
        elif child.tag == f"{W}tbl":
            reader.tables += 1
            reader._table(child, f"table {reader.tables}")
        elif child.tag != f"{W}sectPr":
            for inner in child.iter(f"{W}p"):
                reader._paragraph(inner, "")
    return [(text, place, 0) for page in reader.pages for text, place, _ in page["lines"]]


def _has_definition(part) -> bool:
    try:
        return part._has_definition or part._prior_headerfooter is not None
    except AttributeError:
        return True


def _notes(document, name: str) -> dict[str, list[str]]:
    """Footnote or endnote id -> the lines of its text."""
    out: dict[str, list[str]] = {}
    root = _part_root(document, name)
    if root is None:
        return out
    for note in root:
        note_id = note.get(f"{W}id")
        texts = []
        for p in note.iter(f"{W}p"):
            para = _Paragraph()
            _walk(p, para)
            text = "".join(x for x in para.pieces if not x.startswith("\x00")).strip()
            if text:
                texts.append(text)
        out[note_id] = texts
    return out


def _part_root(document, name: str):
    from docx.oxml.parser import parse_xml  # python-docx's parser: entity resolution off

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/" + name) and not rel.is_external:
            return parse_xml(rel.target_part.blob)
    return None


def _part_paragraphs(document, name: str) -> list[str]:
    root = _part_root(document, name)
    if root is None:
        return []
    return [text for p in root.iter(f"{W}p") if (text := _text_of(p).strip())]


def _skipped(kind: str, items: list, pages: list[Page]) -> Skipped:
    from ..reader.build import build_document

    texts = [text for text, _ in items]
    joined = "\n".join(texts)
    doc = build_document(joined)
    shaped = bool(doc.banners or doc.unreadable or any(p.mark for p in doc.portions) or _MARKING_WORD.search(joined))
    page = pages[min(items[0][1], len(pages)) - 1]
    sample = " / ".join(" ".join(t.split()) for t in texts)
    if len(sample) > _SAMPLE:
        sample = sample[:_SAMPLE] + "\u2026"
    return Skipped(kind, len(items), sample, page.first, shaped)
