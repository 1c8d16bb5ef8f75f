"""Damage the reader reads through is still named (issue 16, damaged texts): a truncated preview
of the cable before the full cable (08BAKU761), and a database row before or glued onto the
classification line (09LONDON333, 05SANAA1352). Each is an `incomplete` reason with its
position, one HDR-009 finding (info: nothing is left unchecked by it), and shows in JSON and
SARIF like the other kinds. The texts are the cables' own lines, shortened."""

from __future__ import annotations

import json

from markcheck import cli
from markcheck.api import check_text
from markcheck.document import build_document

# 08BAKU761: the page shows the header cut at "Classified...", then the whole cable
PREVIEW = """\
DE RUEHKB #0761/01 2250443
ZNY CCCCC ZZH
P 120443Z AUG 08
FM AMEMBASSY BAKU
TO RUEHC/SECSTATE WASHDC PRIORITY 5817

C O N F I D E N T I A L BAKU 000761

SIPDIS

E.O. 12958: DECL: 08/10/2018
TAGS: PREL PGOV ENRG AJ GG TU
SUBJECT: AZERBAIJAN SCALES BACK PRODUCTION, LOOKS FOR
ALTERNATE OIL EXPORT ROUTES

Classified...

C O N F I D E N T I A L BAKU 000761 SIPDIS DOE FOR INTERNATIONAL/LANA EKIMOFF E.O. 12958: DECL: 08/10/2018 TAGS: PREL PGOV ENRG AJ GG TU

SUBJECT: (C) AZERBAIJAN SCALES BACK PRODUCTION, LOOKS FOR ALTERNATE OIL EXPORT ROUTES

Classified By: Ambassador Anne E. Derse, Reasons 1.4 (b) and (d)

1. (C) Summary: Azerbaijan has scaled back its oil production.
"""

# 09LONDON333: the database export glued its row onto the classification line
ROW_GLUED = """\
DE RUEHLO #0333/01 0371305
ZNY CCCCC ZZH
P 061305Z FEB 09
FM AMEMBASSY LONDON
TO RUEHC/SECSTATE WASHDC PRIORITY 1306

ID:190812 Cable dated:2009-02-06T13:05:00C O N F I D E N T I A L SECTION 01 OF 02 LONDON 000333NOFORNSIPDIS E.O. 12958: DECL: 02/04/2019TAGS: EAIR ECON ETRD SENV EU UK

SUBJECT: (C) UK AVIATION EMISSIONS

Classified By: ECON COUNSELOR KATHLEEN DOHERTY FOR REASONS 1.4 b & d

1. (C/NF) Summary/Comment: The UK will present in late February a draft regulation.
"""

# 05SANAA1352: the row on its own line, and no routing header
ROW_ALONE = """\
Cable dated:2005-05-23T14:26:00
S E C R E T SECTION 01 OF 02 SANAA 001352SIPDISE.O. 12958: DECL: 05/21/2015TAGS: PREL PGOV PTER PINR

1. (S/NF) Ambassador met informally with XXXXXXXXXXXX.
"""


def _reasons(text):
    return {r.reason: r for r in build_document(text).incomplete}


def test_a_truncated_preview_before_the_full_cable_is_named_where_it_is_cut():
    reasons = _reasons(PREVIEW)
    assert list(reasons) == ["truncated-preview"]
    preview = reasons["truncated-preview"]
    assert (preview.span.line, preview.span.column) == (16, 11)  # the "..." of "Classified..."
    assert "full cable follows from line 18" in preview.detail
    assert preview.unchecked == ()
    (hdr,) = [f for f in check_text(PREVIEW).findings if f.rule == "HDR-009"]
    assert hdr.severity == "info" and "preview of the cable cut at '...'" in hdr.message
    assert "not checked: nothing" in hdr.message


def test_the_preview_alone_is_a_copy_cut_short():
    alone = PREVIEW[:PREVIEW.index("Classified...") + len("Classified...")] + "\n"
    assert list(_reasons(alone)) == ["cut-short"]


def test_a_preview_followed_by_another_cable_is_no_preview_of_it():
    other = PREVIEW.replace("BAKU 000761 SIPDIS DOE", "TBILISI 001342 SIPDIS DOE")
    assert "truncated-preview" not in _reasons(other)


def test_a_database_row_glued_onto_the_classification_line_is_named():
    reasons = _reasons(ROW_GLUED)
    assert list(reasons) == ["database-row"]
    row = reasons["database-row"]
    assert (row.span.line, row.span.column) == (7, 11)
    doc = build_document(ROW_GLUED)
    assert doc.first_banner.marking.level.name == "C"  # the cable after the row is read
    assert [c.name for c in doc.captions] == ["NOFORN", "SIPDIS"]
    (hdr,) = [f for f in check_text(ROW_GLUED).findings if f.rule == "HDR-009"]
    assert hdr.severity == "info" and "database row ('Cable dated:…')" in hdr.message


def test_a_row_with_a_lost_routing_header_keeps_the_warning_for_what_is_unchecked():
    reasons = _reasons(ROW_ALONE)
    assert list(reasons) == ["no-subject-block", "no-routing-header", "database-row"]
    (hdr,) = [f for f in check_text(ROW_ALONE).findings if f.rule == "HDR-009"]
    assert hdr.severity == "warning" and (hdr.line, hdr.column) == (2, 1)
    assert "the date of origin (HDR-007)" in hdr.message and "nothing" not in hdr.message


def test_json_and_sarif_carry_the_new_kinds(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "preview.txt").write_text(PREVIEW, encoding="utf-8")
    (tmp_path / "row.txt").write_text(ROW_GLUED, encoding="utf-8")
    cli.main(["--format", "json", "--isolated", "--today", "2018-01-01", "preview.txt", "row.txt"])
    files = {f["path"]: f for f in json.loads(capsys.readouterr().out)["files"]}
    assert files["preview.txt"]["incomplete"][0] == {
        "reason": "truncated-preview", "detail": files["preview.txt"]["incomplete"][0]["detail"],
        "unchecked": [], "line": 16, "column": 11}
    assert [r["reason"] for r in files["row.txt"]["incomplete"]] == ["database-row"]
    cli.main(["--format", "sarif", "--isolated", "--today", "2018-01-01", "preview.txt", "row.txt"])
    (run,) = json.loads(capsys.readouterr().out)["runs"]
    listed = {f["uri"]: [r["reason"] for r in f["incomplete"]] for f in run["properties"]["incompleteFiles"]}
    assert listed == {"preview.txt": ["truncated-preview"], "row.txt": ["database-row"]}


# 09KAMPALA1413: the export glued the header lines together and dropped SUBJECT and Classified By
KAMPALA = """\
DE RUEHKM #1413/01 3580828
ZNY CCCCC ZZH
R 240827Z DEC 09
FM AMEMBASSY KAMPALA
TO RUEHC/SECSTATE WASHDC 0049

Cable dated:2009-12-24T08:27:00C O N F I D E N T I A L SECTION 01 OF 04 KAMPALA 001413SIPDISE.O. 12958: DECL: 2019/12/24TAGS: PHUM PGOV PREL UG

1. (C) Summary: Parliamentary sponsor of the anti-homosexuality bill, David Bahati, told PolOffs on December 15 that he is open to minor changes.
"""


def test_a_tags_label_glued_after_a_date_still_tells_the_lost_subject_block():
    reasons = _reasons(KAMPALA)
    assert list(reasons) == ["no-subject-block", "database-row"]
    rules = {(f.rule, f.severity) for f in check_text(KAMPALA).findings}
    assert ("HDR-009", "warning") in rules and not any(rule == "CAB-001" for rule, _ in rules)


def test_a_tags_line_opening_with_a_two_letter_tag_tells_the_lost_subject_block():
    # 09TRIPOLI258: "TAGS: LY ECON …" and no SUBJECT line, no authority block
    text = KAMPALA.replace("Cable dated:2009-12-24T08:27:00", "").replace(
        "2019/12/24TAGS: PHUM PGOV PREL UG", "2019/12/24\nTAGS: LY ECON EAGR EPET")
    assert list(_reasons(text)) == ["no-subject-block"]


def test_a_full_copy_after_the_preview_that_lost_its_subject_block_says_so():
    # 09BISHKEK700: the preview stops at "Classifie...", the full copy goes from TAGS to ¶1
    text = PREVIEW.replace("\nSUBJECT: (C) AZERBAIJAN SCALES BACK PRODUCTION, LOOKS FOR ALTERNATE OIL EXPORT ROUTES\n", "").replace(
        "\nClassified By: Ambassador Anne E. Derse, Reasons 1.4 (b) and (d)\n", "")
    assert list(_reasons(text)) == ["no-subject-block", "truncated-preview"]
    rules = {(f.rule, f.severity) for f in check_text(text).findings}
    assert ("HDR-009", "warning") in rules
    assert not any(rule in ("CAB-001", "HDR-006") for rule, _ in rules)


# 09SECTION02OF03QRIPOLI583: the copy is section 2 of 3; section 1 held SUBJECT and the block
SECTION_TWO = """\
P 151522Z JUL 09
FM AMEMBASSY TRIPOLI
TO RUEHC/SECSTATE WASHDC PRIORITY 5070

S E C R E T SECTION 02 OF 03 TRIPOLI 000583

SIPDIS

5. (S) The Libyans raised the matter again on July 12.
"""


def test_a_copy_that_starts_at_section_two_lacks_section_one():
    reasons = _reasons(SECTION_TWO)
    assert list(reasons) == ["later-section"]
    assert (reasons["later-section"].span.line, reasons["later-section"].span.column) == (5, 1)
    assert "section 2 of 3" in reasons["later-section"].detail
    rules = {f.rule for f in check_text(SECTION_TWO).findings}
    assert "HDR-009" in rules and not rules & {"CAB-001", "HDR-006"}
    assert list(_reasons(SECTION_TWO.replace("SECTION 02 OF 03", "SECTION 01 OF 03"))) == []


def test_a_reference_cut_after_its_number_is_a_cut():
    # 08BRATISLAVA384: "B. BRATISLAVA 377 ..." ends the copy's header; only a glued repeat follows
    header = PREVIEW[:PREVIEW.index("Classified...")]
    text = header + "REF: A. BAKU 382\n     B. BAKU 377 ...\n\n" + \
        "C O N F I D E N T I A L BAKU 000761 SIPDIS E.O. 12958: DECL: 08/10/2018 TAGS: PREL PGOV ENRG AJ GG TU\n"
    assert list(_reasons(text)) == ["cut-short"]
    assert not [f for f in check_text(text).findings if f.rule == "CAB-001"]
