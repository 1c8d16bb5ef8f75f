"""The built-in rule pack is validated once and cached; users' rule files are always validated.

The cache only saves start-up time (no jsonschema import, no YAML composing on a warm start), so
these tests pin what must not change: the pack validates from scratch, the cached pack equals
the fresh one, a changed rule file is revalidated, and a broken cache is ignored.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from markcheck import rulecache, rulepack
from markcheck.resources import load_data, read_data, rules_dir
from tests.samples import CLEAN_CABLE

ROOT = Path(__file__).resolve().parents[1]


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
    assert list(cache.glob("rules-*.json"))
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
    assert errors and not list(cache.glob("rules-*.json"))


def test_a_corrupt_cache_is_ignored(cache):
    validated = _fresh()
    for store in cache.glob("rules-*.json"):
        store.write_bytes(b"not a cache file")
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
    """read_data uses libyaml's safe loader when present; it must agree with the pure one, and
    load_data (from the cache) with both."""
    for name in rulepack.DATA_FILES:
        text = (rules_dir() / name).read_text(encoding="utf-8")
        assert read_data(name) == load_data(name) == yaml.load(text, Loader=yaml.SafeLoader)


def test_data_files_come_from_the_store_of_a_current_pack(cache, monkeypatch):
    _fresh()  # miss: validates the pack and stores the data files with it
    monkeypatch.setattr(rulecache, "_DATA", {})
    monkeypatch.setattr("markcheck.resources.read_data", lambda name: pytest.fail(f"{name} read, not stored"))
    for name in rulepack.DATA_FILES:
        assert rulecache.builtin_data(name) == yaml.safe_load((rules_dir() / name).read_text(encoding="utf-8"))


def test_a_changed_data_file_is_read_again(cache, tmp_path, monkeypatch):
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    monkeypatch.setattr(rulecache, "rules_dir", lambda: copy)
    monkeypatch.setattr("markcheck.resources.rules_dir", lambda: copy)
    files = rulepack.rule_files(copy)
    rulecache.builtin_entries(files, lambda path, errors: [], [], rulepack.DATA_FILES)  # stored
    target = copy / "eras.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\nedited: true\n", encoding="utf-8")
    monkeypatch.setattr(rulecache, "_DATA", {})
    assert rulecache.builtin_data("eras.yaml")["edited"] is True  # the store is stale: read anew
    monkeypatch.setattr(rulecache, "_DATA", {})
    rulecache.builtin_entries(files, lambda path, errors: [], [], rulepack.DATA_FILES)  # stored again
    monkeypatch.setattr("markcheck.resources.read_data", lambda name: pytest.fail(f"{name} read, not stored"))
    monkeypatch.setattr(rulecache, "_DATA", {})
    assert rulecache.builtin_data("eras.yaml")["edited"] is True


def test_data_files_without_a_cache(monkeypatch):
    monkeypatch.setenv("MARKCHECK_NO_CACHE", "1")
    monkeypatch.setattr(rulecache, "_DATA", {})
    assert rulecache.builtin_data("vocabulary.yaml") == read_data("vocabulary.yaml")


def test_a_warm_start_imports_no_yaml_parser(cache, tmp_path):
    """The rule pack and the data files come from the store: PyYAML (and jsonschema) are only
    imported when a rule, data or configuration file has to be read."""
    (tmp_path / "doc.txt").write_text(CLEAN_CABLE, encoding="utf-8")
    code = ("import sys; from markcheck import cli; rc = cli.main(['doc.txt', '--isolated', '--today', '2010-01-01']); "
            "print(sorted(m for m in ('yaml', 'jsonschema') if m in sys.modules), file=sys.stderr)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for expected in ("['jsonschema', 'yaml']", "[]"):  # a first run validates and stores; the next does not
        run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env,
                             check=False)
        assert run.stderr.strip().splitlines()[-1] == expected, run.stderr


def test_a_changed_module_changes_the_key(tmp_path, monkeypatch):
    copy = tmp_path / "markcheck"
    shutil.copytree(rulecache._PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(rulecache, "_PACKAGE", copy)
    first = rulecache.pack_key()
    assert rulecache.pack_key() == first
    for module in (copy / "api.py", next((copy / "checks").glob("*.py"))):
        info = module.stat()
        os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        assert rulecache.pack_key() != first
        first = rulecache.pack_key()


# --- the cache's file format: JSON, which cannot run code ------------------------------------

def test_values_of_every_shape_stored_survive_the_round_trip():
    import datetime

    from markcheck import cachefile

    value = {"tuple": (1, "a", (2.5, None)), "ints": {1: "one", 2: {3: (True, False)}}, "\0tag": [],
             "date": datetime.date(2009, 3, 20), "stamp": datetime.datetime(2009, 3, 20, 15, 52),
             "list": [{"\0tuple": 1}], (1, 2): "tuple key", "text": "caf\u00e9 \ud800"}
    assert cachefile.decode(cachefile.encode(value)) == value
    with pytest.raises(TypeError):
        cachefile.encode({"a set": {1, 2}})


def test_a_value_that_does_not_survive_is_not_stored(cache):
    from markcheck import cachefile

    cachefile.store("entry.json", "key", {"fine": 1})
    assert cachefile.load("entry.json", "key") == {"fine": 1}
    assert cachefile.load("entry.json", "other key") is None
    cachefile.store("odd.json", "key", {"a set": {1, 2}})
    assert not (cache / "odd.json").exists()


@pytest.mark.parametrize("name", ["portion", "banner", "eo_line", "reason", "dtg"])
def test_a_grammars_tables_load_from_the_cache_as_built(cache, name, monkeypatch):
    from lark import Lark
    from lark.grammar import Rule as LarkRule
    from lark.lexer import TerminalDef

    options = {"parser": "lalr", "maybe_placeholders": True}
    built = rulecache.lark_parser(name, **options)  # a miss: built and stored
    assert len(list(cache.glob(f"lark-{name}-*.json"))) == 1
    monkeypatch.setattr(Lark, "open", classmethod(lambda *args, **kwargs: pytest.fail("built again, not loaded")))
    loaded = rulecache.lark_parser(name, **options)
    assert loaded.memo_serialize([TerminalDef, LarkRule]) == built.memo_serialize([TerminalDef, LarkRule])


def test_two_installations_keep_their_own_grammar_tables(cache, tmp_path, monkeypatch):
    """A pre-commit hook's markcheck and a project's, alternating, each load their tables."""
    from lark import Lark

    copies = []
    for version in ("one", "two"):
        folder = tmp_path / version
        shutil.copytree(ROOT / "grammars", folder)
        with open(folder / "dtg.lark", "a", encoding="utf-8") as grammar:
            grammar.write(f"// {version}\n")  # the versions' grammars differ
        copies.append(folder)
    built = []
    real_open = Lark.open.__func__
    monkeypatch.setattr(Lark, "open", classmethod(lambda cls, *a, **k: built.append(a[0]) or real_open(cls, *a, **k)))
    for folder in copies + copies:
        monkeypatch.setattr(rulecache, "grammars_dir", lambda folder=folder: folder)
        rulecache.lark_parser("dtg", parser="lalr")
    assert len(built) == 2  # each built once, then loaded on its next turn
    assert len(list(cache.glob("lark-dtg-*.json"))) == 2
