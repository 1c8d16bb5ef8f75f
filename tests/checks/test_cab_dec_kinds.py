"""The CAB/DEC check kinds (presence, token-window, duration, reason-letters) and their data.

The rule cases (tests/rules/cases) exercise the kinds through whole documents; these tests pin
the pieces: era-derived windows, calendar arithmetic, the params' paths and era keys, and the
behaviour on documents the reader cannot date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing

import pytest

from markcheck import model
from markcheck.checks import _docpath as dp
from markcheck.checks import _erafacts as facts
from markcheck.checks import check, duration, presence, reason_letters, token_window
from markcheck.checks.base import Context, Rule
from markcheck.engine import phrased_values
from markcheck.eras import era_by_code, era_table
from markcheck.model import (AuthorityBlock, Classifier, Declassification, Document, DocumentDate, EOLine, Level,
                             Marking, Reason, Span)
from markcheck.rulepack import builtin_rules

D = dt.date
SPAN = Span(1, 1, 1, 2)
CAB_DEC_KINDS = {"presence", "token-window", "duration", "reason-letters"}


def _rule(kind: str, params: dict, severity: str = "error", grace_days: int | None = None, eras=("all",)) -> Rule:
    return Rule(id="TST-001", name="test", summary="s", description="d",
                severity={"state_cable": severity, "isoo": severity, "capco": severity}, eras=tuple(eras),
                grace_days=grace_days, confidence="V", message="m", citation="c", extends=kind, params=params)


def _doc(day: D | None = D(2009, 3, 20), level: Level = Level.C, order: str | None = "12958",
         declass: Declassification | None = None, reason: Reason | None = None,
         classifier: Classifier | None = None, era: str | None = None) -> Document:
    declass = declass or Declassification(kind="date", raw="DECL: 03/20/2019", span=Span(5, 13, 5, 29),
                                          date=D(2019, 3, 20), date_format="MM/DD/YYYY")
    cab = AuthorityBlock(span=Span(9, 1, 9, 60), classified_by=classifier, reason=reason) \
        if reason or classifier else None
    if era is None and day is not None:
        from markcheck.eras import era_for
        era = era_for(day).code
    return Document(
        path=None, profile="state_cable",
        date=DocumentDate(day, "dtg", "O 201552Z MAR 09", SPAN) if day else None, era=era,
        eo_line=EOLine(order=order, raw=f"E.O. {order}: {declass.raw}", span=Span(5, 1, 5, 29), declass=declass)
        if order else None,
        cab=cab, classification=Marking(level=level))


CTX = Context(today=D(2024, 1, 1), profile="state_cable")


# --- era facts ---------------------------------------------------------------------------------

def _window(windows, label):
    return next(w for w in windows if w.label == label)


def test_order_windows_come_from_the_era_table():
    w12958 = _window(facts.order_windows(), "12958")
    assert (w12958.start, w12958.end, w12958.early_from) == (D(1995, 10, 14), D(2010, 6, 26), D(1995, 4, 17))
    w13526 = _window(facts.order_windows(), "13526")
    # the 2010 directive's effective date opens the window (rulebook §7 D-1), signing a warning lead-in
    assert (w13526.start, w13526.end, w13526.early_from) == (D(2010, 6, 25), None, D(2009, 12, 29))


def test_reason_section_windows_accept_1_4_from_the_amendments_signing():
    w14 = _window(facts.section_windows(), "1.4")
    assert (w14.start, w14.allowed_from) == (D(2003, 9, 22), D(2003, 3, 25))
    w15 = _window(facts.section_windows(), "1.5")
    assert (w15.start, w15.end) == (D(1995, 10, 14), D(2003, 9, 21))
    assert facts.section_letters() == {"1.5": frozenset("abcdefg"), "1.4": frozenset("abcdefgh")}


def test_declass_token_windows_match_codes_and_phrases():
    windows = facts.declass_windows()
    assert next(w for w in windows if w.matches("X6")).end == D(2003, 9, 21)
    assert next(w for w in windows if w.matches("OADR")).end == D(1995, 10, 13)
    assert next(w for w in windows if w.matches("25X1-HUMAN")).grace_until == D(2012, 12, 31)
    mr = next(w for w in windows if w.matches("MR"))  # a prior-order marking, not "never"
    assert not mr.never and mr.end == D(2008, 2, 29) and mr.derivative_until == D(2010, 6, 24)
    assert next(w for w in windows if w.matches("DNI ONLY")).end is None  # E.O. 12951 imagery
    assert next(w for w in windows if w.matches("SUBJECT TO TREATY OR INTERNATIONAL AGREEMENT")).never
    assert not any(w.matches("25X1-HUMANS") for w in windows if w.label.startswith("25X1-2"))


def test_the_cited_version_of_an_order_follows_the_document_date():
    assert [e.code for e in facts.era_for_order("12958", D(1999, 6, 10))] == ["EO12958"]
    assert [e.code for e in facts.era_for_order("12958", D(2003, 6, 1))] == ["EO12958A"]  # after 13292's signing
    assert [e.code for e in facts.era_for_order("12958", None)] == ["EO12958", "EO12958A"]


def test_exemption_groups_map_codes_to_reasons_per_section():
    wmd = facts.exemption_group("wmd")
    x2 = next(e for e in wmd if e.matches("X2"))
    assert x2.confidence == "M" and x2.letters_for("1.5") == {"e", "f"} and x2.letters_for("1.4") == {"h"}
    assert next(e for e in facts.exemption_group("intelligence") if e.matches("50X1-HUM")).letters_for(None) == {"c", "d"}


def test_calendar_distance():
    assert duration.describe(D(2009, 3, 20), D(2039, 3, 20)) == "30 years"
    assert duration.describe(D(2006, 5, 23), D(2031, 5, 19)) == "24 years 11 months 26 days"
    assert duration.describe(D(2009, 3, 20), D(2008, 3, 20)) == "1 year"
    assert duration.add_years(D(2008, 2, 29), 10) == D(2018, 2, 28)


# --- the rule files' params against the model and the era table --------------------------------

def _hints(cls):
    return typing.get_type_hints(cls, vars(model))


def _walk(path: str) -> None:
    """Fail unless every segment of `path` names a field/property of the model classes."""
    head, *rest = path.split(".")
    aliases = {"first_banner": model.Banner, "level": None, "declass_tokens": None, "declass": Declassification,
               "classified": None, "extension": model.Extension}
    if head in aliases:
        current = aliases[head]
    else:
        assert head in _hints(Document), f"{path}: Document has no {head!r}"
        current = _hints(Document)[head]
    for part in rest:
        assert current is not None, f"{path}: cannot descend into {part!r}"
        classes = [c for c in typing.get_args(current) if dataclasses.is_dataclass(c)] or [current]
        cls = classes[0]
        assert dataclasses.is_dataclass(cls), f"{path}: {part!r} after a non-model value"
        hints = _hints(cls)
        assert part in hints, f"{path}: {cls.__name__} has no {part!r}"
        current = hints[part]


def _paths(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("path", "show") and isinstance(value, str):
                yield value
            elif key in ("any", "at") and isinstance(value, list):
                yield from value
            else:
                yield from _paths(value)
    elif isinstance(node, list):
        for item in node:
            yield from _paths(item)


CAB_DEC_RULES = [r for r in builtin_rules() if r.extends in CAB_DEC_KINDS]


@pytest.mark.parametrize("rule", CAB_DEC_RULES, ids=lambda r: r.id)
def test_params_name_real_model_paths(rule):
    for path in _paths(dict(rule.params)):
        _walk(path)


@pytest.mark.parametrize("rule", [r for r in CAB_DEC_RULES if r.extends == "duration"], ids=lambda r: r.id)
def test_duration_limits_resolve_in_every_era_they_name(rule):
    eras = [e.code for e in era_table()] if "all" in rule.eras else list(rule.eras)
    for limit in rule.params["limits"]:
        key = limit.get("max_years")
        if not isinstance(key, str):
            continue
        for code in limit.get("eras", eras):
            value = facts.era_value(era_by_code(code), key)
            # exemption limits exist only in the eras that define the exemption (50X from 2010)
            if value is None:
                assert key.startswith("exemption_max_years.") and code == "EO12958A", (rule.id, code, key)
            else:
                assert isinstance(value, int), (rule.id, code, key, value)


@pytest.mark.parametrize("rule", [r for r in CAB_DEC_RULES if r.params.get("mode") == "exemption"],
                         ids=lambda r: r.id)
def test_exemption_rules_name_existing_groups(rule):
    assert facts.exemption_group(rule.params["group"])


def test_no_cab_dec_message_leaves_a_placeholder_the_kind_does_not_fill():
    kinds = {"presence": presence, "token-window": token_window, "duration": duration,
             "reason-letters": reason_letters}
    import string
    for rule in CAB_DEC_RULES:
        fields = {f for _, f, _, _ in string.Formatter().parse(rule.message) if f}
        assert fields <= kinds[rule.extends].PLACEHOLDERS, rule.id


# --- kinds on hand-built documents -------------------------------------------------------------

def test_presence_reports_missing_elements_at_the_fallback_span():
    rule = _rule("presence", {"when": {"classified": True},
                              "require": [{"any": ["cab.classified_by", "cab.derived_from"], "label": "a classifier",
                                           "expected": "a Classified By line under {order}"}],
                              "at": ["eo_line"]})
    (hit,) = check(presence, _doc(), rule, CTX)
    assert hit.span == Span(5, 1, 5, 29) and hit.values["found"] == "none"
    assert hit.values["expected"] == "a Classified By line under E.O. 12958 as amended"
    assert not list(check(presence, _doc(level=Level.U), rule, CTX))


def test_presence_combines_failing_items_and_caps_by_era():
    rule = _rule("presence", {"require": [{"path": "cab.classified_by.name", "label": "name", "show": "cab.classified_by"},
                                          {"path": "cab.classified_by.position", "label": "position",
                                           "show": "cab.classified_by"}],
                              "era_severity": {"EO12958A": "info"}})
    doc = _doc(classifier=Classifier(name="", position=None, raw="", span=Span(9, 16, 9, 17)))
    (hit,) = check(presence, doc, rule, CTX)
    assert hit.values["missing"] == "name and position" and hit.span == Span(9, 16, 9, 17)
    assert hit.severity == "info"


def test_token_window_judges_never_tokens_without_a_date():
    rule = _rule("token-window", {"subject": "declass-token", "windows": "declass_tokens"})
    treaty = Declassification(kind="event", raw="DECL: SUBJECT TO TREATY", span=Span(5, 13, 5, 36),
                              event="SUBJECT TO TREATY")
    (hit,) = check(token_window, _doc(day=None, declass=treaty), rule, CTX)
    assert "never authorised" in hit.values["state"]
    oadr = Declassification(kind="oadr", raw="DECL: OADR", span=Span(5, 13, 5, 23), code="OADR")
    assert not list(check(token_window, _doc(day=None, declass=oadr), rule, CTX))


@pytest.mark.parametrize("day,severity", [
    (D(1994, 1, 15), "error"),     # before signing
    (D(1995, 6, 1), "warning"),    # signed, not yet effective
    (D(2009, 3, 20), None),        # in force
    (D(2011, 1, 10), "warning"),   # grace window
    (D(2012, 1, 10), "error"),     # after the grace window
])
def test_token_window_order_states(day, severity):
    rule = _rule("token-window", {"subject": "eo-order", "windows": "orders"}, grace_days=365)
    hits = list(check(token_window, _doc(day=day), rule, CTX))
    if severity is None:
        assert hits == []
    else:
        (hit,) = hits
        assert (hit.severity or "error") == severity


def _problem(rule, hit) -> str:
    """What the hit says is wrong: its phrase (rules/messages.yaml) rendered, as the engine does."""
    return phrased_values(rule, hit.values)["problem"]


def test_duration_reports_the_most_severe_broken_limit_once():
    rule = _rule("duration", {"limits": [
        {"max_years": "default_years", "severity": "info", "expected": "default"},
        {"max_years": "max_years", "expected": "{order} allows at most {limit} years without {exemption}"}]})
    late = Declassification(kind="date", raw="DECL: 03/20/2039", span=Span(5, 13, 5, 29), date=D(2039, 3, 20))
    (hit,) = check(duration, _doc(declass=late), rule, CTX)
    assert hit.severity is None  # the rule's own (error)
    assert _problem(rule, hit) == "is 30 years after the document date 2009-03-20"
    assert hit.values["expected"] == "E.O. 12958 as amended allows at most 25 years without a 25X exemption"


def test_duration_needs_the_document_date_except_from_today():
    rule = _rule("duration", {"limits": [{"min_days": 1}]})
    assert not list(check(duration, _doc(day=None, era="EO12958A"), rule, CTX))
    today_rule = _rule("duration", {"origin": "today", "limits": [{"min_days": 0}]})
    (hit,) = check(duration, _doc(day=None, era="EO12958A"), today_rule, CTX)
    assert "before the run date 2024-01-01" in _problem(today_rule, hit)


def test_reason_letters_modes():
    reason = Reason("1.4", ("h",), "1.4 (h)", Span(9, 40, 9, 47))
    section = _rule("reason-letters", {"mode": "section"})
    order = _rule("reason-letters", {"mode": "order"})
    assert not list(check(reason_letters, _doc(day=D(1999, 6, 10), reason=reason), section, CTX))
    (hit,) = check(reason_letters, _doc(day=D(1999, 6, 10), reason=reason), order, CTX)
    assert hit.span == reason.span and "E.O. 12958" in _problem(order, hit)
    bad = Reason("1.5", ("h", "b", "b"), "1.5 (h), (b), (b)", Span(9, 40, 9, 57))
    (hit,) = check(reason_letters, _doc(day=D(1999, 6, 10), reason=bad), section, CTX)
    assert _problem(section, hit) == "(h), which section 1.5 does not have and (b) more than once"


def test_reason_letters_exemption_caps_unverified_mappings_at_warning():
    rule = _rule("reason-letters", {"mode": "exemption", "group": "foreign_relations"})
    x6 = Declassification(kind="x_code", raw="DECL: 1.6X6", span=Span(5, 13, 5, 24), code="X6", codes=("X6",))
    reason = Reason("1.5", ("c",), "1.5 (c)", Span(9, 40, 9, 47))
    (hit,) = check(reason_letters, _doc(day=D(1999, 6, 10), declass=x6, reason=reason), rule, CTX)
    assert hit.severity == "warning" and hit.values["expected"] == "1.5 (b) or (d)"
    ok = Reason("1.5", ("b", "c"), "1.5 (b), (c)", Span(9, 40, 9, 52))
    assert not list(check(reason_letters, _doc(day=D(1999, 6, 10), declass=x6, reason=ok), rule, CTX))


def test_predicates():
    doc = _doc(reason=Reason("1.4", ("b",), "1.4 (b)", SPAN))
    assert dp.holds(doc, {"path": "level", "equals": "C"})
    assert dp.holds(doc, {"path": "declass.kind", "in": ["date"]})
    assert dp.holds(doc, {"not": {"path": "cab.derived_from"}})
    assert dp.holds(doc, {"any_of": [{"path": "cab.derived_from"}, {"path": "cab.reason"}]})
    assert dp.holds(doc, {"path": "eo_line.order", "equals": "12958"})
    assert not dp.holds(doc, {"fgi": True})
    assert dp.holds(doc, {"path": "declass.valid_date", "equals": True})


# --- presence and text of path values, told apart by type --------------------------------------

class _Text(str):
    pass


class _Pair(tuple):
    pass


class _Word(str, __import__("enum").Enum):
    NOFORN = "  "


class _WithRaw:
    raw = "  DECL:   03/20/2019 "


@pytest.mark.parametrize("value, there, text", [
    (None, False, None), (False, False, None), (True, True, "True"), (0, True, "0"), (2.5, True, "2.5"),
    ("", False, ""), ("  ", False, ""), (" a  b ", True, "a b"), (_Text(" "), False, ""), (_Text("x  y"), True, "x y"),
    ((), False, ""), (("A", Level.C), True, "A, C"), ([], False, ""), (["x"], True, "x"), (frozenset(), False, ""),
    (_Pair(()), False, ""), (_Pair(("a",)), True, "a"), ({}, False, "{}"), ({"k": 1}, True, "{'k': 1}"),
    (Level.U, True, "U"), (_Word.NOFORN, False, "NOFORN"), (D(2019, 3, 20), True, "2019-03-20"),
    (dt.datetime(2019, 3, 20, 8, 30), True, "2019-03-20T08:30:00"), (_WithRaw(), True, "DECL: 03/20/2019"),
    (SPAN, True, "Span(line=1, column=1, end_line=1, end_column=2)"),
])
def test_present_and_as_text_by_type(value, there, text):
    """Each value twice: the second answer comes from the type's remembered sort."""
    for _ in range(2):
        assert dp.present(value) is there
        if text is not None:
            assert dp.as_text(value) == text
