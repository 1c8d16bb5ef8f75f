"""What a document that holds CUI is, in every output: UNCLASSIFIED with the CUI control and its
categories and LDCs (not "none"), in the JSON report, SARIF, `inspect` and the HTML report; a
classified document with a CUI block shows the block after its classification; a document
without CUI markings is reported as before."""

from __future__ import annotations

import json
from pathlib import Path

from markcheck import cli

DOCUMENTS = Path(__file__).parent / "documents"
TODAY = "2026-12-07"


def _json(capsys, *paths) -> list[dict]:
    cli.main(["check", "--isolated", "--today", TODAY, "--format", "json", *map(str, paths)])
    return json.loads(capsys.readouterr().out)["files"]


def test_json_says_what_a_cui_document_is(capsys):
    files = _json(capsys, DOCUMENTS / "nara_specified.txt", DOCUMENTS / "dod_cti.txt", DOCUMENTS / "nara_mixed.txt")
    nara, dod, mixed = files
    assert (nara["classification"], nara["expected_classification"]) == \
        ("UNCLASSIFIED//CUI//SP-PRVCY/SP-TAX//FED ONLY",) * 2
    assert nara["cui"] == {"control": "CUI", "categories": ["SP-PRVCY", "SP-TAX"], "ldcs": ["FED ONLY"],
                           "convention": "cui"}
    # DoD: the banner is CUI alone; the categories are the indicator block's
    assert dod["classification"] == "UNCLASSIFIED//CUI" and dod["cui"]["categories"] == ["SP-CTI"]
    assert mixed["classification"] == "SECRET//NOFORN//CUI//SP-CTI" and mixed["cui"]["categories"] == ["SP-CTI"]
    assert list(nara)[:7] == ["path", "profile", "era", "date", "classification", "expected_classification", "cui"]


def test_the_expected_marking_names_what_the_banner_lacks(capsys, tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text((DOCUMENTS / "nara_specified.txt").read_text(encoding="utf-8")
                    .replace("CUI//SP-PRVCY/SP-TAX//FED ONLY", "CUI//SP-TAX"), encoding="utf-8")
    [entry] = _json(capsys, path)
    assert (entry["classification"], entry["expected_classification"]) == \
        ("UNCLASSIFIED//CUI//SP-TAX", "UNCLASSIFIED//CUI//SP-PRVCY/SP-TAX//FED ONLY")


def test_a_document_without_cui_has_no_cui_entry(capsys, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("SECRET\n\n1. (S) Text.\n\nSECRET\n", encoding="utf-8")
    [entry] = _json(capsys, path)
    assert "cui" not in entry and entry["classification"] == "SECRET"


def test_sarif_lists_the_cui_files_with_their_marking(capsys, tmp_path):
    cable = tmp_path / "s.txt"
    cable.write_text("SECRET\n\n1. (S) Text.\n\nSECRET\n", encoding="utf-8")
    cli.main(["check", "--isolated", "--today", TODAY, "--format", "sarif", str(DOCUMENTS / "nara_noforn.txt"),
              str(cable)])
    run = json.loads(capsys.readouterr().out)["runs"][0]
    [entry] = run["properties"]["cuiFiles"]
    assert entry["uri"].endswith("nara_noforn.txt")
    assert (entry["classification"], entry["cui"]["ldcs"]) == ("UNCLASSIFIED//CUI//NOFORN", ["NOFORN"])


def test_inspect_and_the_html_report_show_it(capsys, tmp_path):
    cli.main(["inspect", str(DOCUMENTS / "nara_specified.txt")])
    assert "  classification  UNCLASSIFIED//CUI//SP-PRVCY/SP-TAX//FED ONLY\n" in capsys.readouterr().out
    cli.main(["inspect", "--format", "json", str(DOCUMENTS / "nara_controlled.txt")])
    assert json.loads(capsys.readouterr().out)["files"][0]["classification"] == "UNCLASSIFIED//CONTROLLED"
    target = tmp_path / "report.html"
    cli.main(["report", "--isolated", "--today", TODAY, str(DOCUMENTS / "nara_specified.txt"), "-o", str(target)])
    assert "UNCLASSIFIED//CUI//SP-PRVCY/SP-TAX//FED ONLY" in target.read_text(encoding="utf-8")
