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
