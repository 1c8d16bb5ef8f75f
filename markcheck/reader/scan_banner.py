"""Classification lines (banners) as the reader finds them: a designation at the start of a line,
plain, letter-spaced (``C O N F I D E N T I A L``), one typo away (``NCLAS SECTION 01 OF 02``) or
glued after other text, collapsed to the text the banner grammar reads. The designations are the
register's US levels and State's own (rules/vocabulary.yaml), never spelled here.
"""

from __future__ import annotations

import functools
import re

from .. import register
from ..resources import load_data
from .foreign import banner_opening
from ..values import frozen_value


def line_start(*openings: str) -> re.Pattern:
    """A line that starts, after blanks, with one of `openings`."""
    return re.compile(r"\s*(?:" + "|".join(openings) + ")")



def _designations() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words a classification line may start with, as written: the register's US levels,
    highest first (``TOP SECRET`` … ``UNCLASSIFIED``), then State's own designations
    (rules/vocabulary.yaml ``designations``: UNCLAS, LIMITED OFFICIAL USE); and the non-US
    levels a US line may wrongly carry (``non_us_designations``: RESTRICTED, LVL-003)."""
    data = load_data("vocabulary.yaml")
    us = tuple(e.banner for e in reversed(register.us_levels()))
    return us + tuple(data.get("designations") or ()), tuple(data.get("non_us_designations") or ())


_WRITTEN, _WRITTEN_NON_US = _designations()
# The designations with their letter-spacing removed (``TOPSECRET``), as a spaced run collapses
# to, each with the words it stands for (``TOP SECRET``).
SPELLED = {word.replace(" ", ""): word for word in _WRITTEN + _WRITTEN_NON_US}
DESIGNATIONS = tuple(word.replace(" ", "") for word in _WRITTEN)
# ... and the non-US levels, read only as written, plain or letter-spaced, never as the
# correction of a typo.
NON_US_DESIGNATIONS = tuple(word.replace(" ", "") for word in _WRITTEN_NON_US)


def _words_pattern(words) -> str:
    """`words` as alternatives of a regex, a blank between two words matching any blanks."""
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in words)


_PLAIN_BANNER = re.compile("(" + _words_pattern(_WRITTEN + _WRITTEN_NON_US) + ")(?![A-Za-z0-9])")
_SPACED_RUN = re.compile(r"[A-Za-z]{1,3}(?: [A-Za-z]+)++(?![A-Za-z])")
_TYPO_HEADER = re.compile(r"^\s*([A-Z]{5,13}) (?:SECTION [0-9]+ OF [0-9]+ )?[A-Z][A-Z .]* [0-9]{3,7}\s*$")
_GLUED_SPACED = re.compile(r"(?<![A-Za-z])[A-Z](?: [A-Z](?![A-Za-z])){4,}+")
# What every match of _GLUED_SPACED holds, searched first: from its literal blank the regex
# engine skips ahead fast, where _GLUED_SPACED is tried at every character.
SPACED_HINT = re.compile(r" [A-Z] [A-Z] ")
_SINGLE_LETTER_RUN = re.compile(r"(?<![A-Za-z])[A-Z](?: [A-Z](?![A-Za-z])){2,}+")

# How a classification line starts (`collapse_banner`): a designation, plain or letter-spaced,
# maybe behind quotes, so its first three letters with at most one blank between them, or
# single letters that spell a typo'd one.
_HEADS = dict.fromkeys(word[:3] for word in DESIGNATIONS + NON_US_DESIGNATIONS)  # TOP, SEC, CON, UNC, LIM, RES
_DESIGNATION_OPENINGS = (*(" ?".join(f"[{c.upper()}{c.lower()}]" for c in head) for head in _HEADS),
                         r"[A-Za-z]{1,2} [A-Za-z] [A-Za-z] [A-Za-z](?![A-Za-z])")
# ... or the line of a NATO, JOINT or other foreign document: //NATO SECRET, //DEU SECRET (foreign.py)
_FOREIGN_OPENING = banner_opening()
_FOREIGN_START = re.compile(_FOREIGN_OPENING)
_BANNER_OPENINGS = (r"[\"',\]]+(?:" + "|".join(_DESIGNATION_OPENINGS) + ")", *_DESIGNATION_OPENINGS, _FOREIGN_OPENING)
BANNER_START = line_start(*_BANNER_OPENINGS)


@frozen_value
class BannerLine:
    text: str  # normalised: letter-spacing collapsed, upper-cased
    spacing: str  # "plain" | "spaced" | "irregular"
    column: int  # 1-based start column of the designation in the line


@functools.lru_cache(maxsize=4096)
def collapse_banner(segment: str) -> BannerLine | None:
    """Recognise a classification line and collapse its letter-spacing (HDR-002).

    ``C O N F I D E N T I A L USNATO 000114`` -> ``CONFIDENTIAL USNATO 000114`` (spaced);
    ``S ECR E T``, ``C ONFIDENTIAL`` and typos such as ``C C O N F I D E N T I A L`` or
    ``E C R E T`` -> irregular; ``S e c r e t berlin`` -> spaced. Plain words must be upper
    case, so prose that starts with "Secret" is not a banner.
    """
    if not BANNER_START.match(segment):
        return None
    stripped = segment.lstrip().lstrip("\"',]")
    column = len(segment) - len(stripped) + 1
    if stripped[:2] == "//":  # a foreign document's line: its head is read by the grammar (foreign.py)
        return BannerLine(_tidy(stripped), "plain", column) if _FOREIGN_START.match(stripped) else None
    plain = _PLAIN_BANNER.match(stripped)
    if plain:
        rest = stripped[plain.end():]
        if rest and rest[0].isalpha():
            return None
        return BannerLine(_tidy(stripped), "plain", column)
    run = _SPACED_RUN.match(stripped)
    if not run:
        return None
    tokens = run.group(0).split(" ")
    best = _designation_prefix(tokens)
    if best is None:
        return None
    last, word, spacing = best
    consumed = len(" ".join(tokens[: last + 1]))
    rest = stripped[consumed:]
    if rest and rest[0].isalpha():
        return None
    word = SPELLED[word]
    return BannerLine(_tidy(word + rest), spacing, column)


# The longest text `_near` can match (one letter more than the longest designation), and the
# window of a letter-spaced run in which `collapse_banner` decides whether it is a banner.
_NEAR_MAX = max(len(d) for d in DESIGNATIONS) + 1
_LONGEST = max(len(d) for d in DESIGNATIONS + NON_US_DESIGNATIONS)
_PROBE = 64


def find_banner(segment: str) -> tuple[int, BannerLine] | None:
    """A classification line that a plain match misses: glued after other text
    (``Cable dated:…C O N F I…``), or a header-shaped line whose designation lost a letter
    (``NCLAS SECTION 01 OF 02 BRASILIA 001017``)."""
    for m in _GLUED_SPACED.finditer(segment) if SPACED_HINT.search(segment) else ():
        # A spaced designation and its check fit in the first _PROBE characters of the run:
        # judge each run there, and read the rest of the line only for the one that is a banner
        # (slicing the rest of a long line for every run would make a line of many runs quadratic).
        probe = collapse_banner(segment[m.start():m.start() + _PROBE])
        if probe is None or probe.spacing != "spaced":
            continue
        line = collapse_banner(segment[m.start():])
        if line is not None and line.spacing == "spaced":
            return m.start(), line
    m = _TYPO_HEADER.match(segment)
    if m and m.group(1) not in DESIGNATIONS:
        near = _near(m.group(1))
        if near:
            stripped = segment.lstrip()
            return 0, BannerLine(_tidy(near + stripped[len(m.group(1)):]), "irregular",
                                 len(segment) - len(stripped) + 1)
    return None


def _designation_prefix(tokens: list[str]) -> tuple[int, str, str] | None:
    """(index of last token used, designation, spacing) for the leading tokens of a spaced run."""
    joined = ""
    singles = True
    for i, token in enumerate(tokens):
        if i > 0 and len(token) > 3 and not singles:
            break
        singles = singles and len(token) == 1
        joined += token.upper()
        if joined in DESIGNATIONS or joined in NON_US_DESIGNATIONS:
            exact = singles and len(token) == 1
            return i, joined, "spaced" if exact else "irregular"
        if len(joined) > _LONGEST:
            break
    # one-letter typos in a properly letter-spaced line: C C O N F I D E N T I A L, E C R E T
    letters, owner = [], []  # owner: the index of the token each letter comes from
    for index, token in enumerate(tokens):
        if len(token) != 1 and not (index == 0 and len(token) == 2 and token[0] == token[1]):
            break  # single letters, or a doubled first letter: SS E C R E T, CC O N F I …
        letters.extend(token.upper())
        owner.extend([index] * len(token))
        if len(letters) >= _NEAR_MAX:
            break  # _near matches nothing longer: a long run must not cost quadratic time
    for end in range(min(len(letters), _NEAR_MAX), 4, -1):
        near = _near("".join(letters[:end]))
        if near:
            return owner[end - 1], near, "irregular"
    return None


def _tidy(text: str) -> str:
    text = _SINGLE_LETTER_RUN.sub(lambda m: m.group(0).replace(" ", ""), text.upper())
    return " ".join(text.split())


def _near(joined: str) -> str | None:
    """A designation one typo away (doubled, missing or extra letter) from `joined`."""
    for word in DESIGNATIONS:
        if len(word) < 6 or len(joined) < 5 or abs(len(word) - len(joined)) > 1:
            continue
        if _edit_distance_at_most_one(joined, word):
            return word
    return None


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    if len(a) > len(b):
        a, b = b, a
    for i in range(len(b)):
        if b[:i] + b[i + 1:] == a:
            return True
    return False
