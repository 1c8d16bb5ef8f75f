"""Classifications that are not (only) the US's: NATO levels (``//NS``, ``//COSMIC TOP SECRET``,
``//CTSA``), JOINT (``//JOINT S CAN USA``), another government's level (``//DEU S``,
``//ITA RESTRICTED``) and a concealed foreign source (``//FGI S``).

The head of such a mark (what follows its leading ``//``) names an owner and the owner's level;
this module reads it into the `Marking` fields `owner`, `joint`, `foreign_level` (the owner's
level in portion form) and `level` (the US level it is safeguarded at, which is what the roll-up
counts), and renders it back in CAPCO form. Words come from the register (levels-nato,
levels-non-us, joint, non-us-controls) and rules/vocabulary.yaml ``foreign``; a head it cannot
read stays in the marking's `unknown` list, where it is reported.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import register
from ..marking import Level, Marking
from ..resources import load_data

NATO = "NATO"
CONCEALED = "FGI"  # the owner of a foreign portion whose source is concealed (//FGI S)
JOINT = "JOINT"
_CODE = re.compile(r"[A-Z]{3}|[A-Z]{4}")


@dataclass(frozen=True)
class ForeignLevel:
    """One foreign level as written: its portion form, banner form and the US level it counts as."""

    portion: str
    banner: str
    us_level: Level | None
    control: str | None = None  # the NATO control written into the level (ATOMAL, BOHEMIA, BALK)


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, ForeignLevel], dict[str, ForeignLevel], dict[str, ForeignLevel]]:
    """({written NATO form: level}, {written non-US level form: level}, {portion form: NATO level})."""
    data = load_data("vocabulary.yaml").get("foreign") or {}
    restricted = Level[data.get("restricted_safeguarded_at", "C")]

    def us(code):
        return Level[code] if code else restricted

    nato: dict[str, ForeignLevel] = {}
    by_portion: dict[str, ForeignLevel] = {}
    spellings = data.get("nato_spellings") or {}
    us_levels = register.nato_levels()
    for entry in register.family("levels-nato"):
        level = ForeignLevel(entry.portion, entry.banner, us(us_levels[entry.portion]))
        by_portion[entry.portion] = level
        for form in (*entry.forms, *spellings.get(entry.portion, ())):
            nato.setdefault(form, level)
    for item in data.get("nato_controls") or ():
        base = by_portion[item["level"]]
        level = ForeignLevel(item["portion"], item["banner"], base.us_level, item["control"])
        by_portion[item["portion"]] = level
        for form in (item["portion"], item["banner"], *item.get("also", ())):
            nato[form] = level
    non_us: dict[str, ForeignLevel] = {}
    for entry in register.family("levels-non-us"):
        level = ForeignLevel(entry.portion, entry.banner, Level[entry.portion] if entry.portion in Level.__members__
                             else restricted)
        for form in entry.forms:
            non_us[form] = level
    for word, us_level in Level.words().items():  # UNCLAS, CONF: spellings of the same levels
        non_us.setdefault(word, next(v for v in non_us.values() if v.portion == us_level.name))
    return nato, non_us, by_portion


def nato_level(portion: str) -> ForeignLevel | None:
    """A NATO level (with its control, if any) by portion form: ``NS``, ``CTSA``."""
    return _tables()[2].get(portion)


def non_us_level(word: str) -> ForeignLevel | None:
    return _tables()[1].get(word)


def nato_control_level(level: str, control: str) -> ForeignLevel | None:
    """``CTS`` with ``BOHEMIA`` -> the level ``CTS-B``; None where the register has no such pair."""
    return next((v for v in _tables()[0].values() if v.control == control and _base(v.portion) == level), None)


def with_nato_controls(top: str, forms) -> str:
    """The roll-up's NATO level written with every NATO control its portions carry: //NS with
    //NCA is //NSAT (NATO SECRET ATOMAL), so the control does not drop out of the overall marking.
    Where no NATO level of the register holds them all at that level (ATOMAL in one portion,
    BOHEMIA in another: `controls_apart`), the bare level, never one control silently kept; the
    document cannot be marked in one head, which ROL-024 reports."""
    level = nato_level(top)
    if level is None:
        return top
    controls = nato_controls((top, *forms))
    if not controls:
        return top
    held = _holding(_base(top), controls)
    return held.portion if held is not None else _base(top)


def nato_controls(forms) -> tuple[str, ...]:
    """The NATO controls (ATOMAL, BOHEMIA, BALK) written into the NATO levels `forms`, once each, sorted."""
    return tuple(sorted({level.control for form in forms if (level := nato_level(form or "")) and level.control}))


def controls_apart(forms) -> tuple[str, ...]:
    """The NATO controls of `forms` (portion forms of NATO levels) when no one NATO level of the
    register, at the highest of them, holds them all (() when one does, or there are none)."""
    forms = [f for f in forms if nato_level(f or "") is not None]
    if not forms:
        return ()
    controls = nato_controls(forms)
    top = max(forms, key=lambda f: (int(nato_level(f).us_level), f not in _restricted_forms()))  # NC over NR
    return controls if controls and _holding(_base(top), controls) is None else ()


def _holding(base: str, controls: tuple[str, ...]) -> ForeignLevel | None:
    """The NATO level at `base` whose written form holds every one of `controls` (the register
    writes one control into a level: COSMIC TOP SECRET ATOMAL, COSMIC TOP SECRET-BOHEMIA)."""
    return nato_control_level(base, controls[0]) if len(controls) == 1 else None


def _base(portion: str) -> str:
    return next((e.portion for e in register.family("levels-nato") if portion.startswith(e.portion)), portion)


def is_foreign_head(head: str) -> bool:
    """Does `head` (a mark's text after its leading ``//``, up to the next ``//``) name a foreign
    owner and level? Used to tell a foreign portion mark from parenthesised prose."""
    return _read(" ".join(head.upper().split())) is not None


@dataclass(frozen=True)
class Head:
    owner: tuple[str, ...]
    joint: bool
    level: ForeignLevel


@functools.lru_cache(maxsize=1024)
def _read(head: str) -> Head | None:
    nato, non_us, _ = _tables()
    if head in nato:
        return Head((NATO,), False, nato[head])
    words = head.split(" ")
    if words[0] == JOINT and len(words) >= 3:
        for size in (2, 1):  # JOINT TOP SECRET CAN USA, JOINT S CAN USA
            level = non_us.get(" ".join(words[1:1 + size]))
            owners = words[1 + size:]
            if level is not None and owners and all(_CODE.fullmatch(w) for w in owners):
                return Head(tuple(owners), True, level)
        return None
    if len(words) >= 2 and (words[0] == CONCEALED or _CODE.fullmatch(words[0])):
        level = non_us.get(" ".join(words[1:]))
        if level is not None:
            return Head((words[0],), False, level)
    return None


def read_head(builder, words: list[str]) -> None:
    """Fill a portion builder's owner, level and FGI from a foreign mark's head words; a head
    that is no foreign classification is kept as an unknown word (reported, never dropped)."""
    text = " ".join(" ".join(words).upper().split())
    head = _read(text)
    if head is None:
        if text:
            builder.unknown.append(text)
        return
    builder.owner = list(head.owner)
    builder.joint = head.joint
    builder.foreign_level = head.level.portion
    builder.level = head.level.us_level
    # in a US document's roll-up, a foreign owner is a foreign-government source (FGI)
    builder.fgi = [] if head.owner == (CONCEALED,) else [o for o in head.owner if o != "USA"] or None


def absorb_nato_control(builder) -> None:
    """``//COSMIC TOP SECRET-BOHEMIA``: the grammar reads the NATO control after the dash as a
    word of its own; it belongs to the NATO level, so it is moved there."""
    if builder.owner != [NATO] or not builder.unknown:
        return
    for word in list(builder.unknown):
        pair = nato_control_level(builder.foreign_level or "", word)
        if pair is not None:
            builder.unknown.remove(word)
            builder.foreign_level = pair.portion
            return


# --- classification lines ----------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def banner_opening() -> str:
    """How the classification line of a NATO, JOINT or other foreign document starts, as a regex:
    ``//`` and a NATO level (``//NATO SECRET``, ``//COSMIC TOP SECRET-BOHEMIA``, ``//NS``), or an
    owner and a level word (``//JOINT SECRET``, ``//DEU S``, ``//FGI SECRET``). A bare US level
    word (``//SECRET``), which the NATO spellings also list, opens none: it is no owner's level."""
    nato, non_us, _ = _tables()
    us_words = {form for entry in register.us_levels() for form in entry.forms}
    owners = "|".join((JOINT, CONCEALED, "[A-Z]{3,4}"))
    return (r"//\s*(?:" + _alternatives(w for w in nato if w not in us_words)
            + r"|(?:" + owners + r")\s+(?:" + _alternatives(non_us) + r"))(?![A-Za-z0-9])")


def _alternatives(words) -> str:
    """`words` as regex alternatives, longest first, a blank matching any run of blanks."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(set(words), key=len, reverse=True))


def read_banner_head(head: str) -> dict:
    """The `Marking` fields a classification line's foreign head gives (``NATO SECRET``,
    ``JOINT SECRET CAN USA``, ``DEU SECRET``): owner, JOINT, the owner's level in portion form and
    the US level it is safeguarded at. A head that is no foreign classification gives no level and
    is kept as an unknown word, reported at its place (SYN-002), never dropped. A foreign document
    names no FGI: the owner is in the head (a US document's roll-up carries FGI instead)."""
    text = " ".join(head.upper().split())
    found = _read(text)
    if found is None:
        return {"level": None, "unknown": (text,) if text else ()}
    return {"level": found.level.us_level, "owner": found.owner, "joint": found.joint,
            "foreign_level": found.level.portion}


# --- rendering --------------------------------------------------------------------------------

def banner_head(marking: Marking) -> str:
    """``//NATO SECRET``, ``//JOINT SECRET CAN USA``, ``//DEU SECRET``, ``//FGI SECRET``."""
    return "//" + _head(marking, banner=True)


def portion_head(marking: Marking) -> str:
    """``//NS``, ``//JOINT S CAN USA``, ``//DEU S``, ``//FGI S``."""
    return "//" + _head(marking, banner=False)


def _head(marking: Marking, banner: bool) -> str:
    written = marking.foreign_level or ""
    if marking.owner == (NATO,):
        level = nato_level(written)
        return (level.banner if banner else level.portion) if level else written
    level = next((v for v in _tables()[1].values() if v.portion == written), None)
    word = level.banner if level is not None and banner else written
    if marking.joint:
        return f"{JOINT} {word} {' '.join(marking.owner)}"
    return f"{' '.join(marking.owner)} {word}"


def rank(marking: Marking) -> tuple[int, int, int]:
    """How protective a foreign level is, for the roll-up of portions of one owner: its US level,
    then the owner's own level (RESTRICTED, safeguarded at CONFIDENTIAL, is below the owner's
    CONFIDENTIAL: //NC over //NR), then the NATO control written into it."""
    level = nato_level(marking.foreign_level or "")
    restricted = marking.foreign_level in _restricted_forms()
    return (int(marking.level) if marking.level is not None else -1, 0 if restricted else 1,
            1 if level and level.control else 0)


@functools.lru_cache(maxsize=1)
def _restricted_forms() -> frozenset[str]:
    """The portion forms of the levels with no US equivalent (NR, R): the register gives them none."""
    nato = {e.portion for e in register.family("levels-nato") if register.nato_levels()[e.portion] is None}
    return frozenset(nato | {e.portion for e in register.family("levels-non-us") if e.portion not in Level.__members__})
