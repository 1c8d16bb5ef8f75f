"""Run settings shared by the CLI and the Python API.

A plain frozen value so it pickles into worker processes unchanged.
"""

from __future__ import annotations

import datetime
from .values import frozen_value

PROFILE_CHOICES = ("auto", "state_cable", "isoo", "capco", "cui", "dod_cui")
_DATE = datetime.date  # the type `today` must have (bound once: `run_date` looks the module up at call time)


@frozen_value
class Config:
    profile: str = "auto"  # "auto" lets each document's shape pick its profile
    select: tuple[str, ...] = ()  # rule IDs, ID prefixes (DIS, DIS-00) or names; empty = all
    ignore: tuple[str, ...] = ()
    today: datetime.date | None = None  # for date-relative rules; None = the real today
    rule_dirs: tuple[str, ...] = ()  # extra rule directories, validated like the built-in pack
    # (rule ID, "error"|"warning"|"info"|"off") overrides; see markcheck.engine.check_document
    severity: tuple[tuple[str, str], ...] = ()
    per_file_ignores: tuple = ()  # markcheck.suppress.PerFileIgnore entries (globs, rules, reason)

    def __post_init__(self):
        # a wrong value raises here, where it is written, rather than giving no findings later
        if self.profile not in PROFILE_CHOICES:
            raise ValueError(f"unknown profile {self.profile!r} (choose from {', '.join(PROFILE_CHOICES)})")
        for name in ("select", "ignore", "rule_dirs", "severity", "per_file_ignores"):
            if isinstance(getattr(self, name), str):
                raise TypeError(f"Config.{name} is a tuple, not a string: write ({getattr(self, name)!r},)")
        levels = ("error", "warning", "info", "off")
        for rule, level in self.severity:
            if level not in levels:
                raise ValueError(f"severity of {rule}: {level!r} is not one of {', '.join(levels)}")
        if self.today is not None and not isinstance(self.today, _DATE):
            raise TypeError(f"Config.today is a datetime.date, not {type(self.today).__name__}")

    @classmethod
    def from_file(cls, path) -> "Config":
        """The configuration a ``.markcheck.yaml`` holds (`markcheck.config_load.from_file`)."""
        from .config_load import from_file

        return from_file(path)

    @classmethod
    def discover(cls, start=None) -> "Config":
        """The configuration of the nearest ``.markcheck.yaml`` from `start` up, or the defaults
        (`markcheck.config_load.discover`)."""
        from .config_load import discover

        return discover(start)

    def run_date(self) -> datetime.date:
        """`today`, or the real date, taken when this configuration is first asked (a run's
        documents share one date, as a run that passes midnight should; kept out of the fields)."""
        if self.today is not None:
            return self.today
        day = self.__dict__.get("_real_today")
        if day is None:
            day = self.__dict__["_real_today"] = datetime.date.today()
        return day
