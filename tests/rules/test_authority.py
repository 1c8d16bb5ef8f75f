"""Every rule records the law it rests on as data: source, section, edition, quote.

The era checks compare each authority's edition with the documents the rule judges; the
severity checks keep a rule whose authority could not be read from ever reporting an error.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from markcheck.authority import is_directive, sources
from markcheck.eras import era_table
from markcheck.rulepack import RuleFileError, builtin_rules, load_rules, rule_files
from markcheck.resources import rules_dir
from markcheck.ruledocs import explain, markdown

from tests.samples import USER_RULE_FILE

RULES = builtin_rules()
ERAS = {era.code: era for era in era_table()}


def _rule(rule_id):
    return next(r for r in RULES if r.id == rule_id)


def _severities(node):
    """Every severity the rule can report: the rule's own and any set inside its params."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("severity"):
                yield from (value.values() if isinstance(value, dict) else [value])
            else:
                yield from _severities(value)
    elif isinstance(node, list):
        for item in node:
            yield from _severities(item)


def _can_report_error(rule) -> bool:
    return "error" in {*rule.severity.values(), *_severities(dict(rule.params))}


def _rule_eras(rule) -> list[str]:
    return list(ERAS) if "all" in rule.eras else list(rule.eras)


def _first_day(rule, era_code: str) -> datetime.date:
    """The earliest document date the rule judges in an era (its `when.date_from` may start later)."""
    start = ERAS[era_code].start or datetime.date.min
    date_from = (rule.params.get("when") or {}).get("date_from")
    return max(start, datetime.date.fromisoformat(date_from)) if date_from else start


def test_every_builtin_rule_records_its_authority_and_no_separate_citation():
    assert all(rule.authority for rule in RULES)
    for path in rule_files(rules_dir()):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            assert "citation" not in entry, f"{entry['id']}: the citation is derived from `authority`"


def test_the_citation_is_derived_from_the_authority_list():
    for rule in RULES:
        for authority in rule.authority:
            assert authority.section in rule.citation, (rule.id, authority.section)
    assert _rule("DEC-001").citation.startswith("32 CFR 2001.21(a)(4), 2001.22(e)(1)")
    # one source in two editions names each edition
    assert "32 CFR 2001.22(c)(1)(ii) (2010 ed.); 32 CFR 2001.22(b)(1)(ii) (2003 ed.)" in _rule("CAB-007").citation


def test_every_rule_that_can_report_an_error_quotes_its_authority():
    missing = [r.id for r in RULES if _can_report_error(r) and not any(a.quote for a in r.authority)]
    assert missing == []


def test_a_rule_resting_only_on_unread_texts_is_a_warning_at_most():
    unread = [r for r in RULES if all(a.quote is None for a in r.authority)]
    assert unread, "some rules rest on texts no stored copy holds"
    for rule in unread:
        assert all(a.unverified for a in rule.authority)
        assert not _can_report_error(rule), rule.id


def test_every_unquoted_authority_says_why():
    for rule in RULES:
        for authority in rule.authority:
            assert (authority.quote is None) == bool(authority.unverified), (rule.id, authority.section)


def test_no_directive_edition_judges_documents_dated_before_it():
    """An edition of a directive (32 CFR 2001 of 2003 or 2010, an executive order) governs
    documents dated from its edition on; an authority's `eras` narrow it to the documents it
    governs, unless the text itself governs older documents (`retroactive`)."""
    early = []
    for rule in RULES:
        for authority in rule.authority:
            if not is_directive(authority.source) or authority.retroactive:
                continue
            for era in authority.eras or _rule_eras(rule):
                if era in _rule_eras(rule) and _first_day(rule, era) < authority.edition_date:
                    early.append((rule.id, authority.section, authority.edition, era))
    assert early == []


def test_every_era_a_rule_judges_is_governed_by_one_of_its_authorities():
    """A register or a practice document (CAPCO, ISM, the handbooks, cables) governs the rule's
    eras unless it names fewer; a directive edition the eras it names."""
    uncovered = {}
    for rule in RULES:
        covered = set()
        for authority in rule.authority:
            covered |= set(authority.eras or _rule_eras(rule))
        gap = set(_rule_eras(rule)) - covered
        if gap:
            uncovered[rule.id] = gap
    assert uncovered == {}


def test_every_source_and_directive_edition_is_known():
    table = sources()
    for rule in RULES:
        for authority in rule.authority:
            assert authority.source in table
            if is_directive(authority.source):
                assert authority.edition in table[authority.source]["editions"]


def test_corrected_citations():
    # POR-004's separators are CAPCO syntax; 32 CFR 2001.23(d) is about classified URLs
    assert "2001.23(d)" not in _rule("POR-004").citation
    assert {a.section for a in _rule("POR-004").authority} == {"§C.1", "§A.6"}
    # CAB-007: the source list is 2001.22(c)(1)(ii) in the 2010 edition, (b)(1)(ii) in 2003's,
    # where it was kept with the file or record copy
    cab007 = {(a.edition, a.section): a.quote for a in _rule("CAB-007").authority}
    assert "file or record copy" in cab007[("2003-09-22", "2001.22(b)(1)(ii)")]
    assert ("2010-06-25", "2001.22(c)(1)(ii)") in cab007
    # DEC-003: a date later than origin is the duration sequence of 2001.12(a)(1), which counts
    # from the date of original classification; 2001.12(b) is about extending a duration
    dec003 = _rule("DEC-003")
    assert any(a.section.startswith("2001.12(a)(1)") for a in dec003.authority)
    assert "2001.12(b)" not in dec003.citation


def test_each_rule_lists_the_texts_its_eras_and_limits_rest_on():
    # LVL-005 judges State documents only: State's cable ended LOU, Treasury's rule kept it
    lvl005 = {a.source: a for a in _rule("LVL-005").authority}
    assert "CEASED TO EXIST" in lvl005["State cable"].quote
    assert "Limited Official Use" in lvl005["31 CFR 2"].quote
    # POR-001's warning for 1978-1995 rests on the waivers of the two orders of that era
    por001 = {a.source: a.eras for a in _rule("POR-001").authority}
    assert por001["E.O. 12065"] == ("EO12065",) and por001["E.O. 12356"] == ("EO12356",)
    # the windows of DEC-006, DEC-010 and DEC-018 come from ISOO notices and ISL 96-2
    assert {"ISOO Notice 2011-02", "ISOO Notice 2012-02", "ISOO Notice 2013-01", "ISL 96-2"} <= {
        f"{a.source} {a.section}" for a in _rule("DEC-006").authority}
    assert "ISOO Notice 2011-02" in _rule("DEC-010").citation
    assert "ISOO Notice 2012-02" in _rule("DEC-018").citation
    # the hints DEC-019..021 judge E.O. 12958 documents by that order's exemption list
    for rule_id in ("DEC-019", "DEC-020", "DEC-021"):
        assert any(a.source == "E.O. 12958" and a.quote for a in _rule(rule_id).authority), rule_id
    # CAB-011 demands the source's date in each era from the directive of that era
    cab011 = {a.edition: a.quote for a in _rule("CAB-011").authority}
    assert all("the date of the source or guide" in cab011[e] for e in ("1995-10-14", "2003-09-22", "2010-06-25"))


def test_the_rule_catalogue_and_explanation_show_each_quote_with_its_edition():
    text = markdown(RULES)
    for rule in RULES:
        shown = explain(rule)
        for authority in rule.authority:
            expected = authority.quote if authority.quote is not None else authority.unverified
            assert expected in text and expected in shown, (rule.id, authority.section)
            assert f"edition {authority.edition}" in shown


RULE_WITH_AUTHORITY = USER_RULE_FILE.replace('    citation: "test citation"\n', "").replace(
    "      forbidden: true\n", """\
      forbidden: true
    authority:
      - source: CAPCO 2016
        section: "§H.9"
        edition: "2016-12-31"
        quote: null
        unverified: not read
""")


def _load(tmp_path: Path, text: str):
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "XYZ.yaml").write_text(text, encoding="utf-8")
    return load_rules([folder])


def test_a_user_rule_may_record_authority_and_gets_a_derived_citation(tmp_path):
    rule = next(r for r in _load(tmp_path, RULE_WITH_AUTHORITY) if r.id == "XYZ-001")
    assert rule.citation == "CAPCO 2016 §H.9"


def test_a_user_rule_with_a_plain_citation_still_loads(tmp_path):
    rule = next(r for r in _load(tmp_path, USER_RULE_FILE) if r.id == "XYZ-001")
    assert rule.citation == "test citation"


@pytest.mark.parametrize("change, fragment", [
    # an error resting only on a text nobody read
    (("severity: warning", "severity: error"), "does not contain items"),
    # a quote and a reason for having none
    (("quote: null", 'quote: "x"'), "should not be valid"),
    (("source: CAPCO 2016", "source: CAPCO 1999"), "unknown source 'CAPCO 1999'"),
    (('edition: "2016-12-31"', 'edition: "2016-02-30"'), "has no edition '2016-02-30'"),
    (('edition: "2016-12-31"', 'edition: "31 Dec 2016"'), "does not match"),
    (("    authority:\n", '    citation: "both"\n    authority:\n'), "exactly one of the two"),
])
def test_a_bad_authority_is_refused_with_its_position(tmp_path, change, fragment):
    text = RULE_WITH_AUTHORITY.replace(*change)
    assert text != RULE_WITH_AUTHORITY
    with pytest.raises(RuleFileError) as raised:
        _load(tmp_path, text)
    assert fragment in str(raised.value)
    assert "XYZ.yaml:" in str(raised.value)
