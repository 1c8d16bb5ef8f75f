"""No line markcheck writes is a GitHub Actions workflow command it did not mean.

The runner (actions/runner ``ActionCommand.TryParseV2``/``TryParse``) reads every line of a
step's stdout and stderr, lines broken at LF and at a lone CR: ``::name …::`` at the start of a
line once leading white space is trimmed, and the legacy ``##[name …]`` anywhere in a line.
Hostile document text and hostile file names go through every format and command, and every
output line is scanned with those two patterns (written here a little wider than the runner
reads them: any command name). Only ``--format github`` writes commands, and only its own
annotations, with every value escaped as the Actions toolkit escapes it.
"""

from __future__ import annotations

import json
import os
import re
import sys

import pytest

from tests.hardening.conftest import UNDER, write
from tests.samples import USER_RULE_FILE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="file names with : and line breaks")

# The runner's two patterns: TrimStart, then "::" … "::"; "##[" … "]" anywhere.
RUNNER_COMMAND = re.compile(r"^\s*::[^\r\n]+?::")
LEGACY_COMMAND = re.compile(r"##\[[^\]\r\n]*\]")
# The brief forms of the same (a command name of letters and hyphens), as documented.
DOCUMENTED = (re.compile(r"^\s*::[A-Za-z-]+( [^:]*)?::"), re.compile(r"##\[[A-Za-z-]+( [^\]]*)?\]"))

HOSTILE_NAMES = (
    "::warning file=README.md,line=1::LGTM.txt",
    "##[error file=README.md;line=1]approved.txt",
    " ::notice::leading-blank.txt",
    "\u2003::warning::em-space.txt",  # white space to .NET's TrimStart too
    "a\n::error::forged-lf.txt",
    "b\r::error::forged-cr.txt",
    "c\r\n##[warning]forged-crlf.txt",
)
COLON = ":"  # named on the command line (a walk takes *.txt): its text line would start "::5:1:"
FORGED = "##[error file=README.md;line=1]Security review APPROVED"
# Document text: a quoted value holding a legacy command, and lines next to a fixable banner
# that `--diff` shows as context (a context line starts with a blank the runner trims).
HOSTILE_DOCUMENT = (UNDER.replace("E.O. 12958: DECL: 03/20/2019", f"E.O. 12958: DECL: {FORGED}")
                    .replace("TO SECSTATE WASHDC\n", "TO SECSTATE WASHDC\n::warning file=README.md,line=1::LGTM\n")
                    .replace("SIPDIS\n", "SIPDIS\n::add-mask::SIPDIS\n\t::stop-commands::x\n"))
HOSTILE_RULES = (USER_RULE_FILE.replace("summary: A test rule", 'summary: "##[error]rules pass"')
                 .replace("description: Reports every SIPDIS caption.",
                          'description: "Reports SIPDIS.\\n::warning file=a::b\\n ##[error]c"')
                 .replace('message: "{problem}"', 'message: "{problem} ##[notice]x"'))
CONFIG = """\
exclude: ["::warning file=x::y", "##[error]glob"]
per-file-ignores:
  - paths: ["nothing/**"]
    rules: [POR-001]
    reason: "##[error]reason\\n::warning::second line"
"""


def runner_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def commands(text: str) -> list[str]:
    """The lines of `text` the runner would read as a workflow command."""
    found = [ln for ln in runner_lines(text) if RUNNER_COMMAND.match(ln) or LEGACY_COMMAND.search(ln)]
    documented = [ln for ln in runner_lines(text) if DOCUMENTED[0].match(ln) or DOCUMENTED[1].search(ln)]
    assert set(documented) <= set(found)
    return found


def parse_v2(line: str):
    """``TryParseV2`` of the runner: (command, properties, data), values unescaped."""
    body = line.lstrip()
    end = body.index("::", 2)
    info, data = body[2:end], body[end + 2:]
    name, _, props = info.partition(" ")

    def unescape(text, extra=()):
        for token, escaped in (("\r", "%0D"), ("\n", "%0A"), *extra, ("%", "%25")):
            text = text.replace(escaped, token)
        return text

    pairs = dict(p.split("=", 1) for p in props.split(",") if p)
    return name, {k: unescape(v, ((":", "%3A"), (",", "%2C"))) for k, v in pairs.items()}, unescape(data)


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    folder = tmp_path / "repo"
    for name in HOSTILE_NAMES:
        write(folder / name, UNDER)
    write(folder / "doc.txt", HOSTILE_DOCUMENT)
    write(folder / COLON, UNDER)
    write(tmp_path / "rules" / "XYZ.yaml", HOSTILE_RULES)
    write(tmp_path / "config.yaml", CONFIG)
    monkeypatch.chdir(folder)
    return tmp_path


def _no_commands(run, what):
    assert commands(run.out) == [], (what, commands(run.out))
    assert commands(run.err) == [], (what, commands(run.err))


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "gitlab"])
def test_no_format_writes_a_command(hostile, cli, fmt):
    run = cli("check", "--format", fmt, "--statistics", "--rules", hostile / "rules", ".", COLON)
    assert run.code == 1, run.err
    assert "XYZ-001" in run.out and "SYN-001" in run.out
    _no_commands(run, fmt)
    if fmt in ("json", "sarif", "gitlab"):
        text = json.dumps(run.json())
        assert "Security review APPROVE" in text and "##[" in text  # the document's text, exact to a reader
    if fmt == "text":  # every file named, one line per finding, the escapes readable
        assert ":\\x3awarning file=README.md,line=1::LGTM.txt:5:1: ROL-001" in run.out
        assert "##\\x5berror file=README.md;line=1]approved.txt:5:1:" in run.out
        assert ":\\x3a5:1: ROL-001" in run.out  # the file named ":"
        assert "a\\n::error::forged-lf.txt:5:1:" in run.out and "b\\r::error::forged-cr.txt:5:1:" in run.out
        # (SYN-001 quotes the value as written, its first 60 characters: enough to show the escape)
        assert f"DECL: {FORGED.replace('##[', '##' + chr(92) + 'x5b')}"[:55] in run.out


def test_github_writes_only_its_own_annotations_with_escaped_values(hostile, cli):
    run = cli("check", "--format", "github", "--statistics", "--rules", hostile / "rules", ".", COLON)
    expected = cli("check", "--format", "json", "--rules", hostile / "rules", ".", COLON).json()
    messages = {(os.path.relpath(e["path"]), f["line"], f["rule"]): f["message"]
                for e in expected["files"] for f in e["findings"]}
    lines = runner_lines(run.out.rstrip("\n"))
    assert commands(run.out) == lines and len(lines) == len(messages)
    assert commands(run.err) == []
    seen = set()
    for line in lines:
        kind, props, data = parse_v2(line)
        assert kind in ("error", "warning", "notice"), line
        assert set(props) == {"file", "line", "col", "endLine", "endColumn", "title"}, line
        rule = props["title"].split()[0]
        assert data == messages[props["file"], int(props["line"]), rule], line  # exactly the finding's message
        assert not re.search(r"[\r\n]", line)
        seen.add(props["file"])
    assert seen == {*HOSTILE_NAMES, COLON, "doc.txt"}  # each annotation names its real file


def test_diff_fix_inspect_and_diagnostics_write_no_command(hostile, cli, tmp_path):
    names = [*HOSTILE_NAMES, COLON, "doc.txt"]
    runs = {
        "diff": cli("check", "--diff", ".", COLON),
        "inspect": cli("inspect", *names, "missing\n::error::x.txt", "##[error]missing.txt"),
        "inspect json": cli("inspect", "--format", "json", *names, "::warning::missing.txt"),
        "missing": cli("check", "::error::gone.txt", "##[error]gone.txt", "x\n::warning::gone.txt"),
        "settings": cli("check", "--config", hostile / "config.yaml", "--show-settings", "."),
        "rules": cli("rules", "--rules", hostile / "rules"),
        "rule": cli("rule", "XYZ-001", "--rules", hostile / "rules"),
        "usage": cli("check", "--today", "##[error]x", "."),
        "report": cli("report", "-o", tmp_path / "##[error]report.html", "."),
        "fix": cli("check", "--fix", ".", COLON),  # last: it rewrites the files
    }
    for what, run in runs.items():
        _no_commands(run, what)
    diff = runs["diff"].out
    assert " :\\x3awarning file=README.md,line=1::LGTM" in diff  # a context line, shown escaped
    assert "--- a/a\\n::error::forged-lf.txt" in diff  # a file name stays on its line
    fixed = runs["fix"].err
    assert "a\\n::error::forged-lf.txt:5:1: ROL-001 fixed" in fixed and "b\\r::error::forged-cr.txt:5:1:" in fixed
    assert "\n \\x3a" not in runs["rule"].out and "##\\x5berror]c" in runs["rule"].out
    assert runs["inspect json"].json()["files"][0]["path"] == HOSTILE_NAMES[0]  # exact to a JSON reader


def test_stderr_pieces_do_not_join_into_a_command(capsys):
    """``print(a, b)`` writes its pieces one by one: the opening is found across them."""
    from markcheck.escape import PrintableStream

    stream = PrintableStream(sys.stderr)
    for piece in (":", ":warning::x\n", "  :", ":notice::y\n", "a #", "#", "[error]z\n", "\r", "::e::\n"):
        stream.write(piece)
    err = capsys.readouterr().err
    assert commands(err) == [] and err.count("\\x3a") == 3 and "##\\x5b" in err


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are bytes only on Linux/BSD")
@pytest.mark.parametrize("fmt", ["json", "gitlab"])
def test_a_name_that_is_not_utf8_is_valid_unicode_in_json(tmp_path, cli, monkeypatch, fmt):
    folder = tmp_path / "names"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9 100%.txt"), "wb") as handle:
        handle.write(UNDER.encode())
    monkeypatch.chdir(folder)
    run = cli("check", "--format", fmt, ".")
    run.out.encode("utf-8")  # strict
    report = run.json()
    paths = [e["path"] for e in report["files"]] if fmt == "json" else [i["location"]["path"] for i in report]
    assert set(paths) == {"caf%E9 100%.txt"}  # the byte as the SARIF URI has it

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for k, v in value.items():
                yield k
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    for text in strings(report):
        text.encode("utf-8")  # no lone surrogate anywhere


def test_the_html_report_shows_invisible_characters_in_file_names(tmp_path, cli, monkeypatch):
    from html.parser import HTMLParser
    import unicodedata

    folder = tmp_path / "in"
    names = ["evil\u202etxt.exe.txt", "zero\u200bwidth\u2066iso\u2069.txt", "soft\u00adhyphen\ufeff.txt"]
    for name in names:
        write(folder / name, UNDER)
    monkeypatch.chdir(folder)
    report = tmp_path / "report.html"
    assert cli("report", "-o", report, ".").code == 1

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.texts = []

        def handle_starttag(self, tag, attrs):
            self.texts += [v for _, v in attrs if v]

        def handle_data(self, data):
            self.texts.append(data)

    page = Collect()
    page.feed(report.read_text(encoding="utf-8"))
    shown = "".join(page.texts)
    hidden = {c for c in shown if unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp") and c not in "\n\t"}
    assert not hidden, sorted(map(hex, map(ord, hidden)))
    for escaped in ("evil\\u202etxt.exe.txt", "zero\\u200bwidth\\u2066iso\\u2069.txt", "soft\\xadhyphen\\ufeff.txt"):
        assert escaped in page.texts, escaped


def test_every_format_character_is_escaped():
    """`printable` escapes the whole of Unicode category Cf, as the running Python knows it."""
    import unicodedata

    from markcheck.escape import printable

    format_characters = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    assert [c for c in format_characters if printable(c) == c] == []
    assert printable("\u200b") == "\\u200b" and printable("\U000e0041") == "\\U000e0041"

