"""The standalone validation report: one self-contained HTML file recording a run as evidence.

`report_data(results, ...)` gathers everything the page shows as plain values (so it can be
tested without HTML); `render_html(data)` fills ``markcheck/templates/report.html.j2`` with
Jinja2, autoescaping every value: document text (paths, markings quoted in messages) can never
become markup, nor hide behind a bidirectional override or an invisible character. The page loads nothing: inline CSS, inline SVG charts, no script, and a
Content-Security-Policy that forbids fetching anything.

Totals carry machine-readable attributes (``data-total``/``data-value`` on the summary cards,
``data-rule``/``data-count`` on the statistics rows) so tests and scripts can read them back.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import platform
from collections import Counter
from pathlib import Path

from . import __version__
from .formats.text_source import source_lines

SEVERITIES = ("error", "warning", "info")
NO_ERA = "no date"


# --- the data ---------------------------------------------------------------------------------

def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def rule_pack(rule_dirs=()) -> dict:
    """The rule pack's version and the sha256 of every rule, data, schema and grammar file."""
    from .resources import grammars_dir, rules_dir
    from .rulepack import rule_files

    entries = []
    for label, folder, patterns in (("rules", rules_dir(), ("*.yaml", "*.json")),
                                    ("grammars", grammars_dir(), ("*.lark",))):
        for path in sorted({p for pattern in patterns for p in Path(folder).glob(pattern)}):
            entries.append({"path": f"{label}/{path.name}", "sha256": file_digest(path),
                            "bytes": path.stat().st_size, "origin": "built-in"})
    for directory in rule_dirs:
        for path in rule_files(Path(directory)):
            entries.append({"path": str(path), "sha256": file_digest(path), "bytes": path.stat().st_size,
                            "origin": "extra"})
    pack = hashlib.sha256()
    for entry in entries:
        pack.update(f"{entry['path']}\0{entry['sha256']}\n".encode("utf-8", "surrogateescape"))
    return {"version": __version__, "digest": pack.hexdigest(), "files": entries}


def _setting(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_setting(v) for v in value]
        return "; ".join(items) if items else "(none)"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_setting(v)}" for k, v in value.items()) or "(none)"
    describe = getattr(value, "describe", None)
    if callable(describe):  # a per-file ignore: its globs and rules, its reason, where it is written
        text = str(describe())
        if getattr(value, "reason", None):
            text += f"; reason: {value.reason}"
        if getattr(value, "where", None):
            text += f" ({value.where})"
        return text
    return str(value)


def settings_rows(config, extra: dict | None = None) -> list[dict]:
    """Every field of the run's configuration, as (name, value) rows, then `extra` ones."""
    rows = []
    if config is not None and dataclasses.is_dataclass(config):
        for f in dataclasses.fields(config):
            if f.name.startswith("_"):
                continue
            rows.append({"name": f.name.replace("_", " "), "value": _setting(getattr(config, f.name))})
    for name, value in (extra or {}).items():
        rows.append({"name": name, "value": _setting(value)})
    return rows


def _display_path(path: str | None, root: str | None) -> str:
    if path is None:
        return "<text>"
    from .formats import relative_posix

    return relative_posix(path, root)


def quoted(finding, lines) -> list[str] | None:
    """The finding's source line and a caret line under its span, as ``--show-source`` prints
    them (`markcheck.formats.text_source`); None when there is no line to quote."""
    from .formats.text_source import snippet

    rows = snippet(finding, lines)
    return rows[1:3] if rows else None


def report_data(results, *, config=None, exit_code: int = 0, settings: dict | None = None,
                generated: datetime.datetime | None = None, root: str | None = None) -> dict:
    """Everything the report shows, as plain values."""
    results = list(results)
    generated = generated or datetime.datetime.now(datetime.timezone.utc)
    run_date = config.run_date() if config is not None and hasattr(config, "run_date") else datetime.date.today()
    files, suppressions = [], []
    per_rule: dict[str, dict] = {}
    per_era: dict[str, Counter] = {}
    era_files: Counter = Counter()
    totals = Counter()
    for index, result in enumerate(results, 1):
        counts = {s: 0 for s in SEVERITIES}
        findings = []
        lines = source_lines(result.path) if result.findings else None  # for the quoted source line
        for f in sorted(result.findings, key=lambda f: (f.line, f.column, f.rule)):
            counts[f.severity] = counts.get(f.severity, 0) + 1
            row = per_rule.setdefault(f.rule, {"rule": f.rule, "name": f.name, "count": 0,
                                               **{s: 0 for s in SEVERITIES}})
            row["count"] += 1
            row[f.severity] = row.get(f.severity, 0) + 1
            per_era.setdefault(result.era or NO_ERA, Counter())[f.severity] += 1
            findings.append({"rule": f.rule, "name": f.name, "severity": f.severity, "line": f.line,
                             "column": f.column, "message": f.message, "citation": f.citation,
                             "source": quoted(f, lines), "where": f.where})
        era_files[result.era or NO_ERA] += 1
        for s, n in counts.items():
            totals[s] += n
        path = _display_path(result.path, root)
        for s in getattr(result, "suppressed", None) or ():
            finding = s.finding
            suppressions.append({"path": path, "rule": finding.rule, "name": finding.name,
                                 "severity": finding.severity, "line": finding.line, "column": finding.column,
                                 "message": finding.message, "kind": s.kind, "reason": s.reason,
                                 "source": getattr(s, "source", "")})
        mismatch = bool(result.classification and result.expected_classification
                        and result.classification != result.expected_classification)
        files.append({"index": index, "anchor": f"file-{index}", "path": path, "profile": result.profile,
                      "era": result.era, "date": result.date, "classification": result.classification,
                      "expected": result.expected_classification, "mismatch": mismatch, "counts": counts,
                      "findings": findings, "status": _status(counts),
                      "incomplete": [r.to_dict() for r in getattr(result, "incomplete", ())]})
    rules = sorted(per_rule.values(), key=lambda r: (-r["count"], r["rule"]))
    eras = _era_rows(per_era, era_files)
    with_findings = sum(1 for f in files if f["findings"])
    summary = {
        "files": len(files),
        "clean": len(files) - with_findings,
        "with-findings": with_findings,
        "findings": sum(totals[s] for s in SEVERITIES),
        "errors": totals["error"],
        "warnings": totals["warning"],
        "infos": totals["info"],
        "suppressed": len(suppressions),
    }
    return {
        "title": "markcheck validation report",
        "tool": {"name": "markcheck", "version": __version__, "python": platform.python_version()},
        "rule_pack": rule_pack(tuple(getattr(config, "rule_dirs", ()) or ())),
        "settings": settings_rows(config, settings),
        "generated": generated.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "run_date": run_date.isoformat(),
        "exit_code": exit_code,
        "verdict": {0: "pass", 1: "fail"}.get(exit_code, "error"),
        "summary": summary,
        "files": files,
        "rules": rules,
        "eras": eras,
        "suppressions": suppressions,
        "charts": {"rules": bar_chart([(r["rule"], r["name"], r) for r in rules]),
                   "eras": bar_chart([(e["era"], e["title"], e) for e in eras], note=lambda e: f"{e['files']} file{'' if e['files'] == 1 else 's'}")},
    }


def _status(counts: dict) -> str:
    for severity in SEVERITIES:
        if counts.get(severity):
            return severity
    return "clean"


def _era_rows(per_era: dict[str, Counter], era_files: Counter) -> list[dict]:
    from .eras import era_table

    order = [(e.code, e.title) for e in era_table()] + [(NO_ERA, "date not found in the text")]
    known = {code for code, _ in order}
    order += [(code, code) for code in sorted(set(era_files) - known)]
    rows = []
    for code, title in order:
        if not era_files.get(code):
            continue
        counts = per_era.get(code, Counter())
        rows.append({"era": code, "title": title, "files": era_files[code],
                     "count": sum(counts[s] for s in SEVERITIES), **{s: counts[s] for s in SEVERITIES}})
    return rows


# --- the charts -------------------------------------------------------------------------------

CHART_WIDTH = 560
LABEL_WIDTH = 92
ROW_HEIGHT = 20
BAR_HEIGHT = 14
COUNT_WIDTH = 110


def bar_chart(rows, note=None) -> dict:
    """Geometry of a horizontal bar chart, one bar per row, stacked by severity.

    `rows` are (label, title, counts) with counts holding ``count`` and one entry per severity.
    """
    peak = max((counts["count"] for _, _, counts in rows), default=0)
    span = CHART_WIDTH - LABEL_WIDTH - COUNT_WIDTH
    bars = []
    for i, (label, title, counts) in enumerate(rows):
        y = 8 + i * ROW_HEIGHT
        x = LABEL_WIDTH
        segments = []
        for severity in SEVERITIES:
            n = counts.get(severity, 0)
            if not n:
                continue
            width = max(1.0, span * n / peak) if peak else 0.0
            segments.append({"severity": severity, "x": round(x, 1), "width": round(width, 1), "count": n})
            x += width
        text = str(counts["count"]) + (f" · {note(counts)}" if note else "")
        bars.append({"label": label, "title": title, "y": y, "text_y": y + BAR_HEIGHT - 3,
                     "count": counts["count"], "segments": segments, "end": round(x + 6, 1), "text": text})
    return {"width": CHART_WIDTH, "height": 16 + len(rows) * ROW_HEIGHT, "bars": bars,
            "bar_height": BAR_HEIGHT, "label_x": LABEL_WIDTH - 8, "axis_x": LABEL_WIDTH}


# --- the page ---------------------------------------------------------------------------------

def environment():
    """The Jinja2 environment: templates from the package, every value autoescaped and shown
    with its invisible characters escaped (`visible`)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("markcheck", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml", "j2"),
                                            default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=visible,
    )


def visible(value):
    """A text value as the page shows it: controls, bidirectional overrides and other invisible
    characters (a file name can hold them) written as escapes (``\u202e``), so what reads on
    the page is what is there. (The page is no CI log: ``::`` and ``##[`` stay as they are.)"""
    if value.__class__ is str:
        from .escape import printable

        return printable(value, commands=False)
    return value


def render_html(data: dict) -> str:
    return environment().get_template("report.html.j2").render(**data)


def write_report(path: str, data: dict) -> None:
    """Render and write the report atomically (a temporary file in the target directory, renamed)."""
    from .output import write_atomic

    write_atomic(path, render_html(data))
