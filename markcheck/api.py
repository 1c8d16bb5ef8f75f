"""The Python API: check text or files and get plain, picklable results.

``check_text`` and ``check_paths`` are pure functions of their inputs (and the rule pack), so
they run unchanged inside a process pool or a cluster job. Each `Result` is one entry of the
JSON report's ``files`` list.
"""

from __future__ import annotations

import functools
import os
from typing import Iterable, Iterator

from .checks.base import Context
from .config import Config
from .engine import check_document
from .findings import INTERNAL_ERROR, UNREADABLE_FILE, Finding, tool_finding
from .model import Document
from .rulepack import load_rules
from .reader.source import ReadError, Source
from .values import frozen_value


@frozen_value
class Result:
    path: str | None
    profile: str | None
    era: str | None
    date: str | None
    classification: str | None
    expected_classification: str | None
    findings: tuple[Finding, ...]
    # findings not reported, with why (markcheck.suppress.Suppression); not in `to_dict`: the
    # JSON report lists them at its top level under "suppressed"
    suppressed: tuple = ()
    # why the copy checked is not the whole document (markcheck.model.Incomplete): in `to_dict`
    # as "incomplete", before the findings, only when there is a reason
    incomplete: tuple = ()
    # what a document that holds CUI carries (markcheck.cui.summary.cui_entry): in `to_dict` as
    # "cui", after the expected classification, only for such a document
    cui: dict | None = None

    def to_dict(self) -> dict:
        out = {
            "path": self.path,
            "profile": self.profile,
            "era": self.era,
            "date": self.date,
            "classification": self.classification,
            "expected_classification": self.expected_classification,
        }
        if self.cui is not None:
            out["cui"] = self.cui
        if self.incomplete:
            out["incomplete"] = [reason.to_dict() for reason in self.incomplete]
        out["findings"] = [f.to_dict() for f in self.findings]
        return out

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            out[finding.severity] = out.get(finding.severity, 0) + 1
        return out


def _banner(marking) -> str | None:
    return marking.banner() if marking is not None and marking.level is not None else None


@functools.lru_cache(maxsize=16)
def _rules(rule_dirs: tuple) -> tuple:
    """`load_rules(rule_dirs)` for a configuration's directories, without normalising their paths
    for every document."""
    return load_rules(rule_dirs)


def result_for(doc: Document, config: Config, text: str | None = None, catalogue: str | None = None) -> Result:
    """Check one built document with the configured rule pack; `text`, the document as
    written, is where a Markdown document's suppression comments are read from; `catalogue`,
    an archive's own classification of it, is what CAT-001 compares with the document's."""
    rules = _rules(tuple(config.rule_dirs))  # a list of directories too
    ctx = Context(today=config.run_date(), profile=doc.profile, catalogue=catalogue)
    findings = check_document(doc, rules, ctx, select=config.select, ignore=config.ignore,
                              severity=dict(config.severity) if config.severity else None)
    if doc.pages is not None:  # each finding says on which page, and where on it
        from .pages import locate

        findings = locate(findings, doc.pages)
    suppressed: list = []
    from .suppress_comments import has_directives

    if text is not None and has_directives(text, doc.path):
        from .suppress_comments import apply

        findings, suppressed = apply(findings, text, doc.path, {r.id: r.name for r in rules},
                                     active_rules(rules, config))
    if config.per_file_ignores:
        from .suppress import split

        findings, by_config = split(findings, doc.path, config.per_file_ignores)
        suppressed += by_config
    classification, expected, cui = _banner(doc.classification), _banner(doc.rollup), None
    if doc.cui is not None:  # UNCLASSIFIED//CUI//SP-CTI: what a CUI document is (markcheck.cui.summary)
        from .cui.summary import cui_entry, overall

        declared, rolled_up = overall(doc)
        classification, expected, cui = declared or classification, rolled_up or expected, cui_entry(doc)
    return Result(
        path=doc.path,
        profile=doc.profile,
        era=doc.era,
        date=doc.date.value.isoformat() if doc.date is not None else None,
        classification=classification,
        expected_classification=expected,
        findings=tuple(findings),
        suppressed=tuple(suppressed),
        incomplete=doc.incomplete,
        cui=cui,
    )


def active_rules(rules, config: Config) -> dict[str, str]:
    """Rule ID -> name of the rules `config` applies (selected, not turned off)."""
    from .engine import select_rules

    off = {rule for rule, level in config.severity if level == "off"}
    return {r.id: r.name for r in select_rules(rules, config.select, config.ignore) if r.id not in off}


def failed_result(path: str | None, kind, message: str) -> Result:
    return Result(path, None, None, None, None, None, (tool_finding(kind, message, path),))


def check_text(text: str | Source, *, path: str | None = None, config: Config | None = None) -> Result:
    """Check a document given as text (or a decoded `Source`); `path` labels the result, is
    matched by ``per-file-ignores``, and a ``.md`` path has the text read as Markdown."""
    from .document import build_document
    from .reader.source import MAX_DOCUMENT_BYTES

    config = config or Config()
    _validate(config)
    if len(text if isinstance(text, str) else text.text) > MAX_DOCUMENT_BYTES:  # the bound `check_file` keeps, for text handed in directly
        return failed_result(path, UNREADABLE_FILE, f"a text of {len(text):,} characters is larger than the "
                                              f"{MAX_DOCUMENT_BYTES >> 20} MiB markcheck reads; not read")
    try:
        doc = build_document(text, path=path, profile=config.profile)
    except Exception as exc:  # a reading-pipeline bug must not end a batch
        return failed_result(path, INTERNAL_ERROR, f"reading failed: {type(exc).__name__}: {exc}")
    return result_for(doc, config, text if isinstance(text, str) else text.text)


def check_file(path: str, config: Config | None = None) -> Result:
    """Check one file; an unreadable file gives a result with an MCK-002 finding."""
    from .document import read_document_and_text

    config = config or Config()
    try:
        doc, text = read_document_and_text(path, profile=config.profile)
    except ReadError as exc:
        return failed_result(path, UNREADABLE_FILE, f"cannot read {path}: {exc.message}")
    except Exception as exc:
        return failed_result(path, INTERNAL_ERROR, f"reading failed: {type(exc).__name__}: {exc}")
    return result_for(doc, config, text)


def iter_paths(paths) -> Iterator[str]:
    """Files to check: given files as they are, directories walked as the command line walks
    them without a configuration file (`markcheck.fileselect`); one str or path-like object is
    one path."""
    from .fileselect import iter_documents

    yield from iter_documents(paths)


def check_paths(paths: Iterable[str | os.PathLike] | str | os.PathLike, *, config: Config | None = None,
                jobs: int | None = 1, discover: bool = False) -> list[Result]:
    """Check files and directories; every file gets a result, unreadable ones included. One
    path may be given alone (``check_paths("docs")``).

    With `discover`, each file is checked with its nearest ``.markcheck.yaml``, as the command
    line checks it (a nested file governs its subtree; walks follow each file's include and
    exclude); `config` is then refused, as it would decide for every file.

    Results are in the order the paths were given (directories walked sorted), whatever `jobs`
    is: 1 checks in this process, N uses N worker processes, None or 0 picks by CPU count and
    run size (see `markcheck.runner`).
    """
    return list(iter_checked(paths, config=config, jobs=jobs, discover=discover))


def iter_checked(paths: Iterable[str], *, config: Config | None = None, jobs: int | None = 1,
                 discover: bool = False) -> Iterator[Result]:
    """`check_paths`, each result yielded as soon as it and those before it are ready, so a
    caller can report a long run while it is checked and need not hold every result."""
    from .runner import iter_results

    if discover:
        if config is not None:
            raise ValueError("give config or discover=True, not both: a config decides for every file")
        from .config_load import discovered_selection

        files, configs = discovered_selection(paths)
        return iter_results(files, None, jobs, configs=configs)
    config = config or Config()
    _validate(config)
    return iter_results(iter_paths(paths), config, jobs)  # (one str or path-like object is one path)


def _validate(config: Config) -> None:
    """ValueError for a selection naming no rule (`markcheck.config_load.validate`)."""
    if config.select or config.ignore or config.severity:
        from .config_load import validate

        validate(config)
