"""State captions read as overall markings (issue 16): the release caption under the
classification line (``RELEASABLE TO PAKISTAN``, 09STATE83026) is the cable's overall release
marking, which the roll-up and NOFORN rules see; ``DEA SENSITIVE`` is a handling caption; a
SENSITIVE caption glued onto the end of a passing instruction (08STOCKHOLM704's second copy)
is the caption. The lines are the cables' own."""

from __future__ import annotations

from markcheck.api import check_text
from markcheck.document import build_document

ROUTING = """\
DE RUEHC #3026 2230014
ZNY SSSSS ZZH
O R 102356Z AUG 09
FM SECSTATE WASHDC
TO RUEHIL/AMEMBASSY ISLAMABAD IMMEDIATE 0000

"""

# 09STATE83026, shortened: paragraph 3 is plain (S), paragraphs 6 and 7 are releasable
RELEASABLE = ROUTING + """\
S E C R E T STATE 083026

SENSITIVE
SIPDIS
RELEASABLE TO PAKISTAN

EO 12958 DECL: 08/07/2019
TAGS EFIN, KTFN, PREL, PTER, UNSC
SUBJECT: (S) UN 1267 (AL-QAIDA/TALIBAN) SANCTIONS
REF: STATE 65044
Classified By: IO Assistant Secretary Esther Brimmer for reasons 1.4 (b) and (d)

1. (U) This is an action request. Please see paragraphs 4-6.
3. (S) On December 10, 2008, the UN 1267 Committee took several actions.
6. (S/REL to Pakistan) Embassy Islamabad is also requested to share a non-paper.
7. (S/REL to Pakistan) BEGIN TEXT OF NON-PAPER
"""


def test_the_release_caption_is_the_overall_release_marking():
    doc = build_document(RELEASABLE)
    (caption,) = [c for c in doc.captions if c.name == "REL TO"]
    assert (caption.span.line, caption.span.column) == (11, 1)
    assert caption.countries == ("USA", "PAK")
    assert doc.classification.rel_to == ("USA", "PAK")


def test_a_plain_secret_paragraph_under_the_release_caption_is_reported():
    # the subject and paragraph 3 are not marked releasable, yet the caption releases the whole cable
    findings = [f for f in check_text(RELEASABLE).findings if f.rule == "DIS-004"]
    assert len(findings) == 1 and "portion (S) on line 15 is not releasable" in findings[0].message
    # worded as a State drafter acts, at the caption line: no CAPCO banner is offered
    assert (findings[0].line, findings[0].column) == (11, 1)
    assert "caption line RELEASABLE TO PAKISTAN" in findings[0].message
    assert "replace the caption line with NOFORN" in findings[0].message and "//" not in findings[0].message


def test_every_classified_paragraph_releasable_agrees_with_the_caption():
    text = RELEASABLE.replace("3. (S) On", "3. (S/REL to Pakistan) On").replace("SUBJECT: (S)", "SUBJECT: (U)")
    rules = {f.rule for f in check_text(text).findings if f.severity == "error"}
    assert not rules & {"DIS-003", "DIS-004", "DIS-001", "ROL-001", "ROL-002"}


def test_release_caption_names_the_uk_and_several_countries():
    text = RELEASABLE.replace("RELEASABLE TO PAKISTAN", "RELEASABLE TO UK AND PAKISTAN")
    assert build_document(text).classification.rel_to == ("USA", "GBR", "PAK")


def test_noforn_beside_a_release_caption_wins():
    text = RELEASABLE.replace("SENSITIVE\n", "NOFORN\n")
    assert build_document(text).classification.rel_to is None
    assert "NOFORN" in build_document(text).classification.dissem


def test_releasable_in_prose_is_no_caption():
    text = RELEASABLE.replace("7. (S/REL to Pakistan) BEGIN", "7. (S/REL to Pakistan) Releasable to Pakistan: BEGIN")
    assert [c.name for c in build_document(text).captions].count("REL TO") == 1


def test_dea_sensitive_is_a_handling_caption():
    text = RELEASABLE.replace("RELEASABLE TO PAKISTAN", "DEA SENSITIVE")
    doc = build_document(text)
    assert [(c.name, c.span.line) for c in doc.captions if c.name == "DEA SENSITIVE"] == [("DEA SENSITIVE", 11)]
    assert "DSEN" in doc.classification.dissem


# 08STOCKHOLM704 (its second copy): the SENSITIVE caption lost its line break
STOCKHOLM = """\
R 231414Z SEP 08
FM AMEMBASSY STOCKHOLM
TO RUEHC/SECSTATE WASHDC 4242

UNCLAS STOCKHOLM 000704

SIPDIS

STATE FOR CA/P/IP BARBARA HALL, PETER THOMPSON, DIANE BEAN AND MARY DOETSCH SENSITIVE E.O. 12958: N/A
TAGS: CVIS CMGT SW
SUBJECT: (SBU) VISA FRAUD

1. (SBU) Text.
"""


def test_a_sensitive_caption_glued_onto_a_passing_instruction_is_the_caption():
    doc = build_document(STOCKHOLM)
    assert [(c.name, c.span.line, c.span.column) for c in doc.captions] == [("SIPDIS", 7, 1), ("SENSITIVE", 9, 77)]
    assert "SBU" in doc.classification.non_ic
    assert not [f for f in check_text(STOCKHOLM).findings if f.rule in ("CAP-006", "DIS-009")]


def test_sensitive_in_a_wrapped_subject_is_no_caption():
    # 09TRIPOLI100: "… DE-MINING POLITICALLY SENSITIVE" continues the SUBJECT line
    text = STOCKHOLM.replace(" SENSITIVE E.O.", " E.O.").replace(
        "SUBJECT: (SBU) VISA FRAUD", "SUBJECT: (SBU) STATE FOR DE-MINING\nDEPT FOR POLITICALLY SENSITIVE")
    assert not [c for c in build_document(text).captions if c.name == "SENSITIVE"]
