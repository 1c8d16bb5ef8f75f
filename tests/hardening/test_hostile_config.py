"""Hostile configuration files, rule files and baselines: a clear ``file:line:col: reason`` on
stderr and exit 2, never a traceback, a hang or a blown memory; and a source audit that the
package never evaluates, executes or unpickles what it reads.

(tests/test_rulepack.py and tests/test_config.py cover the ordinary mistakes; this file covers
what an attacker or a corrupted file would try.)
"""

from __future__ import annotations

import ast
import os
import re
import sys
from pathlib import Path

import pytest

import markcheck

from .conftest import CLEAN, spawn, write

BOMB = "".join(f"{name}: &{name} [{', '.join(['*' + prev] * 9) if prev else 'x, x, x, x, x, x, x, x, x'}]\n"
               for prev, name in zip([""] + list("abcdef"), "abcdefg")) + "select: *g\n"

HOSTILE = {
    # name: (content, what the message must say)
    "alias-bomb": (BOMB, "too many YAML aliases"),
    "python-object": ("select: !!python/object/apply:os.system ['echo PWNED']\n", "is not allowed"),
    "python-name": ("select: !!python/name:os.system\n", "is not allowed"),
    "custom-tag": ("select: !shell rm -rf /\n", "is not allowed"),
    "deep-flow": ("select: " + "[" * 10000 + "]" * 10000 + "\n", "nested more than 64 levels deep"),
    "deep-mapping": ("select: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n", "nested more than 64 levels deep"),
    "deep-block": ("".join("  " * i + f"k{i}:\n" for i in range(200)), "nested more than 64 levels deep"),
    "huge": ("# " + "x" * (2 << 20) + "\n", "larger than the 1.0 MiB markcheck reads"),
    "nul-byte": ("select: [a\x00b]\n", "character #x0000 is not allowed"),
    "not-utf8": (b"select: [\xff\xfe]\n", "not UTF-8"),
    "binary": (bytes(range(256)) * 4, "not UTF-8"),
    "duplicate-key": ("profile: isoo\nprofile: capco\n", "duplicate key"),
    "two-documents": ("profile: isoo\n---\nprofile: capco\n", "YAML syntax"),
    "bad-syntax": ("select: [ROL\n", "YAML syntax"),
    "impossible-date": ("today: 2026-13-45\n", "month must be in 1..12"),
    "huge-integer": ("today: " + "9" * 5000 + "\n", "4300 digits"),
}


def _assert_refused(run, name: str, reason: str) -> None:
    assert run.code == 2, (name, run.code, run.out, run.err)
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    assert re.search(rf"{re.escape(name)}:\d+:\d+: ", run.err), run.err
    assert reason in run.err, (reason, run.err)
    assert "PWNED" not in run.out + run.err


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_configuration_file(tmp_path, cli, case):
    content, reason = HOSTILE[case]
    config = write(tmp_path / "cfg.yaml", content)
    run = cli("check", "--config", config, write(tmp_path / "doc.txt", CLEAN))
    _assert_refused(run, str(config), reason)


_RULE = """\
rules:
  - id: ZZZ-001
    name: hostile-rule
    summary: s
    description: d
    severity: error
    eras: [all]
    confidence: V
    message: "{message}"
    citation: c
    extends: presence
    params:
      require:
        - path: {path}
          label: x
{extra}"""

RULE_CASES = {
    **{name: (content, reason) for name, (content, reason) in HOSTILE.items()
       if name not in ("impossible-date", "huge-integer", "duplicate-key", "two-documents")},
    "wrong-types": ("rules: {id: 5}\n", "is not of type 'array'"),
    "format-spec-allocation": (_RULE.format(message="{found:>1000000000}", path="banners", extra=""),
                               "take no format spec or conversion"),
    "conversion": (_RULE.format(message="{found!r}", path="banners", extra=""), "take no format spec or conversion"),
    "attribute-placeholder": (_RULE.format(message="{found.__class__}", path="banners", extra=""),
                              "must be plain names"),
    "bad-regex": (_RULE.format(message="x", path="banners", extra="          matches: '(a'\n"),
                  "not a regular expression"),
}


@pytest.mark.parametrize("case", list(RULE_CASES))
def test_hostile_rule_file(tmp_path, cli, case):
    content, reason = RULE_CASES[case]
    rule = write(tmp_path / "rules" / "r.yaml", content)
    run = cli("check", "--rules", tmp_path / "rules", write(tmp_path / "doc.txt", CLEAN))
    _assert_refused(run, str(rule), reason)


def test_a_rule_path_cannot_reach_private_attributes(tmp_path, cli):
    """Paths in rule files read model fields. ``first_banner.__class__.__init__.__globals__``
    used to print the globals of markcheck.model into the message; now it reads nothing."""
    write(tmp_path / "rules" / "r.yaml", _RULE.format(
        message="found {found}", path="cab.derived_from",
        extra="          show: first_banner.__class__.__init__.__globals__\n"))
    run = cli("check", "--format", "json", "--rules", tmp_path / "rules", write(tmp_path / "doc.txt", CLEAN))
    (finding,) = [f for f in run.json()["files"][0]["findings"] if f["rule"] == "ZZZ-001"]
    assert finding["message"] == "found none"


BASELINES = {
    "deep-json": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "not-json": ("{\"version\": 1, \"entries\": [", "not JSON"),
    "wrong-shape": ('{"version": 1, "entries": [1]}', "an entry has string fields"),
    "binary": (bytes(range(256)), "not JSON"),
    "huge-integer": ('{"version": 2, "entries": [], "n": ' + "9" * 100_000 + "}", "a number of 100000 digits"),
    "forged-rule": ('{"version": 2, "entries": [{"fingerprint": "' + "0" * 64 + '", "path": "doc.txt", '
                    '"rule": "ROL-001\\n::error::forged"}]}', "rule: not a rule ID"),
    "lone-surrogate": ('{"version": 2, "entries": [{"fingerprint": "' + "0" * 64 + '", "path": "doc.txt\\ud800", '
                       '"rule": "ROL-001"}]}', "path: not a file name"),
    "not-a-fingerprint": ('{"version": 2, "entries": [{"fingerprint": "../../etc", "path": "doc.txt", '
                          '"rule": "ROL-001"}]}', "fingerprint: not 64 lowercase hexadecimal digits"),
}


@pytest.mark.parametrize("case", list(BASELINES))
def test_hostile_baseline(tmp_path, cli, case):
    content, reason = BASELINES[case]
    baseline = write(tmp_path / "baseline.json", content)
    run = cli("check", "--baseline", baseline, write(tmp_path / "doc.txt", CLEAN))
    _assert_refused(run, str(baseline), reason)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="POSIX pipes and devices")
def test_pipes_and_devices_as_configuration_rules_or_baseline(tmp_path):
    """Each would hang (a pipe) or read without end (/dev/zero) if read naively: a child
    process with a timeout proves neither happens."""
    doc = write(tmp_path / "doc.txt", CLEAN)
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "rules").mkdir()
    os.symlink("/dev/zero", tmp_path / "rules" / "zero.yaml")
    for argv, name, reason in (
            (["--config", tmp_path / "pipe.yaml"], "pipe.yaml", "is a named pipe"),
            (["--config", "/dev/zero"], "/dev/zero", "is a character device"),
            (["--isolated", "--rules", tmp_path / "rules"], "zero.yaml", "is a character device"),
            (["--isolated", "--baseline", tmp_path / "pipe.yaml"], "pipe.yaml", "is a named pipe")):
        run = spawn("check", *argv, doc, timeout=60)
        assert run.code == 2 and "Traceback" not in run.err, run.err
        assert name in run.err and reason in run.err, run.err


# --- the source never evaluates, executes or unpickles ---------------------------------------

_PACKAGE = Path(markcheck.__file__).resolve().parent
_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile"}
_FORBIDDEN_ATTRIBUTES = {("pickle", "loads"), ("pickle", "load"), ("marshal", "loads"), ("marshal", "load"),
                         ("yaml", "unsafe_load"), ("yaml", "full_load"), ("yaml", "unsafe_load_all"),
                         ("yaml", "full_load_all"), ("yaml", "Loader"), ("yaml", "FullLoader"),
                         ("yaml", "UnsafeLoader"), ("os", "system"), ("os", "popen"), ("shelve", "open")}
_FORBIDDEN_IMPORTS = {"subprocess", "shelve", "marshal", "dill", "cloudpickle"}
# Reviewed exceptions, each with its reason. Anything new must be argued here, in review.
_ALLOWED = {
    # the forked workers' results: bytes that this process's own forked children pickled, read from
    # a pipe that only they and it hold (what a multiprocessing pool does); never document data
    ("runner.py", "pickle.loads"),
    # the one-step __init__ of the model's frozen values, written from the class's own field names
    # (identifiers declared in markcheck's source) at import, as dataclasses writes its own; no
    # input reaches it
    ("values.py", "exec()"),
}


def _loader_is_safe(node: ast.Call, function: ast.AST | None) -> bool:
    """``yaml.load(..., Loader=X)`` where X is a SafeLoader, directly or through a local name."""
    loader = next((k.value for k in node.keywords if k.arg == "Loader"), None)
    if loader is None and len(node.args) > 1:
        loader = node.args[1]
    if loader is None:
        return False
    text = ast.unparse(loader)
    if isinstance(loader, ast.Name) and function is not None:
        assigned = [ast.unparse(n.value) for n in ast.walk(function) if isinstance(n, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == loader.id for t in n.targets)]
        text = " ".join(assigned) or text
    return "SafeLoader" in text and not re.search(r"\b(Full|Unsafe)Loader\b|yaml\.Loader\b", text)


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]

    def enclosing(node):
        inside = [f for f in functions if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)]
        return max(inside, key=lambda f: f.lineno) if inside else None

    for node in ast.walk(tree):
        where = f"{path.relative_to(_PACKAGE)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FORBIDDEN_CALLS \
                and (path.name, f"{node.func.id}()") not in _ALLOWED:
            out.append(f"{where}: {node.func.id}()")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            pair = (node.value.id, node.attr)
            if pair in _FORBIDDEN_ATTRIBUTES and (path.name, f"{pair[0]}.{pair[1]}") not in _ALLOWED:
                out.append(f"{where}: {pair[0]}.{pair[1]}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                and node.func.value.id == "yaml" and node.func.attr in ("load", "load_all") \
                and not _loader_is_safe(node, enclosing(node)):
            out.append(f"{where}: yaml.{node.func.attr} without a SafeLoader")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            bad = [n for n in names if n.split(".")[0] in _FORBIDDEN_IMPORTS]
            if bad:
                out.append(f"{where}: import {', '.join(bad)}")
    return out


def test_the_package_never_evaluates_executes_or_unpickles_input():
    found = [v for path in sorted(_PACKAGE.rglob("*.py")) for v in _violations(path)]
    assert not found, found


def test_the_source_audit_catches_what_it_looks_for(tmp_path, monkeypatch):
    bad = tmp_path / "bad.py"
    bad.write_text("import yaml, pickle, subprocess\n"
                   "def f(text):\n"
                   "    loader = yaml.FullLoader\n"
                   "    eval(text)\n"
                   "    yaml.load(text, Loader=loader)\n"
                   "    yaml.load(text)\n"
                   "    return pickle.loads(text)\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "_PACKAGE", tmp_path)
    found = " ".join(_violations(bad))
    for expected in ("eval()", "yaml.FullLoader", "yaml.load without a SafeLoader", "pickle.loads", "import subprocess"):
        assert expected in found, found
