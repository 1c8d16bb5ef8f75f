"""Unknown words and untokenisable marks are findings, never dropped (issue 13).

Every word of a marking is either read or kept in the marking's `unknown` list with a finding at
the marking's position: a typo gets the register word it stands for (SYN-002, POR-003), and a
portion mark the grammar cannot tokenise is read as far as it goes, its level counting in the roll-up.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from markcheck.api import check_text, result_for
from markcheck.config import Config
from markcheck.document import build_document, read_document
from markcheck.reader.marking_spans import marking_spans
from markcheck.resources import rules_dir
from markcheck.vocabulary import control_tables
from markcheck.suggest import did_you_mean

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
CONFIG = Config(today=datetime.date(2026, 12, 7))
UNREAD_RULES = {"SYN-001", "SYN-002", "POR-003"}


def _memo(banner: str, *portions: str) -> str:
    body = "\n".join(f"{i}. {mark} Text of paragraph {i}." for i, mark in enumerate(portions, 1))
    return (f"Date: 20240105\n{banner}\n\nSUBJECT: (U) Test\n\n{body}\n\nClassified By: John Smith, Director\n"
            f"Reason: 1.4(b)\nDeclassify On: 20491231\n{banner}\n")


def _findings(text: str):
    return check_text(text, path="memo.txt", config=CONFIG).findings


# --- banners -------------------------------------------------------------------------------------

BANNERS = [
    # (banner, what the finding names, a portion at the banner's level, one above it)
    ("SECRET//XYZZY", "uses XYZZY, which the marking register does not list", "(S)", "(TS)"),
    ("SECRET//NOFRON", "uses NOFRON (did you mean NOFORN?)", "(S//NF)", "(TS//NF)"),
]


BANNER_CASES = [pytest.param(banner, named, portion, under, id=f"{banner}-under-{under}")
                for banner, named, equal, higher in BANNERS
                for portion, under in ((equal, "equal"), (higher, "higher")) if portion is not None]


@pytest.mark.parametrize("banner, named, portion, under", BANNER_CASES)
def test_unknown_banner_words_are_reported_where_they_stand(banner, named, portion, under):
    findings = _findings(_memo(banner, portion))
    first = [f for f in findings if (f.line, f.column) == (2, 1) and f.rule in UNREAD_RULES]
    closing = [f for f in findings if (f.line, f.column) == (11, 1) and f.rule in UNREAD_RULES]
    assert any(named in f.message and f.severity == "error" for f in first), [f.message for f in findings]
    assert any(named in f.message for f in closing)
    if under == "higher":
        assert "ROL-001" in {f.rule for f in findings}


def test_banner_controls_after_a_sub_compartment_are_read():
    """`SI-G ABCD` holds a blank: the sub-compartment is read as part of its SCI value, and the
    controls after it are read too (not taken for the tail)."""
    text = _memo("TOP SECRET//SI-G ABCD//ORCON/NOFORN", "(TS//SI-G ABCD//OC/NF)")
    doc = build_document(text, path="memo.txt")
    marking = doc.banners[0].marking
    assert marking.dissem == {"ORCON", "NOFORN"} and marking.sci == ("SI-G ABCD",) and marking.unknown == ()
    assert marking.banner() == "TOP SECRET//SI-G ABCD//ORCON/NOFORN"
    assert not {f.rule for f in _findings(text)} & (UNREAD_RULES | {"DIS-001"})


# --- portion marks the grammar could not tokenise ---------------------------------------------------

PORTIONS = [
    # (mark, its level, what the finding names, the equal banner)
    ("(TS//SI/TK-BLFH//SAR-BP-52X3//RS/NF)", "TS", None,
     "TOP SECRET//SI/TK-BLFH//SPECIAL ACCESS REQUIRED-BP-52X3//RSEN/NOFORN"),
    # AUSTRALIA_GROUP is a tetragraph of the register (CVEnumISMCATTetragraph): read, nothing unknown
    ("(U//REL TO USA, AUSTRALIA_GROUP//LES)", "U", None, "UNCLASSIFIED//REL TO USA, AUSTRALIA_GROUP//LES"),
    ("(//NS//REL TO USA, NATO)", "S", None, "SECRET//FGI NATO//REL TO USA, NATO"),
    ("(//DEU TS//REL TO USA, DEU)", "TS", None, "TOP SECRET//FGI DEU//REL TO USA, DEU"),
]
_LOWER = {"U": None, "S": "CONFIDENTIAL", "TS": "CONFIDENTIAL"}


PORTION_CASES = [pytest.param(mark, level, named, banner, under, id=f"{mark}-under-{under}")
                 for mark, level, named, equal in PORTIONS
                 for banner, under in ((equal, "equal"), (_LOWER[level], "lower")) if banner is not None]


@pytest.mark.parametrize("mark, level, named, banner, under", PORTION_CASES)
def test_untokenisable_portion_marks_are_read_and_reported(mark, level, named, banner, under):
    text = _memo(banner, mark)
    doc = build_document(text, path="memo.txt")
    [portion] = [p for p in doc.portions if p.number]
    assert portion.mark == mark and portion.marking is not None, "the mark is read, not skipped"
    assert portion.marking.level.name == level
    findings = _findings(text)
    rules = {f.rule for f in findings}
    assert "POR-001" not in rules, "a mark is not an unmarked paragraph"
    at_mark = [f for f in findings if (f.line, f.column) == (6, 4)]
    if named is not None:
        assert any(named in f.message and f.severity == "error" for f in at_mark), [f.message for f in findings]
    if under == "lower":
        assert "ROL-001" in rules, "the portion's level counts in the roll-up"
        assert doc.rollup.level.name == level


def test_known_words_of_an_untokenisable_mark_are_read():
    doc = build_document(_memo("TOP SECRET//RSEN/NOFORN", "(TS//SI/TK-BLFH//SAR-BP-52X3//RS/NF)"), path="m.txt")
    [marking] = [p.marking for p in doc.portions if p.number]
    assert marking.dissem == {"RSEN", "NOFORN"}
    assert (marking.sci, marking.sap, marking.unknown) == (("SI", "TK-BLFH"), ("SAR-BP-52X3",), ())
    assert (doc.rollup.sci, doc.rollup.sap) == (("SI", "TK-BLFH"), ("SAR-BP-52X3",)), "the roll-up carries them"


# --- did you mean ------------------------------------------------------------------------------------

def _dissemination_words():
    vocabulary = yaml.safe_load((rules_dir() / "vocabulary.yaml").read_text(encoding="utf-8"))
    tables = control_tables(vocabulary)  # the register's controls with the spellings archives write
    for word, _portion, forms in tables["dissem"] + tables["non_ic"]:
        names = set(forms)
        if len(word) < 4:
            continue  # (a two- or three-letter word is one edit from too many others)
        middle = len(word) // 2
        yield pytest.param(word[:middle] + word[middle + 1:], names, id=f"{word}-deletion")
        yield pytest.param(word[0] + word[2] + word[1] + word[3:], names, id=f"{word}-transposition")


@pytest.mark.parametrize("typo, names", list(_dissemination_words()))
def test_a_typo_of_each_dissemination_word_names_it(typo, names):
    guesses = did_you_mean(typo)
    assert guesses and set(guesses) & {n.upper() for n in names}, (typo, guesses)
    if " " not in typo and "-" not in typo:  # through a classification line, as a reader meets it
        findings = _findings(_memo(f"SECRET//{typo}", "(S)"))
        [finding] = [f for f in findings if f.rule == "SYN-002" and f.line == 2]
        assert f"{typo} (did you mean " in finding.message


def test_no_guess_for_a_word_far_from_the_register():
    assert did_you_mean("XYZZY") == () and did_you_mean("NOFORN") == ()


# --- --fix keeps every word -------------------------------------------------------------------------

def _fixed(tmp_path, monkeypatch, text: str) -> str:
    from markcheck import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "memo.txt").write_text(text, encoding="utf-8")
    cli.main(["check", "--fix", "memo.txt", "--today", "2026-12-07", "--isolated"])
    return (tmp_path / "memo.txt").read_text(encoding="utf-8")


def test_fix_raises_the_level_and_keeps_an_unknown_word(tmp_path, monkeypatch, capsys):
    fixed = _fixed(tmp_path, monkeypatch, _memo("CONFIDENTIAL//XYZZY", "(S)"))
    assert fixed.splitlines()[1] == "SECRET//XYZZY"
    assert build_document(fixed, path="memo.txt").banners[0].marking.unknown == ("XYZZY",)


def test_fix_does_not_rewrite_a_banner_with_a_typo(tmp_path, monkeypatch, capsys):
    text = _memo("CONFIDENTIAL//NOFRON", "(S//NF)")
    assert _fixed(tmp_path, monkeypatch, text) == text
    assert "write 'SECRET//NOFORN' by hand" in capsys.readouterr().err


def test_fix_completes_a_banner_and_keeps_its_sci_control(tmp_path, monkeypatch, capsys):
    fixed = _fixed(tmp_path, monkeypatch, _memo("SECRET//SI", "(S//SI//NF)"))
    assert fixed.splitlines()[1] == "SECRET//SI//NOFORN"
    assert build_document(fixed, path="memo.txt").banners[0].marking.sci == ("SI",)


def test_a_fix_that_would_drop_an_unknown_word_is_refused():
    from markcheck.fix.plan import _at_least
    from markcheck.model import Level, Marking

    kept = Marking(level=Level.S, unknown=("SI",))
    assert _at_least(kept, Marking(level=Level.S, unknown=("SI",)))
    assert not _at_least(kept, Marking(level=Level.TS))


# --- inspect: nothing understood silently ------------------------------------------------------------

def _documents():
    for banner, _, equal, higher in BANNERS:
        yield build_document(_memo(banner, *(p for p in (equal, higher) if p)), path="banner.txt")
    for mark, _, _, equal in PORTIONS:
        yield build_document(_memo(equal, mark), path="portion.txt")
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.txt")):
            yield read_document(str(path))


def test_every_unknown_word_has_a_finding_beside_it():
    """Over the corpus and the cases above: a marking span with unknown words carries a finding."""
    spans = silent = 0
    for doc in _documents():
        for span in marking_spans(doc, result_for(doc, CONFIG).findings):
            if span["unknown"]:
                spans += 1
                if not any(f["rule"] in UNREAD_RULES | {"LVL-003"} for f in span["findings"]):
                    silent += 1
                    print(doc.path, span)
    assert spans >= len(BANNERS) + len(PORTIONS) - 1
    assert silent == 0


def test_inspect_json_lists_every_marking_span(tmp_path, capsys):
    import json

    from markcheck.cli import main

    memo = tmp_path / "memo.txt"
    memo.write_text(_memo("SECRET//NOFRON", "(S//NF)", "(TS//SI/TK-BLFH//SAR-BP-52X3//RS/NF)"), encoding="utf-8")
    assert main(["inspect", "--format", "json", str(memo)]) == 0
    [entry] = json.loads(capsys.readouterr().out)["files"]
    spans = {(s["kind"], s["line"], s["column"]): s for s in entry["markings"]}
    banner = spans[("banner", 2, 1)]
    assert (banner["understood"], banner["unknown"]) == (False, ["NOFRON"])
    assert "SYN-002" in {f["rule"] for f in banner["findings"]}
    assert spans[("portion", 6, 4)]["understood"] is True
    portion = spans[("portion", 7, 4)]
    assert portion["unknown"] == [] and portion["understood"] is True
    assert not {f["rule"] for f in portion["findings"]} & UNREAD_RULES
