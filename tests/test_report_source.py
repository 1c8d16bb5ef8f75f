"""The HTML report quotes each finding's source line with a caret under its span, as
``--show-source`` does, and its settings panel wraps at word boundaries, not inside words."""

from __future__ import annotations

import re
from html import unescape

from markcheck import cli

from tests.samples import PARTLY_MARKED_CABLE

TODAY = "2010-01-01"


def report(tmp_path, capsys, monkeypatch, *extra) -> str:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(PARTLY_MARKED_CABLE.replace("3. Unmarked", "3. <b>Unmarked"), encoding="utf-8")
    code = cli.main(["report", "a.txt", "-o", "r.html", "--today", TODAY, "--isolated", *extra])
    capsys.readouterr()
    assert code == 1
    return (tmp_path / "r.html").read_text(encoding="utf-8")


def test_each_finding_quotes_its_line_with_a_caret(tmp_path, capsys, monkeypatch):
    html = report(tmp_path, capsys, monkeypatch)
    quotes = [unescape(q) for q in re.findall(r'<pre class="quote">(.*?)</pre>', html, re.S)]
    assert "12 | SUBJECT: RFG: NATO-BELARUS SECURITY AGREEMENT\n   |          " + "^" * 36 + " POR-001" in quotes
    assert any(q.startswith("18 | 3. <b>Unmarked paragraph here.\n") for q in quotes)
    assert "<b>Unmarked" not in html  # quoted document text is escaped like every other


def test_the_settings_panel_wraps_words_not_letters(tmp_path, capsys, monkeypatch):
    html = report(tmp_path, capsys, monkeypatch)
    rule = re.search(r"dl\.facts dd \{([^}]*)\}", html).group(1)
    assert "overflow-wrap: anywhere" in rule  # a long path still breaks where it must
    assert "break-all" not in rule  # but a sentence breaks between words
    assert "minmax(0, 1fr)" in re.search(r"dl\.facts \{([^}]*)\}", html).group(1)
