"""Regular expressions compiled on their first use.

Python compiles a regular expression in Python code, at about a third of a millisecond for the
reader's larger ones, and a module compiles its patterns when it is imported. Many of the
reader's and the checks' patterns serve text that a given document may not hold (declassification
stamps, the authority block's rarer lines, CUI blocks, duration wording): compiled at import, a check of one file paid for
all of them. `lazy` defines such a pattern where it was defined before and compiles it when it
is first used; from then on its methods are the compiled pattern's own, looked up as fast.
"""

from __future__ import annotations

import re

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    """``re.compile(pattern, flags)``, made on the first use of a method or attribute."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str):
        # Called only for an attribute the instance does not hold: the first use. The compiled
        # pattern's methods become the instance's own, so no later use comes here.
        compiled = re.compile(self.pattern, self._flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        self.flags, self.groups, self.groupindex = compiled.flags, compiled.groups, compiled.groupindex
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """The pattern `re.compile` would make, compiled when first used."""
    return LazyPattern(pattern, flags)
