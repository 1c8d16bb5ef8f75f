"""The SCI, SAP and atomic energy values of one marking, gathered as the reader meets them
(markcheck.reader.parse, reader.lenient) and handed to the `Marking` in canonical form."""

from __future__ import annotations

from .items import aea_order, aea_values, sap_program, sap_programs, sap_union, sci_union


class FamilyValues:
    """Values in the order read; `after_sap` says the last item was a SAP value, so that a
    program named after ``/`` without its prefix (``SAR-BP/GB``) is read as one."""

    def __init__(self):
        self.sci: list[str] = []
        self.sap: list[str] = []
        self.aea: list[str] = []
        self.after_sap = False

    def add(self, family: str, text: str) -> list[str]:
        """Read one value; returns what the register does not know (kept as unknown words)."""
        if family == "sci":
            self.sci.append(text)
        elif family == "sap":
            self.sap.extend(sap_programs(text))
            self.after_sap = True
        else:
            values = aea_values(text)
            if not values:
                return [text]
            self.aea.extend(values)
        return []

    def more_programs(self, text: str) -> None:
        """A second program after one prefix (the GB of ``SAR-BP/GB``)."""
        self.sap.append(sap_program(text))
        self.after_sap = True

    def fields(self) -> dict:
        """The `Marking` fields: canonical, in register order (capco.items); none for the usual
        marking that carries no value of these families (the Marking's defaults stand)."""
        if not (self.sci or self.sap or self.aea):
            return {}
        return {"sci": sci_union(self.sci), "sap": sap_union(self.sap), "aea": aea_order(self.aea)}
