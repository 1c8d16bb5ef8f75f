"""Small cable texts shared by the CLI and format tests."""

# The rulebook §5 worked example as a minimal cable with every element marked: no error or
# warning at a run date before its declassification date.
CLEAN_CABLE = """\
O 201552Z MAR 09
FM USMISSION USNATO
TO SECSTATE WASHDC

C O N F I D E N T I A L USNATO 000114

NOFORN
SIPDIS

E.O. 12958: DECL: 03/20/2019
TAGS: MARR NATO PREL
SUBJECT: (C) RFG: NATO-BELARUS SECURITY AGREEMENT

Classified By: Ambassador Kurt Volker, for reasons 1.4 (d)

1. (C/NF) This is a request for guidance.
2. (U) Background.
"""

# The same cable with an unmarked SUBJECT line and an unmarked paragraph 3. At a 2010 run date:
# 12:10 POR-001 [warning], 14:52 MSC-001 [info], 18:1 POR-001 [error].
PARTLY_MARKED_CABLE = """\
O 201552Z MAR 09
FM USMISSION USNATO
TO SECSTATE WASHDC

C O N F I D E N T I A L USNATO 000114

NOFORN
SIPDIS

E.O. 12958: DECL: 03/20/2019
TAGS: MARR NATO PREL
SUBJECT: RFG: NATO-BELARUS SECURITY AGREEMENT

Classified By: Ambassador Kurt Volker, for reasons 1.4 (b) and (d)

1. (C/NF) This is a request for guidance.
2. (U) Background.
3. Unmarked paragraph here.
"""

# A valid rule file of a user's own, with one rule of a made-up family.
USER_RULE_FILE = """\
rules:
  - id: XYZ-001
    name: sipdis-anywhere
    summary: A test rule
    description: Reports every SIPDIS caption.
    severity: warning
    eras: [all]
    confidence: V
    message: "{problem}"
    citation: "test citation"
    extends: control
    params:
      controls: [SIPDIS]
      forbidden: true
"""
