"""``markcheck inspect``: the parsed model through the command line, JSON and text."""

from __future__ import annotations

import json
from pathlib import Path

from markcheck import __version__
from markcheck.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _inspect_json(capsys, *paths) -> tuple[int, dict, str]:
    code = main(["inspect", "--format", "json", *map(str, paths)])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_inspect_json_envelope(capsys, example_path):
    code, data, err = _inspect_json(capsys, example_path)
    assert code == 0 and err == ""
    assert data["schema_version"] == 1
    assert data["tool"] == {"name": "markcheck", "version": __version__}
    [entry] = data["files"]
    assert {k: entry[k] for k in ("path", "profile", "date", "era", "classification", "expected_classification")} == {
        "path": str(example_path),
        "profile": "state_cable",
        "date": "2009-03-20",
        "era": "EO12958A",
        "classification": "CONFIDENTIAL//NOFORN",
        "expected_classification": "CONFIDENTIAL//NOFORN",
    }
    model = entry["model"]
    assert model["date"]["source"] == "dtg"
    assert model["date"]["span"] == {"line": 8, "column": 1, "end_line": 8, "end_column": 17}
    [banner] = model["banners"]
    assert (banner["kind"], banner["spacing"], banner["designation"]) == ("first", "spaced", "CONFIDENTIAL")
    assert banner["marking"]["level"] == "C" and banner["marking"]["banner"] == "CONFIDENTIAL"
    assert banner["span"] == {"line": 20, "column": 1, "end_line": 20, "end_column": 38}
    assert [c["name"] for c in model["captions"]] == ["NOFORN", "SIPDIS"]
    declass = model["eo_line"]["declass"]
    assert (declass["kind"], declass["date"], declass["date_format"]) == ("date", "2019-03-20", "MM/DD/YYYY")
    assert model["cab"]["reason"]["section"] == "1.4" and model["cab"]["reason"]["letters"] == ["b", "d"]
    portions = model["portions"]
    assert [p["mark"] for p in portions] == [None, "(C/NF)", "(C/NF)", "(C/NF)", "(U)", "(C/NF)"]
    assert [p["is_subject"] for p in portions] == [True] + [False] * 5
    assert [p["paragraph"] for p in portions[1:]] == [1, 2, 3, 4, 5]
    assert [p["marking"]["portion"] for p in portions[1:]] == ["C//NF", "C//NF", "C//NF", "U", "C//NF"]
    assert portions[1]["mark_span"] == {"line": 33, "column": 5, "end_line": 33, "end_column": 11}
    assert model["classification"]["dissem"] == ["NOFORN"]
    assert model["unreadable"] == []


def test_inspect_json_several_files_and_a_read_error(capsys, tmp_path):
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"\x00\x01\x02")
    code, data, err = _inspect_json(capsys, FIXTURES / "wrapped_reason.txt", blob)
    assert code == 2
    assert [f["path"] for f in data["files"]] == [str(FIXTURES / "wrapped_reason.txt"), str(blob)]
    good, bad = data["files"]
    assert (good["classification"], good["date"], good["era"]) == ("SECRET//NOFORN", "2009-12-18", "EO12958A")
    assert good["model"]["cab"]["reason"]["span"]["line"] == 11
    assert set(bad) == {"path", "error"} and "binary file" in bad["error"]
    assert f"{blob}: binary file" in err


def test_inspect_json_unmarked_document(capsys, tmp_path):
    memo = tmp_path / "memo.txt"
    memo.write_text("Notes from the meeting.\nNothing classified here.\n", encoding="utf-8")
    code, data, _ = _inspect_json(capsys, memo)
    assert code == 0
    [entry] = data["files"]
    assert entry["classification"] is None and entry["expected_classification"] is None
    assert entry["date"] is None and entry["era"] is None
    assert entry["profile"] == "isoo"
    assert entry["model"]["banners"] == [] and entry["model"]["portions"] == []


def test_inspect_text(capsys):
    code = main(["inspect", str(FIXTURES / "sections.txt")])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == str(FIXTURES / "sections.txt")
    assert "  classification  SECRET//NOFORN" in lines
    assert "  era             EO12958A" in lines
    assert any(l.startswith("  banner section") and "17:1" in l and "section 2 of 2" in l for l in lines)
    assert any(l.startswith("  banner closing") and "22:1" in l for l in lines)
    assert any(l.startswith("  reason") and "14:87" in l and "1.4 (b, d)" in l for l in lines)
    assert sum(1 for l in lines if l.startswith("  para ")) == 5
