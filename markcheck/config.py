"""Run settings shared by the CLI and the Python API.

A plain frozen value so it pickles into worker processes unchanged.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

PROFILE_CHOICES = ("auto", "state_cable", "isoo", "capco")


@dataclass(frozen=True)
class Config:
    profile: str = "auto"  # "auto" lets each document's shape pick its profile
    select: tuple[str, ...] = ()  # rule IDs, ID prefixes (DIS, DIS-00) or names; empty = all
    ignore: tuple[str, ...] = ()
    today: datetime.date | None = None  # for date-relative rules; None = the real today
    rule_dirs: tuple[str, ...] = ()  # extra rule directories, validated like the built-in pack
    # (rule ID, "error"|"warning"|"info"|"off") overrides; see markcheck.engine.check_document
    severity: tuple[tuple[str, str], ...] = ()
    per_file_ignores: tuple = ()  # markcheck.suppress.PerFileIgnore entries (globs, rules, reason)

    def run_date(self) -> datetime.date:
        return self.today or datetime.date.today()
