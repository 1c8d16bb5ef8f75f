"""The finding: one defect, as every check reports it and every formatter consumes it.

A finding is a frozen, picklable value with the rule's identity, the rendered message, a
1-based span (end column exclusive) and the authority behind the rule. The JSON keys are the
contract in DESIGN.md, so `to_dict` is the only place that shapes them. `cause` is what the
finding says apart from where it is (`markcheck.engine.cause`); it enters the finding's
fingerprint, not the JSON report.
"""

from __future__ import annotations

from .escape import printable
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
NOT_CHECKED_ONE_BY_ONE = ("MCK-005", "elements-not-checked")  # error, at the first element folded
INVALID_SUPPRESSION = ("MCK-006", "invalid-suppression-comment")  # error, at the comment (suppress_comments)
# markcheck's own findings, which a configuration may select, ignore or re-level like rules
TOOL_FINDINGS = (INTERNAL_ERROR, UNREADABLE_FILE, UNUSED_SUPPRESSION, STALE_BASELINE, NOT_CHECKED_ONE_BY_ONE,
                 INVALID_SUPPRESSION)
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
    cause: tuple[str, ...] = ()
    omitted: int = 0  # > 0: this finding stands for that many findings of its rule not listed
    page: int | None = None  # the page it is on, for documents with pages (markcheck.pages)
    where: str | None = None  # where a person finds it: "page 2, footer", "page 1, table 1, row 2, cell 1"

    def to_dict(self) -> dict:
        """The finding as DESIGN.md's JSON output shows it (the path lives on the file entry);
        a finding standing for omitted ones also has ``omitted`` and ``max_findings_per_rule``,
        one in a document with pages ``page`` and ``where``."""
        fields = self._fields()
        if self.page is not None:
            fields.update(page=self.page, where=self.where)
        if self.omitted:
            return {**fields, "omitted": self.omitted, "max_findings_per_rule": MAX_FINDINGS_PER_RULE}
        return fields

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


_FOLDED_WORDS = {"portion": "portions", "banner": "classification lines", "unreadable": "unreadable marking spans",
                 "cui banner": "CUI banner lines", "cui portion": "CUI portion marks"}


def folded_finding(kind: str, count: int, line: int, column: int, end_line: int, end_column: int,
                   path: str | None, limit: int) -> Finding:
    """The finding for `count` elements of `kind` past the model's bound (`model.Folded`): they
    were counted, and what they carry still counts, but no rule looked at them one by one."""
    words = _FOLDED_WORDS.get(kind, kind)
    carried = " (their marks still count in the roll-up)" if kind == "portion" else ""
    message = (f"this document has more than {limit:,} {words}; the {count:,} past that number were not checked "
               f"one by one{carried}; the first of them is here")
    rule, name = NOT_CHECKED_ONE_BY_ONE
    return Finding(rule, name, "error", message, line, column, end_line, end_column, TOOL_CITATION, path,
                   (kind, f"count={count}"))


def tool_finding(kind: tuple[str, str], message: str, path: str | None = None) -> Finding:
    """A whole-file MCK- finding (internal error, unreadable file), reported at 1:1."""
    rule, name = kind
    return Finding(rule, name, "error", printable(message, commands=False), 1, 1, 1, 1, TOOL_CITATION, path)
