"""The validation report opened in a real browser: headless Chromium (Debian's ``chromium``).

The report over the example cable, a defective cable, a cable full of markup-looking text and
about fifty corpus cables is rendered to a screenshot (which must be a real, non-blank page)
and its DOM is dumped: the totals the page shows must equal the JSON output's, and no script
from the document text may exist in the DOM. Chromium must be installed: the tests
fail when it is missing (``.ci/run`` installs it; the tests install nothing).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from markcheck import cli
from test_report import HOSTILE_NAME, SHARED, TODAY, json_expectation, totals_of, write_documents

CORPUS = SHARED / "corpus"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "09USNATO114.txt"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _find() -> str | None:
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


@pytest.fixture(scope="session")
def chromium() -> str:
    """The browser; its absence fails these tests (they check what a reader of the report sees,
    which nothing else checks). Tests never install software: `.ci/run` installs Chromium."""
    found = _find()
    if found is None:
        pytest.fail(f"no Chromium found (looked for {', '.join(BROWSERS)} on PATH): the HTML report tests open "
                    "the report in headless Chromium; install it (Debian: apt-get install chromium, which .ci/run "
                    "does)", pytrace=False)
    return found


def browse(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(report path, JSON output) for the example + defective + hostile + ~50 corpus cables."""
    if not CORPUS.is_dir():
        pytest.skip(f"the real-cable corpus is not at {CORPUS}")
    base = tmp_path_factory.mktemp("browser")
    paths = write_documents(base / "docs")
    paths.insert(0, str(EXAMPLE))
    paths += [str(p) for p in sorted(CORPUS.glob("*.txt"))[:50]]
    argv = ["--today", TODAY, *paths]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        cli.main(["check", "--format", "json", *argv])
        code = cli.main(["report", "-o", str(base / "report.html"), *argv])
    assert code in (0, 1)
    return base / "report.html", json.loads(out.getvalue()), len(paths)


def _png_facts(data: bytes) -> tuple[int, int, int]:
    """(width, height, distinct byte values in the decompressed image data) of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    idat, pos = b"", 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


def test_screenshot_of_the_report(chromium, rendered, tmp_path):
    report, _, _ = rendered
    shot = tmp_path / "report.png"
    done = browse(chromium, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000",
                  report.as_uri())
    assert shot.is_file(), done.stderr[-2000:]
    data = shot.read_bytes()
    width, height, values = _png_facts(data)
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000 and values > 100, "the screenshot looks blank"
    keep = os.environ.get("MARKCHECK_KEEP_SCREENSHOT")
    if keep:  # for a person to look at: MARKCHECK_KEEP_SCREENSHOT=/tmp/report.png pytest -k screenshot
        shutil.copy(shot, keep)


def test_dom_totals_equal_the_json_output(chromium, rendered, tmp_path):
    report, output, count = rendered
    done = browse(chromium, tmp_path / "profile", "--dump-dom", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "</html>" in dom
    page = totals_of(dom)
    summary, rules = json_expectation(output)
    assert summary["files"] == count
    assert {k: page.totals[k] for k in summary} == summary
    assert page.rules == rules
    assert page.totals["clean"] + page.totals["with-findings"] == count
    assert {"summary", "charts", "statistics", "files", "findings", "suppressions", "run", "rule-pack"} <= \
        set(page.sections)


def test_document_text_stays_text_in_the_browser(chromium, rendered, tmp_path):
    report, _, _ = rendered
    html = report.read_text(encoding="utf-8")
    assert "&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&amp;amp;" in html
    done = browse(chromium, tmp_path / "profile", "--dump-dom", report.as_uri())
    dom = done.stdout
    page = totals_of(dom)
    assert page.scripts == 0 and "<script" not in dom.lower()
    assert "&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in dom  # shown as text
    assert "</textarea>" not in dom.lower() and "<textarea" not in dom.lower()
    assert not any(h.lower().lstrip().startswith("javascript:") for h in page.hrefs)
    assert "javascript:alert(10)" in dom  # the file name is displayed, as text
    assert HOSTILE_NAME.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in dom
