"""Check kinds: the closed set of Python functions rule files can `extend`.

Each kind is one module here, named after the kind with ``-`` replaced by ``_``, defining
``KIND = "kind-name"`` and ``prepare(rule) -> run(doc, ctx) -> Iterable[Hit]`` (see `base`).
The registry finds them by module name, so adding a kind never means editing a central list.
Modules whose names start with an underscore, and ``base``, are helpers, not kinds.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from types import ModuleType

_NOT_KINDS = frozenset({"base"})


@functools.lru_cache(maxsize=1)
def registry() -> dict[str, ModuleType]:
    """Kind name -> module, discovered once per process."""
    kinds: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name in _NOT_KINDS:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if kind is None or kind.replace("-", "_") != info.name or not callable(getattr(module, "prepare", None)):
            raise ImportError(f"markcheck.checks.{info.name} must define KIND = {info.name.replace('_', '-')!r} and prepare()")
        kinds[kind] = module
    return kinds


def check(kind, doc, rule, ctx):
    """The hits of `rule` on `doc`, by the kind module `kind` (its prepared rule, built once)."""
    from .base import prepared

    return prepared(kind.prepare, rule)(doc, ctx)
