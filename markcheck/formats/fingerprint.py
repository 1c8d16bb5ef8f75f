"""Stable finding fingerprints for GitLab Code Quality and SARIF ``partialFingerprints``.

A fingerprint must survive edits that merely move a finding (a line inserted above it), or
the CI server reports it as fixed and as new in the same merge request. So it hashes what
the finding *is*, never where it is: the file's relative path, the rule ID, the matched text
(whitespace collapsed), the finding's cause and the occurrence index among the file's findings
with the same rule, text and cause, which tells apart two identical defects in one file.

The cause is what the finding says apart from where (`markcheck.engine.cause`): the values its
message shows, line numbers taken out. A roll-up finding lies on the banner while a portion
drives it; without its cause, a baselined "UNCLASSIFIED over a (C) paragraph" would still
match once a (TS) paragraph is added, and the worse finding would pass as known. Line numbers
stay out, and so does the rendered message, which quotes them ("required by (S/NF) on line
15") and changes with the wording of the rule.

A finding without a cause (a message that shows no values) keeps its version 1 fingerprint,
the one markcheck computed before causes were recorded; every other finding's payload is
tagged ``v2``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter

VERSION = "v2"  # the SARIF partialFingerprints key is markcheck/VERSION
_UNCAUSED = "v1"  # the payload tag of a finding without a cause: its version 1 fingerprint
MAX_MATCH = 2000  # characters of matched text that enter the hash
_SPACE = re.compile(r"\s+")


def _lines(path: str | None) -> tuple[str, ...]:
    if path is None:
        return ()
    from ..reader.source import ReadError, Source

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
        cause = finding.cause
        key = (finding.rule, text, cause)
        index = seen[key]
        seen[key] += 1
        if cause:
            payload = "\0".join((VERSION, json.dumps([relpath, finding.rule, text, cause, index], ensure_ascii=False)))
        else:
            payload = "\0".join((_UNCAUSED, relpath, finding.rule, text, str(index)))
        out.append(hashlib.sha256(payload.encode("utf-8", "surrogateescape")).hexdigest())  # a non-UTF-8 file name
    return out
