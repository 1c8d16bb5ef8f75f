"""Data-first grammar tests: tests/grammars/cases/<grammar>.yaml for each grammars/<grammar>.lark.

Each case file names its grammar and lists

    accept:                       # strings the grammar reads, with the expected model values
      - {input: "C/NF", level: C, dissem: [NOFORN]}
    reject:                       # strings it refuses, with the 1-based error column
      - {input: "C,NF", column: 2}

An accept case compares *every* model field: fields a case leaves out must have the default
listed in DEFAULTS below, so a stray or misspelt key fails the case instead of being ignored.
Strings go through the same memoized functions the reader uses (markcheck.reader.parse.parse_*, markcheck.reader.parse_dates.parse_*).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from markcheck.reader import grammar, parse, parse_dates
from markcheck.classifier import parse_classified_by
from markcheck.reader.grammar import MarkingSyntaxError
from markcheck.resources import grammars_dir

CASES = Path(__file__).parent / "cases"

# Grammar files that only hold shared terminals (imported by the others, never parsed alone).
SHARED = {"common", "register_words"}  # terminals only, imported by the grammars


def _names(values) -> list[str]:
    return sorted(values)


def _portion(text: str) -> dict:
    m = parse.parse_portion(text)
    return {
        "level": m.level.name if m.level is not None else None,
        "dissem": _names(m.dissem),
        "non_ic": _names(m.non_ic),
        "rel_to": list(m.rel_to) if m.rel_to is not None else None,
        "fgi": list(m.fgi) if m.fgi is not None else None,
        "unknown": list(m.unknown),
        "entire_text": m.entire_text,
        "sci": list(m.sci), "sap": list(m.sap), "aea": list(m.aea),
        "owner": list(m.owner),
        "joint": m.joint,
        "foreign_level": m.foreign_level,
        "display_only": list(m.display_only) if m.display_only is not None else None,
    }


def _banner(text: str) -> dict:
    b = parse.parse_banner(text)
    m = b.marking
    return {
        "designation": b.designation,
        "level": m.level.name if m.level is not None else None,
        "controls": _names(m.dissem | m.non_ic),
        "rel_to": list(m.rel_to) if m.rel_to is not None else None,
        "fgi": list(m.fgi) if m.fgi is not None else None,
        "display_only": list(m.display_only) if m.display_only is not None else None,
        "unknown": list(m.unknown),
        "sci": list(m.sci), "sap": list(m.sap), "aea": list(m.aea),
        "section": list(b.section) if b.section is not None else None,
        "page": b.page,
        "tail": b.tail,
        "owner": list(m.owner), "joint": m.joint, "foreign_level": m.foreign_level,
    }


def _eo_line(text: str) -> dict:
    d = parse_dates.parse_declass(text)
    return {
        "kind": d.kind,
        "date": d.date.isoformat() if d.date else None,
        "date_format": d.date_format,
        "valid_date": d.valid_date,
        "code": d.code,
        "codes": list(d.codes),
        "event": d.event,
        "classifier": d.classifier,
        "values": d.values,
    }


def _reason(text: str) -> dict:
    section, letters = parse.parse_reason(text)
    return {"section": section, "letters": list(letters)}


def _dtg(text: str) -> dict:
    return {"date": parse_dates.parse_dtg(text).isoformat()}


def _classified_by(text: str) -> dict:
    name, position = parse_classified_by(text)
    return {"person": name, "position": position}


def _cui(text: str) -> dict:
    from markcheck.cui.marking import cui_marking

    m = cui_marking("banner", text, 1, 1)
    return {"control": m.control, "unclassified": m.unclassified, "categories": [w.raw for w in m.categories],
            "ldcs": [w.raw for w in m.ldcs], "unknown": [w.raw for w in m.unknown]}


READERS = {"portion": _portion, "banner": _banner, "eo_line": _eo_line, "reason": _reason, "dtg": _dtg,
           "classified_by": _classified_by, "cui": _cui}

DEFAULTS = {
    "portion": {"dissem": [], "non_ic": [], "rel_to": None, "fgi": None, "unknown": [], "entire_text": False,
                "sci": [], "sap": [], "aea": [],
                "owner": [], "joint": False, "foreign_level": None, "display_only": None},
    "banner": {"controls": [], "rel_to": None, "fgi": None, "display_only": None, "unknown": [], "section": None,
               "page": None, "tail": None, "sci": [], "sap": [], "aea": [],
               "owner": [], "joint": False, "foreign_level": None},
    "eo_line": {"date": None, "date_format": None, "valid_date": True, "code": None, "codes": [],
                "event": None, "classifier": None, "values": 1},
    "reason": {},
    "dtg": {},
    "classified_by": {"position": None},
    "cui": {"unclassified": False, "categories": [], "ldcs": [], "unknown": []},
}


def _plain(value):
    """YAML reads 2019-03-20 as a date; the model values are compared as ISO strings."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data.get("grammar") == path.stem, f"{path.name}: 'grammar:' must be {path.stem!r}"
    return data


def _case_files() -> list[Path]:
    return sorted(CASES.glob("*.yaml"))


def _cases():
    for path in _case_files():
        data = _load(path)
        for kind in ("accept", "reject"):
            for case in data.get(kind) or ():
                label = case.get("name") or case["input"] or "(empty)"
                yield pytest.param(path.stem, kind, case, id=f"{path.stem}-{kind}-{label}")


@pytest.mark.parametrize("grammar,kind,case", list(_cases()))
def test_grammar_case(grammar, kind, case):
    text = case["input"]
    assert isinstance(text, str), f"input must be a string, got {text!r}"
    read = READERS[grammar]
    if kind == "reject":
        with pytest.raises(MarkingSyntaxError) as info:
            read(text)
        assert info.value.column == case["column"], info.value.message
        assert f"column {case['column']}" in info.value.message or "impossible" in info.value.message
        if "message" in case:
            assert case["message"] in info.value.message
        return
    expected = dict(DEFAULTS[grammar])
    expected.update({k: _plain(v) for k, v in case.items() if k not in ("input", "name")})
    try:
        got = read(text)
    except MarkingSyntaxError as exc:  # pragma: no cover - the failure message is the point
        pytest.fail(f"{text!r} rejected at column {exc.column}: {exc.message}")
    assert got == expected


def test_case_files_cover_every_grammar():
    """Every grammar has a case file and every case file a grammar: a new grammar without cases fails."""
    grammars = {p.stem for p in grammars_dir().glob("*.lark")} - SHARED
    case_files = {p.stem for p in _case_files()}
    assert grammars == case_files
    assert grammars == set(grammar.GRAMMARS)
    assert grammars == set(READERS)


@pytest.mark.parametrize("path", sorted(_case_files()), ids=lambda p: p.stem)
def test_case_file_has_accept_and_reject(path):
    data = _load(path)
    assert set(data) == {"grammar", "accept", "reject"}
    assert len(data["accept"]) >= 5 and len(data["reject"]) >= 3
    inputs = [c["input"] for c in data["accept"] + data["reject"]]
    duplicates = sorted({i for i in inputs if inputs.count(i) > 1})
    assert not duplicates, f"inputs listed twice: {duplicates}"
    labels = [c.get("name") or c["input"] for k in ("accept", "reject") for c in data[k]]
    assert len(labels) == len(set(labels)), "case names must be unique (they are the test ids)"


@pytest.mark.parametrize("name", sorted({p.stem for p in grammars_dir().glob("*.lark")} - SHARED))
def test_grammar_builds_strict(name):
    """Every grammar builds as LALR with Lark's strict mode (no conflicts, no terminal collisions)."""
    pytest.importorskip("interegular")  # strict mode needs it to detect regex collisions
    built = grammar.parser(name, strict=True)
    assert built.options.parser == "lalr"
    assert built.terminals


@pytest.mark.parametrize("name", sorted(SHARED))
def test_shared_grammar_is_imported(name):
    """A shared-terminals file has no start rule; it is built (strictly) through its importers."""
    importers = [p.stem for p in grammars_dir().glob("*.lark") if f"%import .{name} " in p.read_text(encoding="utf-8")]
    assert (grammars_dir() / f"{name}.lark").is_file()
    assert importers, f"{name}.lark is imported by no grammar"
