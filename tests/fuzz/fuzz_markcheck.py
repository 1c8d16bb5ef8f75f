"""Fuzz target: any bytes through the whole reading pipeline and every rule.

bytes -> Source (encoding detection, line table) -> build_document (scan, grammars, model) ->
every rule of the built-in pack; and each line through each marking grammar. Unreadable input
must end as a ReadError, a marking the grammars cannot read as a MarkingSyntaxError (both are
findings in a real run); anything else, including a contained MCK-001, is a bug.

With atheris (``pip install atheris``; coverage-guided, libFuzzer options after the script)::

    python tests/fuzz/fuzz_markcheck.py -runs=200000 -max_len=8192 [CORPUS_DIR ...]

Without a corpus directory, a temporary one is seeded with the example cable and the reader
fixtures. Without atheris, ``tests/fuzz/test_fuzz.py`` drives the same target with hypothesis
for a bounded run in CI (``HYPOTHESIS_PROFILE``-free: a fixed number of examples).
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parents[1]
if str(_ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(_ROOT))

_STATE: dict = {}


def _setup() -> dict:
    if not _STATE:
        from markcheck.checks.base import Context
        from markcheck.rulepack import load_rules

        _STATE["rules"] = load_rules(())
        _STATE["today"] = datetime.date(2010, 1, 1)
        _STATE["Context"] = Context
    return _STATE


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris and libFuzzer expect
    from markcheck.reader.build import build_document
    from markcheck.engine import check_document
    from markcheck.reader.grammar import MarkingSyntaxError
    from markcheck.reader.parse import parse_banner, parse_portion, parse_reason
    from markcheck.reader.parse_dates import parse_declass, parse_dtg
    from markcheck.reader.source import ReadError, Source

    state = _setup()
    try:
        source = Source.from_bytes(data, "fuzz.txt")
    except ReadError:
        return
    doc = build_document(source, path="fuzz.txt")
    ctx = state["Context"](today=state["today"], profile=doc.profile)
    findings = check_document(doc, state["rules"], ctx)
    internal = [f.message for f in findings if f.rule.startswith("MCK")]
    if internal:
        raise AssertionError(f"a check failed on this input: {internal}")
    for finding in findings:
        if not (1 <= finding.line <= finding.end_line and finding.column >= 1):
            raise AssertionError(f"finding outside the document: {finding}")
    for line in source.lines[:64]:
        text = line[:512]
        for parse in (parse_portion, parse_declass, parse_reason, parse_dtg):
            try:
                parse(text)
            except MarkingSyntaxError:
                pass
        try:
            parse_banner(" ".join(text.upper().split()))
        except MarkingSyntaxError:
            pass


def seed_corpus(directory: str | os.PathLike) -> str:
    """Fill `directory` with starting inputs: the example cable and the reader fixtures."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted((_ROOT / "tests" / "reader" / "fixtures").glob("*.txt"))
    example = _ROOT.parent / "shared" / "examples" / "09USNATO114.txt"
    if example.is_file():
        sources.append(example)
    for index, path in enumerate(sources):
        (folder / f"seed-{index:02d}").write_bytes(path.read_bytes())
    return str(folder)


def main(argv: list[str]) -> None:
    import atheris

    with atheris.instrument_imports():
        import markcheck.reader.build  # noqa: F401
        import markcheck.engine  # noqa: F401
        import markcheck.reader.grammar  # noqa: F401
        import markcheck.reader.parse  # noqa: F401
        import markcheck.reader.parse_dates  # noqa: F401
        import markcheck.reader.scan  # noqa: F401
        import markcheck.reader.source  # noqa: F401
    _setup()
    if not any(not arg.startswith("-") for arg in argv[1:]):
        argv = [*argv, seed_corpus(tempfile.mkdtemp(prefix="markcheck-fuzz-"))]
    atheris.Setup(argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
