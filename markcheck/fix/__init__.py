"""Safe fixes: raise or complete a document's overall marking to the computed roll-up.

``markcheck check --fix`` applies them and ``--diff`` shows them as a unified diff without
writing anything. A fix only ever makes the overall marking *more* protective or writes the
same marking in its standard form:

- ROL-001: the first classification line is below the highest portion level. The level word is
  raised, keeping the line's own style (``C O N F I D E N T I A L USNATO 000114`` becomes
  ``S E C R E T USNATO 000114``; ``CONFIDENTIAL//NOFORN`` becomes ``SECRET//NOFORN``). Every
  repeated classification line (section and page headers, the closing line) that carried the
  same level is raised with it, and so is a transmission security code (``ZNY CCCCC``) that
  agreed with the old level. A NATO, JOINT or other foreign head (``//NATO SECRET``) is raised
  to its owner's level the portions roll up to, in its own form, keeping the NATO control
  written into it (markcheck/fix/foreign_head.py).
- DIS-001: a NOFORN portion and no NOFORN in the overall marking. A State cable gets a
  ``NOFORN`` caption line after its first classification line (before the other captions);
  a memo whose classification lines are written in the standard form gets ``//NOFORN`` in them.
- ROL-010..012: the overall marking lacks an SCI control, special access program or atomic
  energy marking the portions carry. A memo whose classification lines are written in the
  standard form gets the roll-up's values added (``SECRET//SI//NOFORN`` becomes
  ``SECRET//SI/TK//NOFORN``), in CAPCO order and banner form, with every value it had kept; its
  special access programs in one form, the banner's own where the document allows
  (capco.rollup.sap_in_one_form).
- ROL-020: the overall marking's FGI sources differ from those the portions name. A memo's
  classification lines written in the standard form get the roll-up's FGI category
  (markcheck/fix/fgi.py).
- The CAPCO form, companion and release findings (markcheck/fix/form.py, companion.py,
  release.py): a marking written again in the register's form for its place, a control the
  register requires beside a value added, and (unsafe: --unsafe-fixes) an overall REL TO, DISPLAY
  ONLY or RELIDO narrowed to the portions' roll-up, never widened.
- POR-004: a portion mark with non-standard separators (``(C/NF)`` in a memo) is rewritten in
  its standard form, only when the new form reads back as exactly the same marking.

Fixes run in passes until nothing fixable is left (fix.plan.MAX_PASSES); the file is written
once. Nothing that lowers a level or removes a control is ever changed (ROL-002/003, DIS-007/009 …):
those findings get a suggestion only. Each planned change is re-read before it is used; if the
fixed text does not read back with every level at least as high, every control kept and no
release widened (markcheck/fix/net.py), the file is left alone.

Edits are computed on the decoded `Source` by span and spliced into the original bytes, so the
encoding, byte-order mark and line endings are kept and every byte outside the edits is
unchanged. Writing is atomic (temporary file in the same directory, fsync, rename) and keeps the
file's owner, group, mode and extended attributes (ACLs too); it refuses a file that changed
since it was read, a file it could not write in place (read-only, hard-linked, another user's
unless run as root), one whose metadata cannot be kept, and a symlink that points outside the
project directory (the working directory).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from .table import FIXERS, FixTable, fix_table

# The rest of the package's names, loaded when first asked for: a check run that only counts
# fixable findings (`fix_table`) does not load the fixers.
_LAZY = {"Edit": "plan", "FilePlan": "plan", "Note": "plan", "plan_file": "plan",
         "line_starts": "text", "splice_bytes": "text", "splice_text": "text",
         "STALE_TEMPORARY_SECONDS": "write", "TEMPORARY_SUFFIX": "write", "FixRefused": "write",
         "apply_plan": "write", "write_target": "write"}

__all__ = ["FIXERS", "FixTable", "Outcome", "fix_results", "fix_table", *_LAZY]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)


@dataclass
class Outcome:
    """What --fix / --diff did: the results to report and the exit status of the fixing itself."""

    results: list
    status: int = 0  # 0 ok, 1 (--diff) changes shown, 2 a file could not be fixed
    fixed: int = 0
    files: int = 0


def fix_results(results, config=None, *, write: bool = True, out=None, err=None, root: str | None = None,
                baseline=None, unsafe: bool = False, config_for=None) -> Outcome:
    """Fix (or, with ``write=False``, show as a diff) the safe fixes of a run's results.

    Only reported findings are fixed: those the configuration suppressed are not in the
    results, and those recorded in `baseline` (a `markcheck.baseline.Baseline`) are left alone.
    Returns the results to report: for each fixed file, its findings after re-checking the
    fixed text; other files keep theirs. `config_for(path)`, when given, is each file's own
    configuration (nested configuration files), instead of `config`.
    """
    from ..config import Config
    from ..escape import printable  # file names in messages: one line each, no CI command
    from ..inputs import is_office
    from ..reader.source import ReadError
    from .plan import Note, plan_file
    from .write import FixRefused, apply_plan

    config = config or Config()
    config_for = config_for or (lambda path: config)
    table = fix_table(unsafe=unsafe)
    out = out or sys.stdout
    err = err or sys.stderr
    outcome = Outcome(results=list(results))
    touched: list[int] = []
    for index, result in enumerate(outcome.results):
        if result.path is None:
            continue
        findings = result.findings
        if baseline is not None and findings:
            from ..baseline import apply

            findings = apply([result], baseline)[0][0].findings
        interesting = [f for f in findings if table.interesting(f.rule)]
        if not interesting:
            continue
        if is_office(result.path):  # a Word or PDF file is reported, never written
            for f in interesting:
                err.write(f"{printable(result.path)}:{f.line}:{f.column}: {f.rule} not changed by --fix: markcheck "
                          f"reports on Word and PDF files and does not write them\n")
            continue
        try:
            plan = plan_file(result.path, config_for(result.path), findings, table) if any(
                f.rule in table.fixer for f in interesting) else None
        except ReadError as exc:
            err.write(f"markcheck: cannot fix {printable(result.path)}: {exc.message}\n")
            outcome.status = 2
            continue
        except Exception as exc:  # containment: a planning bug leaves this file alone, not the run
            err.write(f"markcheck: cannot fix {printable(result.path)}: internal error: {type(exc).__name__}: {exc}\n")
            outcome.status = 2
            continue
        notes = plan.notes if plan is not None else [
            Note(f.rule, f.line, f.column, f"not changed by --fix: {table.not_fixed[f.rule]}")
            for f in interesting]
        for note in sorted(notes, key=lambda n: (n.line, n.column, n.rule)):
            err.write(f"{printable(result.path)}:{note.line}:{note.column}: {note.rule} {note.text}\n")
        if plan is None or not plan.changed:
            continue
        if not write:
            out.write(printable(plan.diff(printable(result.path)), keep="\n\t"))  # document text never drives the terminal
            outcome.status = max(outcome.status, 1)
            outcome.fixed += len(plan.described)
            outcome.files += 1
            continue
        try:
            apply_plan(plan, root)
        except (FixRefused, OSError) as exc:
            reason = exc.reason if isinstance(exc, FixRefused) else (exc.strerror or str(exc))
            err.write(f"markcheck: not fixed: {printable(result.path)}: {reason}\n")
            outcome.status = 2
            continue
        except Exception as exc:  # containment: the file is left as it was (the write is atomic)
            err.write(f"markcheck: not fixed: {printable(result.path)}: internal error: {type(exc).__name__}: {exc}\n")
            outcome.status = 2
            continue
        outcome.fixed += len(plan.described)
        outcome.files += 1
        touched.append(index)
        for edit in plan.described:
            err.write(f"{printable(result.path)}:{edit.line}:{edit.column}: {edit.rule} fixed: {edit.description}\n")
    if touched:
        from ..api import check_file

        for i in touched:
            outcome.results[i] = check_file(outcome.results[i].path, config_for(outcome.results[i].path))
    if write and outcome.fixed:
        remaining = sum(len(r.findings) for r in outcome.results)
        err.write(f"markcheck: fixed {outcome.fixed} marking(s) in {outcome.files} file(s); "
                  f"{remaining} finding(s) remain\n")
    elif not write and outcome.fixed:
        err.write(f"markcheck: {outcome.fixed} fix(es) in {outcome.files} file(s) would be applied by --fix\n")
    return outcome
