"""A long run is reported while it is checked: the json, text and github formats write each
result as it comes, and the end of the run (summary, exit code, statistics) is counted on the
way, so no more results are held than the format needs."""

from __future__ import annotations

import argparse
import gc
import io
import json
import weakref

import pytest

from markcheck.api import Result
from markcheck.config import Config
from markcheck.findings import Finding
from markcheck.formats import write
from markcheck.output import emit


def _result(index: int, severity: str = "warning") -> Result:
    path = f"cables/{index:04d}.txt"
    finding = Finding("POR-001", "portion-marks-present", severity, "the SUBJECT line has no portion mark",
                      3, 1, 3, 10, "32 CFR 2001.21(c)", path)
    return Result(path, "state_cable", "EO12958A", "2009-03-20", "CONFIDENTIAL", "CONFIDENTIAL",
                  (finding,) if index % 2 else ())


@pytest.mark.parametrize("fmt", ["json", "text", "github"])
def test_each_result_is_written_before_the_next_is_asked_for(fmt):
    handle = io.StringIO()
    asked = []

    def results():
        for index in range(1, 6, 2):  # results with a finding: each shows in both formats
            if asked:  # the one before is in the output already
                assert asked[-1] in handle.getvalue()
            asked.append(f"cables/{index:04d}.txt")
            yield _result(index)

    write(fmt, results(), None, handle)
    assert all(path in handle.getvalue() for path in asked) and len(asked) == 3


def test_the_streamed_json_report_is_the_one_json_dumps_writes():
    from markcheck.formats.json_report import report

    listed = [_result(i) for i in range(7)]
    handle = io.StringIO()
    write("json", iter(listed), None, handle)
    assert handle.getvalue() == json.dumps(report(listed), indent=2) + "\n"
    empty = io.StringIO()
    write("json", iter(()), None, empty)
    assert empty.getvalue() == json.dumps(report([]), indent=2) + "\n"


@pytest.mark.parametrize("fmt", ["json", "text", "github", "junit"])
def test_a_run_holds_no_result_it_has_written(fmt, capsys):
    """Results already written are freed while the run goes on (the exit code and the
    statistics are counted, not kept), so memory does not grow with the number of files."""
    alive = []

    def results():
        for index in range(200):
            result = _result(index, severity="error" if index == 151 else "warning")
            alive.append(weakref.ref(result))
            yield result
            del result
            gc.collect()
            assert sum(ref() is not None for ref in alive) <= 1

    args = argparse.Namespace(format=fmt, output=None, strict=False, statistics=True, exit_zero=False)
    assert emit(results(), args, Config()) == 1  # the one error, counted on the way
    out = capsys.readouterr()
    statistics = out.out if fmt == "text" else out.err
    assert "100  POR-001" in statistics


def test_junit_memory_does_not_grow_with_the_number_of_results():
    """12,000 documents once needed 1.2 GB of JUnit tree: the suites are written as they come,
    so what the writer holds at its peak is the same for 400 results as for 4,000."""
    import tracemalloc

    from markcheck.formats import Run

    run = Run()
    write("junit", iter([_result(1)]), run, io.StringIO())  # rule pack loaded outside the measure

    def peak(count: int) -> int:
        tracemalloc.start()
        try:
            write("junit", (_result(i) for i in range(count)), run, _Discard())
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(100), peak(1000)
    # what grows is the set of paths seen (a repeated path is named "path (2)"): ~100 bytes each,
    # where a result's suite tree took ~10 KB
    assert (large - small) / 900 < 1000, (small, large)


class _Discard(io.StringIO):
    def write(self, text: str) -> int:
        return len(text)
