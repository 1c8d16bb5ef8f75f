"""The CUI banner a document's CUI markings require, per profile: the single source for the
messages of the CUI rules and for `--fix`.

NARA (32 CFR 2002.20(b)): ``CUI``, then the Specified category markings (and any Basic ones the
banner already shows) alphabetically, Specified first, then the LDCs in the register's order, each group
after ``//``. DoD (DoD CUI Program, Banner Lines): ``CUI`` alone on an unclassified document;
categories and LDCs go in the designation indicator block. A classified document's CUI block is
the same under both (32 CFR 2002.20(g)(2)).
"""

from __future__ import annotations

from typing import Iterable

from . import register
from .model import CuiFacts, CuiWord


def used_words(facts: CuiFacts) -> list[CuiWord]:
    """Every understood category and LDC of the document's CUI portion marks and banners."""
    words = [w for m in (*facts.portions, *facts.banners) for w in m.words if w.kind != "unknown"]
    return words


def category_form(value: str, specified: bool) -> str:
    return ("SP-" if specified else "") + value


def expected_banner(facts: CuiFacts, profile: str) -> str:
    """The CUI banner line the document's markings require under `profile` (a commingled
    banner: its classified part as written, then the CUI block)."""
    top = facts.top_banner
    block = expected_block(facts, profile)
    return f"{top.classified_part}//{block}" if top is not None and top.level is not None else block


def expected_block(facts: CuiFacts, profile: str, commingled: bool | None = None) -> str:
    """The CUI banner, or a commingled banner's CUI block, the markings require under `profile`.
    A commingled block carries the Specified categories and LDCs under both profiles (32 CFR
    2002.20(g)(2)); DoD's banner of an unclassified document is CUI alone. In a commingled block
    only CUI's own LDCs are rolled up: NOFORN and REL TO are classified dissemination controls
    there, which the classified part carries (DIS-001, DIS-011). `commingled` defaults to whether
    the top banner is a classified one."""
    top = facts.top_banner
    if commingled is None:
        commingled = top is not None and top.level is not None
    if profile == "dod_cui" and not commingled:
        return "CUI"
    control = top.control if top is not None and top.control else "CUI"
    return banner_text(control, _categories(facts), _ldcs(facts, commingled=commingled))


def banner_text(control: str, categories: Iterable[tuple[str, bool]], ldcs: Iterable[str]) -> str:
    parts = [control]
    categories = list(categories)
    ldcs = list(ldcs)
    if categories:
        parts.append("/".join(category_form(v, s) for v, s in categories))
    if ldcs:
        parts.append("/".join(ldcs))
    return "//".join(parts)


def ordered_categories(found: Iterable[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Categories (value, specified) in banner order: Specified first, each group alphabetically
    by marking (the CUI Registry's banner format notes; rule CUI-004)."""
    return sorted(set(found), key=lambda c: (not c[1], c[0]))


def _categories(facts: CuiFacts) -> list[tuple[str, bool]]:
    found = {(w.value, w.specified) for w in used_words(facts)
             if w.kind == "category" and w.specified and register.categories()[w.value]["specified"]}
    top = facts.top_banner
    if top is not None:  # Basic categories the banner already shows stay (they are permitted)
        found |= {(w.value, w.specified) for w in top.categories}
    return ordered_categories(found)


def rolled_up_ldc(word: CuiWord, commingled: bool) -> bool:
    """Whether an LDC word belongs in the CUI banner (in a commingled block, CUI's own only)."""
    return word.kind == "ldc" and (not commingled or register.cui_only_ldc(word.raw) is not None)


def _ldcs(facts: CuiFacts, commingled: bool = False) -> list[str]:
    order = [entry["value"] for entry in register.register()["ldcs"]]
    chosen: dict[str, str] = {}
    for word in used_words(facts):
        if rolled_up_ldc(word, commingled):
            form = word.raw.upper() if word.value in ("REL", "DISPLAYONLY") else next(
                e["banner"] for e in register.register()["ldcs"] if e["value"] == word.value)
            chosen.setdefault(word.value, " ".join(form.split()))
    return [chosen[v] for v in sorted(chosen, key=order.index)]
