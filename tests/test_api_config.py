"""The Python API as docs/api.md describes it: the exports, `Config.from_file` and
`Config.discover` (so per-file ignores apply and `Result.suppressed` is filled), one path given
as a string, and clear errors for a bad profile, rule ID or configuration file."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import markcheck
from markcheck import Config, ConfigError, Result, check_paths, check_text

from tests.samples import PARTLY_MARKED_CABLE

TODAY = datetime.date(2010, 1, 1)
CONFIG = """\
today: 2010-01-01
per-file-ignores:
  - paths: ["drafts/**"]
    rules: [POR-001]
    reason: drafts are marked when released
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".markcheck.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text(PARTLY_MARKED_CABLE, encoding="utf-8")
    (tmp_path / "drafts" / "b.txt").write_text(PARTLY_MARKED_CABLE, encoding="utf-8")
    return tmp_path


def test_the_api_is_exported_from_the_package():
    assert {"check_text", "check_paths", "Config", "Result", "ConfigError"} <= set(markcheck.__all__)
    assert isinstance(check_text(PARTLY_MARKED_CABLE, config=Config(today=TODAY)), Result)


def test_config_from_file_applies_per_file_ignores(project):
    config = Config.from_file(project / ".markcheck.yaml")
    assert config.today == TODAY and config.per_file_ignores[0].rules == ("POR-001",)
    (result, _) = check_paths([project / "drafts" / "a.txt", project / "drafts" / "b.txt"], config=config)
    assert [s.finding.rule for s in result.suppressed] == ["POR-001", "POR-001"]
    assert all(s.kind == "config" and s.reason == "drafts are marked when released" for s in result.suppressed)
    assert [f.rule for f in result.findings] == ["MSC-001"]


def test_config_discover_finds_the_nearest_file_up_from_a_path(project, tmp_path_factory):
    assert Config.discover(project / "drafts" / "a.txt") == Config.from_file(project / ".markcheck.yaml")
    assert Config.discover(project / "drafts").per_file_ignores
    elsewhere = tmp_path_factory.mktemp("bare")
    (elsewhere / ".git").mkdir()
    assert Config.discover(elsewhere) == Config()


def test_one_path_given_as_a_string_is_that_path(project):
    results = check_paths(str(project / "drafts"), config=Config(today=TODAY))
    assert sorted(Path(r.path).name for r in results) == ["a.txt", "b.txt"]
    assert len(check_paths(project / "drafts" / "a.txt", config=Config(today=TODAY))) == 1


def test_a_bad_configuration_file_raises_with_its_position(project):
    bad = project / "bad.yaml"
    bad.write_text("select: [POR-01X]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Config.from_file(bad)
    assert f"{bad}:1:" in str(caught.value) and "'POR-01X' matches no rule" in str(caught.value)


def test_a_bad_profile_raises():
    with pytest.raises(ValueError, match="unknown profile 'cable' .choose from auto, state_cable, isoo, capco."):
        Config(profile="cable")
    with pytest.raises(TypeError, match="a tuple, not a string"):
        Config(select="POR")
    with pytest.raises(ValueError, match="'fatal' is not one of"):
        Config(severity=(("POR-001", "fatal"),))
    with pytest.raises(TypeError, match="Config.today is a datetime.date, not str"):
        Config(today="2020-01-01")


@pytest.mark.parametrize("field, value", [("select", ("POR-01X",)), ("ignore", ("portion-unmarkd",)),
                                          ("severity", (("DEC-999", "off"),))])
def test_an_unknown_rule_raises_instead_of_checking_nothing(field, value, project):
    config = Config(**{field: value})
    with pytest.raises(ValueError, match="matches no rule"):
        check_text(PARTLY_MARKED_CABLE, config=config)
    with pytest.raises(ValueError, match="matches no rule"):
        check_paths([project / "drafts" / "a.txt"], config=config)


def test_the_suggestion_names_the_nearest_rule():
    with pytest.raises(ValueError, match=r"did you mean POR-001\?"):
        check_text("x", config=Config(select=("POR-01X",)))
    with pytest.raises(ValueError, match=r"did you mean portion-unmarked\?"):
        check_text("x", config=Config(ignore=("portion-unmarkd",)))
