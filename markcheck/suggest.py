"""Did-you-mean for marking words: the nearest words of the register (rules/register/, with the
spellings, captions and country names of rules/vocabulary.yaml).

A typo in a marking (``NOFRON``) is reported with the word it most likely stands for. Distance is
Damerau-Levenshtein (optimal string alignment): a swapped pair of letters, the usual typo, counts
as one edit, as a missing, extra or wrong letter does.
"""

from __future__ import annotations

import functools

from .resources import load_data


def distance(a: str, b: str) -> int:
    """Optimal-string-alignment edit distance between `a` and `b`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


@functools.lru_cache(maxsize=1)
def register_words() -> dict[str, str]:
    """Every word the register knows in a marking, with the entry it names: levels, controls
    (names, portion forms and spellings), legacy controls, captions, countries and coalitions."""
    from . import register
    from .vocabulary import control_tables

    data = load_data("vocabulary.yaml")
    words: dict[str, str] = {}

    def add(entry: str, *spellings: str) -> None:
        for word in spellings:
            words.setdefault(word.upper(), entry.upper())

    level_spellings = data.get("level_spellings") or {}
    for level in register.us_levels():
        add(level.banner, *level.forms, *level_spellings.get(level.portion, ()))
    for table in control_tables(data).values():
        for name, _portion, forms in table:
            add(name, *forms)
    for word in (*data["legacy"], *data["captions"]["distribution"], *register.tetragraph_codes()):
        add(word, word)
    for code, names in data["country_codes"].items():
        add(code, code, *names)
    return words


@functools.lru_cache(maxsize=1024)
def did_you_mean(word: str) -> tuple[str, ...]:
    """The register words nearest `word` (ties named, up to two), if near enough to be a typo of it:
    one edit for a word of up to five letters, two for a longer one; none for a word the
    register knows."""
    word = " ".join(word.upper().split())
    if len(word) < 3:
        return ()  # two letters are one edit from half the register: no guess is worth making
    limit = 1 if len(word) <= 5 else 2
    words = register_words()
    best, names = limit + 1, []
    for candidate in words:
        if abs(len(candidate) - len(word)) > limit:
            continue
        d = distance(word, candidate)
        if d == 0:
            return ()
        if d < best:
            best, names = d, [candidate]
        elif d == best:
            names.append(candidate)
    entries = {words[n] for n in names}
    if len(entries) == 1 and len(names) > 1:  # (RSN: RS or RSEN, one control)
        return (entries.pop(),)
    return tuple(sorted(names)) if len(names) <= 2 else ()  # (three guesses are no guess)


def hint(word: str) -> str:
    """`` (did you mean NOFORN?)`` for a typo, else the empty string."""
    names = did_you_mean(word)
    return f" (did you mean {' or '.join(names)}?)" if names else ""
