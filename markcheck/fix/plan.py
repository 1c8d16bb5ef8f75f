"""Planning a file's safe fixes: which fixer serves which finding (the rule pack's fix table),
the edits they propose, and the safety net that re-reads the fixed text and drops every edit
unless nothing was lowered or removed."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field

from ..model import Document, Marking
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

def plan_file(path: str, config=None, findings=None, table: FixTable | None = None) -> FilePlan:
    """Read `path` and plan its safe fixes.

    `findings` are the run's findings for this file (after the configuration's selection and
    suppressions); only those are fixed. When None, the file is checked here.
    """
    from ..api import result_for
    from ..config import Config
    from ..document import build_document

    from ..reader.source import MAX_DOCUMENT_BYTES, read_file

    config = config or Config()
    data = read_file(path, MAX_DOCUMENT_BYTES)  # ReadError; bounded, never a pipe or a device
    try:
        file_signature = signature(path, data)
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None
    source = Source.from_bytes(data, path)
    doc = build_document(source, path=path, profile=config.profile)
    if findings is None:
        findings = result_for(doc, config).findings
    plan = FilePlan(path=path, data=data, source=source, signature=file_signature)
    _Planner(doc, source, plan, config).run(findings, table or fix_table())
    return plan


class _Planner(OverallFixes):
    def __init__(self, doc: Document, source: Source, plan: FilePlan, config):
        self.doc = doc
        self.source = source
        self.plan = plan
        self.config = config
        self.starts = line_starts(source.text)
        self.read_otherwise = frozenset(seen.line for seen in doc.seen)  # visible text differs (markcheck.reader.visible)
        self.serving: dict[str, str] = {}  # fixer -> the rule whose findings it fixes in this file

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

            problem = _weakened(self.doc, after) or cui_weakened(self.doc, after)
        if problem:
            first = edits[0]
            self.note(first.rule, first.line, first.column,
                      f"not changed by --fix: the fixed text did not read back as intended ({problem})")
            edits.clear()


def _weakened(before: Document, after: Document) -> str | None:
    """Why `after` is not a safe fix of `before` (None when it is)."""
    if len(before.banners) != len(after.banners):
        return "the classification lines changed"
    for old, new in zip(before.banners, after.banners):
        if not _at_least(old.marking, new.marking):
            return f"classification line {new.raw!r} is not at least {old.raw!r}"
    if before.classification is not None and (after.classification is None
                                              or not _at_least(before.classification, after.classification)):
        return "the overall marking would be lowered or lose a control"
    if [p.marking for p in before.portions] != [p.marking for p in after.portions]:
        return "the portion marks would change"
    return None


def _at_least(old: Marking, new: Marking) -> bool:
    """`new` keeps `old`'s level, its controls, its SCI, SAP and atomic energy values and every
    word it did not understand (a fix never deletes a word of a marking, least of all one
    markcheck cannot read)."""
    if old.level is not None and (new.level is None or new.level < old.level):
        return False
    from ..capco.rollup import keeps_values

    if not keeps_values(old, new):
        return False
    return old.controls() <= new.controls() and set(old.unknown) <= set(new.unknown)

