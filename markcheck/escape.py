"""Text from documents and file names, made safe for a terminal, a CI log and the machine formats.

markcheck prints what hostile documents hold and what hostile file names say. `printable` is
the one function every line-oriented output (the text format, ``inspect``, ``--diff``,
``--fix`` messages, ``rules``/``rule``, ``--show-settings``, ``--statistics``, stderr) passes
such text through; the machine formats keep their values exact and use their own escapes
(`json_text`, `xml_text`, `utf8_path`).

GitHub Actions reads two kinds of workflow command in a job's output, on stdout and stderr
alike (``ActionCommand.TryParseV2`` and ``TryParse`` of actions/runner): a line that starts
with ``::name …::`` once leading white space is trimmed, and the legacy ``##[name …]``
anywhere in a line. The runner breaks lines at LF and at a lone CR. Where such an opening
is text markcheck quotes, the character that completes it is written as its escape:
``::`` at the start of a line becomes ``:\\x3a`` and ``##[`` becomes ``##\\x5b`` (JSON
``##\\u005b``, XML ``##&#91;``). Only ``--format github`` writes commands, its own.
"""

from __future__ import annotations

import re

# Characters that must not reach a terminal, a log or a one-line format as they are: C0 and
# C1 controls (ESC sequences could rewrite a terminal; a line break would forge an output line
# or a CI workflow command), Unicode line/paragraph separators, lone surrogates (a file name
# that is not UTF-8) and every format character (Unicode category Cf: the bidirectional
# controls that make text display in another order than it reads, zero-width spaces and
# joiners, the soft hyphen, the BOM, tag characters), which are invisible where they stand.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]")

# The two command openings of the GitHub Actions runner, as `printable` finds them once the
# characters above are escaped: `::` after only white space since a (kept) line break or the
# start of the text, and `##[` anywhere.
_COMMAND = re.compile(r"(?:\A|(?<=[\r\n]))(\s*:):|##\[")


def _escape_character(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as surrogateescape decoded it
        return f"\\x{code - 0xDC00:02x}"
    return repr(ch)[1:-1]  # \n, \x1b, \u202e, \U000e0001


def _neutral(match: re.Match) -> str:
    start = match.group(1)
    return "##\\x5b" if start is None else start + "\\x3a"


def printable(text: str, keep: str = "", *, commands: bool = True) -> str:
    """`text` with the characters above, except those in `keep`, written as escapes (``\\x1b``,
    ``\\u202e``, ``\\xe9`` for a byte that was not UTF-8) and, unless `commands` is false, no
    workflow command opening (see the module's docstring): a line break in `keep` starts a
    line, and so does the start of `text`."""
    if not text.isprintable() and _UNPRINTABLE.search(text):  # every character above is unprintable

        def escape(m) -> str:
            ch = m.group(0)
            return ch if ch in keep else _escape_character(ch)

        text = _UNPRINTABLE.sub(escape, text)
    if commands and ("::" in text or "##[" in text):
        text = _COMMAND.sub(_neutral, text)
    return text


def json_text(serialized: str) -> str:
    """Serialized JSON with every ``##[`` written ``##\\u005b``: the same JSON to a reader, no
    workflow command to a CI runner that scans it line by line. (Outside its strings JSON has
    no ``#``, and no escape sequence ends in one, so the three characters are always string
    content.)"""
    return serialized.replace("##[", "##\\u005b") if "##[" in serialized else serialized


def xml_text(serialized: str) -> str:
    """Serialized XML (text and attribute values only) with every ``##[`` written ``##&#91;``."""
    return serialized.replace("##[", "##&#91;") if "##[" in serialized else serialized


_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8_path(path: str) -> str:
    """`path` with each byte that was not UTF-8 (a lone surrogate, as ``os.fsdecode`` gives it)
    written ``%XX``, as the SARIF writer's URIs have it: the JSON and GitLab reports stay valid
    Unicode and the name stays recognisable."""
    if path.isprintable() or not _SURROGATE.search(path):
        return path
    return _SURROGATE.sub(_percent, path)


def _percent(match: re.Match) -> str:
    from urllib.parse import quote

    ch = match.group(0)
    return quote(ch, errors="surrogateescape" if "\udc80" <= ch <= "\udcff" else "surrogatepass")


_LINE_START = re.compile(r"[^\S\r\n]*:?\Z")  # what may still open a `::` command on a line


class PrintableStream:
    """A text stream (stderr) that writes `printable` text, line breaks and tabs kept: a
    message naming a hostile file cannot rewrite the terminal or forge a CI command, even when
    one message is written in pieces (``print`` writes its arguments one by one)."""

    def __init__(self, stream):
        self._stream = stream
        self._context = "\n"  # the written text the next piece continues: here, a line start

    def write(self, text: str) -> int:
        context = self._context
        safe = printable(context + text, keep="\n\r\t")
        # what was written is already safe and stays as it was: only the new piece can change
        safe = safe[len(context):] if safe.startswith(context) else printable(text, keep="\n\r\t")
        line = (context + safe).rsplit("\n", 1)[-1].rsplit("\r", 1)[-1]
        if _LINE_START.match(line):
            self._context = "\n" + line
        else:
            self._context = "." + line[-2:]  # (the dot: not a line start) a `##` that a `[` may complete
        return self._stream.write(safe)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def position_lines(errors) -> str:
    """``file:line:col: reason`` per (file, line, column, reason), each one printable line
    whatever the file's name or the reason quote."""
    return "\n".join(printable(f"{name}:{line}:{column}: {reason}") for name, line, column, reason in errors)
