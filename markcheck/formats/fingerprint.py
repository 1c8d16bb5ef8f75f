"""Stable finding fingerprints for GitLab Code Quality and SARIF ``partialFingerprints``.

A fingerprint must survive edits that merely move a finding (a line inserted above it), or
the CI server reports it as fixed and as new in the same merge request. So it hashes what
the finding *is*, never where it is: the file's relative path, the rule ID, the matched text
(whitespace collapsed) and the occurrence index among the file's findings with the same rule
and text, which tells apart two identical defects in one file. Line numbers stay out, and so
does the message, which quotes line numbers ("required by (S/NF) on line 15").
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

VERSION = "v1"
MAX_MATCH = 2000  # characters of matched text that enter the hash
_SPACE = re.compile(r"\s+")


def _lines(path: str | None) -> tuple[str, ...]:
    if path is None:
        return ()
    from ..source import ReadError, Source

    try:
        return Source.from_path(path).lines
    except (ReadError, OSError):
        return ()


def matched_text(lines: tuple[str, ...], finding) -> str:
    """The text under the finding's span (end column exclusive), whitespace collapsed."""
    first, last = finding.line, finding.end_line
    if first < 1 or first > len(lines) or last < first:
        return ""
    last = min(last, len(lines))
    if first == last:
        text = lines[first - 1][finding.column - 1:finding.end_column - 1]
    else:
        parts = [lines[first - 1][finding.column - 1:]]
        parts += lines[first:last - 1]
        parts.append(lines[last - 1][:finding.end_column - 1])
        text = "\n".join(parts)
    return _SPACE.sub(" ", text[:MAX_MATCH]).strip()


def fingerprints(result, relpath: str) -> list[str]:
    """One hex fingerprint per finding of `result`, in finding order."""
    lines = _lines(result.path) if result.findings else ()
    seen: Counter = Counter()
    out = []
    for finding in result.findings:
        text = matched_text(lines, finding)
        key = (finding.rule, text)
        index = seen[key]
        seen[key] += 1
        payload = "\0".join((VERSION, relpath, finding.rule, text, str(index)))
        out.append(hashlib.sha256(payload.encode("utf-8", "surrogateescape")).hexdigest())  # a non-UTF-8 file name
    return out
