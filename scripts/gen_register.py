"""Write the marking register, rules/register/*.json, from the ODNI ISM controlled vocabularies.

Every marking word markcheck knows as a fact of the register (levels, SCI control systems,
special access programs, atomic energy markings, dissemination controls, non-IC and non-US
controls, notices, declassification exemptions, FGI sources, country codes, tetragraphs and
their members) comes from the ODNI files, so updating to a newer ODNI release is one command:

    python scripts/gen_register.py [REGISTER_DIR]

REGISTER_DIR defaults to ../shared/register/odni-ism-2022dec. How values are written where the
ODNI files do not say it (banner forms such as NOFORN for NF) is data in
scripts/gen_register_forms.yaml. tests/register/test_register_current.py checks the committed
files equal a fresh generation. The CUI lists are generated separately (gen_cui_register.py).
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT.parent / "shared" / "register" / "odni-ism-2022dec"
OUTPUT = ROOT / "rules" / "register"
FORMS = Path(__file__).with_name("gen_register_forms.yaml")
_CVE = "{urn:us:gov:ic:cve}"
_TETRA = "{urn:us:gov:ic:taxonomy:catt:tetragraph}"

# family -> the ODNI vocabularies it is made from, in the order their values are listed
SOURCES = {
    "levels-us": ["ISM/CVEnumISMClassificationUS.xml"],
    "levels-non-us": ["ISM/CVEnumISMClassificationAll.xml"],
    "levels-nato": ["ISM/CVEnumISMHighWaterNATO.xml"],
    "joint": ["ISM/CVEnumISMAttributes.xml"],
    "sci": ["ISM/CVEnumISMSCIControls.xml"],
    "sar": ["ISM/CVEnumISMSAR.xml"],
    "aea": ["ISM/CVEnumISMAtomicEnergyMarkings.xml"],
    # the IC register's dissemination controls; the CUI ones (CVEnumISMDissemCui) are the CUI register's
    "dissem": ["ISM/CVEnumISMDissemIcrm.xml"],
    "non-ic": ["ISM/CVEnumISMNonIC.xml"],
    "non-us-controls": ["ISM/CVEnumISMNonUSControls.xml"],
    "notices": ["ISM/CVEnumISMNotice.xml"],
    "exemptions": ["ISM/CVEnumISM25X.xml"],
    "fgi": ["ISMCAT/CVEnumISMCATFGIOpen.xml", "ISMCAT/CVEnumISMCATFGIProtected.xml"],
    "countries": ["GENC/CVEnumGENCCountryCode.xml", "ISMCAT/CVEnumISMCATRelTo.xml"],
    "tetragraphs": ["ISMCAT/CVEnumISMCATTetragraph.xml", "Taxonomy/TetragraphTaxonomyDenormalized.xml"],
}


class RegisterError(Exception):
    """A source file missing, unsafe or not of the expected shape."""


def parse_xml(path: Path) -> ET.Element:
    """The root element of a trusted ODNI file, parsed without document type declarations:
    the standard library's parser expands internal entities, so a file declaring any is refused."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegisterError(f"{path}: {exc.strerror or exc}") from None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise RegisterError(f"{path}: declares a document type or entities; refused")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise RegisterError(f"{path}: {exc}") from None


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def terms(path: Path) -> list[dict]:
    """The (value, description, deprecated, regular expression) of each term of a CVE file."""
    out = []
    for term in parse_xml(path).iter(_CVE + "Term"):
        value = term.find(_CVE + "Value")
        entry = {"value": _text(value), "description": _text(term.find(_CVE + "Description"))}
        if term.get("deprecated"):
            entry["deprecated"] = term.get("deprecated")
        if value is not None and value.get("regularExpression") == "true":
            entry["pattern"] = True
        out.append(entry)
    return out


def _with_forms(entries: list[dict], forms: dict, banner_from: str) -> list[dict]:
    """Each entry with its written forms: banner (the ODNI title of a level, the value of a
    control) and portion (the value) unless the forms file says otherwise, `also`, and family
    facts such as rank and US level."""
    out = []
    for entry in entries:
        extra = dict(forms.get(entry["value"], {}))
        if extra.pop("written", True) is False:
            entry = {**entry, "written": False}
            out.append(entry)
            continue
        merged = {"value": entry["value"], "description": extra.pop("description", entry["description"]),
                  "banner": extra.pop("banner", entry[banner_from]), "portion": extra.pop("portion", entry["value"])}
        merged.update((k, v) for k, v in entry.items() if k not in merged)
        merged.update(extra)
        out.append(merged)
    return out


def _plain(entries: list[dict]) -> list[dict]:
    """Entries written as they are listed (SCI controls): banner = portion = value."""
    return [{"value": e["value"], "description": e["description"], "banner": e["value"], "portion": e["value"],
             **{k: v for k, v in e.items() if k not in ("value", "description")}} for e in entries]


def _sci(entries: list[dict]) -> list[dict]:
    out = []
    for entry in _plain(entries):
        system, _, compartment = entry["value"].partition("-")
        entry["system"] = system
        if compartment:
            entry["compartment"] = compartment
        out.append(entry)
    return out


def _joint(register: Path) -> list[dict]:
    found = [t for t in terms(register / SOURCES["joint"][0]) if t["value"] == "joint"]
    if not found:
        raise RegisterError("ISM/CVEnumISMAttributes.xml lists no 'joint' attribute")
    return [{"value": "JOINT", "description": found[0]["description"], "banner": "JOINT", "portion": "JOINT"}]


def _countries(register: Path) -> list[dict]:
    """GENC trigraphs, each marked whether a release list (REL TO, DISPLAY ONLY) may name it."""
    genc, rel_to = (terms(register / name) for name in SOURCES["countries"])
    releasable = {t["value"]: t for t in rel_to}
    out = []
    for entry in genc:
        item = {"value": entry["value"], "description": entry["description"],
                "rel_to": entry["value"] in releasable}
        if "deprecated" in releasable.get(entry["value"], {}):
            item["deprecated"] = releasable[entry["value"]]["deprecated"]
        out.append(item)
    return out


def _tetragraphs(register: Path) -> list[dict]:
    """Tetragraphs with their members: the Tetragraph Taxonomy (denormalised: an organisation
    member such as NATO is expanded to its countries), decomposable or not, membership published
    or suppressed; and whether a release list may name each."""
    listed, taxonomy = SOURCES["tetragraphs"]
    rel_to = {t["value"] for t in terms(register / SOURCES["countries"][1])}
    facts = {}
    for node in parse_xml(register / taxonomy).iter(_TETRA + "Tetragraph"):
        membership = node.find(_TETRA + "Membership")
        members = sorted(_text(c) for c in membership.iter(_TETRA + "Country")) if membership is not None else []
        facts[_text(node.find(_TETRA + "TetraToken"))] = {
            "decomposable": node.get("decomposable", "NA"),
            "members": members,
            "membership_suppressed": membership is not None and membership.find(_TETRA + "MembershipSupressed") is not None,
        }
    out = []
    for entry in terms(register / listed):
        item = {"value": entry["value"], "description": entry["description"], "rel_to": entry["value"] in rel_to}
        for key in ("deprecated", "pattern"):
            if key in entry:
                item[key] = entry[key]
        item.update(facts.get(entry["value"], {"decomposable": "NA", "members": [], "membership_suppressed": False}))
        out.append(item)
    return out


def _fgi(register: Path) -> list[dict]:
    """FGI source codes: open (named in the marking) and protected (concealed: FGI alone)."""
    open_, protected = ({t["value"]: t for t in terms(register / name)} for name in SOURCES["fgi"])
    out = []
    for value in sorted(set(open_) | set(protected), key=list(open_).__add__(list(protected)).index):
        entry = open_.get(value) or protected[value]
        item = {"value": value, "description": entry["description"], "open": value in open_,
                "protected": value in protected}
        for key in ("deprecated", "pattern"):
            if key in entry:
                item[key] = entry[key]
        out.append(item)
    return out


def family_entries(family: str, register: Path, forms: dict) -> list[dict]:
    if family == "joint":
        return _joint(register)
    if family == "countries":
        return _countries(register)
    if family == "tetragraphs":
        return _tetragraphs(register)
    if family == "fgi":
        return _fgi(register)
    entries = [t for name in SOURCES[family] for t in terms(register / name)]
    own = forms.get(family, {})
    if family == "sci":
        return _sci(entries)
    if family in ("notices", "exemptions"):  # values of ISM attributes, not words of a marking
        return entries
    if family == "sar":  # no programs listed: the forms file adds the written-out handling words
        entries = [{"value": v, "description": f.get("description", v)} for v, f in own.items()] + entries
    unknown = sorted(set(own) - {e["value"] for e in entries})
    if unknown:
        raise RegisterError(f"{FORMS.name}: {family}: {', '.join(unknown)} not in the ODNI files")
    return _with_forms(entries, own, "description" if family.startswith("levels-") else "value")


def render(register: Path) -> dict[str, str]:
    """{file name: JSON text} of every family."""
    forms = yaml.safe_load(FORMS.read_text(encoding="utf-8"))
    out = {}
    for family, sources in SOURCES.items():
        meta = forms["families"][family]
        document = {
            "family": family,
            "title": meta["title"],
            "release": register.name,
            "sources": sources,
            "generated_by": "scripts/gen_register.py: do not edit by hand",
        }
        for key in ("label", "syntax"):
            if key in meta:
                document[key] = meta[key]
        document["entries"] = family_entries(family, register, forms["forms"])
        out[f"{family}.json"] = _dump(document)
    return out


def _dump(document: dict) -> str:
    """JSON with one entry per line, so a new ODNI release shows as a readable diff."""
    head = {k: v for k, v in document.items() if k != "entries"}
    lines = [json.dumps(head, indent=1, ensure_ascii=False)[:-2] + ',\n "entries": [']
    rows = [json.dumps(e, ensure_ascii=False) for e in document["entries"]]
    lines.append(",\n".join(f"  {row}" for row in rows))
    lines.append(" ]\n}\n")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    register = Path(argv[0]) if argv else REGISTER
    try:
        files = render(register)
    except RegisterError as exc:
        print(f"gen_register: {exc}", file=sys.stderr)
        return 2
    OUTPUT.mkdir(exist_ok=True)
    for name, text in files.items():
        (OUTPUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {OUTPUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
