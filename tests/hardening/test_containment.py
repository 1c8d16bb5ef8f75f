"""Internal errors are contained: an exception inside one rule's check, inside reading one file,
inside fixing one file or inside a formatter becomes a message naming what failed, the rest of
the run completes, and the exit code is 2. Never a traceback on stderr.

Check kinds are a closed set (markcheck/checks, mirrored by the rule schema), so a failing kind
cannot be registered from a rule directory; the failures are injected by monkeypatching, in this
process and in forked worker processes (``--jobs 2``).
"""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest

from markcheck import cli as _cli
from markcheck import document, engine, output
from markcheck.fix import plan as fix_plan
from markcheck.api import check_text
from markcheck.rulepack import load_rules

from .conftest import CLEAN, UNDER, write

NEEDS_FORK = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers inherit the patch by fork")


@pytest.fixture
def three(tmp_path):
    return [write(tmp_path / "a.txt", UNDER), write(tmp_path / "boom.txt", UNDER), write(tmp_path / "c.txt", CLEAN)]


def _explode_for(kind: str, exception: BaseException, monkeypatch) -> None:
    """Make check kind `kind` raise `exception` on documents named boom.txt."""
    kinds = dict(engine.registry())
    real = kinds[kind]

    def prepare(rule):
        run = real.prepare(rule)

        def exploding(doc, ctx):
            if doc.path and doc.path.endswith("boom.txt"):
                raise exception
            return run(doc, ctx)

        return exploding

    kinds[kind] = SimpleNamespace(prepare=prepare, KIND=kind)
    monkeypatch.setattr(engine, "registry", lambda: kinds)


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=NEEDS_FORK)])
@pytest.mark.parametrize("exception", [RuntimeError("kaput"), RecursionError("maximum recursion depth exceeded"),
                                       MemoryError(), KeyError("missing")], ids=lambda e: type(e).__name__)
def test_a_failing_check_is_one_finding_naming_rule_and_file(three, cli, monkeypatch, jobs, exception):
    _explode_for("level-rollup", exception, monkeypatch)
    run = cli("check", "--format", "json", "--jobs", jobs, *three)
    files = run.files()
    assert run.code == 2
    boom = files[str(three[1])]["findings"]
    internal = [f for f in boom if f["rule"] == "MCK-001"]
    assert internal and all("(level-rollup) failed: " + type(exception).__name__ in f["message"] for f in internal)
    kind_of = {rule.id: rule.extends for rule in load_rules()}
    assert {kind_of[f["message"].split()[0]] for f in internal} == {"level-rollup"}  # each names its rule
    assert "DIS-001" in [f["rule"] for f in boom]  # the other rules still ran on that file
    assert "ROL-001" in [f["rule"] for f in files[str(three[0])]["findings"]]  # and on the other files
    assert files[str(three[2])]["findings"] == []


def test_a_kind_that_cannot_prepare_a_rule_fails_that_rule_only(three, cli, monkeypatch):
    """An exception while a kind compiles a rule's params is that rule's MCK-001 on each file it
    checks, with the exception's own message; the other rules run."""
    kinds = dict(engine.registry())

    def prepare(rule):
        raise ValueError(f"cannot read the params of {rule.id}")

    kinds["level-rollup"] = SimpleNamespace(prepare=prepare, KIND="level-rollup")
    monkeypatch.setattr(engine, "registry", lambda: kinds)
    run = cli("check", *three)
    assert run.code == 2
    assert f"{three[2]}:1:1: MCK-001 [error] ROL-001 (level-rollup) failed: ValueError: cannot read the params " \
           "of ROL-001" in run.out
    assert "DIS-001" in run.out  # the other rules still ran


def test_the_text_report_names_the_file_and_the_rule(three, cli, monkeypatch):
    _explode_for("level-rollup", RuntimeError("kaput"), monkeypatch)
    run = cli("check", *three)
    assert run.code == 2
    assert f"{three[1]}:1:1: MCK-001 [error] ROL-001 (level-rollup) failed: RuntimeError: kaput" in run.out


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=NEEDS_FORK)])
def test_a_reader_failure_on_one_file_is_contained(three, cli, monkeypatch, jobs):
    real = document._build

    def build(source, path=None, profile="auto"):
        if path and path.endswith("boom.txt"):
            raise IndexError("tuple index out of range")
        return real(source, path=path, profile=profile)

    monkeypatch.setattr(document, "_build", build)
    run = cli("check", "--format", "json", "--jobs", jobs, *three)
    files = run.files()
    assert run.code == 2
    (finding,) = files[str(three[1])]["findings"]
    assert finding["rule"] == "MCK-001" and finding["message"] == "reading failed: IndexError: tuple index out of range"
    assert "ROL-001" in [f["rule"] for f in files[str(three[0])]["findings"]]
    assert files[str(three[2])]["findings"] == []


def test_check_text_contains_a_reader_failure(monkeypatch):
    from markcheck.reader import build

    monkeypatch.setattr(build.Reading, "build", lambda self, profile: 1 / 0)
    result = check_text(UNDER, path="x.txt")
    assert [f.rule for f in result.findings] == ["MCK-001"]
    assert "ZeroDivisionError" in result.findings[0].message and result.findings[0].path == "x.txt"


def test_a_failing_formatter_is_a_message_and_exit_2(three, cli, monkeypatch):
    monkeypatch.setattr(output, "write", lambda *a, **k: {}["no such format"])
    run = _cli_raw(cli, monkeypatch, "check", "--isolated", "--today", "2010-01-01", *three)
    assert run[0] == 2
    assert run[2].startswith("markcheck: internal error: KeyError: 'no such format'")
    assert "Traceback" not in run[2]


def _cli_raw(cli, monkeypatch, *argv):
    """cli.main without the fixture's own no-internal-error assertion."""
    import io

    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = _cli.main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def test_markcheck_traceback_shows_where(three, monkeypatch):
    monkeypatch.setattr(output, "write", lambda *a, **k: {}["no such format"])
    monkeypatch.setenv("MARKCHECK_TRACEBACK", "1")
    with pytest.raises(KeyError):
        _cli.main(["check", "--isolated", "--today", "2010-01-01", str(three[0])])


def test_a_fix_that_fails_for_one_file_leaves_it_alone_and_fixes_the_others(three, cli, monkeypatch):
    real = fix_plan._Planner.run

    def run_plan(self, *args):
        if self.plan.path.endswith("boom.txt"):
            raise ValueError("edit at line 5 does not map onto the file's bytes")
        return real(self, *args)

    monkeypatch.setattr(fix_plan._Planner, "run", run_plan)
    before = three[1].read_bytes()
    run = cli("check", "--fix", *three)
    assert run.code == 2
    assert f"markcheck: cannot fix {three[1]}: internal error: ValueError" in run.err
    assert three[1].read_bytes() == before
    assert "S E C R E T USNATO 000114" in three[0].read_text()  # the other under-marked cable was raised


def test_check_text_keeps_the_size_bound_of_files():
    from markcheck.reader.source import MAX_DOCUMENT_BYTES

    result = check_text("x" * (MAX_DOCUMENT_BYTES + 1), path="big.txt")
    assert [f.rule for f in result.findings] == ["MCK-002"]
    assert "larger than the 16 MiB markcheck reads" in result.findings[0].message
    assert result.findings[0].path == "big.txt"
    assert check_text(UNDER, path="x.txt").findings  # a normal text is still read
