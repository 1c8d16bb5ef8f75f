"""Model objects to JSON-ready dictionaries (the `inspect` view and the report's model)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum

from .escape import utf8_path
from .model import Marking


def to_jsonable(value):
    """Plain JSON data for any model value; markings also carry their rendered forms."""
    if isinstance(value, Marking):
        data = {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        data["banner"] = value.banner() if value.level is not None else None
        data["portion"] = value.portion() if value.level is not None else None
        return data
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (frozenset, set)):
        return sorted(to_jsonable(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, str):
        return utf8_path(value)  # valid Unicode: a file name's bytes that are not UTF-8 as %XX
    return value
