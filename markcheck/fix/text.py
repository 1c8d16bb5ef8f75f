"""The text and bytes of a fix: edits are spliced into the decoded text (to re-read it) and into
the original bytes (to write it), so the encoding, byte-order mark and line endings are kept and
every byte outside the edits is unchanged."""

from __future__ import annotations

import codecs
import re

from ..reader.source import Source

_BREAK = re.compile(r"\r\n|\r|\n")
_BOM = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}


def line_starts(text: str) -> list[int]:
    """The offset of each line of `text` (the same lines as `Source.lines`)."""
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def splice_text(text: str, edits) -> str:
    out, position = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[position:e.start])
        out.append(e.content)
        position = e.end
    out.append(text[position:])
    return "".join(out)


def splice_bytes(data: bytes, source: Source, edits) -> bytes:
    """`data` with each edit applied to its bytes only: every other byte stays as it was."""
    encoding = source.encoding
    prefix = len(_BOM[encoding]) if source.bom and encoding in _BOM else 0
    text = source.text
    out, position = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        start = prefix + len(text[:e.start].encode(encoding))
        end = start + len(text[e.start:e.end].encode(encoding))
        if data[start:end].decode(encoding) != text[e.start:e.end]:
            raise ValueError(f"edit at line {e.line} does not map onto the file's bytes")
        out.append(data[position:start])
        out.append(e.content.encode(encoding))
        position = end
    out.append(data[position:])
    return b"".join(out)

