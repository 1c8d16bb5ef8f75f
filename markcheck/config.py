"""Run settings shared by the CLI and the Python API.

A plain frozen value so it pickles into worker processes unchanged.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

PROFILE_CHOICES = ("auto", "state_cable", "isoo", "capco", "cui", "dod_cui")


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
        """`today`, or the real date, taken when this configuration is first asked (a run's
        documents share one date, as a run that passes midnight should; kept out of the fields)."""
        if self.today is not None:
            return self.today
        day = self.__dict__.get("_real_today")
        if day is None:
            day = self.__dict__["_real_today"] = datetime.date.today()
        return day
