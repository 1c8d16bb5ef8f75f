"""The reader on 3,000 real cables (../shared/corpus): no crash, and the declared classification
agrees with the publishing database's independent field (see scripts/corpus_metrics.py).

Thresholds sit a little below the measured figures (level 99.69%, level+NOFORN 98.93%,
unreadable portion marks 0.03%) so a regression fails and ordinary noise does not. No test here
names a document: the flag-driven checks use the corpus's own flags.csv.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from markcheck.document import read_document

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "index.csv").is_file(),
    reason=f"real-cable corpus not found at {CORPUS} (it sits next to the repository in CI)",
)


def _load_metrics_script():
    name = "_markcheck_corpus_metrics"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "corpus_metrics.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _rows(name: str) -> list[dict]:
    with open(CORPUS / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def metrics():
    return _load_metrics_script().measure(CORPUS)


@pytest.fixture(scope="module")
def flags() -> dict[str, list[str]]:
    return {row["id"]: [f for f in row["flags"].split(";") if f] for row in _rows("flags.csv")}


def test_every_cable_reads_without_a_crash(metrics, flags):
    assert metrics.crashes == []
    ids = [row["id"] for row in _rows("index.csv")]
    assert len(ids) >= 3000
    # every cable not carrying an in-text copy of the answer was compared
    preamble = sum(1 for i in ids if "embedded_metadata_preamble" in flags.get(i, []))
    assert metrics.compared == len(ids) - preamble


def test_level_agreement(metrics):
    assert metrics.level_rate >= 0.990, f"{metrics.level_agree}/{metrics.compared}"


def test_level_and_noforn_agreement(metrics):
    assert metrics.both_rate >= 0.985, f"{metrics.both_agree}/{metrics.compared}"


def test_unreadable_portion_marks_are_rare(metrics):
    assert metrics.portion_marks > 20000
    assert metrics.unreadable_rate < 0.005, metrics.unreadable[:20]


def _docs_flagged(flags, name):
    ids = sorted(i for i, f in flags.items() if name in f)
    assert ids, f"no cable flagged {name}"
    for doc_id in ids:
        path = CORPUS / f"{doc_id}.txt"
        yield doc_id, read_document(str(path)), path.read_text(encoding="utf-8").splitlines()


_CITATION_LINE = re.compile(r"\s*1\s*\.\s*[45]\b")


def test_wrapped_reason_lines_are_read_as_reasons(flags):
    """`wrapped_reason_line` cables: the citation on its own line is the CAB's reason, never a portion."""
    for doc_id, doc, lines in _docs_flagged(flags, "wrapped_reason_line"):
        assert doc.cab is not None and doc.cab.reason is not None, doc_id
        assert doc.cab.reason.section in ("1.4", "1.5") and doc.cab.reason.letters, (doc_id, doc.cab.reason)
        misread = [p.span.line for p in doc.portions if _CITATION_LINE.match(lines[p.span.line - 1])]
        assert misread == [], doc_id


def test_glued_header_lines_are_split(flags):
    """`glued_header_lines` cables: banner, E.O. line and TAGS found, each at its own column."""
    for doc_id, doc, lines in _docs_flagged(flags, "glued_header_lines"):
        assert doc.first_banner is not None, doc_id
        assert doc.eo_line is not None and doc.eo_line.declass is not None, doc_id
        eo = doc.eo_line.span
        assert re.match(r"E\.\s?O\.", lines[eo.line - 1][eo.column - 1:]), (doc_id, eo)
        if doc.tags_span is not None:
            tags = doc.tags_span
            assert re.match(r"TAGS?\b", lines[tags.line - 1][tags.column - 1:], re.I), (doc_id, tags)


def test_sentence_case_cables_are_read(flags):
    """`sentence_case_rendering` cables: a banner, an E.O. line and marked portions are found."""
    for doc_id, doc, _ in _docs_flagged(flags, "sentence_case_rendering"):
        assert doc.first_banner is not None, doc_id
        assert doc.eo_line is not None and doc.eo_line.declass is not None, doc_id
        assert doc.first_banner.marking.level is not None, doc_id
