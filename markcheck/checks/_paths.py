"""Dotted paths into the document model: how a rule file names an element.

A path such as ``cab.classified_by.position`` or ``declass.codes`` walks attributes of the
`Document`; a missing link yields None, never an exception. Shortcut paths: ``first_banner``,
``level`` (the declared level), ``declass_tokens`` (the codes, legacy token and event words of
the declassification value), ``notice_names`` (the statements of vocabulary.yaml ``notices`` the
document carries), ``incomplete_reasons`` (why the copy is not the whole document) and ``incomplete_unchecked`` (what it leaves unchecked:
`markcheck.reader.incomplete`). Values compare case-insensitively as text (`as_text`: levels by
name, dates as ISO strings); `present` says whether an element is there.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
from typing import Any, Callable, Iterable

from ..model import Document, Span

# Paths that name document-level shortcuts rather than attributes.
def _declass_tokens(doc: Document) -> tuple[str, ...]:
    return doc.derived("declass_tokens", _declass_token_tuple)


def _declass_token_tuple(doc: Document) -> tuple[str, ...]:
    declass = doc.declass
    if declass is None:
        return ()
    tokens = list(declass.codes) + ([declass.code] if declass.code else [])
    if declass.kind == "event" and declass.event:
        tokens.append(" ".join(declass.event.split()))
    return tuple(dict.fromkeys(t.upper() for t in tokens))


_ALIASES = {
    "first_banner": lambda doc: doc.first_banner,
    "notice_names": lambda doc: tuple(n.name for n in doc.notices),
    "declass_tokens": _declass_tokens,
    "level": lambda doc: doc.classification.level if doc.classification else None,
    "incomplete_reasons": lambda doc: tuple(r.reason for r in doc.incomplete),
    "incomplete_unchecked": lambda doc: tuple(item for r in doc.incomplete for item in r.unchecked),
}

def resolve(doc: Document, path: str) -> Any:
    """The value at `path` (None when any link is missing)."""
    return compile_path(path)(doc)


def _nothing(doc: Document) -> None:
    return None


@functools.lru_cache(maxsize=1024)
def compile_path(path: str) -> Callable[[Document], Any]:
    """`resolve` for one path, split once: rules name a few dozen paths, asked on every document."""
    head, _, rest = path.partition(".")
    if path.startswith("_") or "._" in path:
        return _nothing  # a rule file reads the model's fields, never private or dunder attributes
    first = _ALIASES.get(head) or (lambda doc: getattr(doc, head, None))
    parts = tuple(rest.split(".")) if rest else ()
    if not parts:
        return first
    if len(parts) == 1:  # the usual ``cab.reason``: no loop
        name = parts[0]
        if head not in _ALIASES:  # ... and no call for the head either
            return lambda doc: None if (found := getattr(doc, head, None)) is None else getattr(found, name, None)
        return lambda doc: None if (found := first(doc)) is None else getattr(found, name, None)

    def value(doc: Document) -> Any:
        found = first(doc)
        for part in parts:
            if found is None:
                return None
            found = getattr(found, part, None)
        return found

    return value


@functools.lru_cache(maxsize=1024)
def compile_presence(path: str) -> Callable[[Document], bool]:
    """``present(resolve(doc, path))`` as one test: the commonest item, asked of every document,
    with the usual ``cab.reason`` looked up in place (``getattr(None, name, None)`` is None)."""
    head, _, name = path.partition(".")
    if head in _ALIASES or "." in name or path.startswith("_") or "._" in path:
        value = compile_path(path)
        return lambda doc: present(value(doc))
    if not name:
        return lambda doc: present(getattr(doc, head, None))
    return lambda doc: present(getattr(getattr(doc, head, None), name, None))


def span_of(doc: Document, path: str) -> Span | None:
    """The span of the element at `path`: its own ``span``, a sibling ``<name>_span``, or a Span value."""
    value = resolve(doc, path)
    if isinstance(value, Span):
        return value
    span = getattr(value, "span", None)
    if isinstance(span, Span):
        return span
    parent, _, name = path.rpartition(".")
    owner = resolve(doc, parent) if parent else doc
    sibling = getattr(owner, f"{name}_span", None)
    return sibling if isinstance(sibling, Span) else None


def first_span(doc: Document, paths: Iterable[str]) -> Span | None:
    for path in paths:
        span = span_of(doc, path)
        if span is not None:
            return span
    return None


def present(value: Any) -> bool:
    """None, False, empty strings and empty collections count as absent."""
    if value is None or value is False:
        return False
    if type(value) is str:  # the usual value
        return bool(value.strip())
    sort = _presence_sort(type(value))
    return True if sort is None else bool(value.strip() if sort is str else value)


def as_text(value: Any) -> str:
    """A value as comparable, displayable text."""
    if type(value) is str:  # the usual value, and what the last line would make of it
        return " ".join(value.split())
    sort = _text_sort(type(value))
    if sort is enum.Enum:
        return value._name_  # `.name`, without the descriptor call (documented: enum members keep it)
    if sort is _dt.date:
        return value.isoformat()
    raw = getattr(value, "raw", None)
    if isinstance(raw, str):
        return " ".join(raw.split())
    if sort is tuple:
        return ", ".join(as_text(v) for v in value)
    return " ".join(str(value).split())


# `present` and `as_text` tell values apart by their type, once per type: isinstance() against
# several classes costs more than the rest of either, and documents hold values of a dozen types.

@functools.lru_cache(maxsize=None)
def _presence_sort(kind: type) -> type | None:
    """str (absent when blank), tuple (a collection: absent when empty) or None (always there)."""
    if issubclass(kind, str):
        return str
    return tuple if issubclass(kind, (tuple, list, frozenset, set, dict)) else None


@functools.lru_cache(maxsize=None)
def _text_sort(kind: type) -> type | None:
    """enum.Enum (shown by name), date (ISO), tuple (a collection: items joined) or None."""
    if issubclass(kind, enum.Enum):
        return enum.Enum
    if issubclass(kind, _dt.date):
        return _dt.date
    return tuple if issubclass(kind, (tuple, list, frozenset, set)) else None
