"""Suppressions: per-file ignores from the configuration, and the record of what they hid.

A plain-text document has no comment syntax, so suppressions live outside it: a
``per-file-ignores`` entry in ``.markcheck.yaml`` (globs, rules, a mandatory reason) or the
baseline file (`markcheck.baseline`). Nothing is dropped silently: every suppressed finding
becomes a `Suppression` carrying the finding, the kind (``config`` or ``baseline``), the
reason and where the suppression is written, kept on the file's `Result` so every report
can list it. An entry that suppresses nothing is itself reported (MCK-003), like Ruff's RUF100.

MCK- tool findings (internal error, unreadable file) are never suppressed.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .findings import TOOL_CITATION, UNUSED_SUPPRESSION, Finding
from .globs import matches_any, relative
from .values import frozen_value


@frozen_value
class PerFileIgnore:
    """One ``per-file-ignores`` entry; `paths` are globs relative to `base`."""

    paths: tuple[str, ...]
    rules: tuple[str, ...]  # rule IDs, ID prefixes or names (as for select/ignore)
    reason: str
    base: str  # absolute directory the globs are relative to (the configuration file's)
    source: str = ""  # the configuration file, as displayed
    line: int = 1  # where the entry starts in that file
    column: int = 1

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}:{self.column}"

    def applies_to(self, path: str | None) -> bool:
        return path is not None and matches_any(relative(path, self.base), self.paths)

    def covers(self, rule: str, name: str) -> bool:
        return not rule.startswith("MCK-") and any(selector_matches(s, rule, name) for s in self.rules)

    def describe(self) -> str:
        return f"paths {', '.join(self.paths)}; rules {', '.join(self.rules)}"


@frozen_value
class Suppression:
    """A finding that was not reported, and why."""

    finding: Finding
    kind: str  # "config" (per-file-ignores) or "baseline"
    reason: str
    source: str  # where the suppression is written: "file:line:col" of the entry, or the baseline file

    def to_dict(self) -> dict:
        return {"path": self.finding.path, **self.finding.to_dict(),
                "kind": self.kind, "reason": self.reason, "source": self.source}


def selector_matches(selector: str, rule: str, name: str) -> bool:
    """The select/ignore rule of `markcheck.engine`: an ID, an ID prefix, a name, or ALL."""
    selector = selector.strip()
    return bool(selector) and (rule.startswith(selector.upper()) or name == selector.lower()
                               or selector.upper() == "ALL")


def split(findings: Sequence[Finding], path: str | None,
          entries: Sequence[PerFileIgnore]) -> tuple[list[Finding], list[Suppression]]:
    """(reported, suppressed) after the per-file-ignore `entries` that apply to `path`."""
    applicable = [e for e in entries if e.applies_to(path)]
    if not applicable:
        return list(findings), []
    kept: list[Finding] = []
    suppressed: list[Suppression] = []
    for finding in findings:
        entry = next((e for e in applicable if e.covers(finding.rule, finding.name)), None)
        if entry is None:
            kept.append(finding)
        else:
            suppressed.append(Suppression(finding, "config", entry.reason, entry.where))
    return kept, suppressed


def unused(entries: Sequence[PerFileIgnore], results: Iterable, *, whole_project: bool,
           active: dict[str, str] | None = None) -> list[Finding]:
    """MCK-003 findings for entries that suppressed nothing in this run.

    An entry is judged only on files it matched, so a pre-commit run over a few changed files
    does not report entries for files it never looked at. An entry matching no checked file
    is reported only when the run walked the whole project (`whole_project`). Entries whose
    rules are all outside the run's selection (`active`: rule ID -> name of the rules the run
    applies) could not have suppressed anything and are not reported.
    """
    usage = Usage()
    for result in results:
        usage.record(result)
    return usage.unused(entries, whole_project=whole_project, active=active)


class Usage:
    """Which per-file-ignore entries suppressed something, and which files were checked: kept
    as results pass, so a run can report its results as they come and judge the entries at
    the end (`unused`)."""

    def __init__(self):
        self.used: set[str] = set()
        self.checked: list[str] = []

    def record(self, result) -> None:
        self.used.update(s.source for s in getattr(result, "suppressed", ()) if s.kind == "config")
        if result.path is not None:
            self.checked.append(result.path)

    def unused(self, entries: Sequence[PerFileIgnore], *, whole_project: bool,
               active: dict[str, str] | None = None) -> list[Finding]:
        """`unused` over the results recorded."""
        return _unused(entries, self.used, self.checked, whole_project, active)


def _unused(entries: Sequence[PerFileIgnore], used: set[str], checked: list[str], whole_project: bool,
            active: dict[str, str] | None) -> list[Finding]:
    out = []
    for entry in entries:
        if entry.where in used:
            continue
        if active is not None and not any(entry.covers(rule, name) for rule, name in active.items()):
            continue
        if any(entry.applies_to(path) for path in checked):
            message = (f"per-file-ignores entry suppressed nothing in this run ({entry.describe()}; "
                       f"reason: {entry.reason}); remove it if those findings are gone")
        elif whole_project:
            message = (f"per-file-ignores entry matches no checked file ({entry.describe()}); "
                       f"its paths are relative to {entry.base}")
        else:
            continue
        rule, name = UNUSED_SUPPRESSION
        out.append(Finding(rule, name, "info", message, entry.line, entry.column, entry.line, entry.column,
                           TOOL_CITATION, entry.source))
    return out
