"""Frozen value classes that are quick to make and quick to define.

The model, the findings and the results are frozen dataclasses: equal by value, hashable, safe
to share between rules and to pickle to the parent. Two costs of a frozen dataclass are paid
here instead:
- making one: its own __init__ sets each field through object.__setattr__ (its frozen
  __setattr__ refuses the usual way), one call per field, which costs more than the rest of
  making the object, and a document makes dozens of them. `frozen_value` gives the class an
  __init__ with the same parameters and defaults that sets the instance's fields in one step.
- defining one: dataclasses writes each generated method (__repr__, __eq__, __hash__, the frozen
  __setattr__ and __delattr__, and four comparisons with ``order=True``) as source and compiles
  it, and a check imports some eighty value classes: compiling those methods was about a sixth
  of a check's start. Here they are functions made in this module, over the tuple of the
  compared fields, which is what dataclasses' own compare and hash: the same answers, the same
  hash values, the same FrozenInstanceError.
Everything else (fields(), replace(), asdict(), pickling) stays dataclasses'.
"""

from __future__ import annotations

import dataclasses
import functools
import operator

_UNSET = object()  # a field with a default_factory takes this when not given, as in dataclasses
# methods frozen_value makes from the fields, unless the class writes one itself (as dataclasses)
_MADE = ("__eq__", "__hash__", "__repr__", "__lt__", "__le__", "__gt__", "__ge__")


def frozen_value(cls=None, /, *, order: bool = False):
    """``@dataclass(frozen=True, order=order)`` with the one-step __init__ and the methods
    made without compiling (see the module); a method the class writes itself is kept."""

    def wrap(cls):
        written = {name for name in _MADE if name in vars(cls)}
        if vars(cls).get("__hash__", 0) is None and "__eq__" in written:  # (Python's, for a class writing __eq__)
            written.discard("__hash__")
        if order and written & {"__lt__", "__le__", "__gt__", "__ge__"}:
            raise TypeError(f"{cls.__name__} writes an order method: order=True makes them")
        # the fields, replace() and asdict() as dataclasses makes them; the methods below, and the
        # parameters a frozen dataclass records (a frozen dataclass may inherit from this class)
        # (dataclasses refuses a subclass of a frozen dataclass that does not say it is frozen:
        # such a one says so, and pays for the two frozen methods dataclasses then compiles)
        subclass = any(getattr(base, "__dataclass_params__", None) and base.__dataclass_params__.frozen
                       for base in cls.__mro__[1:])
        cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, frozen=subclass)
        cls.__dataclass_params__ = _params(order)
        fields = dataclasses.fields(cls)
        compared = _values_of([f.name for f in fields if f.compare])
        hashed = _values_of([f.name for f in fields if (f.compare if f.hash is None else f.hash)])
        methods = {"__init__": _one_step_init(cls), "__repr__": _repr([f.name for f in fields if f.repr]),
                   "__eq__": _comparison(operator.eq, compared), "__hash__": lambda self: hash(hashed(self)),
                   **_frozen(cls, frozenset(f.name for f in fields))}
        if order:
            methods.update({f"__{op.__name__}__": _comparison(op, compared)
                            for op in (operator.lt, operator.le, operator.gt, operator.ge)})
        for name, method in methods.items():
            if name in written:
                continue
            method.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, method)
        return cls

    return wrap if cls is None else wrap(cls)


@functools.lru_cache(maxsize=None)
def _params(order: bool):
    """What ``@dataclass(frozen=True, order=order)`` records as the class's parameters (its
    __init__ is frozen_value's own, hence init=False)."""
    return dataclasses.dataclass(type("Frozen", (), {}), frozen=True, order=order, init=False).__dataclass_params__


def _frozen(cls, names: frozenset[str]) -> dict:
    """The __setattr__ and __delattr__ of a frozen dataclass (as dataclasses writes them)."""

    def __setattr__(self, name, value):
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return {"__setattr__": __setattr__, "__delattr__": __delattr__}


def _values_of(names: list[str]):
    """A function of an instance giving the tuple of its fields `names`, as dataclasses' methods
    build it (operator.attrgetter gives a tuple for two names or more)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        get = operator.attrgetter(names[0])
        return lambda self: (get(self),)
    return lambda self: ()


def _comparison(op, values):
    """__eq__, __lt__ …: `op` of the two instances' field tuples, for instances of one class."""

    def compare(self, other):
        if other.__class__ is self.__class__:
            return op(values(self), values(other))
        return NotImplemented

    return compare


def _repr(names: list[str]):
    def __repr__(self):
        return f"{self.__class__.__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in names)})"

    return __repr__


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
    init.one_step = True  # (what tests/test_values.py looks for)
    return init
