"""What the end of a run says, as Ruff says it: the summary line and what was not shown.

When ``--min-severity`` (by default ``warning`` for the text format) kept findings out of the
listing, one line counts them and names the flag that shows them; then the summary line,
``Found 2 errors, 3 warnings in 2 files (1 fixable with --fix)`` or ``All 12 files passed``.
Both go to stderr, as every message that is not a result does, so stdout stays the findings
alone. Infos are explanations (a date already past, FGI to consider), not defects: a text
listing shows them on request, the JSON, SARIF and HTML reports always. markcheck's own
findings about the run (MCK-: an unused suppression, a stale baseline entry, a file not read)
are always listed. Counts are of every finding the run made, shown or not; the exit code does
not depend on what is shown.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Iterable, Iterator

from .findings import SEVERITY_RANK

SEVERITIES = ("error", "warning", "info")
# tool findings about the configuration or the baseline, not about a checked file
_RUN_LEVEL = frozenset({"MCK-003", "MCK-004"})


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Shown:
    """Results with only the findings at `minimum` severity or above; the rest counted."""

    def __init__(self, minimum: str = "info"):
        self.rank = SEVERITY_RANK[minimum]
        self.hidden: Counter = Counter()  # severity -> findings not shown

    def listed(self, finding) -> bool:
        return finding.rule.startswith("MCK-") or SEVERITY_RANK.get(finding.severity, 2) >= self.rank

    def filter(self, results: Iterable) -> Iterator:
        for result in results:
            if all(self.listed(f) for f in result.findings):
                yield result
                continue
            kept = []
            for finding in result.findings:
                if self.listed(finding):
                    kept.append(finding)
                else:
                    self.hidden[finding.severity] += 1
            yield dataclasses.replace(result, findings=tuple(kept))


class Totals:
    """Findings by severity, checked files, files with an error or warning, fixable findings."""

    def __init__(self):
        self.severities: Counter = Counter()
        self.files = 0
        self.failing_files = 0
        self.fixable = 0
        self._fix_table = None  # what --fix resolves (the rule pack's safe fixes), loaded with the first finding

    def add(self, result) -> None:
        if result.profile is not None or not all(f.rule in _RUN_LEVEL for f in result.findings):
            self.files += 1  # a checked file (unreadable ones too), not the configuration's own report
        if not result.findings:
            return
        if self._fix_table is None:
            from .fix import fix_table

            self._fix_table = fix_table()
        self.severities.update(f.severity for f in result.findings)
        if any(f.severity in ("error", "warning") for f in result.findings):
            self.failing_files += 1
        self.fixable += sum(1 for f in result.findings if self._fix_table.fixes(f.rule, result.profile))

    def summary(self) -> str:
        errors, warnings = self.severities["error"], self.severities["warning"]
        if not errors and not warnings:
            if not self.files:
                return "No files checked"
            return "1 file passed" if self.files == 1 else f"All {self.files} files passed"
        fixable = f" ({self.fixable} fixable with --fix)" if self.fixable else ""
        return (f"Found {plural(errors, 'error')}, {plural(warnings, 'warning')} in "
                f"{plural(self.failing_files, 'file')}{fixable}")


def not_shown(hidden: Counter) -> str | None:
    """``40 infos not shown (--min-severity info lists them)``, or None when all were shown."""
    parts = [plural(hidden[s], s) for s in SEVERITIES if hidden[s]]
    if not parts:
        return None
    lowest = min((s for s in SEVERITIES if hidden[s]), key=SEVERITY_RANK.__getitem__)
    return f"{', '.join(parts)} not shown (--min-severity {lowest} lists them)"
