"""Bad documents and bad paths through the real command line: each gets a finding or a skip
message naming it, the other files of the run are still checked, and nothing crashes.

Exit codes (README "Untrusted input"): a file that cannot be read at all (binary, too large,
missing, a directory loop, a pipe or a device, permission denied) is an MCK-002 finding and
makes the run exit 2; a readable file in any supported encoding is checked like any other.
"""

from __future__ import annotations

import codecs
import os
import stat
import subprocess
import sys

import pytest

from markcheck.reader import source
from markcheck.reader.source import MAX_DOCUMENT_BYTES

from .conftest import CLEAN, ROOT, UNDER, assert_no_crash, spawn, write

ROL_AT_5_1 = ("ROL-001", 5, 1)


def _findings(entry):
    return [(f["rule"], f["line"], f["column"]) for f in entry["findings"]]


def _skipped(entry, reason: str) -> None:
    """An MCK-002 entry whose message names the file and says why it was not read."""
    (finding,) = entry["findings"]
    assert finding["rule"] == "MCK-002" and finding["severity"] == "error"
    assert entry["path"] in finding["message"] and reason in finding["message"], finding["message"]


# --- readable in some encoding: checked, positions right ------------------------------------

READABLE = {
    "utf8-bom.txt": codecs.BOM_UTF8 + UNDER.encode("utf-8"),
    "utf16-le-bom.txt": codecs.BOM_UTF16_LE + UNDER.encode("utf-16-le"),
    "utf16-be-bom.txt": codecs.BOM_UTF16_BE + UNDER.encode("utf-16-be"),
    "latin1.txt": UNDER.replace("request for guidance", "demande d'\u00e9t\u00e9 \u00e0 Bruxelles").encode("latin-1"),
    "invalid-utf8.txt": UNDER.encode("utf-8").replace(b"request", b"req\xc3\x28u\xffest"),
    "crlf.txt": UNDER.replace("\n", "\r\n").encode("utf-8"),
    "lone-cr.txt": UNDER.replace("\n", "\r").encode("utf-8"),
    "mixed-endings.txt": UNDER.replace("\n", "\r\n", 3).encode("utf-8"),
}


def test_every_supported_encoding_is_checked_with_true_positions(tmp_path, cli):
    for name, data in READABLE.items():
        write(tmp_path / name, data)
    run = cli("check", "--format", "json", tmp_path)
    files = run.files()
    assert run.code == 1  # ROL-001 errors, nothing unreadable
    for name in READABLE:
        entry = files[str(tmp_path / name)]
        assert ROL_AT_5_1 in _findings(entry), (name, entry)
        assert entry["classification"] == "CONFIDENTIAL" and entry["expected_classification"] == "SECRET//NOFORN"


def test_empty_and_blank_files_are_checked_not_skipped(tmp_path, cli):
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.txt", " \n\t\r\n\n")
    run = cli("check", "--format", "json", tmp_path)
    for name in ("empty.txt", "blank.txt"):
        entry = run.files()[str(tmp_path / name)]
        assert [f["rule"] for f in entry["findings"]] == ["HDR-001"]  # no classification line
    assert run.code == 1


# --- unreadable: skipped with a reason, the run goes on ---------------------------------------

UNREADABLE = {
    "binary.txt": (bytes(range(256)) * 8, "binary file"),
    "nul-byte.txt": (CLEAN.encode().replace(b"guidance", b"guid\x00ance"), "NUL byte"),
    "utf16-no-bom.txt": (UNDER.encode("utf-16-le"), "UTF-16 text needs a byte-order mark"),
    "utf16-truncated.txt": (codecs.BOM_UTF16_LE + "SECRET".encode("utf-16-le")[:-1], "invalid utf-16-le"),
}


def test_binary_and_broken_files_are_reported_and_the_run_continues(tmp_path, cli):
    good = write(tmp_path / "good.txt", CLEAN)
    under = write(tmp_path / "under.txt", UNDER)
    bad = [write(tmp_path / name, data) for name, (data, _) in UNREADABLE.items()]
    run = cli("check", "--format", "json", good, *bad, under)
    files = run.files()
    assert run.code == 2  # an unreadable file
    assert files[str(good)]["findings"] == []
    assert ROL_AT_5_1 in _findings(files[str(under)])
    for name, (_, reason) in UNREADABLE.items():
        _skipped(files[str(tmp_path / name)], reason)
    assert list(files) == [str(good), *map(str, bad), str(under)]  # every file, in the order given


def test_text_output_names_the_unreadable_file(tmp_path, cli):
    bad = write(tmp_path / "bin.txt", b"\x00\x01\x02")
    run = cli("check", bad, write(tmp_path / "ok.txt", CLEAN))
    assert run.code == 2
    assert run.out.startswith(f"{bad}:1:1: MCK-002 [error] cannot read {bad}: binary file")


def test_a_file_over_the_size_limit_is_not_read(tmp_path, cli, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:  # 50 MB, sparse: creating it costs nothing
        handle.truncate(50 * 1000 * 1000)
    read = []
    real_open = source.os.open
    monkeypatch.setattr(source.os, "open", lambda path, *a, **k: read.append(path) or real_open(path, *a, **k))
    run = cli("check", "--format", "json", big, write(tmp_path / "ok.txt", CLEAN))
    assert run.code == 2
    _skipped(run.files()[str(big)], "larger than the 16.0 MiB markcheck reads")
    assert str(big) not in read  # refused on its size, never opened


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    path = write(tmp_path / "grows.txt", CLEAN)
    monkeypatch.setattr(source, "MAX_DOCUMENT_BYTES", len(CLEAN) - 1)
    with pytest.raises(source.ReadError, match="larger than"):
        source.Source.from_path(str(path))


def test_a_document_just_under_the_limit_is_checked(tmp_path, cli):
    line = "the minister said the government would consider the proposal after talks\n"
    body = CLEAN + line * ((MAX_DOCUMENT_BYTES - len(CLEAN) - 1024) // len(line))
    path = write(tmp_path / "large.txt", body)
    assert MAX_DOCUMENT_BYTES - 4096 < path.stat().st_size <= MAX_DOCUMENT_BYTES
    run = cli("check", path)
    assert (run.code, run.out) == (0, "")


def test_one_line_of_a_megabyte(tmp_path, cli):
    words = "(S) secret words and (C) more words " * ((1 << 20) // 36)
    path = write(tmp_path / "one-line.txt", CLEAN + "3. (S) " + words + "\n")
    run = cli("check", "--format", "json", path)
    entry = run.files()[str(path)]
    assert entry["expected_classification"] == "SECRET//NOFORN"
    assert ROL_AT_5_1 in _findings(entry)


def test_a_million_short_lines(tmp_path, cli):
    path = write(tmp_path / "million.txt", CLEAN + "x\n" * 1_000_000)
    run = cli("check", "--format", "json", path)
    assert run.code == 0 and run.files()[str(path)]["findings"] == []


# --- the command line: directories, links, pipes, devices, permissions ------------------------

def test_a_directory_is_walked_and_a_missing_path_is_reported(tmp_path, cli):
    folder = tmp_path / "docs"
    write(folder / "a.txt", CLEAN)
    write(folder / "sub" / "b.md", UNDER)
    write(folder / "notes.csv", "not,a,document\n")
    (tmp_path / "empty").mkdir()
    missing = tmp_path / "missing.txt"
    run = cli("check", "--format", "json", folder, tmp_path / "empty", missing)
    files = run.files()
    assert sorted(files) == sorted([str(folder / "a.txt"), str(folder / "sub" / "b.md"), str(missing)])
    _skipped(files[str(missing)], "no such file")
    assert ROL_AT_5_1 in _findings(files[str(folder / "sub" / "b.md")])
    assert run.code == 2


def test_a_symlink_loop_is_reported(tmp_path, cli):
    os.symlink(tmp_path / "loop-b.txt", tmp_path / "loop-a.txt")
    os.symlink(tmp_path / "loop-a.txt", tmp_path / "loop-b.txt")
    run = cli("check", "--format", "json", tmp_path / "loop-a.txt", write(tmp_path / "ok.txt", CLEAN))
    _skipped(run.files()[str(tmp_path / "loop-a.txt")], "symbolic link loop")
    assert run.files()[str(tmp_path / "ok.txt")]["findings"] == []
    assert run.code == 2


def test_a_directory_symlink_loop_does_not_hang_the_walk(tmp_path, cli):
    write(tmp_path / "tree" / "a.txt", CLEAN)
    os.symlink(tmp_path / "tree", tmp_path / "tree" / "again")  # tree/again -> tree
    run = cli("check", "--format", "json", tmp_path / "tree")
    assert list(run.files()) == [str(tmp_path / "tree" / "a.txt")] and run.code == 0


def test_an_unreadable_file_is_reported(tmp_path, cli, monkeypatch):
    locked = write(tmp_path / "locked.txt", UNDER)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            # root (as in CI containers): mode 000 does not stop reading, and markcheck checks the
            # file as root may; the refusal itself is exercised by making the open fail as it
            # would for anyone else
            run = cli("check", "--format", "json", locked)
            assert ROL_AT_5_1 in _findings(run.files()[str(locked)])

            real_open = source.os.open

            def refuse(path, *args, **kwargs):
                if os.fspath(path) == str(locked):
                    raise PermissionError(13, "Permission denied", path)
                return real_open(path, *args, **kwargs)

            monkeypatch.setattr(source.os, "open", refuse)
        run = cli("check", "--format", "json", locked, write(tmp_path / "ok.txt", CLEAN))
        _skipped(run.files()[str(locked)], "permission denied")
        assert run.files()[str(tmp_path / "ok.txt")]["findings"] == []
        assert run.code == 2
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_directory_the_walk_cannot_list_is_reported_not_skipped(tmp_path, cli, monkeypatch):
    write(tmp_path / "docs" / "a.txt", CLEAN)
    locked = tmp_path / "docs" / "locked"
    write(locked / "hidden.txt", UNDER)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK | os.X_OK):  # root: mode 000 does not stop it; fail the listing instead
            real_scandir, real_access = os.scandir, os.access
            monkeypatch.setattr(os, "scandir", lambda path=".": (_ for _ in ()).throw(
                PermissionError(13, "Permission denied", str(path))) if str(path) == str(locked) else real_scandir(path))
            monkeypatch.setattr(source.os, "access", lambda path, mode: False if str(path) == str(locked)
                                else real_access(path, mode))
        run = cli("check", "--format", "json", tmp_path / "docs")
    finally:
        locked.chmod(stat.S_IRWXU)
    files = run.files()
    assert files[str(tmp_path / "docs" / "a.txt")]["findings"] == []
    _skipped(files[str(locked)], "is a directory markcheck may not list (permission denied)")
    assert run.code == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="POSIX pipes and devices")
def test_pipes_and_devices_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    os.symlink("/dev/zero", zero)
    ok = write(tmp_path / "ok.txt", CLEAN)
    # a child process with a timeout: a regression would block on the pipe or read /dev/zero forever
    run = spawn("check", "--isolated", "--today", "2010-01-01", "--format", "json", fifo, zero, ok, timeout=60)
    assert_no_crash(run)
    files = run.files()
    _skipped(files[str(fifo)], "is a named pipe, not a regular file")
    _skipped(files[str(zero)], "is a character device, not a regular file")
    assert files[str(ok)]["findings"] == [] and run.code == 2


# --- output: any file name, any reader -------------------------------------------------------

@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are bytes only on Linux/BSD")
def test_a_file_name_that_is_not_utf8_never_breaks_the_output(tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
        handle.write(UNDER.encode())
    write(folder / "ok.txt", CLEAN)
    for fmt in ("text", "json", "sarif", "junit", "github", "gitlab"):
        run = spawn("check", "--isolated", "--today", "2010-01-01", "--format", fmt, ".", cwd=folder)
        assert_no_crash(run)
        assert run.code == 1, (fmt, run.err)
        assert "caf" in run.out and "ROL-001" in run.out, fmt
        if fmt in ("json", "sarif", "gitlab"):
            run.json()
    report = spawn("report", "--isolated", "--today", "2010-01-01", "-o", tmp_path / "r.html", ".", cwd=folder)
    assert_no_crash(report)
    assert report.code == 1 and "caf" in (tmp_path / "r.html").read_text(encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    first = spawn("check", "--isolated", "--today", "2010-01-01", "--write-baseline", baseline, ".", cwd=folder)
    again = spawn("check", "--isolated", "--today", "2010-01-01", "--baseline", baseline, ".", cwd=folder)
    assert_no_crash(first)
    assert_no_crash(again)
    assert again.code == 0, again.out  # the baseline matched the file with the odd name too


def test_a_reader_that_goes_away_is_no_error(tmp_path):
    # ``markcheck check … | head -1``: enough output to fill the pipe, a reader that reads one line
    body = CLEAN + "".join(f"{n}. Unmarked paragraph {n}.\n" for n in range(3, 300)) * 20
    path = write(tmp_path / "many.txt", body)
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "markcheck", "check", "--isolated", "--today", "2010-01-01",
                             str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert first.startswith(str(path).encode())
    assert "Traceback" not in err and "BrokenPipe" not in err and "internal error" not in err, err


# --- hostile content in the output -----------------------------------------------------------

HOSTILE_TEXT = ("O 201552Z MAR 09\n\nSECRET\n\n"
                "E.O. 12958: DECL: <script>alert(1)</script>\x1b[2J\x1b]0;owned\x07\u202egnp.exe\x85::error::forged\n"
                "\n1. (S) x\n")


@pytest.mark.skipif(sys.platform == "win32", reason="file names with < > : are not allowed on Windows")
def test_hostile_content_and_file_names_are_escaped_in_every_output(tmp_path, cli):
    import xml.etree.ElementTree as ET

    folder = tmp_path / "in"
    write(folder / "plain.txt", HOSTILE_TEXT)
    write(folder / "<img src=x onerror=alert(1)>,line=9::x.txt", HOSTILE_TEXT)
    os.chdir(folder)
    try:
        for fmt in ("text", "github", "json", "sarif", "junit", "gitlab"):
            run = cli("check", "--format", fmt, ".")
            assert run.code == 1, (fmt, run.err)
            assert "SYN-001" in run.out, fmt  # the finding that quotes the hostile text
            controls = {c for c in run.out if ord(c) < 32 and c not in "\t\n\r"} | {c for c in run.out if "\x7f" <= c <= "\x9f"}
            assert not controls, (fmt, controls)  # no ESC, BEL or C1 control reaches a terminal or a log
            assert "\u202e" not in run.out, fmt  # no bidirectional override
            lines = run.out.splitlines()
            if fmt in ("text", "github"):
                assert not [ln for ln in lines if ln.startswith("::error::forged") or "forged" in ln.split("::")[0]], fmt
                assert all(ln.startswith(("./", "<img", "plain", "::")) for ln in lines), (fmt, lines)
            if fmt == "junit":
                ET.fromstring(run.out)
            if fmt in ("json", "sarif", "gitlab"):
                run.json()
        report = cli("report", "-o", tmp_path / "report.html", ".")
        html = (tmp_path / "report.html").read_text(encoding="utf-8")
        assert report.code == 1
        assert "<script>alert" not in html and "<img src=x" not in html and "&lt;script&gt;" in html
        assert "Content-Security-Policy" in html and "<script" not in html.lower()
    finally:
        os.chdir(ROOT)


def test_inspect_diff_and_diagnostics_escape_document_text(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    hostile = "\x1b]0;owned\x07\u202e"
    doc = write(tmp_path / f"x{hostile}.txt", UNDER.replace("RFG:", f"RFG: {hostile}")
                .replace("Kurt Volker", f"Kurt {hostile}Volker"))
    runs = [cli("inspect", doc), cli("check", "--diff", doc), cli("check", "--fix", doc),
            cli("check", doc, tmp_path / f"missing{hostile}.txt")]
    for run in runs:
        text = run.out + run.err
        assert "\\x1b]0;owned\\x07\\u202e" in text  # shown, escaped
        assert not {c for c in text if ord(c) < 32 and c not in "\t\n\r"}, text
        assert "\u202e" not in text
