"""Safe fixes: ``check --fix`` and ``check --diff`` (markcheck.fix).

A fix only raises or completes the overall marking to the roll-up, or writes a portion mark in
its standard form; it never lowers a level or removes a control. Files are written atomically
with their encoding, byte-order mark, line endings and permissions kept, and every byte
outside the edits unchanged.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from markcheck import cli
from markcheck.config import Config
from markcheck.document import read_document
from markcheck.fix import FixRefused, apply_plan, fix_results, plan_file
from markcheck.model import Level

TODAY = "2010-01-01"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

# A CONFIDENTIAL cable with a SECRET//NOFORN paragraph: ROL-001 and DIS-001 at the banner.
UNDER = """\
ZNY CCCCC ZZH
O 201552Z MAR 09
FM AMEMBASSY ROME
TO SECSTATE WASHDC

C O N F I D E N T I A L ROME 001234

SIPDIS

E.O. 12958: DECL: 03/20/2019
TAGS: PREL PGOV
SUBJECT: (C) CAF\u00c9 TALKS \u2019ROUND THE TABLE

Classified By: Ambassador Ronald Spogli, for reasons 1.4 (b) and (d)

1. (S/NF) The caf\u00e9 meeting \u2013 details.
2. (C) Background.
"""

FIXED = (UNDER.replace("ZNY CCCCC", "ZNY SSSSS")
         .replace("C O N F I D E N T I A L ROME", "S E C R E T ROME")
         .replace("\nSIPDIS\n", "\nNOFORN\nSIPDIS\n"))


def _run(capsys, *argv):
    code = cli.main([*argv, "--today", TODAY])
    out, err = capsys.readouterr()
    return code, out, err


def _write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n", bom: bytes = b"") -> bytes:
    data = bom + text.replace("\n", newline).encode(encoding)
    path.write_bytes(data)
    return data


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project directory as the working directory (symlink checks are relative to it)."""
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


def _rules(output: str) -> set[str]:
    return {f["rule"] for entry in json.loads(output)["files"] for f in entry["findings"]}


# --- --diff ------------------------------------------------------------------------------------

def test_diff_shows_the_fix_and_writes_nothing(project, capsys):
    path = project / "cable.txt"
    data = _write(path, UNDER)
    before = os.stat(path)
    code, out, err = _run(capsys, "check", "--diff", "cable.txt")
    assert code == 1  # something to fix
    assert out.startswith("--- a/cable.txt\n+++ b/cable.txt\n")
    assert "-C O N F I D E N T I A L ROME 001234\n+S E C R E T ROME 001234\n" in out
    assert "+NOFORN\n SIPDIS\n" in out
    assert "-ZNY CCCCC ZZH\n+ZNY SSSSS ZZH\n" in out
    assert path.read_bytes() == data
    after = os.stat(path)
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    assert sorted(p.name for p in project.iterdir()) == ["cable.txt"]  # no temporary file left
    assert "would be applied by --fix" in err


def test_diff_of_a_clean_file_is_empty(project, capsys):
    _write(project / "clean.txt", FIXED)
    code, out, _ = _run(capsys, "check", "--diff", "clean.txt")
    assert (code, out) == (0, "")


# --- --fix: bytes, encodings, line endings -----------------------------------------------------

@pytest.mark.parametrize("encoding, bom, newline", [
    ("cp1252", b"", "\r\n"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "\n"),
    ("utf-8", codecs.BOM_UTF8, "\r"),
    ("utf-8", b"", "\n"),
])
def test_fix_raises_the_banner_and_adds_noforn_keeping_every_other_byte(project, capsys, encoding, bom, newline):
    path = project / "cable.txt"
    old = _write(path, UNDER, encoding, newline, bom)
    expected = bom + FIXED.replace("\n", newline).encode(encoding)
    code, out, err = _run(capsys, "check", "--fix", "--format", "json", "cable.txt")
    new = path.read_bytes()
    assert new == expected, err
    # Outside the edits every byte is the original: the bytes up to the first edit (the security
    # code) and everything from the end of the inserted caption line on.
    head = old.index("CCCCC".encode(encoding))
    assert head > 0 and new[:head] == old[:head]
    tail = len(old) - old.index(f"SIPDIS{newline}".encode(encoding))
    assert new[-tail:] == old[-tail:]
    assert new.startswith(bom)
    # The fixed file was checked again: the roll-up findings are gone.
    rules = _rules(out)
    assert not rules & {"ROL-001", "DIS-001", "HDR-008"}, rules
    doc = read_document(str(path))
    assert doc.classification.banner() == "SECRET//NOFORN"
    assert "ROL-001 fixed" in err and "DIS-001 fixed" in err


def test_fix_is_idempotent(project, capsys):
    path = project / "cable.txt"
    _write(path, UNDER, "cp1252", "\r\n")
    _run(capsys, "check", "--fix", "cable.txt")
    once = path.read_bytes()
    code, out, err = _run(capsys, "check", "--diff", "cable.txt")
    assert (code, out) == (0, "")
    assert path.read_bytes() == once


def test_fix_keeps_permissions(project, capsys):
    path = project / "cable.txt"
    _write(path, UNDER)
    os.chmod(path, 0o640)
    owner = os.stat(path).st_uid, os.stat(path).st_gid
    _run(capsys, "check", "--fix", "cable.txt")
    st = os.stat(path)
    assert stat.S_IMODE(st.st_mode) == 0o640
    assert (st.st_uid, st.st_gid) == owner
    assert path.read_text(encoding="utf-8") == FIXED


def test_exit_code_reflects_what_remains_after_fixing(project, capsys):
    _write(project / "cable.txt", UNDER)
    code, out, _ = _run(capsys, "check", "--fix", "cable.txt")
    assert code == 0, out  # ROL-001 and DIS-001 were the only errors
    assert "ROL-001" not in out and "DIS-001" not in out


# --- never lower, never remove ----------------------------------------------------------------

OVER = """\
O 201552Z MAR 09
FM AMEMBASSY ROME
TO SECSTATE WASHDC

S E C R E T ROME 001234

NOFORN
SIPDIS

E.O. 12958: DECL: 03/20/2019
TAGS: PREL PGOV
SUBJECT: (C) TALKS

Classified By: Ambassador Ronald Spogli, for reasons 1.4 (b) and (d)

1. (C) Details.
2. (U) Background.
"""


def test_a_banner_above_its_portions_is_never_lowered(project, capsys):
    path = project / "over.txt"
    data = _write(path, OVER)
    code, out, err = _run(capsys, "check", "--format", "json", "over.txt")
    assert "ROL-002" in _rules(out)
    code, out, err = _run(capsys, "check", "--fix", "over.txt")
    assert path.read_bytes() == data
    assert "ROL-002" in out  # still reported
    assert "ROL-002 not changed by --fix: lowering a classification is never automatic" in err
    code, out, _ = _run(capsys, "check", "--diff", "over.txt")
    assert out == ""


def test_a_control_is_never_removed(project, capsys):
    # FOUO on a classified banner is wrong (DIS-007), but removing it is a person's decision.
    text = OVER.replace("S E C R E T ROME 001234", "SECRET//FOUO").replace("NOFORN\nSIPDIS\n", "SIPDIS\n")
    path = project / "fouo.txt"
    data = _write(path, text)
    code, out, err = _run(capsys, "check", "--fix", "fouo.txt")
    assert path.read_bytes() == data
    assert "DIS-007" in out and "removing or replacing a control is never automatic" in err


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the real-cable corpus is not at {CORPUS}")
def test_fixing_real_cables_never_lowers_or_removes(project, capsys):
    """Every corpus cable with a fixable finding, fixed: no level goes down, no control is lost."""
    from markcheck.api import check_paths

    config = Config(today=None)
    candidates = []
    for result in check_paths([str(CORPUS)], config=config, jobs=0):
        if result.path.endswith(".txt") and any(f.rule in ("ROL-001", "DIS-001") for f in result.findings):
            candidates.append(result.path)
    assert candidates
    copies = []
    for path in candidates:  # the contents only: the shared corpus is read-only, and --fix refuses those
        shutil.copyfile(path, project / Path(path).name)
        copies.append(project / Path(path).name)
    before = {p.name: read_document(str(p)) for p in copies}
    originals = {p.name: p.read_bytes() for p in copies}
    results = check_paths([str(p) for p in copies], config=config, jobs=1)
    outcome = fix_results(results, config)
    assert outcome.fixed > len(copies) // 2
    for p in copies:
        old, new = before[p.name], read_document(str(p))
        assert [q.marking for q in old.portions] == [q.marking for q in new.portions], p.name
        assert len(old.banners) == len(new.banners)
        for a, b in zip(old.banners, new.banners):
            assert b.marking.level >= a.marking.level and a.marking.controls() <= b.marking.controls(), p.name
        assert new.classification.level >= old.classification.level
        assert old.classification.controls() <= new.classification.controls()
        if p.read_bytes() != originals[p.name]:
            assert new.classification.level >= (new.rollup.level if new.rollup else Level.U)
            assert new.rollup is None or not new.rollup.noforn or new.classification.noforn


# --- refusals ---------------------------------------------------------------------------------

def test_a_file_changed_since_it_was_read_is_refused(project):
    path = project / "cable.txt"
    _write(path, UNDER)
    plan = plan_file(str(path), Config())
    assert plan.changed
    # Same size, same modification time, different bytes: only the content hash tells.
    st = os.stat(path)
    changed = UNDER.replace("Background", "Backgrounds").replace("details.", "detail.")
    assert len(changed) == len(UNDER)
    path.write_bytes(changed.encode("utf-8"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(FixRefused, match="changed since markcheck read it"):
        apply_plan(plan)
    assert path.read_text(encoding="utf-8") == changed
    assert sorted(p.name for p in project.iterdir()) == ["cable.txt"]  # the temporary file is gone


def test_a_file_grown_since_it_was_read_is_refused(project):
    path = project / "cable.txt"
    _write(path, UNDER)
    plan = plan_file(str(path), Config())
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("3. (U) Added meanwhile.\n")
    with pytest.raises(FixRefused):
        apply_plan(plan)
    assert path.read_text(encoding="utf-8").endswith("Added meanwhile.\n")


def test_a_symlink_to_outside_the_project_is_refused(project, tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "cable.txt"
    data = _write(target, UNDER)
    (project / "link.txt").symlink_to(target)
    code, out, err = _run(capsys, "check", "--fix", "link.txt")
    assert code == 2
    assert "symlink" in err and "outside the project directory" in err
    assert target.read_bytes() == data


def test_a_symlink_inside_the_project_is_followed(project, capsys):
    (project / "docs").mkdir()
    target = project / "docs" / "cable.txt"
    _write(target, UNDER)
    link = project / "link.txt"
    link.symlink_to(target)
    code, out, err = _run(capsys, "check", "--fix", "link.txt")
    assert link.is_symlink()  # the link is kept, its target is fixed
    assert target.read_text(encoding="utf-8") == FIXED


# --- what is and is not fixed -----------------------------------------------------------------

MEMO = """\
SECRET

MEMORANDUM FOR THE RECORD
Date: October 1, 2010
SUBJECT: (U) Test memo

1. (S/NF) Secret text.
2. (C) Other text.

Classified By: John Smith, Director
Reason: 1.4(b)
Declassify On: 20351001

SECRET
"""


def test_memo_banners_are_completed_and_separators_normalised(project, capsys):
    path = project / "memo.txt"
    _write(path, MEMO)
    code, out, err = _run(capsys, "check", "--fix", "--format", "json", "memo.txt")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("SECRET//NOFORN\n") and text.endswith("\nSECRET//NOFORN\n")
    assert "1. (S//NF) Secret text." in text
    assert not _rules(out) & {"DIS-001", "POR-004", "HDR-003"}


def test_level_word_keeps_its_style(project, capsys):
    plain = UNDER.replace("C O N F I D E N T I A L ROME 001234", "CONFIDENTIAL ROME 001234")
    sentence = UNDER.replace("C O N F I D E N T I A L ROME 001234", "C o n f i d e n t i a l rome 001234")
    for name, text, line in (("plain.txt", plain, "SECRET ROME 001234"),
                             ("sentence.txt", sentence, "S e c r e t rome 001234")):
        _write(project / name, text)
        _run(capsys, "check", "--fix", name)
        assert (project / name).read_text(encoding="utf-8").splitlines()[5] == line


def test_glued_header_is_left_to_a_person(project, capsys):
    glued = UNDER.replace("C O N F I D E N T I A L ROME 001234\n\nSIPDIS\n\nE.O.",
                          "C O N F I D E N T I A L ROME 001234 E.O.")
    path = project / "glued.txt"
    _write(path, glued)
    code, out, err = _run(capsys, "check", "--diff", "glued.txt")
    assert "NOFORN" not in out
    assert "add a NOFORN caption line by hand" in err


def test_a_portion_before_the_classification_line_does_not_raise_it(project, capsys):
    # A SECRET portion pasted above the routing block precedes the cable text: the banner
    # below it is not raised to meet it (a human decides what that stray text is).
    text = UNDER.replace("FM AMEMBASSY ROME", "(S) Pasted drafting note.\nFM AMEMBASSY ROME").replace("(S/NF)", "(C/NF)")
    path = project / "drafting.txt"
    data = _write(path, text)
    code, out, err = _run(capsys, "check", "--fix", "drafting.txt")
    assert "comes before the classification line" in err
    assert "S E C R E T" not in path.read_text(encoding="utf-8")
    assert "NOFORN" in path.read_text(encoding="utf-8")  # the NOFORN portion is in the body: completed
    assert path.read_bytes() != data


# --- suppressed findings are not fixed ----------------------------------------------------------

def test_findings_suppressed_by_the_configuration_are_not_fixed(project, capsys):
    path = project / "cable.txt"
    data = _write(path, UNDER)
    (project / ".markcheck.yaml").write_text(
        "per-file-ignores:\n"
        "  - paths: [cable.txt]\n"
        "    rules: [ROL-001, DIS-001]\n"
        "    reason: the originator decides this cable's overall marking\n", encoding="utf-8")
    code, out, err = _run(capsys, "check", "--fix", "cable.txt")
    assert path.read_bytes() == data
    code, out, err = _run(capsys, "check", "--diff", "cable.txt")
    assert (code, out) == (0, "")


def test_findings_recorded_in_the_baseline_are_not_fixed(project, capsys):
    path = project / "cable.txt"
    data = _write(path, UNDER)
    _run(capsys, "check", "--write-baseline", "baseline.json", "cable.txt")
    code, out, err = _run(capsys, "check", "--fix", "--baseline", "baseline.json", "cable.txt")
    assert path.read_bytes() == data
    code, out, err = _run(capsys, "check", "--fix", "cable.txt")  # without the baseline: fixed
    assert path.read_text(encoding="utf-8") == FIXED


def test_classification_lines_change_together_or_not_at_all(project, capsys):
    # The section header's level word is irregularly spaced: no line is raised (they must stay
    # equal), and the NOFORN caption, which does not depend on them, is still added.
    text = UNDER + "\nC C O N F I D E N T I A L SECTION 02 OF 02 ROME 001234\n\n3. (C) More.\n"
    path = project / "cable.txt"
    _write(path, text)
    code, out, err = _run(capsys, "check", "--diff", "cable.txt")
    assert "S E C R E T" not in out and "SSSSS" not in out
    assert "+NOFORN\n" in out
    assert "must stay equal" in err and "irregularly written; raise it to SECRET by hand" in err


def test_every_classification_line_of_a_memo_is_raised(project, capsys):
    text = MEMO.replace("SECRET\n", "CONFIDENTIAL\n").replace("(S/NF) Secret", "(S) Secret")
    path = project / "memo.txt"
    _write(path, text)
    _run(capsys, "check", "--fix", "memo.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == lines[-1] == "SECRET"
    assert read_document(str(path)).classification.level == Level.S


def test_a_line_with_no_us_level_is_left_to_a_person(project, capsys):
    # RESTRICTED heads the telegram (LVL-003): NOFORN is not added under a level nobody has set.
    text = UNDER.replace("C O N F I D E N T I A L ROME 001234", "RESTRICTED ROME 001234")
    path = project / "restricted.txt"
    _write(path, text)
    code, _, err = _run(capsys, "check", "--fix", "restricted.txt")
    assert path.read_bytes() == text.encode("utf-8")
    assert "carries no US level; a person decides the level, then NOFORN" in err
    assert code == 1


def test_a_line_fix_declines_names_the_whole_form_with_the_captions_written_on_it(project, capsys):
    """`SECRET//NOFORN, EXDIS` reads EXDIS as a caption of the line: the advice keeps it."""
    memo = (Path(__file__).parent / "capco" / "documents" / "form-memo.txt").read_text(encoding="utf-8")
    _write(project / "memo.txt", memo.replace("SECRET//NOFORN//EXDIS", "SECRET//NOFORN, EXDIS"))
    code, out, err = _run(capsys, "check", "--diff", "memo.txt")
    assert out == ""
    assert "HDR-010 not changed by --fix" in err
    assert "write 'SECRET//NOFORN//EXDIS' by hand" in err
    assert "write 'SECRET//NOFORN' by hand" not in err
