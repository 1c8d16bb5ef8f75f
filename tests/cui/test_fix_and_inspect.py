"""`--fix` adds a missing CUI banner or completes one (never removes a word); `inspect` says a
document is CUI and shows what it read; `--profile` forces the CUI profiles."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from markcheck.api import check_text
from markcheck.cli import main
from markcheck.config import Config
from markcheck.fix import plan_file

DOCUMENTS = Path(__file__).parent / "documents"
TODAY = datetime.date(2026, 12, 7)


def _without_first_banner(name: str, tmp_path: Path) -> Path:
    text = (DOCUMENTS / name).read_text(encoding="utf-8")
    first, _, rest = text.partition("\n\n")
    path = tmp_path / name
    path.write_text(rest, encoding="utf-8")
    return path


def _findings(text: str, name: str):
    return check_text(text, path=name, config=Config(today=TODAY)).findings


def test_fix_adds_the_nara_banner_with_its_specified_categories_and_ldcs(tmp_path):
    path = _without_first_banner("nara_specified.txt", tmp_path)
    assert {f.rule for f in _findings(path.read_text(), path.name)} == {"CUI-001"}
    fixed = plan_file(str(path), Config(today=TODAY)).new_text()
    assert fixed.splitlines()[0] == "CUI//SP-PRVCY/SP-TAX//FED ONLY"
    assert _findings(fixed, path.name) == ()


def test_fix_adds_dod_banners_top_and_bottom(tmp_path):
    text = (DOCUMENTS / "dod_basic.txt").read_text(encoding="utf-8")
    path = tmp_path / "dod.txt"
    path.write_text(text.removeprefix("CUI\n\n").removesuffix("\nCUI\n") + "\n", encoding="utf-8")
    assert {f.rule for f in _findings(path.read_text(), path.name)} == {"CUI-001", "CUI-002"}  # top and bottom
    fixed = plan_file(str(path), Config(today=TODAY)).new_text()
    lines = fixed.splitlines()
    assert (lines[0], lines[-1]) == ("CUI", "CUI")
    assert _findings(fixed, path.name) == ()


def _plan(tmp_path: Path, old: str, new: str):
    """The --fix plan of nara_specified.txt with its first `old` (every one for a banner) made `new`."""
    text = (DOCUMENTS / "nara_specified.txt").read_text(encoding="utf-8").replace(old, new)
    path = tmp_path / "memo.txt"
    path.write_text(text, encoding="utf-8")
    return path, plan_file(str(path), Config(today=TODAY))


def test_fix_completes_a_banner_without_removing_a_word(tmp_path):
    path, plan = _plan(tmp_path, "CUI//SP-PRVCY/SP-TAX//FED ONLY", "CUI//SP-TAX")
    fixed = plan.new_text()
    assert fixed.count("CUI//SP-PRVCY/SP-TAX//FED ONLY") == 2  # top and bottom banner alike
    assert _findings(fixed, path.name) == ()


def test_fix_leaves_a_banner_with_an_unknown_word_to_a_person(tmp_path):
    _, plan = _plan(tmp_path, "CUI//SP-PRVCY/SP-TAX//FED ONLY\n\nINTERNAL", "CUI//SP-TXA//FED ONLY\n\nINTERNAL")
    assert not plan.changed
    assert any(n.rule == "CUI-003" and "a person decides" in n.text for n in plan.notes)


def test_inspect_says_the_document_is_cui_and_lists_its_cui_spans(capsys):
    code = main(["inspect", "--format", "json", str(DOCUMENTS / "nara_specified.txt"), str(DOCUMENTS / "dod_cti.txt")])
    files = json.loads(capsys.readouterr().out)["files"]
    assert code == 0
    assert [f["profile"] for f in files] == ["cui", "dod_cui"]
    kinds = {s["kind"] for s in files[0]["markings"]}
    assert {"cui banner", "cui portion", "cui indicator", "decontrol"} <= kinds
    assert all(s["understood"] for s in files[0]["markings"])
    assert files[0]["model"]["cui"]["decontrol"]["date"] == "2035-02-10"
    assert files[1]["model"]["cui"]["distribution"][0]["letter"] == "D"
    main(["inspect", str(DOCUMENTS / "nara_specified.txt")])
    text = capsys.readouterr().out
    assert "profile         cui" in text
    assert "CUI banner top      1:1  CUI: Specified PRVCY, Specified TAX, LDC FED ONLY" in text


def test_inspect_shows_an_unknown_cui_word_as_not_understood(capsys, tmp_path):
    path = tmp_path / "typo.txt"
    path.write_text("CUI//SP-CIT\n\n1. (CUI//SP-CIT) Drawings.\n\nControlled by: NASA\n", encoding="utf-8")
    main(["inspect", "--format", "json", str(path)])
    spans = json.loads(capsys.readouterr().out)["files"][0]["markings"]
    banner = next(s for s in spans if s["kind"] == "cui banner")
    assert (banner["understood"], banner["unknown"]) == (False, ["SP-CIT"])
    found = _findings(path.read_text(encoding="utf-8"), path.name)
    assert [(f.rule, f.line, f.column) for f in found if f.rule == "CUI-006"] == [("CUI-006", 1, 6), ("CUI-006", 3, 10)]


def test_profile_option_forces_a_cui_profile(capsys):
    path = str(DOCUMENTS / "dod_cti.txt")
    assert main(["check", "--isolated", "--today", "2026-12-07", path]) == 0
    capsys.readouterr()
    assert main(["check", "--isolated", "--today", "2026-12-07", "--profile", "cui", path]) == 0  # NARA: CUI Basic banner is fine
    assert main(["check", "--isolated", "--today", "2026-12-07", "--profile", "dod_cui", str(DOCUMENTS / "nara_specified.txt")]) == 1
    assert "CUI-005" in capsys.readouterr().out


def test_a_document_without_cui_markings_has_no_cui_facts():
    from markcheck.document import build_document

    doc = build_document("SECRET\n\n1. (S) Text.\n\nSECRET\n", path="s.txt")
    assert doc.cui is None and doc.profile in ("isoo", "capco")


def test_cui_markings_past_the_model_bound_are_counted_and_reported(monkeypatch):
    """A hostile document with more CUI lines than the model keeps: the rest are counted and
    reported (MCK-005), never silently dropped."""
    from markcheck.cui import read

    monkeypatch.setattr(read, "MAX_ELEMENTS", 5)
    text = "CUI\n\n" + "".join(f"{i}. (CONTROLLED) Text.\n" for i in range(1, 10)) + "\nControlled by: NASA\n\nCUI\n"
    result = check_text(text, path="many.txt", config=Config(today=TODAY))
    folded = [f for f in result.findings if f.rule == "MCK-005"]
    assert [(f.line, "4 past that number" in f.message, "CUI portion marks" in f.message) for f in folded] \
        == [(8, True, True)]
    assert sum(f.rule == "CUI-018" for f in result.findings) == 5


def test_the_cui_fixers_are_chosen_by_the_rule_data_not_by_rule_ids():
    """Which CUI fix a finding gets is its rule's `fixer:` (rules/CUI.yaml); the fixer module
    names no rule, and credits each edit to the finding it resolves."""
    import re

    from markcheck.cui import fix as cui_fix
    from markcheck.fix import FIXERS, fix_table

    source = Path(cui_fix.__file__).read_text(encoding="utf-8")
    assert re.findall(r"CUI-\d{3}", source) == []
    table = fix_table().fixer
    assert {table[r] for r in ("CUI-001", "CUI-002", "CUI-003")} == set(cui_fix.FIXERS) <= set(FIXERS)


def test_fix_completes_the_cui_block_of_a_commingled_banner(tmp_path):
    """`SECRET//NOFORN//CUI` over a (CUI//SP-CTI) portion: --fix writes the CUI block of both
    banners with the category, and leaves the classified part as written."""
    text = (DOCUMENTS / "nara_mixed.txt").read_text(encoding="utf-8").replace("SECRET//NOFORN//CUI//SP-CTI",
                                                                              "SECRET//NOFORN//CUI")
    path = tmp_path / "mixed.txt"
    path.write_text(text, encoding="utf-8")
    assert [f.rule for f in _findings(text, path.name)] == ["CUI-003"]
    fixed = plan_file(str(path), Config(today=TODAY)).new_text()
    assert fixed == (DOCUMENTS / "nara_mixed.txt").read_text(encoding="utf-8")


def test_inspect_shows_the_cui_block_of_a_classified_banner_and_portion(capsys, tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_text((DOCUMENTS / "nara_mixed.txt").read_text(encoding="utf-8")
                    .replace("(CUI//SP-CTI) The sensor", "(S//CUI//SP-CTI) The sensor"), encoding="utf-8")
    main(["inspect", str(path)])
    text = capsys.readouterr().out
    assert "CUI banner top     1:17  SECRET (commingled): Specified CTI  'SECRET//NOFORN//CUI//SP-CTI'" in text
    assert "CUI portion        13:4  CUI (SECRET): Specified CTI  (S//CUI//SP-CTI)" in text


def test_fix_completes_the_cui_block_of_a_dod_commingled_banner(tmp_path):
    """Under DoD's profile too, a commingled banner's CUI block gets the Specified category its
    portion carries (32 CFR 2002.20(g)(2)); DoD's unclassified banner stays CUI alone."""
    text = (DOCUMENTS / "dod_mixed.txt").read_text(encoding="utf-8").replace("2. (CUI) The range", "2. (CUI//SP-CTI) The range")
    path = tmp_path / "dod_mixed.txt"
    path.write_text(text, encoding="utf-8")
    fixed = plan_file(str(path), Config(today=TODAY)).new_text()
    assert fixed.startswith("SECRET//CUI//SP-CTI\n") and fixed.rstrip().endswith("\nSECRET//CUI//SP-CTI")


def test_inspect_shows_the_compilation_notice_and_what_it_covers(capsys, tmp_path):
    main(["inspect", str(DOCUMENTS / "nara_compilation.txt")])
    assert "  compilation        17:1  covers CRITAN" in capsys.readouterr().out
    path = tmp_path / "sentence.txt"
    text = (DOCUMENTS / "nara_compilation.txt").read_text(encoding="utf-8")
    notice = text[text.index("Compilation reason:"):text.index("exposed.") + len("exposed.")]
    path.write_text(text.replace(notice, "This document is CUI by compilation."), encoding="utf-8")
    main(["inspect", str(path)])
    assert "  compilation        17:1  covers every category" in capsys.readouterr().out


def test_inspect_shows_a_may_contain_cui_disclaimer_where_it_stands(capsys, tmp_path):
    """The sentence is read across its two lines and shown from its first word to its end."""
    path = tmp_path / "dod_basic.txt"
    path.write_text((DOCUMENTS / "dod_basic.txt").read_text(encoding="utf-8").replace(
        "3. (U) Point of contact is below.", "3. (U) Point of contact is below. This memorandum may\ncontain CUI."),
        encoding="utf-8")
    main(["inspect", str(path)])
    assert "  disclaimer        16:35  'This memorandum may contain CUI.'" in capsys.readouterr().out
