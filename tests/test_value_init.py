"""The values made per document (Finding, Result, Hit, Context) set their fields in one step
with a hand-written __init__: it must stay in step with the dataclass fields and keep them frozen."""

from __future__ import annotations

import dataclasses
import datetime
import inspect
import pickle

import pytest

from markcheck.api import Result
from markcheck.checks.base import Context, Hit
from markcheck.findings import Finding
from markcheck.model import Span

CLASSES = (Finding, Result, Hit, Context)

SAMPLES = {
    Finding: ("POR-001", "portion-unmarked", "error", "text", 3, 1, 3, 9, "rulebook", "a.txt"),
    Result: ("a.txt", "state_cable", "EO12958A", "2009-03-20", "SECRET", "SECRET", (), ("s",)),
    Hit: (Span(1, 2, 1, 5), {"found": "x"}, "warning"),
    Context: (datetime.date(2024, 1, 1), "isoo"),
}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_init_takes_the_fields_in_order_with_their_defaults(cls):
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in fields]
    for parameter, f in zip(parameters, fields):
        if f.default is not dataclasses.MISSING:
            assert parameter.default == f.default
        elif f.default_factory is dataclasses.MISSING:
            assert parameter.default is inspect.Parameter.empty


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_field_is_set_and_frozen(cls):
    values = SAMPLES[cls]
    value = cls(*values)
    assert vars(value) == {f.name: v for f, v in zip(dataclasses.fields(cls), values)}
    assert value == cls(**{f.name: v for f, v in zip(dataclasses.fields(cls), values)})
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, dataclasses.fields(cls)[0].name, None)
    assert pickle.loads(pickle.dumps(value)) == value
    assert dataclasses.replace(value) == value


def test_defaults():
    assert Finding("R", "n", "info", "m", 1, 1, 1, 1, "c").path is None
    assert Result(None, None, None, None, None, None, ()).suppressed == ()
    first, second = Hit(None), Hit(None)
    assert first.values == {} and first.severity is None
    assert first.values is not second.values  # a new dict each, as default_factory made
    assert hash(Finding(*SAMPLES[Finding])) == hash(Finding(*SAMPLES[Finding]))
