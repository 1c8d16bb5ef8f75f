"""A first paragraph run onto the authority block's line after the reason citation: the block
ends at its reason, the paragraph is read with its mark (issue 16, wrong readings).

Lines quoted from 09LONDON2184 and 09TOKYO1598 of the real-cable corpus.
"""

from __future__ import annotations

import pytest

from markcheck.document import build_document
from markcheck.model import Level

HEAD = """\
R 210721Z SEP 09
FM AMEMBASSY LONDON
TO RUEHC/SECSTATE WASHDC 3532

S E C R E T LONDON 002184

NOFORN
SIPDIS

E.O. 12958: DECL: 09/18/2034
TAGS: PREL PARM MNUC LY UK
SUBJECT: (S/NF) SEPARATE UK DEMARCHE UNLIKELY ON GOL SCUDS

"""

LONDON = HEAD + ("Classified By: Political Counselor Robin Quinville for Reason 1.4 (c)  (S/NF) HMG agrees "
                 "on the importance of approaching the GOL regarding the steps Libya has taken.\n")
TOKYO = HEAD + ("Classified By: Deputy Political Minister Counselor Marc Knapper for rea sons 1.4 (b) and (d) "
                "(S) Embassy Tokyo delivered reftel talking points to Ministry of Foreign Affairs.\n")


@pytest.mark.parametrize("text, letters, mark", [(LONDON, ("c",), "(S/NF)"), (TOKYO, ("b", "d"), "(S)")])
def test_the_reason_ends_where_the_marked_paragraph_begins(text, letters, mark):
    doc = build_document(text)
    assert doc.cab.reason.section == "1.4" and doc.cab.reason.letters == letters
    assert not doc.unreadable
    (portion,) = [p for p in doc.portions if p.span.line == 14]
    assert portion.mark == mark and portion.marking.level == Level.S
    assert doc.classification.banner() == doc.rollup.banner() == "SECRET//NOFORN"


def test_a_capitalised_reason_letter_is_still_the_citation():
    doc = build_document(HEAD + "Classified By: Ambassador Kurt Volker, Reasons 1.4 (B) AND (D) Text of the note.\n")
    assert doc.cab.reason.letters == ("b", "d")
    assert [p for p in doc.portions if p.span.line == 14] == []
