"""The baseline: findings already known, recorded so only new ones are reported.

This is how a team adopts markcheck on an existing archive: ``--write-baseline FILE`` records
every current finding, ``--baseline FILE`` then reports only findings that are not in it.

A finding is recorded by its fingerprint (`markcheck.formats.fingerprint`, the same one GitLab
and SARIF get): sha256 over the rule, the file's path relative to the baseline file's
directory, the marking text under the finding (whitespace collapsed), its cause (what its
message says: the expected marking, the portion that requires it, the date…, line numbers
taken out) and its occurrence index among the file's findings with the same rule, text and
cause. Never the line number, so inserting lines above a finding keeps it baselined;
correcting the marking, adding a second identical defect, or a change in what drives the
finding (a (TS) paragraph added under an UNCLASSIFIED banner baselined over a (C) one) does not.

The file is small, sorted and stable (the same findings give the same bytes), one entry per
line so that reviews and merges stay readable::

    {
      "version": 2,
      "tool": "markcheck",
      "entries": [
        {"fingerprint": "…", "path": "cables/09USNATO114.txt", "rule": "POR-001"}
      ]
    }

Entries that no longer match a finding are *stale*: each is reported as an MCK-004 info
finding at its line of the baseline file, but only for files this run checked (a pre-commit
run over three files says nothing about the rest of the archive) and rules this run applied.
MCK- tool findings are never recorded.

Version 1 files (written before fingerprints recorded the cause) still load, and their entries
are matched as they are: an entry matches only a finding whose fingerprint did not change,
one whose message shows no values. Every other version 1 entry cannot tell the finding it
recorded from a worse one with the same span, so it matches nothing: the finding is reported
as new and the entry as stale, with the advice to rewrite the baseline.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path
from typing import Iterable, Sequence

from .escape import position_lines
from .findings import STALE_BASELINE, TOOL_CITATION, Finding, printable
from .globs import relative
from .suppress import Suppression
from .values import frozen_value

VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1: fingerprints without the finding's cause (see above)
MAX_NUMBER_DIGITS = 100  # markcheck writes one small number; a longer one is refused, not converted
_EXIT_TWO = ("MCK-001", "MCK-002")


class BaselineError(Exception):
    """An unreadable or malformed baseline file; str() is ``file:line:col: reason``."""

    def __init__(self, path: str, reason: str, line: int = 1, column: int = 1):
        super().__init__(position_lines([(path, line, column, reason)]))


@frozen_value
class Entry:
    fingerprint: str
    path: str
    rule: str

    def to_dict(self) -> dict:
        return {"fingerprint": self.fingerprint, "path": self.path, "rule": self.rule}


@frozen_value
class Baseline:
    path: str  # as given
    entries: tuple[Entry, ...]
    text: str = ""  # the file as read, to point at an entry's line
    version: int = VERSION

    @property
    def directory(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))

    def line_of(self, entry: Entry) -> tuple[int, int]:
        return _entry_position(self.text, entry.fingerprint)


def _fingerprinted(result, directory: str) -> list[tuple[Finding, str, str]]:
    """(finding, fingerprint, relative path) for the policy findings of one result."""
    from .formats.fingerprint import fingerprints

    if result.path is None or not result.findings:
        return []
    rel = relative(result.path, directory)
    policy = dataclasses.replace(result, findings=tuple(f for f in result.findings if not f.rule.startswith("MCK-")))
    return [(f, fp, rel) for f, fp in zip(policy.findings, fingerprints(policy, rel))]


def entries_for(results: Iterable, directory: str) -> list[Entry]:
    """Baseline entries for every reported policy finding, sorted (path, rule, fingerprint)."""
    entries = {Entry(fp, rel, f.rule) for result in results for f, fp, rel in _fingerprinted(result, directory)}
    return sorted(entries, key=lambda e: (e.path, e.rule, e.fingerprint))


def render(entries: Sequence[Entry]) -> str:
    lines = [json.dumps(e.to_dict(), sort_keys=True, ensure_ascii=False) for e in entries]
    body = ",\n".join("    " + line for line in lines)
    entries_text = "\n" + body if lines else ""
    return f'{{\n  "version": {VERSION},\n  "tool": "markcheck",\n  "entries": [{entries_text}\n  ]\n}}\n'


def write(path: str, results: Iterable) -> int:
    """Record the findings of `results` in `path` (replaced atomically, with the mode any file the
    user creates gets); returns the entry count."""
    from .output import write_atomic

    directory = os.path.dirname(os.path.abspath(path))
    entries = entries_for(results, directory)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    # surrogateescape: a file name that is not UTF-8 is kept as its bytes, to match it again
    write_atomic(path, render(entries), errors="surrogateescape")
    return len(entries)


MAX_BASELINE_BYTES = 64 * 1024 * 1024


def read(path: str) -> Baseline:
    """Load and check a baseline file; raises `BaselineError`."""
    from .reader.source import ReadError, read_file

    try:  # bounded, and never a pipe or a device (markcheck.reader.source.read_file)
        text = read_file(path, MAX_BASELINE_BYTES).decode("utf-8", "surrogateescape")
    except ReadError as exc:
        if exc.message == "no such file":
            raise BaselineError(path, "baseline file not found (write one with --write-baseline)") from None
        raise BaselineError(path, f"cannot read the baseline file: {exc.message}") from None
    try:
        data = json.loads(text, parse_int=_small_int)
    except json.JSONDecodeError as exc:
        raise BaselineError(path, f"not JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise BaselineError(path, "not a markcheck baseline: JSON nested too deeply") from None
    except _LongNumber as exc:
        line, column = _position(text, _long_number_at(text))
        raise BaselineError(path, f"a number of {exc.digits} digits (a baseline has none longer than "
                                  f"{MAX_NUMBER_DIGITS})", line, column) from None
    version = data.get("version") if isinstance(data, dict) else None
    if type(version) is not int or version not in READABLE_VERSIONS or not isinstance(data.get("entries"), list):
        raise BaselineError(path, f"not a markcheck baseline of version {' or '.join(map(str, READABLE_VERSIONS))} "
                                  "(an object with \"version\" and \"entries\")")
    entries = []
    for i, item in enumerate(data["entries"]):
        if not (isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("fingerprint", "path", "rule"))):
            raise BaselineError(path, f"$.entries[{i}]: an entry has string fields fingerprint, path and rule")
        problem = _entry_problem(item)
        if problem:
            raise BaselineError(path, f"$.entries[{i}].{problem}", *_entry_position(text, item["fingerprint"]))
        entries.append(Entry(item["fingerprint"], item["path"], item["rule"]))
    return Baseline(path, tuple(entries), text, version)


_FINGERPRINT = re.compile(r"[0-9a-f]{64}")
_RULE_ID = re.compile(r"[A-Z]{3}-[0-9]{3}")  # as rules/schema.json has it


def _entry_problem(item: dict) -> str | None:
    """What is wrong with an entry markcheck could not have written (its strings reach messages
    and file-name comparisons), or None."""
    if not _FINGERPRINT.fullmatch(item["fingerprint"]):
        return "fingerprint: not 64 lowercase hexadecimal digits"
    if not _RULE_ID.fullmatch(item["rule"]):
        return "rule: not a rule ID such as ROL-001"
    try:  # a file name's undecodable bytes are U+DC80..U+DCFF; any other lone surrogate is no name
        item["path"].encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return "path: not a file name (a lone surrogate)"
    return None


class _LongNumber(Exception):
    def __init__(self, digits: int):
        self.digits = digits


def _small_int(literal: str) -> int:
    """`int` for the JSON reader, refusing a number longer than any a baseline holds before
    converting it (the conversion costs time quadratic in its length)."""
    digits = len(literal.lstrip("-"))
    if digits > MAX_NUMBER_DIGITS:
        raise _LongNumber(digits)
    return int(literal)


# A JSON string (skipped whole, so digits inside one are not taken for a number), or a number.
_STRING_OR_NUMBER = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?')


def _long_number_at(text: str) -> int:
    """The offset of the first integer in `text` longer than MAX_NUMBER_DIGITS."""
    for m in _STRING_OR_NUMBER.finditer(text):
        token = m.group(0)
        if token[0] != '"' and len(token.lstrip("-")) > MAX_NUMBER_DIGITS and token.lstrip("-").isdigit():
            return m.start()
    return 0


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of `offset` in `text`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _entry_position(text: str, fingerprint: str) -> tuple[int, int]:
    """Where the entry with `fingerprint` opens in the baseline `text` (1:1 when not found)."""
    at = text.find(fingerprint) if fingerprint else -1
    if at < 0:
        return 1, 1
    start = text.rfind("{", 0, at)
    return _position(text, at if start < 0 else start)


def apply(results: Sequence, baseline: Baseline, *, inactive: frozenset[str] = frozenset(),
          display: str | None = None) -> tuple[list, list[Finding]]:
    """(results without the baselined findings, MCK-004 findings for stale entries).

    Baselined findings move to each result's ``suppressed`` (kind ``baseline``). `inactive` holds
    the rule IDs the run did not apply (deselected or turned off), whose entries are not called
    stale; `display` is how the baseline file is named in findings.
    """
    applied = Applied(baseline, inactive=inactive, display=display)
    out = [applied.apply(result) for result in results]
    return out, applied.stale()


class Applied:
    """`apply` one result at a time, so a run can report each as it comes: the stale entries
    are known once every result has passed."""

    def __init__(self, baseline: Baseline, *, inactive: frozenset[str] = frozenset(), display: str | None = None,
                 inactive_for=None):
        self.baseline = baseline
        self.inactive = inactive
        # path of a checked file -> the rule IDs its own configuration did not apply (nested
        # configurations): an entry of a rule its file's configuration turned off is not stale
        self.inactive_for = inactive_for
        self.display = display or baseline.path
        self.wanted = {e.fingerprint: e for e in baseline.entries}
        self.used: set[str] = set()
        self.checked: dict[str, str] = {}  # entry path (relative to the baseline) -> the result's path

    def apply(self, result):
        """`result` without its baselined findings (moved to its ``suppressed``)."""
        directory = self.baseline.directory
        if result.path is not None and not any(f.rule in _EXIT_TWO for f in result.findings):
            self.checked.setdefault(relative(result.path, directory), result.path)
        hits = {id(f): fp for f, fp, _ in _fingerprinted(result, directory) if fp in self.wanted}
        if not hits:
            return result
        self.used.update(hits.values())
        reason = f"recorded in the baseline {self.display}"
        kept = tuple(f for f in result.findings if id(f) not in hits)
        suppressed = tuple(getattr(result, "suppressed", ())) + tuple(
            Suppression(f, "baseline", reason, self.display) for f in result.findings if id(f) in hits)
        return dataclasses.replace(result, findings=kept, suppressed=suppressed)

    def stale(self) -> list[Finding]:
        """MCK-004 findings for the entries no result matched, of files checked and rules applied."""
        stale = []
        rule, name = STALE_BASELINE
        for entry in self.baseline.entries:
            if entry.fingerprint in self.used or entry.path not in self.checked:
                continue
            if entry.rule in self.inactive:
                continue
            if self.inactive_for is not None and entry.rule in self.inactive_for(self.checked[entry.path]):
                continue
            line, column = self.baseline.line_of(entry)
            stale.append(Finding(rule, name, "info",
                                 f"stale baseline entry: no {entry.rule} finding in {printable(entry.path)} "
                                 f"matches it any more; {self._advice()}",
                                 line, column, line, column, TOOL_CITATION, self.display))
        return stale

    def _advice(self) -> str:
        if self.baseline.version == VERSION:
            return "remove the entry or rewrite the baseline with --write-baseline"
        return (f"the baseline is of version {self.baseline.version}, whose fingerprints do not record what "
                "drives a finding: rewrite it with --write-baseline")
