"""Marking strings to model values, through the Lark grammars in grammars/.

Each parser is built once per process (LALR, with Lark's on-disk cache) and each distinct
marking string is parsed once (a corpus has few distinct marking strings). Results are model
values with placeholder spans; the builder places them in the document.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass

from .model import Declassification, Level, Marking, Span
from .resources import grammars_dir
from .register_families import family_of
from .vocabulary import classify_control, country_code

NOWHERE = Span(1, 1, 1, 1)
GRAMMARS = ("portion", "banner", "eo_line", "reason", "dtg", "classified_by")
# The longest string handed to a grammar. Real markings are short (the longest classification
# line in the 3,000-cable corpus, routing text glued on, has 463 characters); a longer one is
# reported as unreadable (SYN-001) instead of parsed, which bounds parse time and the size of
# the memo caches below whatever a document holds.
MAX_MARKING_CHARS = 4096
_DESIGNATION = re.compile(r"(?:TOP ?SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE|RESTRICTED)"
                         r"(?![A-Z0-9])")


class MarkingSyntaxError(ValueError):
    """A marking-shaped string the grammar cannot read; `column` is 1-based within the string."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.message = message
        self.column = column


@functools.lru_cache(maxsize=None)
def parser(name: str, strict: bool = False):
    """The LALR parser for grammars/<name>.lark, built once per process (the strict build,
    which tests use to prove the grammars free of collisions, is never cached)."""
    if strict:
        from lark import Lark

        return Lark.open(str(grammars_dir() / f"{name}.lark"), parser="lalr", strict=True, maybe_placeholders=True)
    from .rulecache import lark_parser

    return lark_parser(name, parser="lalr", maybe_placeholders=True)


def _normalise(text: str) -> str:
    """`text` upper-cased with runs of whitespace collapsed to one space and the ends trimmed."""
    if len(text) > MAX_MARKING_CHARS:  # no list of its words: a hostile string may have millions
        return _BLANKS.sub(" ", text).strip().upper()
    return " ".join(text.split()).upper()


_BLANKS = re.compile(r"\s+")


def _source_offset(position: int, text: str) -> int | None:
    """The 0-based index in `text` of the character at 0-based `position` of `_normalise(text)`,
    or None past its end: the words are walked up to `position` only (an error in a long string
    costs no index of the whole of it)."""
    at = 0  # characters of the normalised string before the current word
    one_to_one = text.isascii()  # upper() maps each character to one: a word at a time
    for m in re.finditer(r"\S+", text):
        if at:
            if position == at:
                return m.start() - 1  # the one blank that stands for the run before this word
            at += 1
        start, end = m.span()
        if one_to_one or m.group(0).isascii():
            if position < at + end - start:
                return start + position - at
            at += end - start
            continue
        for i in range(start, end):
            at += len(text[i].upper())
            if position < at:
                return i
    return None


def _parse(name: str, text: str, source: str | None = None):
    """Parse `text`; on failure the error column is a 1-based column of `source`, the string
    `text` was normalised from (see _normalise), when one is given."""
    from lark.exceptions import LarkError, UnexpectedInput

    if len(text) > MAX_MARKING_CHARS:
        column = _column_in_source(MAX_MARKING_CHARS + 1, source)
        raise MarkingSyntaxError(_too_long(text), column)
    try:
        return parser(name).parse(text)
    except UnexpectedInput as exc:
        column = _column_in_source(getattr(exc, "column", 0) or 1, source)
        token = getattr(exc, "token", None)
        if token is not None and getattr(token, "type", "") == "$END":
            what = "unexpected end"
        elif token is not None:
            what = f"unexpected '{token}'"
        else:
            char = text[exc.pos_in_stream] if 0 <= (exc.pos_in_stream or 0) < len(text) else ""
            what = f"unexpected character {char!r}" if char else "unexpected input"
        raise MarkingSyntaxError(f"{what} at column {column}", column) from None
    except LarkError as exc:  # defensive: grammar-level failures still become findings
        raise MarkingSyntaxError(str(exc).splitlines()[0], 1) from None


def _column_in_source(column: int, source: str | None) -> int:
    """1-based `column` of a normalised string as a column of `source`, the string it was
    normalised from (one past the end stays one past the end)."""
    if source is None or not source.strip():
        return column
    offset = _source_offset(column - 1, source)
    return offset + 1 if offset is not None else len(source.rstrip()) + 1


# Grammars whose terminals treat every ASCII digit alike (digits appear in them only as the
# range 0-9): a string parses as the same tree as its "shape", the string with every digit
# written 0, token for token at the same positions. Telegram numbers and date-time groups make
# nearly every classification line and DTG a distinct string, but their shapes repeat, so the
# shape is parsed once and the string's own token texts are read at the tokens' positions (tests
# check both the grammars' digit blindness and the equality of the trees).
DIGIT_BLIND = frozenset({"banner", "dtg"})
# Grammars blind to digits but for some terminals, each named with a pattern that finds every
# place in a string where the terminal could match; a string where none is found reads as its
# shape does (the shape holds none either: each needs a digit other than 0). In E.O. line
# values only the exemption codes (X1, 25X6, 50X1-HUM) name digits, not the dates.
DIGIT_BLIND_BUT = {"eo_line": {"EXEMPTION": re.compile(r"X[1-9]")}}
_DIGITS_TO_ZERO = str.maketrans("123456789", "000000000")
_DIGITS_TO_ZERO_BYTES = bytes.maketrans(b"123456789", b"000000000")


def shape_of(text: str) -> str:
    """`text` with every digit written 0. (An ASCII text goes through bytes.translate, several
    times faster than str.translate, which looks every character up in a dictionary.)"""
    if text.isascii():
        return text.encode("ascii").translate(_DIGITS_TO_ZERO_BYTES).decode("ascii")
    return text.translate(_DIGITS_TO_ZERO)


def _parse_by_shape(name: str, text: str, source: str | None = None):
    """`_parse` for a grammar of DIGIT_BLIND (or DIGIT_BLIND_BUT), through the memo of parsed
    shapes: the tokens are at their positions in `text`, but may hold the shape's zeros for its
    digits, so their texts are read with `_token_text` (parse trees are shared, never changed)."""
    finders = DIGIT_BLIND_BUT.get(name)
    if len(text) > MAX_MARKING_CHARS or (finders and any(p.search(text) for p in finders.values())):
        return _parse(name, text, source)
    try:
        return _shape_tree(name, shape_of(text))
    except Exception:  # a string that does not parse: the error as the string is written
        return _parse(name, text, source)


@functools.lru_cache(maxsize=4096)
def _shape_tree(name: str, shape: str):
    return parser(name).parse(shape)


def _token_text(token, text: str) -> str:
    """The text of `token`, from a tree that `_parse_by_shape` made of `text`."""
    return text[token.start_pos:token.end_pos]


def _too_long(text: str) -> str:
    return f"a marking of {len(text)} characters is longer than the {MAX_MARKING_CHARS} markcheck reads"


# --- portion marks ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def parse_portion(inner: str) -> Marking:
    """The marking inside a portion mark's parentheses, e.g. ``C/NF`` or ``S//REL TO USA, GBR``."""
    tree = _parse("portion", _normalise(inner), inner)
    return _PortionBuilder(tree).marking()


class _PortionBuilder:
    def __init__(self, tree):
        self.tree = tree
        self.level: Level | None = None
        self.dissem: set[str] = set()
        self.non_ic: set[str] = set()
        self.rel_to: list[str] | None = None
        self.fgi: list[str] | None = None
        self.unknown: list[str] = []
        self.entire = False
        self.written: list[str] = []

    def marking(self) -> Marking:
        tree = self.tree
        if tree.data == "foreign":
            words = _words(tree.children[1])
            self.fgi = [country_code(w) for w in words]
            level_tok = tree.children[2]
            self.level = Level.from_word(str(level_tok)) if level_tok is not None else None
        else:
            for child in tree.children:
                self._segment(child)
        if "NOFORN" in self.dissem and self.non_ic & {"SBU"} and self.level in (None, Level.U):
            self.non_ic.discard("SBU")
            self.non_ic.add("SBU NOFORN")
            self.dissem.discard("NOFORN")
            # (SBU/NF) is one control, SBU NOFORN, written in State style: no order to judge (DIS-011)
            if "SBU" in self.written:
                self.written[self.written.index("SBU")] = "SBU NOFORN"
            self.written = [w for w in self.written if w != "NOFORN"]
        if self.level is None and (self.non_ic or self.dissem):
            self.level = Level.U  # (SBU), (LOU), (SBU-NF) mark unclassified portions
        return Marking(
            level=self.level,
            dissem=frozenset(self.dissem),
            non_ic=frozenset(self.non_ic),
            rel_to=tuple(self.rel_to) if self.rel_to is not None else None,
            fgi=tuple(self.fgi) if self.fgi is not None else None,
            unknown=tuple(self.unknown),
            entire_text=self.entire,
            written=tuple(self.written),
        )

    def _segment(self, node):
        from lark import Token

        if isinstance(node, Token):
            if node.type == "ENTIRE_TEXT":
                self.entire = True
            return
        kind = node.data
        if kind == "level_head":
            self.level = Level.from_word(" ".join(str(node.children[0]).replace("TOPSECRET", "TOP SECRET").split()))
            if node.children[1] is not None:
                self._controls(_words(node.children[1]))
        elif kind == "words":
            words = _words(node)
            if self.rel_to is not None and all(country_code(w) != w or len(w) in (3, 4) for w in words) \
                    and not any(classify_control(w) for w in words):
                self.rel_to.extend(country_code(w) for w in words)  # (C/REL NATO/AUS)
            else:
                self._controls(words)
        elif kind == "rel":
            self.written.append("REL TO")
            self.rel_to = (self.rel_to or []) + _places(node)
        elif kind == "fgi":
            self.fgi = _places(node)

    def _controls(self, words: list[str]):
        """Words between separators: one control, a multi-word control, or several controls."""
        joined = " ".join(words)
        found = classify_control(joined)
        if found:
            self._add(found, joined)
            return
        if family_of(words[0]) and not any(classify_control(w) for w in words[1:]):  # one item of a family not read yet: "SI-G ABCD", not SI-G and ABCD
            self.unknown.append(joined)
            return
        for word in words:
            found = classify_control(word)
            if found:
                self._add(found, word)
            elif self.level is None and word in ("UNCLAS", "UNCLASSIFIED"):
                self.level = Level.U
            else:
                self.unknown.append(word)

    def _add(self, found, word):
        family, name = found
        if family != "legacy":
            self.written.append(name)
        if family == "dissem":
            if name == "REL TO":
                self.rel_to = self.rel_to or []
            else:
                self.dissem.add(name)
        elif family == "non_ic":
            self.non_ic.add(name)
        else:
            self.unknown.append(word)


def _words(node) -> list[str]:
    return [str(t) for t in node.children if t is not None]


def _places(node) -> list[str]:
    """Country codes of a REL TO / FGI list; multi-word names (SOUTH KOREA) stay together."""
    codes = []
    for child in node.children:
        if getattr(child, "data", None) == "places":
            for place in child.children:
                if getattr(place, "data", None) == "place":
                    codes.append(country_code(" ".join(_words(place))))
    return codes


# --- banners ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class BannerParts:
    designation: str
    marking: Marking
    section: tuple[int, int] | None
    page: int | None
    tail: str | None


@functools.lru_cache(maxsize=4096)
def parse_banner(normalised: str) -> BannerParts:
    """A classification line whose letter-spacing is already collapsed, upper-cased."""
    if len(normalised) > MAX_MARKING_CHARS:  # the error column ends the designation: only it is read
        designation = _DESIGNATION.match(normalised)
        raise MarkingSyntaxError(_too_long(normalised), designation.end() + 1 if designation else 1)
    return _banner_parts(_parse_by_shape("banner", normalised), normalised)


def _banner_parts(tree, normalised: str) -> BannerParts:
    """The parts of `normalised` from its parse `tree` (its tokens read with `_token_text`)."""
    designation_node, controls, section, tail = tree.children
    kind = designation_node.data
    level_word = " ".join(_token_text(designation_node.children[0], normalised).split()) if kind != "lou" else None
    if kind == "lou":
        level, designation = Level.U, "LIMITED OFFICIAL USE"
        non_ic = {"LIMITED OFFICIAL USE"}
    elif kind == "restricted":  # no US level: LVL-003 reports the designation
        level, designation, non_ic = None, "RESTRICTED", set()
    else:
        level = Level.from_word(level_word.replace("TOPSECRET", "TOP SECRET"))
        designation = level_word + (" EFTO" if kind == "efto" else "") + (" SENSITIVE" if kind == "compound" else "")
        non_ic = set()
    dissem: set[str] = set()
    rel_to = fgi = None
    unknown: list[str] = []
    written: list[str] = []
    if controls is not None:
        for control in controls.children:
            if getattr(control, "type", None) in ("DSLASH", "SLASH"):
                continue
            if getattr(control, "data", None) == "rel":
                places = next((c for c in control.children if getattr(c, "data", None) == "places"), None)
                rel_to = [country_code(_token_text(t, normalised)) for t in places.children
                          if t.type == "CONTROL"] if places else []
                written.append("REL TO")
                continue
            word = " ".join(_token_text(control, normalised).split())
            if word.startswith("FOR OFFICIAL USE"):
                word = "FOUO"
            found = classify_control(word)
            if found and found[0] in ("dissem", "non_ic"):
                written.append(found[1])
            if found and found[0] == "dissem":
                dissem.add(found[1])
            elif found and found[0] == "non_ic":
                non_ic.add(found[1])
            elif word.split(" ")[0] == "FGI":  # SECRET//FGI GBR//NOFORN: read, not left unknown
                fgi = [country_code(w) for w in word.split()[1:]]
            else:
                unknown.append(word)
    sec = page = None
    if section is not None:
        numbers = [int(_token_text(t, normalised)) for t in section.children if t.type == "INT"]
        if len(numbers) == 2:
            sec = (numbers[0], numbers[1])
        elif numbers:
            page = numbers[0]
    marking = Marking(level=level, dissem=frozenset(dissem), non_ic=frozenset(non_ic), written=tuple(written),
                      rel_to=tuple(rel_to) if rel_to is not None else None, unknown=tuple(unknown),
                      fgi=tuple(fgi) if fgi is not None else None)
    tail_text = _token_text(tail.children[0], normalised).strip() if tail is not None else None
    return BannerParts(designation, marking, sec, page, tail_text)


# --- dates -----------------------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}


_MONTH_NAMES = {m: i for i, m in enumerate(
    ("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER",
     "NOVEMBER", "DECEMBER"), start=1)}


def expand_year(year: int) -> int:
    """Two-digit years: YY >= 70 -> 19YY, else 20YY (rulebook: cables start in 1973)."""
    if year >= 100:
        return year
    return 1900 + year if year >= 70 else 2000 + year


_YYYYMMDD = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_YEAR_FIRST = re.compile(r"([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})")
_MONTH_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{2}|[0-9]{4})")
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})\s+([A-Z]{3,9})\s+([0-9]{2,4})")


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> tuple[_dt.date | None, str]:
    """(date or None if impossible, format label) for a written date."""
    text = text.strip().upper()
    m = _YYYYMMDD.fullmatch(text)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3])), "YYYYMMDD"
    m = _YEAR_FIRST.fullmatch(text)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3])), "YYYY/MM/DD"
    m = _MONTH_FIRST.fullmatch(text)
    if m:
        label = "MM/DD/YYYY" if len(m[3]) == 4 else "MM/DD/YY"
        return _safe_date(expand_year(int(m[3])), int(m[1]), int(m[2])), label
    m = _DAY_MONTH_YEAR.fullmatch(text)
    if m and m[2] in _MONTHS:
        return _safe_date(expand_year(int(m[3])), _MONTHS[m[2]], int(m[1])), "DD MON YYYY"
    if m and m[2] in _MONTH_NAMES:
        return _safe_date(expand_year(int(m[3])), _MONTH_NAMES[m[2]], int(m[1])), "DD MONTH YYYY"
    return None, "unknown"


def _safe_date(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def parse_dtg(text: str) -> _dt.date:
    """The date of a date-time group such as ``O 201552Z MAR 09``."""
    normalised = _normalise(text)
    fields = _dtg_fields(shape_of(normalised)) if len(normalised) <= MAX_MARKING_CHARS else None
    if fields is None:  # (the error, as the string is written)
        fields = _token_fields(_parse_by_shape("dtg", normalised, text), normalised)
    (day, _), month, (year, year_end) = fields
    date = _safe_date(expand_year(int(normalised[year:year_end])), month, int(normalised[day:day + 2]))
    if date is None:
        raise MarkingSyntaxError(f"impossible date in date-time group {text!r}", 1)
    return date


@functools.lru_cache(maxsize=4096)
def _dtg_fields(shape: str):
    """Where a date-time group of this shape holds its day and year, and its month (None if
    the shape does not parse): every string of a shape has its tokens where the shape has them."""
    try:
        return _token_fields(_shape_tree("dtg", shape), shape)
    except Exception:
        return None


def _token_fields(tree, text: str):
    """(DAYTIME span, month number, YEAR span) of a date-time group's parse `tree` of `text`."""
    spans = {t.type: (t.start_pos, t.end_pos) for t in tree.children}
    return spans["DAYTIME"], _MONTHS[text[slice(*spans["MONTH"])]], spans["YEAR"]


# --- E.O. line values ------------------------------------------------------------------------

_COMMINGLED = re.compile(r"^(DECL(ASSIFY ON)?\s*:?\s*)?N\s*/\s*A\s+TO\b.*\bPORTIONS\b")
_DURATION_WORDS = {"FIVE": 5, "TEN": 10, "TWENTY": 20, "TWENTY-FIVE": 25, "THIRTY": 30}


@functools.lru_cache(maxsize=4096)
def parse_declass(value: str) -> Declassification:
    """The declassification instruction after ``E.O. nnnnn:`` (or after ``Declassify On:``)."""
    text = _normalise(value).rstrip(" .")
    if not text:
        return Declassification(kind="none", raw=value, span=NOWHERE, values=0)
    if _COMMINGLED.match(text):  # "N/A to RD/FRD portions. See source list for NSI portions."
        return Declassification(kind="na_commingled", raw=value, span=NOWHERE, event=text)
    tree = _parse_by_shape("eo_line", text, value)
    values = [_declass_value(node, text, value) for node in tree.children]
    first = values[0]
    if len(values) > 1:
        from dataclasses import replace

        codes = tuple(c for v in values for c in (v.codes or ((v.code,) if v.code else ())))
        return replace(first, values=len(values), codes=codes)
    return first


def _declass_value(node, text: str, raw: str) -> Declassification:
    """One value of the parsed `text`; `raw` is the value as written."""
    kind = node.data
    if kind == "na":
        return Declassification(kind="na", raw=raw, span=NOWHERE)
    if kind == "dng":
        date_node = node.children[-1]
        return Declassification(kind="event", raw=raw, span=NOWHERE, event="DNG", **_date_fields(date_node, text))
    if kind == "legacy":
        return _legacy(node, text, raw)
    if kind == "bare":
        child = node.children[0]
        if getattr(child, "data", None) == "date":
            return Declassification(kind="date", raw=raw, span=NOWHERE, **_date_fields(child, text))
        if child.type == "OADR":
            return Declassification(kind="oadr", raw=raw, span=NOWHERE, code="OADR")
        return _exemptions(node, text, raw)
    # decl: DECL declvalue?
    inner = node.children[1]
    if inner is None:
        return Declassification(kind="none", raw=raw, span=NOWHERE, values=0)
    sub = inner.data
    if sub == "decl_date":
        return Declassification(kind="date", raw=raw, span=NOWHERE, **_date_fields(inner.children[0], text))
    if sub == "decl_exemption":
        return _exemptions(inner, text, raw)
    if sub == "decl_oadr":
        return Declassification(kind="oadr", raw=raw, span=NOWHERE, code="OADR")
    if sub == "decl_legacy":
        return _legacy(inner, text, raw)
    if sub == "decl_duration":
        words = _token_text(inner.children[0], text).split()
        years = _DURATION_WORDS.get(words[0]) or (int(words[0]) if words[0].isdigit() else None)
        return Declassification(kind="duration", raw=raw, span=NOWHERE, event=" ".join(words),
                                code=str(years) if years else None)
    # decl_event: an event, or a duration counted from an event (TEN YEARS AFTER ...)
    words: list[str] = []
    for child in inner.children:
        words.extend(_token_text(t, text) for t in getattr(child, "children", (child,)))
    if "".join(words).upper() in ("N/A", "NA"):  # "DECL: N/A": the unclassified telegram's N/A
        return Declassification(kind="na", raw=raw, span=NOWHERE)
    return Declassification(kind="event", raw=raw, span=NOWHERE, event=" ".join(words))


def _exemptions(node, text: str, raw: str) -> Declassification:
    """One or more exemption codes, optionally followed by a date: ``25X6, 20600129``, ``X1, X2``."""
    codes = tuple(_exemption_code(_token_text(t, text)) for t in node.children
                  if getattr(t, "type", None) == "EXEMPTION")
    date_node = next((c for c in node.children if getattr(c, "data", None) == "date"), None)
    return Declassification(kind="x_code" if all(re.fullmatch(r"X[1-8]", c) for c in codes) else "exemption",
                            raw=raw, span=NOWHERE, code=codes[0], codes=codes, **_date_fields(date_node, text))


def _exemption_code(token: str) -> str:
    return re.sub(r"^1\.6\s*", "", token).replace(" ", "")


def _legacy(node, text: str, raw: str) -> Declassification:
    token, date_node, classifier = (list(node.children) + [None, None])[:3]
    code = re.sub(r"\s*-?\s*([0-9])$", r"-\1", _token_text(token, text).replace(" ", ""))
    written_by = _token_text(classifier.children[0], text).strip("() ") if classifier is not None else None
    return Declassification(kind="legacy", raw=raw, span=NOWHERE, code=code, codes=(code,), classifier=written_by,
                            **_date_fields(date_node, text))


def _date_fields(date_node, text: str) -> dict:
    """The date, its format and validity of a Declassification, from a `date` node (if any)."""
    if date_node is None:
        return {}
    date, label = parse_date(_token_text(date_node.children[0], text))
    return {"date": date, "date_format": label, "valid_date": date is not None}


# --- reasons ---------------------------------------------------------------------------------

# Blanks next to punctuation in a citation ("1.4 ( B ), (D)") neither split a token of the reason
# grammar nor join two (WS is ignored between tokens, SECTION's own blanks are dropped from its
# text, and no terminal's look-ahead sees punctuation as a letter or digit): citations that
# differ only there are parsed once, without them (tested on citations with and without). The
# citation is normalised first: a blank there is one space.
_REASON_BLANKS = re.compile(r" ?([(),/&+;.]) ?")


@functools.lru_cache(maxsize=4096)
def parse_reason(text: str) -> tuple[str, tuple[str, ...]]:
    """(section, letters) of a reason citation such as ``1.4 (b) and (d)``."""
    cleaned = _normalise(text).rstrip(" .,;:")
    try:
        return _reason_citation(_REASON_BLANKS.sub(r"\1", cleaned))
    except MarkingSyntaxError:
        _parse("reason", cleaned, text)  # (raises the error again, its column one of `text`)
        raise


@functools.lru_cache(maxsize=4096)
def _reason_citation(cleaned: str) -> tuple[str, tuple[str, ...]]:
    """`parse_reason` of a normalised citation: citations written in other letter cases and
    blanks ("1.4 (b) and (d)." and "1.4 (B) AND (D)") are parsed once."""
    return _citation_parts(_parse("reason", cleaned))


def _citation_parts(tree) -> tuple[str, tuple[str, ...]]:
    section = None
    letters: list[str] = []
    for child in tree.children:
        if getattr(child, "type", None) == "SECTION":
            if section is None:
                section = re.sub(r"[\s.]+$", "", re.sub(r"\s+", "", str(child)))
        else:
            letters.extend(str(t).lower() for t in child.children if getattr(t, "type", None) == "LETTER")
    return section, tuple(letters)
