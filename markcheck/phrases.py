"""The phrases of findings as data: rules/messages.yaml by check kind, a rule's `phrases:` over them.

A check says what is wrong by naming a phrase (``phrase`` among a hit's values) and giving its
fields; the engine renders the phrase into the hit's ``problem`` value, which the rule's message
template shows (and ``expected_phrase`` into ``expected``, what the document should say). So rewording a finding is a YAML edit, and a check holds no sentence of its own.
"""

from __future__ import annotations

import string

from .resources import load_data

KEY = "phrase"  # the value naming the phrase of a hit's {problem}
EXPECTED_KEY = "expected_phrase"  # the value naming the phrase of its {expected}
FILE = "messages.yaml"


def kind_phrases(kind: str) -> dict:
    """{name: template} of a check kind (rules/messages.yaml)."""
    return (load_data(FILE) or {}).get(kind) or {}


def template(rule, name: str) -> str | None:
    """The template of phrase `name` for `rule`: the rule's own, else its kind's."""
    own = rule.phrases.get(name) if rule.phrases else None
    return own if own is not None else kind_phrases(rule.extends).get(name)


def fields(text: str) -> set[str] | None:
    """The names a template shows; None when it is malformed or formats a field (a format spec
    such as {found:>1000000000} would let a rule file allocate without bound)."""
    try:
        parsed = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(text) if f]
    except ValueError:
        return None
    if any(spec or conv for _, spec, conv in parsed):
        return None
    return {f for f, _, _ in parsed}


def problems(kind: str, own: dict, allowed: frozenset[str] | None) -> list[tuple[list, str]]:
    """What is wrong with a rule's `phrases:` (and its kind's): unknown phrase names, malformed
    templates, fields that are not plain names or not supplied by the kind ((key path, reason))."""
    known = kind_phrases(kind)
    out: list[tuple[list, str]] = []
    for name in sorted(set(own) - set(known)):
        out.append((["phrases", name], f"kind {kind!r} has no phrase {name!r} (known: {', '.join(sorted(known)) or 'none'})"))
    for name, text in {**known, **own}.items():
        where = ["phrases", name] if name in own else ["extends"]
        names = fields(text)
        if names is None:
            out.append((where, f"phrase {name!r}: malformed template, or a field with a format spec"))
            continue
        bad = sorted(n for n in names if not n.isidentifier() or (allowed is not None and n not in allowed))
        if bad:
            out.append((where, f"phrase {name!r} uses unknown field(s) {', '.join(bad)}"))
    return out
