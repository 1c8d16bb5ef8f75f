"""Measure markcheck's reader on the real-cable corpus.

Prints (1) agreement of the declared classification with index.csv's independent
`metadata_classification` field, on cables not flagged `embedded_metadata_preamble`, and
(2) the share of portion marks that could not be read. Usage:

    python scripts/corpus_metrics.py [CORPUS_DIR] [--disagreements]
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from markcheck.catalogue import declared_key  # noqa: E402
from markcheck.catalogue import catalogue_key as metadata_key  # noqa: E402
from markcheck.document import ReadError, read_document  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@dataclass
class Metrics:
    compared: int = 0
    level_agree: int = 0
    both_agree: int = 0
    portion_marks: int = 0
    unreadable_marks: int = 0
    crashes: list = field(default_factory=list)
    disagreements: list = field(default_factory=list)
    unreadable: list = field(default_factory=list)

    @property
    def level_rate(self) -> float:
        return self.level_agree / self.compared if self.compared else 0.0

    @property
    def both_rate(self) -> float:
        return self.both_agree / self.compared if self.compared else 0.0

    @property
    def unreadable_rate(self) -> float:
        return self.unreadable_marks / self.portion_marks if self.portion_marks else 0.0


def measure(corpus: Path) -> Metrics:
    index = {row["id"]: row for row in csv.DictReader(open(corpus / "index.csv", encoding="utf-8"))}
    flags = {row["id"]: row["flags"].split(";") for row in csv.DictReader(open(corpus / "flags.csv", encoding="utf-8"))}
    metrics = Metrics()
    for doc_id in sorted(index):
        path = corpus / f"{doc_id}.txt"
        try:
            doc = read_document(str(path))
        except ReadError as exc:
            metrics.crashes.append((doc_id, exc.message))
            continue
        except Exception as exc:  # the measurement must report crashes, not stop at the first
            metrics.crashes.append((doc_id, f"{type(exc).__name__}: {exc}"))
            continue
        metrics.portion_marks += sum(1 for p in doc.portions if p.mark)
        bad = [u for u in doc.unreadable if u.kind == "portion"]
        metrics.unreadable_marks += len(bad)
        metrics.unreadable.extend((doc_id, u.span.line, u.raw) for u in bad)
        if "embedded_metadata_preamble" in flags.get(doc_id, []):
            continue
        expected = metadata_key(index[doc_id]["metadata_classification"])
        found = declared_key(doc)
        metrics.compared += 1
        if found and found[0] == expected[0]:
            metrics.level_agree += 1
            if found[1] == expected[1]:
                metrics.both_agree += 1
        if found != expected:
            first = doc.first_banner
            metrics.disagreements.append((doc_id, index[doc_id]["metadata_classification"],
                                          doc.classification.banner() if doc.classification else None,
                                          f"{first.span.line}: {first.raw}" if first else "no banner"))
    return metrics


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--disagreements", action="store_true", help="list every disagreement")
    parser.add_argument("--unreadable", action="store_true", help="list every unreadable portion mark")
    args = parser.parse_args(argv)
    m = measure(args.corpus)
    print(f"cables compared (no embedded metadata row): {m.compared}")
    print(f"level agrees:           {m.level_agree} ({m.level_rate:.2%})")
    print(f"level and NOFORN agree: {m.both_agree} ({m.both_rate:.2%})")
    print(f"portion marks: {m.portion_marks}; unreadable: {m.unreadable_marks} ({m.unreadable_rate:.3%})")
    print(f"crashes: {len(m.crashes)}")
    for crash in m.crashes:
        print("  crash", *crash)
    if args.disagreements:
        for row in m.disagreements:
            print("  disagree", *row, sep=" | ")
    if args.unreadable:
        for row in m.unreadable:
            print("  unreadable", *row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
