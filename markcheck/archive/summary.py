"""The HTML report of a results file, without checking anything again.

``markcheck report --results FILE -o report.html`` reads the rows of a ``--format jsonl`` or
``--format parquet`` file, or a ``--results-dir`` directory of partitions, one at a time:
counts per rule, per era, per declared classification and per severity over every record, and
the worst records (most errors, then warnings, then infos) with their findings. Memory is
that of the worst records kept, whatever the number of rows.
"""

from __future__ import annotations

import heapq
import json
import os
from collections import Counter
from typing import Iterator

from ..findings import Finding

WORST = 100  # records listed with their findings


def iter_rows(path: str) -> Iterator[dict]:
    """The rows of a results file (JSON Lines or Parquet) or a directory of Parquet files."""
    if os.path.isdir(path) or path.lower().endswith(".parquet"):
        import pyarrow.dataset as ds

        for batch in ds.dataset(path, format="parquet").to_batches(batch_size=10_000):
            yield from batch.to_pylist()
        return
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError as exc:
                    raise ValueError(f"{path}:{number}: not a results row: {exc}") from None


def summarize(path: str, worst: int = WORST) -> dict:
    """Whole-run counts and the `worst` records (as results) of the results at `path`."""
    from ..report import NO_ERA, SEVERITIES

    per_rule: dict[str, dict] = {}
    per_era: dict[str, Counter] = {}
    era_files: Counter = Counter()
    classes: dict[str, Counter] = {}
    totals: Counter = Counter()
    documents = clean = 0
    kept: list = []  # a min-heap of (badness, order, document row, findings)
    current = None
    for order, row in enumerate(iter_rows(path)):
        if row.get("kind") == "document":
            documents += 1
            era = row.get("era") or NO_ERA
            era_files[era] += 1
            declared = classes.setdefault(row.get("classification") or "no classification", Counter())
            declared["records"] += 1
            declared["findings"] += row.get("findings") or 0
            clean += not row.get("findings")
            badness = (row.get("errors") or 0, row.get("warnings") or 0, row.get("infos") or 0)
            current = None
            if row.get("findings") and (len(kept) < worst or badness > kept[0][0]):
                current = (badness, -order, row, [])
                if len(kept) < worst:
                    heapq.heappush(kept, current)
                else:
                    heapq.heapreplace(kept, current)
        elif row.get("kind") == "finding":
            severity = row["severity"]
            totals[severity] += 1
            entry = per_rule.setdefault(row["rule"], {"rule": row["rule"], "name": row["name"], "count": 0,
                                                      **{s: 0 for s in SEVERITIES}})
            entry["count"] += 1
            entry[severity] += 1
            per_era.setdefault(row.get("era") or NO_ERA, Counter())[severity] += 1
            if current is not None:
                current[3].append(row)
    return {"documents": documents, "clean": clean, "totals": totals, "per_rule": per_rule, "per_era": per_era,
            "era_files": era_files, "classes": classes,
            "worst": [_result(entry[2], entry[3]) for entry in sorted(kept, reverse=True)]}


def report_data_of(path: str, *, worst: int = WORST) -> tuple[dict, int]:
    """The report's data (`markcheck.report.report_data`'s shape) and the run's exit code."""
    from ..report import SEVERITIES, _era_rows, bar_chart, report_data

    facts = summarize(path, worst)
    totals = facts["totals"]
    abnormal = any(rule in ("MCK-001", "MCK-002") for rule in facts["per_rule"])
    code = 2 if abnormal else 1 if totals["error"] else 0
    data = report_data(facts["worst"], exit_code=code, settings={"results file": path})
    rules = sorted(facts["per_rule"].values(), key=lambda r: (-r["count"], r["rule"]))
    eras = _era_rows(facts["per_era"], facts["era_files"])
    with_findings = facts["documents"] - facts["clean"]
    data.update({
        "title": "markcheck report of a results file",
        "summary": {"files": facts["documents"], "clean": facts["clean"], "with-findings": with_findings,
                    "findings": sum(totals[s] for s in SEVERITIES), "errors": totals["error"],
                    "warnings": totals["warning"], "infos": totals["info"], "suppressed": 0},
        "rules": rules, "eras": eras,
        "charts": {"rules": bar_chart([(r["rule"], r["name"], r) for r in rules]),
                   "eras": bar_chart([(e["era"], e["title"], e) for e in eras],
                                     note=lambda e: f"{e['files']} file{'' if e['files'] == 1 else 's'}")},
        "listing": f"the {len(facts['worst'])} records with the most findings (errors first) of "
                   f"{facts['documents']:,}, from {path}",
        "classifications": [{"classification": name, **counts}
                            for name, counts in sorted(facts["classes"].items(), key=lambda kv: -kv[1]["records"])],
    })
    return data, code


def _result(document: dict, findings: list[dict]):
    from .check import RecordResult

    return RecordResult(document.get("path"), document.get("profile"), document.get("era"), document.get("date"),
                        document.get("classification"), document.get("expected_classification"),
                        tuple(Finding(f["rule"], f["name"], f["severity"], f["message"], f["line"], f["column"],
                                      f["end_line"], f["end_column"], f.get("citation") or "", document.get("path"))
                              for f in findings),
                        archive=document.get("archive"), record_id=document.get("id"), row=document.get("row"),
                        member=document.get("member"), size=document.get("size") or 0)
