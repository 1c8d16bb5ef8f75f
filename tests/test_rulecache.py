"""The built-in rule pack is validated once and cached; users' rule files are always validated.

The cache only saves start-up time (no jsonschema import, no YAML composing on a warm start), so
these tests pin what must not change: the pack validates from scratch, the cached pack equals
the fresh one, a changed rule file is revalidated, and a broken cache is ignored.
"""

from __future__ import annotations

import shutil
import textwrap

import pytest
import yaml

from markcheck import rulecache, rulepack
from markcheck.resources import load_data, rules_dir


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("MARKCHECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("MARKCHECK_NO_CACHE", raising=False)
    return folder


def _fresh(directories=()):
    """The rule pack loaded without the per-process memo."""
    return rulepack._load.__wrapped__(tuple(str(d) for d in directories))


def test_builtin_pack_validates_from_scratch(monkeypatch):
    monkeypatch.setenv("MARKCHECK_NO_CACHE", "1")
    rules = _fresh()
    assert rules and len({r.id for r in rules}) == len(rules)


def test_cached_pack_equals_the_validated_pack(cache, monkeypatch):
    validated = _fresh()  # miss: validates and stores
    assert list(cache.glob("rules-*.pickle"))
    calls = []
    monkeypatch.setattr(rulepack, "_load_file", lambda path, errors: calls.append(path) or [])
    cached = _fresh()  # hit: no rule file is read
    assert calls == []
    assert cached == validated
    assert [(r.id, dict(r.severity), r.params) for r in cached] == \
        [(r.id, dict(r.severity), r.params) for r in validated]


def test_a_changed_rule_file_is_validated_again(cache, tmp_path, monkeypatch):
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    monkeypatch.setattr(rulecache, "rules_dir", lambda: copy)
    files = rulepack.rule_files(copy)
    first = rulecache.pack_key()
    target = files[0]
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert rulecache.pack_key() != first
    seen = []
    rulecache.builtin_entries(files, lambda path, errors: seen.append(path) or [], [])
    assert seen == files


def test_a_broken_rule_file_is_reported_and_not_cached(cache, tmp_path, monkeypatch):
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    monkeypatch.setattr(rulecache, "rules_dir", lambda: copy)
    files = rulepack.rule_files(copy)
    errors: list = []

    def broken(path, errors):
        errors.append((str(path), 1, 1, "broken"))
        return []

    rulecache.builtin_entries(files, broken, errors)
    assert errors and not list(cache.glob("rules-*.pickle"))


def test_a_corrupt_cache_is_ignored(cache):
    validated = _fresh()
    for store in cache.glob("rules-*.pickle"):
        store.write_bytes(b"not a pickle")
    assert _fresh() == validated


def test_user_rule_files_are_always_validated(cache, tmp_path):
    _fresh()  # the built-in pack is now cached
    user = tmp_path / "mine"
    user.mkdir()
    (user / "X.yaml").write_text(textwrap.dedent("""\
        rules:
          - id: XYZ-001
            name: broken
            unknown_key: true
        """), encoding="utf-8")
    with pytest.raises(rulepack.RuleFileError) as info:
        _fresh([user])
    assert "X.yaml:" in str(info.value)


def test_data_files_read_the_same_with_either_yaml_loader():
    """load_data uses libyaml's safe loader when present; it must agree with the pure one."""
    for name in ("eras.yaml", "vocabulary.yaml"):
        text = (rules_dir() / name).read_text(encoding="utf-8")
        assert load_data(name) == yaml.load(text, Loader=yaml.SafeLoader)
