"""The register names no replacement for a deprecated value, so FRM-023 (a country code or
tetragraph deprecated before the document's date) is left to a person, and docs/rules.md says
why. This reads the ODNI vocabularies themselves: should a release give a deprecated entry more
than its date (a successor code), this fails, and FRM-023's fix is to map it."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO.parent / "shared" / "register" / "odni-ism-2022dec"
needs_source = pytest.mark.skipif(not SOURCE.is_dir(), reason="the ODNI register is not beside this checkout")

# What a deprecated entry carries in the 2022-DEC release: its value, description, date (and, in
# the tetragraph taxonomy, its members), never a value to write instead.
ATTRIBUTES = {"deprecated", "classification", "ownerProducer", "decomposable"}
CHILDREN = {"Value", "Description", "TetraToken", "TetraDescription", "Membership"}
CSV_COLUMNS = {"ValueClassification", "Value", "DescriptionClassification", "Description", "DeprecationDate"}


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


@needs_source
def test_no_deprecated_entry_of_the_register_names_a_successor():
    deprecated = []
    for path in sorted(SOURCE.rglob("*.xml")):
        for element in ET.parse(path).iter():
            if "deprecated" not in element.attrib:
                continue
            deprecated.append(element)
            extra = {_local(a) for a in element.attrib} - ATTRIBUTES
            extra |= {_local(child.tag) for child in element} - CHILDREN
            assert not extra, f"{path.name}: a deprecated entry carries {sorted(extra)}"
    assert len(deprecated) > 100  # (the release deprecates codes in five lists and the taxonomy)
    for path in sorted(SOURCE.rglob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            columns = set(next(csv.reader(handle)))
        assert columns <= CSV_COLUMNS | {"RegularExpression"}, (path.name, sorted(columns - CSV_COLUMNS))

