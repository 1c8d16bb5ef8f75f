"""A rule's authority as data: which text, which paragraph, which edition, and its own words.

Each built-in rule lists the texts it rests on (``authority:`` in rules/*.yaml). The sources
and their kinds are data in rules/authorities.yaml. The one-line `citation` that findings carry
is derived from that list, so the quoted law and the cited law cannot drift apart.
"""

from __future__ import annotations

import datetime as _dt

from .resources import load_data
from .values import frozen_value

# A directive's edition takes effect on its date and governs documents dated from then on.
DIRECTIVE = "directive"


@frozen_value
class Authority:
    """One cited text: `source` (a key of rules/authorities.yaml), `section`, `edition` (the
    ISO date the edition took effect or was issued), the operative sentence (`quote`), or why
    no quote could be checked (`unverified`)."""

    source: str
    section: str
    edition: str | None = None
    quote: str | None = None
    unverified: str | None = None
    url: str | None = None
    eras: tuple[str, ...] = ()  # the eras this text governs when fewer than the rule's
    retroactive: bool = False   # the text itself governs documents dated before its edition

    @property
    def edition_date(self) -> _dt.date | None:
        """The edition as a date (None for a month or a year only)."""
        try:
            return _dt.date.fromisoformat(self.edition) if self.edition else None
        except ValueError:
            return None


def sources() -> dict[str, dict]:
    """rules/authorities.yaml: each source's title, kind and how its sections are cited."""
    return load_data("authorities.yaml")["sources"]


def from_entries(entries) -> tuple[Authority, ...]:
    return tuple(Authority(source=e["source"], section=str(e["section"]), edition=_iso(e.get("edition")),
                           quote=_text(e.get("quote")), unverified=_text(e.get("unverified")),
                           url=e.get("url"), eras=tuple(e.get("eras") or ()),
                           retroactive=bool(e.get("retroactive")))
                 for e in entries or ())


def _iso(value) -> str | None:
    return None if value is None else str(value)


def _text(value) -> str | None:
    return None if value is None else " ".join(str(value).split())


def citation(authorities: tuple[Authority, ...]) -> str:
    """The human-readable citation: the sections of one source and edition run together after
    the source's citing form (``32 CFR 2001.21(a)(4), 2001.22(e); ISM-ID-00014``); a source cited
    in more than one of its editions names the edition after each group (``(2003 ed.)``)."""
    table = sources()
    editions: dict[str, set] = {}
    for a in authorities:
        editions.setdefault(a.source, set()).add(a.edition)
    groups: list[tuple[tuple[str, str | None], list[str]]] = []
    for a in authorities:
        key = (a.source, a.edition)
        if groups and groups[-1][0] == key:
            if a.section not in groups[-1][1]:
                groups[-1][1].append(a.section)
        else:
            groups.append((key, [a.section]))
    parts = []
    for (source, edition), sections in groups:
        entry = table.get(source, {})
        text = entry.get("cite", source + " ") + ", ".join(sections)
        if "editions" in entry and len(editions[source]) > 1 and edition:
            text += f" ({edition[:4]} ed.)"
        parts.append(text)
    return "; ".join(parts)


def is_directive(source: str) -> bool:
    return sources().get(source, {}).get("kind") == DIRECTIVE
