"""The text output as Ruff users expect it: the summary line, infos counted but not listed by
default (``--min-severity``), ``-q``, colour (``--color``, NO_COLOR, FORCE_COLOR), ``--show-source``,
and ``-`` for stdin with ``--stdin-filename``. Each is run through `markcheck.cli.main`."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from markcheck import cli
from markcheck.escape import printable
from markcheck.formats.text_style import strip

from tests.samples import PARTLY_MARKED_CABLE

TODAY = "2010-01-01"
# At TODAY: 12:10 POR-001 [warning] (SUBJECT), 14:52 MSC-001 [info], 18:1 POR-001 [error] (¶3).
CABLE = PARTLY_MARKED_CABLE
CLEAN = CABLE.replace("SUBJECT: RFG", "SUBJECT: (C) RFG").replace("3. Unmarked", "3. (C) Marked")


def run(capsys, monkeypatch, *argv, stdin: bytes | None = None, env: dict | None = None):
    for key in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(key, raising=False)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = cli.main([*argv, "--today", TODAY, "--isolated"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def docs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(CABLE, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def rules_of(out: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^\S+:\d+:\d+: (\S+) ", out, re.M)]


# -- what is listed, and the summary ----------------------------------------------------------


def test_infos_are_counted_not_listed_by_default_and_the_summary_ends_the_run(docs, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "a.txt", "clean.txt")
    assert code == 1
    assert rules_of(out) == ["POR-001", "POR-001"]  # the warning and the error; not MSC-001 (info)
    assert err.splitlines() == ["2 infos not shown (--min-severity info lists them)",
                                "Found 1 error, 1 warning in 1 file"]


def test_min_severity_info_lists_everything_and_error_hides_warnings(docs, capsys, monkeypatch):
    _, out, err = run(capsys, monkeypatch, "a.txt", "--min-severity", "info")
    assert rules_of(out) == ["POR-001", "MSC-001", "POR-001"]
    assert err == "Found 1 error, 1 warning in 1 file\n"
    _, out, err = run(capsys, monkeypatch, "a.txt", "--min-severity", "error")
    assert rules_of(out) == ["POR-001"]
    assert err.splitlines()[0] == "1 warning, 1 info not shown (--min-severity info lists them)"


def test_findings_not_listed_still_decide_the_exit_code(docs, capsys, monkeypatch):
    warns_only = CLEAN.replace("SUBJECT: (C) RFG", "SUBJECT: RFG")
    (docs / "w.txt").write_text(warns_only, encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, "w.txt", "--strict", "--min-severity", "error")
    assert code == 1 and out == "" and "1 warning" in err


def test_machine_formats_keep_infos_by_default(docs, capsys, monkeypatch):
    import json

    _, out, err = run(capsys, monkeypatch, "a.txt", "--format", "json")
    assert [f["rule"] for f in json.loads(out)["files"][0]["findings"]] == ["POR-001", "MSC-001", "POR-001"]
    assert err == "Found 1 error, 1 warning in 1 file\n"


def test_summary_when_everything_passes_and_quiet(docs, capsys, monkeypatch):
    (docs / "clean2.txt").write_text(CLEAN, encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, "clean.txt", "clean2.txt")
    assert (code, out) == (0, "") and err.splitlines()[-1] == "All 2 files passed"
    assert run(capsys, monkeypatch, "a.txt", "-q")[2] == ""  # findings only


def test_tool_findings_are_listed_whatever_the_minimum(docs, capsys, monkeypatch):
    (docs / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    code, out, _ = run(capsys, monkeypatch, "bin.txt", "--min-severity", "error")
    assert code == 2 and rules_of(out) == ["MCK-002"]


# -- colour ------------------------------------------------------------------------------------


def test_color_always_colours_and_changes_nothing_else(docs, capsys, monkeypatch):
    plain = run(capsys, monkeypatch, "a.txt", "--color", "never")[1]
    coloured = run(capsys, monkeypatch, "a.txt", "--color", "always")[1]
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert strip(coloured) == plain


@pytest.mark.parametrize("env, colour", [({}, False), ({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "0"}, False),
                                         ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False)])
def test_auto_colour_follows_no_color_and_force_color(docs, capsys, monkeypatch, env, colour):
    out = run(capsys, monkeypatch, "a.txt", env=env)[1]  # captured: not a terminal
    assert ("\x1b[" in out) is colour


def test_a_report_file_is_not_coloured_unless_asked(docs, capsys, monkeypatch):
    run(capsys, monkeypatch, "a.txt", "-o", "out.txt", env={"FORCE_COLOR": "1"})
    assert "\x1b" not in (docs / "out.txt").read_text()
    run(capsys, monkeypatch, "a.txt", "-o", "out.txt", "--color", "always")
    assert "\x1b[" in (docs / "out.txt").read_text()


def test_colour_never_lets_a_file_name_become_a_ci_command(docs, capsys, monkeypatch):
    hostile = docs / "::error file=x::forged.txt"
    hostile.write_text(CABLE, encoding="utf-8")
    (docs / "##[group]b.txt").write_text(CABLE, encoding="utf-8")
    out = run(capsys, monkeypatch, str(hostile.name), "##[group]b.txt", "--color", "always")[1]
    for line in strip(out).splitlines():
        assert printable(line) == line and not line.lstrip().startswith("::") and "##[" not in line


# -- --show-source -----------------------------------------------------------------------------


def test_show_source_quotes_the_line_with_a_caret_under_the_span(docs, capsys, monkeypatch):
    out = run(capsys, monkeypatch, "a.txt", "--show-source")[1]
    lines = out.splitlines()
    first = lines.index(next(line for line in lines if line.startswith("a.txt:12:10: POR-001")))
    assert lines[first + 1:first + 5] == [
        "   |",
        "12 | SUBJECT: RFG: NATO-BELARUS SECURITY AGREEMENT",
        "   |          " + "^" * 36 + " POR-001",
        "   |",
    ]


def test_show_source_aligns_the_caret_after_tabs_and_wide_characters():
    from markcheck.findings import Finding
    from markcheck.formats.text_source import snippet

    line = "a\tＢc(S) rest"  # a tab (four columns shown) and a fullwidth letter (two) before the span
    finding = Finding("POR-003", "x", "error", "m", 1, 5, 1, 8, "c")  # the span "(S)"
    rows = snippet(finding, [line])
    assert rows[1] == "1 | a    Ｂc(S) rest"
    assert rows[2] == "  | " + " " * 8 + "^^^ POR-003"
    spanning = Finding("POR-003", "x", "error", "m", 1, 5, 3, 2, "c")
    assert snippet(spanning, [line, "", ""])[2] == "  | " + " " * 8 + "^" * 8 + " POR-003 (to line 3)"
    assert snippet(Finding("MCK-002", "x", "error", "m", 1, 1, 1, 1, "c"), []) == []  # nothing to quote


def test_a_quoted_line_holds_no_ci_command(docs, capsys, monkeypatch):
    text = CABLE.replace("3. Unmarked paragraph here.", "3. Unmarked ##[error]forged \x1b[2J here.")
    (docs / "h.txt").write_text(text, encoding="utf-8")
    out = run(capsys, monkeypatch, "h.txt", "--show-source", "--color", "always")[1]
    assert "##[" not in strip(out) and "\x1b[2J" not in out
    assert "##\\x5berror]forged \\x1b[2J here." in strip(out)


# -- stdin ---------------------------------------------------------------------------------------


def test_dash_reads_stdin_under_the_stdin_filename(docs, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "-", "--stdin-filename", "cables/x.txt", stdin=CABLE.encode())
    assert code == 1 and rules_of(out) == ["POR-001", "POR-001"]
    assert out.startswith("cables/x.txt:12:10: POR-001 [warning]")
    code, out, _ = run(capsys, monkeypatch, "-", stdin=CABLE.encode(), env={})
    assert out.startswith("<stdin>:12:10: ")
    code, out, _ = run(capsys, monkeypatch, "--stdin-filename", "y.txt", stdin=CABLE.encode())
    assert code == 1 and out.startswith("y.txt:12:10: ")  # no PATH: the name means stdin, as in Ruff


def test_stdin_follows_the_configuration_for_its_name(docs, capsys, monkeypatch):
    (docs / ".markcheck.yaml").write_text("per-file-ignores:\n  - paths: ['drafts/**']\n    rules: [POR-001]\n"
                                          "    reason: drafts are marked at release\n", encoding="utf-8")
    import json

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(CABLE.encode())))
    code = cli.main(["-", "--stdin-filename", "drafts/x.txt", "--today", TODAY, "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and [f["rule"] for f in report["files"][0]["findings"]] == ["MSC-001"]
    assert [(s["path"], s["rule"]) for s in report["suppressed"]] == [("drafts/x.txt", "POR-001")] * 2


def test_stdin_cannot_be_mixed_with_paths_or_fixed(docs, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "-", "a.txt", stdin=b"")
    assert code == 2 and "cannot be combined" in err
    code, _, err = run(capsys, monkeypatch, "-", "--fix", stdin=b"")
    assert code == 2 and "--fix and --diff need a file" in err


def test_binary_stdin_is_reported_not_a_traceback(docs, capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, "-", stdin=b"\x00\x01\x02\x03")
    assert code == 2 and out.startswith("<stdin>:1:1: MCK-002 [error] cannot read standard input")


def test_show_source_quotes_stdin(docs, capsys, monkeypatch):
    out = run(capsys, monkeypatch, "-", "--show-source", stdin=CABLE.encode())[1]
    assert "12 | SUBJECT: RFG: NATO-BELARUS SECURITY AGREEMENT" in out


def test_version(capsys):
    from markcheck import __version__

    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"markcheck {__version__}\n"


# -- shell completion ----------------------------------------------------------------------------


def test_completion_script_completes_flags_and_choices(capsys, tmp_path):
    import shutil
    import subprocess

    assert cli.main(["completion", "bash"]) == 0
    script = tmp_path / "markcheck.bash"
    script.write_text(capsys.readouterr().out, encoding="utf-8")
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")

    def complete(line: str, prev: str) -> str:
        words = line.split(" ")
        program = (f'source "{script}"; COMP_WORDS=({" ".join(repr(w) for w in words)}); '
                   f'COMP_CWORD={len(words) - 1}; COMP_LINE="{line}"; COMP_POINT=${{#COMP_LINE}}; '
                   f'_shtab_markcheck markcheck "{words[-1]}" "{prev}"; echo "${{COMPREPLY[@]}}"')
        return subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True).stdout.strip()

    assert complete("markcheck check --min-s", "check") == "--min-severity"
    assert complete("markcheck check --color ", "--color") == "auto always never"
    assert "completion" in complete("markcheck ", "markcheck").split()
    assert cli.main(["completion", "zsh"]) == 0 and "#compdef markcheck" in capsys.readouterr().out


def test_an_output_that_is_not_a_regular_file_is_written_to_not_replaced(tmp_path):
    """`-o /dev/null` (or a FIFO, or /dev/stdout) is written through: a rename over it would put a
    regular file in the device's place (run as root, /dev/null itself)."""
    import os
    import stat
    import subprocess
    import sys
    import threading

    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    example = Path(__file__).resolve().parents[1] / "examples" / "09USNATO114.txt"
    done = subprocess.run([sys.executable, "-m", "markcheck", "--isolated", "--format", "json", "-o", str(fifo),
                           str(example)], capture_output=True, text=True, timeout=120)
    reader.join(timeout=30)
    assert done.returncode in (0, 1), done.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and b'"files"' in received[0]
    assert [p.name for p in tmp_path.iterdir()] == ["results.fifo"]  # no temporary file left beside it
