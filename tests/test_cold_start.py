"""What a plain check of one file imports and reads from the cache: the parts of a cold start
that can be pinned without a clock (BENCHMARKS.md has the times).

A check runs the real command line in a fresh interpreter, twice with one cache folder: the
first run fills the cache, the second is the warm start every later run is."""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

from markcheck import globs, rulecache
from tests.samples import CLEAN_CABLE

ROOT = Path(__file__).resolve().parents[1]

# Modules a plain check of one ASCII text file has no use for: inspect's model dump and marking
# table, pathspec (glob translations come from the cache), Lark's optional regex engine and its
# terminal-collision checker (tables come from the cache), the output formats not chosen, the
# HTML report's templates, the parsers of data files, the archive readers, the baseline and
# difflib (its suggestions are for misspelt suppression comments).
NOT_NEEDED = ("markcheck.serialize", "markcheck.reader.marking_spans", "pathspec", "regex", "interegular",
              "markcheck.formats.sarif", "markcheck.formats.junit", "markcheck.formats.github",
              "markcheck.formats.gitlab", "markcheck.formats.parquet", "jinja2", "yaml", "jsonschema",
              "markcheck.archive.readers", "markcheck.baseline", "difflib")


def _modules_after_check(folder: Path, cache: Path, *arguments: str) -> tuple[int, list[str]]:
    """The exit code of ``markcheck ARGUMENTS`` run in a fresh interpreter, and the modules it
    imported that NOT_NEEDED names."""
    code = ("import sys, json; from markcheck import cli; rc = cli.main(sys.argv[1:]); "
            f"print(json.dumps([rc, sorted(m for m in {NOT_NEEDED!r} if m in sys.modules)]), file=sys.stderr)")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MARKCHECK_CACHE_DIR": str(cache)}
    env.pop("MARKCHECK_NO_CACHE", None)
    run = subprocess.run([sys.executable, "-c", code, *arguments], cwd=folder, capture_output=True, text=True,
                         env=env, check=False)
    rc, imported = json.loads(run.stderr.strip().splitlines()[-1])
    return rc, imported


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_warm_plain_check_imports_nothing_it_does_not_use(tmp_path, output):
    (tmp_path / "cable.txt").write_text(CLEAN_CABLE, encoding="utf-8")
    arguments = ("cable.txt", "--isolated", "--today", "2010-01-01", "--format", output)
    first = _modules_after_check(tmp_path, tmp_path / "cache", *arguments)
    assert first[0] == 0
    warm = _modules_after_check(tmp_path, tmp_path / "cache", *arguments)
    assert warm == (0, []), f"a warm start imported {warm[1]}"


def test_text_that_is_not_ascii_is_still_read_as_a_person_sees_it(tmp_path):
    """Lark is imported without the regex module; markcheck's own reading of non-ASCII text
    (which uses it) still works in the same process, after a check of ASCII text."""
    (tmp_path / "plain.txt").write_text(CLEAN_CABLE, encoding="utf-8")
    # paragraph 2 marked with a Cyrillic DZE that looks like the Latin S: a SECRET portion
    disguised = CLEAN_CABLE.replace("2. (U) Background.", "2. (\u0405) Background.")
    (tmp_path / "disguised.txt").write_text(disguised, encoding="utf-8")
    code = ("import sys; from markcheck import cli; "
            "print('status', cli.main(['plain.txt', '--isolated', '--today', '2010-01-01']), 'lark' in sys.modules, "
            "'regex' in sys.modules, file=sys.stderr); "
            "print('status', cli.main(['disguised.txt', '--isolated', '--today', '2010-01-01', '--format', 'json']), "
            "file=sys.stderr)")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MARKCHECK_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env,
                         check=False)
    status = [line for line in run.stderr.splitlines() if line.startswith("status ")]
    assert status == ["status 0 True False", "status 1"], run.stderr
    report = json.loads(run.stdout[run.stdout.index("{"):])
    findings = [f for entry in report["files"] for f in entry["findings"]]
    assert any("U+0405" in f["message"] for f in findings), findings
    assert any(f["rule"].startswith("ROL") for f in findings), findings  # read as (S): above the CONFIDENTIAL banner


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("MARKCHECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("MARKCHECK_NO_CACHE", raising=False)
    monkeypatch.setattr(rulecache, "_GLOBS", None)
    return folder


def test_glob_translations_come_from_the_cache_as_pathspec_made_them(cache, monkeypatch):
    patterns = ("**/*.txt", ".[!.]*/", "README*", "build/", "docs/**/draft-?.md")
    made = {p: globs._translated(p) for p in patterns}
    for p in patterns:
        assert rulecache.cached_glob_regex(p, globs._translated) == made[p]  # a miss: translated and stored
    assert [entry.name for entry in cache.glob("globs*.json")] == [f"globs-{rulecache._installation(rulecache._PACKAGE)}.json"]
    monkeypatch.setattr(rulecache, "_GLOBS", None)  # the next process

    def refuse(pattern):
        pytest.fail(f"{pattern!r} translated again, not read from the cache")

    assert {p: rulecache.cached_glob_regex(p, refuse) for p in patterns} == made


def test_glob_translations_are_made_again_for_another_pathspec(cache, monkeypatch):
    rulecache.cached_glob_regex("*.md", globs._translated)
    monkeypatch.setattr(rulecache, "_GLOBS", None)
    monkeypatch.setattr(rulecache, "_globs_key", lambda: "the key of another pathspec")
    calls = []
    assert rulecache.cached_glob_regex("*.md", lambda p: calls.append(p) or globs._translated(p)) == globs._translated("*.md")
    assert calls == ["*.md"]


def test_two_installations_used_in_turn_keep_their_own_glob_translations(cache, monkeypatch):
    """A pre-commit hook's markcheck and a project's, run in turn: neither finds the other's
    entry and translates again (importing pathspec) on every run."""
    installation = {"name": "hook"}
    monkeypatch.setattr(rulecache, "_installation", lambda folder: installation["name"])
    keys = {"hook": "key of the hook's pathspec", "project": "key of the project's pathspec"}
    monkeypatch.setattr(rulecache, "_globs_key", lambda: keys[installation["name"]])
    for name in ("hook", "project"):
        installation["name"] = name
        monkeypatch.setattr(rulecache, "_GLOBS", None)
        rulecache.cached_glob_regex("*.md", globs._translated)

    def refuse(pattern):
        pytest.fail(f"{pattern!r} translated again, not read from the cache")

    for name in ("hook", "project", "hook"):
        installation["name"] = name
        monkeypatch.setattr(rulecache, "_GLOBS", None)  # the next process
        assert rulecache.cached_glob_regex("*.md", refuse) == globs._translated("*.md")
    assert sorted(entry.name for entry in cache.glob("globs*.json")) == ["globs-hook.json", "globs-project.json"]


def test_a_damaged_glob_entry_is_not_used(cache, monkeypatch):
    rulecache.cached_glob_regex("*.md", globs._translated)
    (entry,) = cache.glob("globs-*.json")
    key, _ = entry.read_bytes().split(b"\n", 1)
    entry.write_bytes(key + b"\n" + json.dumps({"*.md": 7}).encode())  # the right key, a wrong value
    monkeypatch.setattr(rulecache, "_GLOBS", None)
    assert rulecache.cached_glob_regex("*.md", globs._translated) == globs._translated("*.md")


def test_glob_translations_without_a_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("MARKCHECK_NO_CACHE", "1")
    monkeypatch.setattr(rulecache, "_GLOBS", None)
    assert rulecache.cached_glob_regex("*.md", globs._translated) == globs._translated("*.md")
    assert rulecache._GLOBS is None


def test_a_lazy_pattern_is_compiled_on_first_use_and_is_the_compiled_pattern_after():
    from markcheck.lazyre import lazy

    pattern = lazy(r"de(?P<rest>classified)\b", re.I)
    assert "search" not in vars(pattern)  # nothing compiled yet
    assert pattern.search("It was DECLASSIFIED on 1 May").group("rest") == "CLASSIFIED"
    compiled = re.compile(r"de(?P<rest>classified)\b", re.I)
    assert vars(pattern)["search"] == compiled.search  # its methods are now the compiled pattern's own
    assert (pattern.flags, pattern.groups, pattern.groupindex) == (compiled.flags, compiled.groups, compiled.groupindex)
    assert pattern.sub("X", "declassified, Declassified") == "X, X"
    assert [m.span() for m in pattern.finditer("declassified declassifiedx")] == [(0, 12)]


def test_importing_the_reader_compiles_none_of_its_lazy_patterns():
    """The patterns of what a given document may not hold (stamps, CUI blocks, cut-short copies) are
    compiled when a document needs them, not when the reader is imported."""
    code = ("import sys; import markcheck.reader.build; from markcheck.lazyre import LazyPattern; "
            "from markcheck.reader import stamps, incomplete, lenient; from markcheck.cui import blocks, read; "
            "from markcheck.reader.recognise import authority, portion; "
            "lazies = [v for m in (stamps, incomplete, lenient, blocks, read, authority, portion) "
            "for v in vars(m).values() "
            "if isinstance(v, LazyPattern)]; "
            "print(len(lazies), sum('search' in vars(v) for v in lazies))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    defined, compiled = map(int, run.stdout.split())
    assert defined >= 30 and compiled == 0, run.stdout


def test_grammars_built_without_interegular_parse_as_with_it(tmp_path):
    """Lark uses interegular only to warn of colliding terminals while it builds tables; the
    command hides it (`cli._import_lark`). Built so, each grammar reads every case of
    tests/grammars/cases as the grammar built with it does: the same tree, or the same error at
    the same place (the strict build in tests/grammars still looks for collisions with it)."""
    code = ("import sys, json, yaml; from pathlib import Path; from markcheck import cli; "
            "cli._import_lark() if sys.argv[1] == 'hidden' else __import__('lark'); "
            "import lark.lexer; from lark import Lark; from markcheck.resources import grammars_dir; "
            "from markcheck.reader.grammar import normalise\n"
            "def read(parser, text):\n"
            "    try:\n"
            "        return parser.parse(normalise(text)).pretty()\n"
            "    except Exception as exc:\n"
            "        return [type(exc).__name__, getattr(exc, 'column', None)]\n"
            "out = {}\n"
            "for path in sorted(Path(sys.argv[2]).glob('*.yaml')):\n"
            "    cases = yaml.safe_load(path.read_text(encoding='utf-8'))\n"
            "    parser = Lark.open(str(grammars_dir() / (cases['grammar'] + '.lark')), parser='lalr', maybe_placeholders=True)\n"
            "    out[path.stem] = [read(parser, str(c['input'])) for k in ('accept', 'reject') for c in cases[k]]\n"
            "print(json.dumps([lark.lexer.has_interegular, out]))")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MARKCHECK_NO_CACHE": "1"}
    read = {}
    for mode in ("hidden", "installed"):
        run = subprocess.run([sys.executable, "-c", code, mode, str(ROOT / "tests" / "grammars" / "cases")],
                             capture_output=True, text=True, env=env, check=True, cwd=tmp_path)
        read[mode] = json.loads(run.stdout)
    assert read["hidden"][0] is False and read["installed"][0] is True
    assert sorted(read["hidden"][1]) == ["banner", "classified_by", "cui", "dtg", "eo_line", "portion", "reason"]
    assert sum(isinstance(r, str) for rs in read["hidden"][1].values() for r in rs) > 200  # trees, not only errors
    assert read["hidden"][1] == read["installed"][1]


def test_the_strict_build_finds_collisions_after_the_command_hid_interegular():
    """A process that ran the command (Lark imported without interegular) can still build a
    grammar strictly: the strict build hands Lark interegular to look for colliding terminals."""
    pytest.importorskip("interegular")
    code = ("from markcheck import cli; cli._import_lark(); import lark.lexer; hidden = lark.lexer.has_interegular; "
            "from markcheck.reader import grammar; built = grammar.parser('dtg', strict=True); "
            "print(hidden, lark.lexer.has_interegular, built.options.strict)")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MARKCHECK_NO_CACHE": "1"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert run.stdout.split() == ["False", "True", "True"]
