"""Planning a file's safe fixes: which fixer serves which finding (the rule pack's fix table),
the edits they propose, and the safety net that re-reads the fixed text and drops every edit
unless nothing was lowered or removed."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field

from ..model import Document
from ..reader.source import ReadError, Source
from .overall import OverallFixes
from .table import FixTable, fix_table
from .text import line_starts, splice_bytes, splice_text
from .write import signature

@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] (character offsets into Source.text) with `content`."""

    start: int
    end: int
    content: str
    rule: str
    line: int
    column: int
    description: str


@dataclass(frozen=True)
class Note:
    """A finding --fix leaves to a person (or a fix it declined), with the reason."""

    rule: str
    line: int
    column: int
    text: str


@dataclass
class FilePlan:
    """What --fix would do to one file, and what it read to decide."""

    path: str
    data: bytes
    source: Source
    signature: tuple
    edits: list[Edit] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    applied: list[Edit] = field(default_factory=list)  # every pass's edits, when there were several

    @property
    def described(self) -> list[Edit]:
        """The edits to report, one per fix made (those of every pass)."""
        return self.applied or self.edits

    @property
    def changed(self) -> bool:
        return bool(self.edits)

    def new_text(self) -> str:
        return splice_text(self.source.text, self.edits)

    def new_bytes(self) -> bytes:
        return splice_bytes(self.data, self.source, self.edits)

    def diff(self, label: str | None = None) -> str:
        """A unified diff of the planned change (empty when nothing changes)."""
        if not self.edits:
            return ""
        name = (label or self.path).replace(os.sep, "/")
        old, new = (name, name) if os.path.isabs(name) else (f"a/{name}", f"b/{name}")
        before = self.source.text.splitlines()
        after = self.new_text().splitlines()
        lines = difflib.unified_diff(before, after, old, new, lineterm="")
        return "".join(line + "\n" for line in lines)


# --- planning ---------------------------------------------------------------------------------

# Fixes run in passes, as Ruff's do: a fix may leave the next one to do (a portion mark gains
# NOFORN, then the classification lines need it; a REL TO list in order, then the next one).
# Each pass plans on the text the last one wrote and passes the safety net on its own; the file
# is written once, with every pass's change.
MAX_PASSES = 4


def plan_file(path: str, config=None, findings=None, table: FixTable | None = None) -> FilePlan:
    """Read `path` and plan its safe fixes.

    `findings` are the run's findings for this file (after the configuration's selection and
    suppressions); only those are fixed, and what the fixes themselves lead to (never a finding
    held back: one the baseline records). When None, the file is checked here.
    """
    from ..api import result_for
    from ..config import Config
    from ..document import build_document

    from ..reader.source import MAX_DOCUMENT_BYTES, read_file

    config = config or Config()
    table = table or fix_table()
    data = read_file(path, MAX_DOCUMENT_BYTES)  # ReadError; bounded, never a pipe or a device
    try:
        file_signature = signature(path, data)
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None
    source = Source.from_bytes(data, path)
    doc = build_document(source, path=path, profile=config.profile)
    every = result_for(doc, config).findings
    if findings is None:
        findings = every
    plan = FilePlan(path=path, data=data, source=source, signature=file_signature)
    _Planner(doc, source, plan, config).run(findings, table)
    if plan.edits:
        _later_passes(plan, doc.profile, config, table, every, findings)
    return plan


def _later_passes(plan: FilePlan, profile: str, config, table: FixTable, every, served) -> None:
    """Plan again on the fixed text until nothing fixable is left (at most MAX_PASSES in all);
    then the plan's edits are the change from the file as read to the last text."""
    from ..api import result_for
    from ..document import build_document

    held = {(f.rule, f.message) for f in every if f not in served}  # e.g. recorded in the baseline
    had = {f.rule for f in every}
    applied, text, notes = list(plan.edits), plan.new_text(), list(plan.notes)
    remaining = None
    for _ in range(MAX_PASSES - 1):
        source = Source.from_text(text, plan.path)
        doc = build_document(source, path=plan.path, profile=profile)
        remaining = result_for(doc, config).findings
        todo = [f for f in remaining if f.rule in table.fixer and (f.rule, f.message) not in held
                and (f.rule in {g.rule for g in served} or f.rule not in had)]
        if not todo:
            break
        step = FilePlan(path=plan.path, data=b"", source=source, signature=plan.signature)
        _Planner(doc, source, step, config).run(todo, table)
        notes.extend(n for n in step.notes if (n.rule, n.text) not in {(m.rule, m.text) for m in notes})
        if not step.edits:
            break
        applied.extend(step.edits)
        text = step.new_text()
        remaining = None
    if len(applied) == len(plan.edits):
        return
    if remaining is None:
        from ..document import build_document as build

        remaining = result_for(build(Source.from_text(text, plan.path), path=plan.path, profile=profile),
                               config).findings
    left = {f.rule for f in remaining}
    plan.notes[:] = [n for n in notes if n.rule in left]  # a note of a pass that a later pass fixed is moot
    plan.applied = applied
    plan.edits = _composed(plan.source.text, text, applied)


def _composed(old: str, new: str, applied) -> list[Edit]:
    """The edits that turn `old` into `new`, a run of changed lines each, named after the first
    applied edit on those lines."""
    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    starts = [0]
    for line in before:
        starts.append(starts[-1] + len(line))
    out = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        on = [e for e in applied if i1 + 1 <= e.line <= max(i2, i1 + 1)] or list(applied)
        out.append(Edit(starts[i1], starts[i2], "".join(after[j1:j2]), on[0].rule, i1 + 1, 1,
                        "; ".join(dict.fromkeys(e.description for e in on))))
    return out


class _Planner(OverallFixes):
    def __init__(self, doc: Document, source: Source, plan: FilePlan, config):
        self.doc = doc
        self.source = source
        self.plan = plan
        self.config = config
        self.starts = line_starts(source.text)
        self.read_otherwise = frozenset(seen.line for seen in doc.seen)  # visible text differs (markcheck.reader.visible)
        self.serving: dict[str, str] = {}  # fixer -> the rule whose findings it fixes in this file
        self.unsafe: frozenset = frozenset()  # the rules served whose fix is unsafe (--unsafe-fixes)

    # offsets -----------------------------------------------------------------------------------

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        return self.source.lines[line - 1]

    def line_break_after(self, line: int) -> str:
        """The line break that ends `line` in the text (the document's newline if it is the last)."""
        if line < len(self.starts):
            return self.source.text[self.starts[line - 1] + len(self.line_text(line)):self.starts[line]]
        return self.source.newline

    def edit(self, rule: str, line: int, column: int, end_column: int, content: str, description: str) -> None:
        if line in self.read_otherwise:  # an edit made on the text as read could break what is written
            self.note(rule, line, column, f"not changed by --fix: line {line} is read otherwise than it is "
                                          "written (Markdown markup, invisible or look-alike characters); fix it by hand")
            return
        start, end = self.offset(line, column), self.offset(line, end_column)
        self.plan.edits.append(Edit(start, end, content, rule, line, column, description))

    def note(self, rule: str, line: int, column: int, text: str) -> None:
        self.plan.notes.append(Note(rule, line, column, text))

    # the pass ----------------------------------------------------------------------------------

    def run(self, findings, table: FixTable) -> None:
        served: dict[str, list] = {}  # fixer -> the findings it is asked to fix, in order
        for f in findings:
            fixer = table.fixer.get(f.rule)
            if fixer is not None:
                served.setdefault(fixer, []).append(f)
        self.serving = {fixer: hits[0].rule for fixer, hits in served.items()}
        self.plan_overall(served)
        if "standard-separators" in served:
            self._separators(served["standard-separators"])
        cui = {fixer: hits for fixer, hits in served.items() if fixer.startswith("cui-banner")}
        if cui:
            from ..cui import fix as cui_fix

            cui_fix.plan(self, cui)  # CUI banners: added or completed, never reduced
        if "fgi-banner" in served:
            from . import fgi

            fgi.plan(self, served["fgi-banner"])  # the overall FGI sources, as the roll-up names them
        if "add-companion" in served:
            from . import companion

            companion.plan(self, served["add-companion"], table)  # ORCON or NOFORN a value requires
        if "add-rollup-control" in served:
            from . import companion

            companion.plan_rollup(self, served["add-rollup-control"], table)  # a control the portions carry
        if "release-rollup" in served:
            from . import release

            release.plan(self, served["release-rollup"])  # REL TO, DISPLAY ONLY, RELIDO: narrowed, never widened
        if "standard-form" in served:
            from . import form

            form.plan(self, served["standard-form"])  # the register's form for the marking's place
        self.unsafe = frozenset(f.rule for f in findings if f.rule in table.unsafe)
        for f in findings:
            if f.rule in table.not_fixed:
                self.note(f.rule, f.line, f.column, f"not changed by --fix: {table.not_fixed[f.rule]}")
        self._verify()

    # standard-separators (POR-004) --------------------------------------------------------------

    def _separators(self, findings) -> None:
        from ..reader.parse import MarkingSyntaxError, parse_portion

        wanted = {(f.line, f.column): f.rule for f in findings}
        for p in self.doc.portions:
            span = p.mark_span
            if span is None or p.marking is None or (span.line, span.column) not in wanted:
                continue
            rule = wanted[span.line, span.column]
            if span.line != span.end_line:
                continue
            written = self.line_text(span.line)[span.column - 1:span.end_column - 1]
            if written != p.mark:
                continue
            inner = p.marking.portion()
            try:
                same = parse_portion(inner) == p.marking
            except MarkingSyntaxError:
                same = False
            if not same:
                self.note(rule, span.line, span.column,
                          f"not changed by --fix: ({inner}) would not read back as {written}")
                continue
            self.edit(rule, span.line, span.column, span.end_column, f"({inner})",
                      f"write {written} as ({inner})")

    # the safety net ----------------------------------------------------------------------------

    def _verify(self) -> None:
        """Re-read the fixed text; drop every edit unless nothing was lowered or removed."""
        edits = self.plan.edits
        if not edits:
            return
        edits.sort(key=lambda e: (e.start, e.end))
        problem = None
        if any(a.end > b.start for a, b in zip(edits, edits[1:])):
            problem = "the planned edits overlap"
        else:
            from ..document import build_document

            after = build_document(Source.from_text(splice_text(self.source.text, edits), self.plan.path),
                                   path=self.plan.path, profile=self.doc.profile)
            from ..cui.fix import weakened as cui_weakened
            from .net import weakened

            narrowing = any(e.rule in self.unsafe for e in edits)
            problem = weakened(self.doc, after, {e.line for e in edits}, narrowing) or cui_weakened(self.doc, after)
        if problem:
            first = edits[0]
            self.note(first.rule, first.line, first.column,
                      f"not changed by --fix: the fixed text did not read back as intended ({problem})")
            edits.clear()


from .net import at_least as _at_least  # noqa: E402,F401  (the net's test of one marking, by its former name)
