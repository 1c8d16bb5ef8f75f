"""The finding: one defect, as every check reports it and every formatter consumes it.

A finding is a frozen, picklable value with the rule's identity, the rendered message, a
1-based span (end column exclusive) and the authority behind the rule. The JSON keys are the
contract in DESIGN.md, so `to_dict` is the only place that shapes them.
"""

from __future__ import annotations

import re

from .values import frozen_value

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

# At most this many findings of one rule are listed per document; the rest are counted in one
# more finding of the rule (`omitted`), so a hostile document of a million bad lines costs a
# bounded report, not a million finding objects.
MAX_FINDINGS_PER_RULE = 100

# Tool findings (MCK-) are not policy rules: they report on the run itself.
INTERNAL_ERROR = ("MCK-001", "internal-error")
UNREADABLE_FILE = ("MCK-002", "unreadable-file")
UNUSED_SUPPRESSION = ("MCK-003", "unused-suppression")  # info, at the per-file-ignores entry
STALE_BASELINE = ("MCK-004", "stale-baseline-entry")  # info, at the baseline entry
TOOL_CITATION = "markcheck"


@frozen_value
class Finding:
    rule: str
    name: str
    severity: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    citation: str
    path: str | None = None
    omitted: int = 0  # > 0: this finding stands for that many findings of its rule not listed

    def to_dict(self) -> dict:
        """The finding as DESIGN.md's JSON output shows it (the path lives on the file entry);
        a finding standing for omitted ones also has ``omitted`` and ``max_findings_per_rule``."""
        if self.omitted:
            return {**self._fields(), "omitted": self.omitted, "max_findings_per_rule": MAX_FINDINGS_PER_RULE}
        return self._fields()

    def _fields(self) -> dict:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "citation": self.citation,
        }

    def sort_key(self) -> tuple:
        """Output order: (path, line, column, rule), as yamllint and Vale sort."""
        return (self.path or "", self.line, self.column, self.rule)


def tool_finding(kind: tuple[str, str], message: str, path: str | None = None) -> Finding:
    """A whole-file MCK- finding (internal error, unreadable file), reported at 1:1."""
    rule, name = kind
    return Finding(rule, name, "error", printable(message), 1, 1, 1, 1, TOOL_CITATION, path)


# Characters a document may hold that must not reach a terminal, a log or a one-line format as
# they are: C0 and C1 controls (ESC sequences could rewrite a terminal; a line break would forge
# an output line or a CI workflow command), Unicode line/paragraph separators and the
# bidirectional controls that can make text display in another order than it reads.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                          "\u202a-\u202e\u2066-\u2069]")


def printable(text: str, keep: str = "") -> str:
    """`text` with the characters above, except those in `keep`, written as escapes (``\\x1b``,
    ``\\u202e``)."""
    if text.isprintable() or not _UNPRINTABLE.search(text):  # every character above is unprintable
        return text

    def escape(m) -> str:
        ch = m.group(0)
        if ch in keep:
            return ch
        return "\\n" if ch == "\n" else repr(ch)[1:-1]

    return _UNPRINTABLE.sub(escape, text)
