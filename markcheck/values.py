"""Frozen value classes that are quick to make.

The model, the findings and the results are frozen dataclasses: equal by value, hashable, safe
to share between rules and to pickle to the parent. A frozen dataclass's own __init__ sets each
field through object.__setattr__ (its frozen __setattr__ refuses the usual way), one call per
field, which costs more than the rest of making the object, and a document makes dozens of them.
`frozen_value` gives the class an __init__ with the same parameters and defaults that sets the
instance's fields in one step; everything else (frozenness, equality, hashing, ordering,
replace(), asdict(), pickling) stays dataclasses'.
"""

from __future__ import annotations

import dataclasses

_UNSET = object()  # a field with a default_factory takes this when not given, as in dataclasses


def frozen_value(cls=None, /, **options):
    """``@dataclass(frozen=True, **options)`` with the one-step __init__ (see the module)."""

    def wrap(cls):
        cls = dataclasses.dataclass(cls, frozen=True, init=False, **options)
        cls.__init__ = _one_step_init(cls)
        return cls

    return wrap if cls is None else wrap(cls)


def _one_step_init(cls):
    """An __init__ for `cls` taking its fields in order, with their defaults, that sets the
    instance's __dict__ at once (written out and compiled, as dataclasses writes its own)."""
    namespace = {"_set": object.__setattr__, "_UNSET": _UNSET, "__name__": cls.__module__}
    parameters, defaults_made, entries = [], [], []
    for f in dataclasses.fields(cls):
        if not f.name.isidentifier():  # (it is: a dataclass field; the source below relies on it)
            raise TypeError(f"{cls.__name__}: field name {f.name!r} is not an identifier")
        if not f.init or f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: frozen_value takes plain positional fields only")
        if f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
            parameters.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            parameters.append(f"{f.name}=_UNSET")
            defaults_made.append(f"    if {f.name} is _UNSET:\n        {f.name} = _factory_{f.name}()\n")
        else:
            parameters.append(f.name)
        entries.append(f"{f.name!r}: {f.name}")
    post_init = "    self.__post_init__()\n" if hasattr(cls, "__post_init__") else ""
    source = (f"def __init__(self, {', '.join(parameters)}):\n" + "".join(defaults_made)
              + f"    _set(self, '__dict__', {{{', '.join(entries)}}})\n" + post_init)
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.one_step = True  # (what tests/test_values.py looks for)
    return init
