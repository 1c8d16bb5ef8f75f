"""Controlled Unclassified Information (32 CFR Part 2002): reading CUI markings into the model.

`read` finds the CUI banner lines, CUI portion marks, the designation indicator block, DoD
distribution statements, the decontrol line and legacy markings; `marking` reads one CUI marking
string through grammars/cui.lark; `register` holds the CUI Registry's categories and limited
dissemination controls (rules/register/cui.yaml) and the two profiles' conventions
(rules/profiles/cui.yaml). The rules that judge them are rules/CUI.yaml (check kind ``cui``).
"""
