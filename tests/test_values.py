"""`frozen_value` classes (the model, findings, results, hits) take an __init__ that sets the
instance's fields in one step; it must build what the frozen dataclass's __init__ built: the same
parameters and defaults, and frozen values that compare, hash, order, copy, convert and pickle as
before."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from markcheck import api, findings, marking, model
from markcheck.checks import base
from markcheck.model import Level, Marking, Portion, Span
from markcheck.values import frozen_value

# Every frozen dataclass of the model and of what a check makes per document
MODEL_CLASSES = [cls for module in (marking, model, findings, api, base) for cls in vars(module).values()
                 if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
                 and cls.__dataclass_params__.frozen and cls is not base.Rule]  # (a Rule is made once per pack)


def test_the_per_document_values_are_all_made_in_one_step():
    names = {cls.__name__ for cls in MODEL_CLASSES}
    assert {"Span", "Marking", "Portion", "Document", "Finding", "Result", "Hit", "Context"} <= names
    assert [cls.__name__ for cls in MODEL_CLASSES if not getattr(cls.__init__, "one_step", False)] == []


def _sentinels(cls) -> dict:
    return {f.name: (f.name, index) for index, f in enumerate(dataclasses.fields(cls))}


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_model_init_takes_the_dataclass_parameters(cls):
    """Every field, in order, positional or by keyword, with the field's default."""
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    factories = {f.name for f in fields if f.default_factory is not dataclasses.MISSING}
    assert [p.name for p in params] == [f.name for f in fields]
    assert all(p.kind is p.POSITIONAL_OR_KEYWORD for p in params)
    assert [p.default for p in params if p.name not in factories] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        for f in fields if f.name not in factories]
    values = _sentinels(cls)
    by_keyword, by_position = cls(**values), cls(*values.values())
    assert vars(by_keyword) == values and by_keyword == by_position and hash(by_keyword) == hash(by_position)
    required = {f.name: values[f.name] for f in fields
                if f.default is dataclasses.MISSING and f.name not in factories}
    defaulted = cls(**required)
    assert all(getattr(defaulted, f.name) == f.default for f in fields if f.default is not dataclasses.MISSING)
    assert all(getattr(defaulted, f.name) == f.default_factory() for f in fields if f.name in factories)
    with pytest.raises(TypeError):
        cls(*values.values(), "one too many")
    with pytest.raises(TypeError):
        cls(**values, unknown=1)
    if required:
        with pytest.raises(TypeError):
            cls()


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_model_init_keeps_the_values_frozen_and_comparable(cls):
    values = _sentinels(cls)
    value = cls(**values)
    first = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, first, "changed")
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(value, first)
    changed = dataclasses.replace(value, **{first: "changed"})
    assert getattr(changed, first) == "changed" and getattr(value, first) == values[first]
    assert changed != value and dataclasses.replace(value) == value
    assert dataclasses.asdict(value) == values
    copy = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == value and hash(copy) == hash(value) and vars(copy) == vars(value)


def test_spans_order_and_convert_as_before():
    spans = [Span(3, 1, 3, 5), Span(1, 9, 2, 1), Span(1, 2, 1, 4)]
    assert sorted(spans) == [Span(1, 2, 1, 4), Span(1, 9, 2, 1), Span(3, 1, 3, 5)]
    assert Span(1, 2, 3, 4).to_dict() == {"line": 1, "column": 2, "end_line": 3, "end_column": 4}
    assert Span(1, 2, 3, 4) < Span(1, 2, 3, 5) and not Span(1, 2, 3, 4) < Span(1, 2, 3, 4)


def test_derived_values_survive_a_pickle_and_stay_out_of_equality():
    marking = Marking(level=Level.S, dissem=frozenset({"NOFORN"}), written=("NOFORN",))
    assert marking.banner() == "SECRET//NOFORN"
    copy = pickle.loads(pickle.dumps(marking))
    assert copy == marking and hash(copy) == hash(marking) and copy.banner() == "SECRET//NOFORN"
    assert Marking(level=Level.S, dissem=frozenset({"NOFORN"})) == marking  # (`written` is not compared)
    portion = Portion(Span(1, 1, 1, 9), "(S//NF)", marking)
    assert portion.placement == "leading" and portion.label is None and not portion.redacted


@frozen_value(order=True)
class _Sample:
    first: int
    second: str = "two"
    items: list = dataclasses.field(default_factory=list)
    note: str = dataclasses.field(default="", compare=False)


def test_a_default_factory_makes_a_new_value_each_time_and_options_pass_to_dataclass():
    assert _Sample(1).items == [] and _Sample(1).items is not _Sample(1).items
    assert _Sample(1, items=None).items is None  # (given is given, as dataclasses has it)
    assert _Sample(1, note="a") == _Sample(1, note="b")  # (`note` is not compared)
    assert _Sample(1) < _Sample(2) < _Sample(2, "zwei")


def test_post_init_runs_and_fields_it_cannot_take_are_refused():
    seen = []

    @frozen_value
    class Checked:
        value: int

        def __post_init__(self):
            seen.append(self.value)

    Checked(3)
    assert seen == [3]
    with pytest.raises(TypeError, match="positional"):
        @frozen_value
        class Keyword:
            value: int = dataclasses.field(default=0, kw_only=True)


def _twins():
    """The same class as a frozen_value and as dataclasses makes it."""
    body = {"__annotations__": {"first": "int", "second": "str", "note": "str"}, "second": "two",
            "note": dataclasses.field(default="", compare=False)}
    made = frozen_value(order=True)(type("Pair", (), dict(body)))
    twin = dataclasses.dataclass(frozen=True, order=True)(type("Pair", (), dict(body)))
    return made, twin


def test_equality_hashing_order_and_repr_are_those_dataclasses_makes():
    made, twin = _twins()
    values = [(1, "a", "x"), (1, "a", "y"), (1, "b", "x"), (2, "", "z"), (-3, "two", "")]
    for args in values:
        assert hash(made(*args)) == hash(twin(*args))  # the same hash: sets iterate in the same order
        assert repr(made(*args)) == repr(twin(*args))
        for other in values:
            for op in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
                assert getattr(made(*args), op)(made(*other)) == getattr(twin(*args), op)(twin(*other)), (op, args, other)
    assert made(1, "a") != twin(1, "a") and made(1, "a").__eq__((1, "a")) is NotImplemented
    with pytest.raises(TypeError):
        made(1, "a") < twin(1, "a")
    for cls in (made, twin):
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'first'"):
            cls(1, "a").first = 2
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'second'"):
            del cls(1, "a").second
    assert made.__dataclass_params__.frozen and made.__dataclass_params__.order
    child = dataclasses.dataclass(frozen=True)(type("Child", (made,), {"__annotations__": {"extra": "int"}, "extra": 0}))
    assert child(1, "a", "", 5).extra == 5 and dataclasses.replace(child(1, "a"), extra=6).extra == 6
    single = frozen_value(type("One", (), {"__annotations__": {"only": "int"}}))
    assert hash(single(5)) == hash((5,)) and single(5) == single(5) != single(6)


def test_defining_a_value_class_compiles_its_init_only(monkeypatch):
    """dataclasses compiles each method it writes (a sixth of a check's start, over some eighty
    classes): equality, hashing, order, repr and frozenness are made without compiling anything."""
    import re

    from markcheck import values

    compiled = []

    def counting_exec(source, *namespaces):
        compiled.extend(name for name in re.findall(r"def (\w+)\(", source) if name != "__create_fn__")
        return exec(source, *namespaces)

    monkeypatch.setattr(dataclasses, "exec", counting_exec, raising=False)
    monkeypatch.setattr(values, "exec", counting_exec, raising=False)
    _twins()
    assert compiled.count("__eq__") == compiled.count("__lt__") == 1  # the twin's, as dataclasses makes it
    compiled.clear()
    frozen_value(order=True)(type("Pair", (), {"__annotations__": {"first": "int", "second": "str"}}))
    assert compiled == ["__init__"]


def test_a_method_the_class_writes_itself_is_kept_as_dataclasses_keeps_it():
    @frozen_value
    class Identified:
        key: str
        data: dict

        def __hash__(self):  # (a dict field is not hashable)
            return hash(self.key)

    @frozen_value
    class Loose:
        value: int

        def __eq__(self, other):
            return True

    assert hash(Identified("a", {})) == hash("a") and Identified("a", {}) == Identified("a", {})
    assert Loose(1) == Loose(2) and hash(Loose(1)) == hash((1,))  # a hash from the fields, as dataclasses adds
    with pytest.raises(TypeError, match="order"):
        @frozen_value(order=True)
        class Ordered:
            value: int

            def __lt__(self, other):
                return True
