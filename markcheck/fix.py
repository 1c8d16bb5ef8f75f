"""Safe fixes: raise or complete a document's overall marking to the computed roll-up.

``markcheck check --fix`` applies them and ``--diff`` shows them as a unified diff without
writing anything. A fix only ever makes the overall marking *more* protective or writes the
same marking in its standard form:

- ROL-001: the first classification line is below the highest portion level. The level word is
  raised, keeping the line's own style (``C O N F I D E N T I A L USNATO 000114`` becomes
  ``S E C R E T USNATO 000114``; ``CONFIDENTIAL//NOFORN`` becomes ``SECRET//NOFORN``). Every
  repeated classification line (section and page headers, the closing line) that carried the
  same level is raised with it, and so is a transmission security code (``ZNY CCCCC``) that
  agreed with the old level.
- DIS-001: a NOFORN portion and no NOFORN in the overall marking. A State cable gets a
  ``NOFORN`` caption line after its first classification line (before the other captions);
  a memo whose classification lines are written in the standard form gets ``//NOFORN`` in them.
- ROL-020: the overall marking's FGI sources differ from those the portions name. A memo's
  classification lines written in the standard form get the roll-up's FGI category
  (markcheck/fix_fgi.py).
- POR-004: a portion mark with non-standard separators (``(C/NF)`` in a memo) is rewritten in
  its standard form, only when the new form reads back as exactly the same marking.

Nothing that lowers a level or removes a control is ever changed (ROL-002/003, DIS-007/009 …):
those findings get a suggestion only. Each planned change is re-read before it is used; if the
fixed text does not read back with every level at least as high and every control kept, the
file is left alone.

Edits are computed on the decoded `Source` by span and spliced into the original bytes, so the
encoding, byte-order mark and line endings are kept and every byte outside the edits is
unchanged. Writing is atomic (temporary file in the same directory, fsync, rename) and keeps the
file's owner, group, mode and extended attributes (ACLs too); it refuses a file that changed
since it was read, a file it could not write in place (read-only, hard-linked, another user's
unless run as root), one whose metadata cannot be kept, and a symlink that points outside the
project directory (the working directory).
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import os
import re
import sys
from dataclasses import dataclass, field, replace

from . import atomicwrite
from .model import Banner, Document, Level, Marking, Portion
from .reader.source import ReadError, Source

# The fixers of this module, by the name a rule's `fixer:` gives (rules/schema.json).
FIXERS = ("raise-level", "add-noforn", "standard-separators", "cui-banner", "fgi-banner")


@dataclass(frozen=True)
class FixTable:
    """What the rule pack says about fixing: {rule ID: fixer} of the rules --fix resolves, and
    {rule ID: why not} of those it never does (each rule's `fix`, `fixer` and `not_fixed`)."""

    fixer: dict
    not_fixed: dict

    def interesting(self, rule: str) -> bool:
        return rule in self.fixer or rule in self.not_fixed


def fix_table(rules=None, unsafe: bool = False) -> FixTable:
    """The fix table of `rules` (default: the built-in pack); a rule whose fix is unsafe counts
    as fixable only with `unsafe` (``--unsafe-fixes``)."""
    if rules is None:
        from .rulepack import builtin_rules

        rules = builtin_rules()
    allowed = ("safe", "unsafe") if unsafe else ("safe",)
    return FixTable(fixer={r.id: r.fixer for r in rules if r.fix in allowed and r.fixer in FIXERS},
                    not_fixed={r.id: r.not_fixed for r in rules if r.not_fixed})

_BREAK = re.compile(r"\r\n|\r|\n")
_SECURITY_CODES = {"CCCCC": Level.C, "SSSSS": Level.S, "TTTTT": Level.TS}
_CODE_FOR_LEVEL = {level: code for code, level in _SECURITY_CODES.items()}
_BOM = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}


class FixRefused(Exception):
    """A file markcheck will not write (changed since read, symlink out of the project, ...)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


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

def _signature(path: str, data: bytes) -> tuple:
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ino, hashlib.sha256(data).hexdigest())


def plan_file(path: str, config=None, findings=None, table: FixTable | None = None) -> FilePlan:
    """Read `path` and plan its safe fixes.

    `findings` are the run's findings for this file (after the configuration's selection and
    suppressions); only those are fixed. When None, the file is checked here.
    """
    from .api import result_for
    from .config import Config
    from .document import build_document

    from .reader.source import MAX_DOCUMENT_BYTES, read_file

    config = config or Config()
    data = read_file(path, MAX_DOCUMENT_BYTES)  # ReadError; bounded, never a pipe or a device
    try:
        signature = _signature(path, data)
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None
    source = Source.from_bytes(data, path)
    doc = build_document(source, path=path, profile=config.profile)
    if findings is None:
        findings = result_for(doc, config).findings
    plan = FilePlan(path=path, data=data, source=source, signature=signature)
    _Planner(doc, source, plan, config).run(findings, table or fix_table())
    return plan


class _Planner:
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
        first = self.doc.first_banner
        raise_to = None
        if "raise-level" in served:
            raise_to = self._raise_target(first, served["raise-level"][0])
        noforn = False
        if "add-noforn" in served:
            noforn = self._noforn_needed(first, served["add-noforn"][0])
        if raise_to is not None or noforn:
            self._overall(first, raise_to, noforn)
        if "standard-separators" in served:
            self._separators(served["standard-separators"])
        if "cui-banner" in served:
            from .cui import fix as cui_fix

            cui_fix.plan(self, served["cui-banner"])  # CUI banners: added or completed, never reduced
        if "fgi-banner" in served:
            from . import fix_fgi

            fix_fgi.plan(self, served["fgi-banner"])  # the overall FGI sources, as the roll-up names them
        for f in findings:
            if f.rule in table.not_fixed:
                self.note(f.rule, f.line, f.column, f"not changed by --fix: {table.not_fixed[f.rule]}")
        self._verify()

    # raise-level (ROL-001) ----------------------------------------------------------------------

    def _body_rollup(self, first: Banner) -> Marking | None:
        """The roll-up of the portions after the first classification line (the document proper)."""
        from .rollup import rollup

        return rollup(p.marking for p in self.doc.portions
                      if p.marking is not None and p.span.line > first.span.line)

    def _raise_target(self, first: Banner | None, finding) -> Level | None:
        declined = finding.rule, finding.line, finding.column
        if first is None or first.marking.level is None or self.doc.rollup is None:
            return None
        old = first.marking.level
        wanted = self.doc.rollup.level
        if wanted is None or wanted <= old:
            return None
        body = self._body_rollup(first)
        if body is None or body.level != wanted:
            self.note(*declined, "not changed by --fix: the portion that requires the higher level comes before "
                                 "the classification line, so it may not belong to the document")
            return None
        if old < Level.C:
            self.note(*declined, "not changed by --fix: raising an UNCLASSIFIED line is for a person to decide")
            return None
        return wanted

    # add-noforn (DIS-001) -----------------------------------------------------------------------

    def _noforn_needed(self, first: Banner | None, finding) -> bool:
        declined = finding.rule, finding.line, finding.column
        doc = self.doc
        if first is None or doc.classification is None or doc.rollup is None:
            return False
        if doc.classification.noforn or not doc.rollup.noforn:
            return False
        if first.marking.level is None:  # RESTRICTED (LVL-003): the level is a person's to set first
            self.note(*declined, f"not changed by --fix: the classification line {first.raw!r} carries no US "
                                 f"level; a person decides the level, then NOFORN")
            return False
        classified = doc.rollup.level is not None and doc.rollup.level > Level.U
        portions = [p for p in doc.portions if p.marking is not None and p.span.line > first.span.line]
        if not any(_requires_noforn(p, classified) for p in portions):
            if any(_requires_noforn(p, classified) for p in doc.portions if p.marking is not None):
                why = ("the NOFORN portion comes before the classification line, so it may not belong to the "
                       "document")
            else:
                why = "no portion is marked NOFORN: the roll-up asks for NOFORN because the release lists do not agree"
            self.note(*declined, f"not changed by --fix: {why}; a person decides")
            return False
        if first.marking.rel_to is not None:
            self.note(*declined, "not changed by --fix: the classification line carries a release marking, "
                                 "which NOFORN would replace; a person decides")
            return False
        return True

    # the overall marking -----------------------------------------------------------------------

    def _overall(self, first: Banner, raise_to: Level | None, noforn: bool) -> None:
        old_level = first.marking.level
        state = self.doc.profile == "state_cable"
        targets = [b for b in self.doc.banners if b.marking.level == old_level
                   and (raise_to is not None or b.marking == first.marking)]
        edits, notes = len(self.plan.edits), len(self.plan.notes)
        for banner in targets:
            if not state and noforn:
                self._rewrite_standard(banner, raise_to)
            elif raise_to is not None:
                self._raise_designation(banner, raise_to)
        if len(self.plan.notes) > notes:
            # The classification lines must stay equal (HDR-003): all of them change, or none.
            del self.plan.edits[edits:]
            if len(targets) > 1:
                self.note(self.plan.notes[notes].rule, first.span.line, first.span.column,
                          "not changed by --fix: the classification lines are left as they are, since one of "
                          "them cannot be rewritten safely and they must stay equal")
        elif raise_to is not None:
            self._security_code(old_level, raise_to)
        if state and noforn:
            self._caption_line(first)

    def _segment(self, banner: Banner) -> str | None:
        """The banner's text in the source, if its span is one line and reads as it was read."""
        span = banner.span
        if span.line != span.end_line:
            return None
        return self.line_text(span.line)[span.column - 1:span.end_column - 1]

    def _raise_designation(self, banner: Banner, level: Level) -> None:
        where = self.serving["raise-level"], banner.span.line, banner.span.column
        segment = self._segment(banner)
        if segment is None or banner.designation != banner.marking.level.banner:
            self.note(*where, f"not changed by --fix: the classification line {banner.raw!r} is not in a form "
                              "markcheck rewrites safely")
            return
        found = _find_designation(segment, banner.marking.level)
        if found is None:
            self.note(*where, f"not changed by --fix: the level word of {banner.raw!r} is irregularly written; "
                              f"raise it to {level.banner} by hand")
            return
        length, style = found
        new_word = _render_designation(level, style)
        self.edit(where[0], banner.span.line, banner.span.column, banner.span.column + length, new_word,
                  f"raise {segment[:length]!r} to {new_word!r}")

    def _rewrite_standard(self, banner: Banner, raise_to: Level | None) -> None:
        """Memo style: a classification line written exactly in its standard form gets the target form."""
        segment = self._segment(banner)
        marking = banner.marking
        target = replace(marking, level=raise_to or marking.level, dissem=marking.dissem | {"NOFORN"},
                         written=())
        rule = self.serving["add-noforn"]
        if segment is None or segment.strip() != marking.banner() or marking.rel_to is not None:
            self.note(rule, banner.span.line, banner.span.column,
                      f"not changed by --fix: {banner.raw!r} is not written in the standard form "
                      f"{marking.banner()!r}; write {target.banner()!r} by hand")
            return
        lead = len(segment) - len(segment.lstrip())
        text = segment.strip()
        new = target.banner()
        self.edit(rule, banner.span.line, banner.span.column + lead, banner.span.column + lead + len(text), new,
                  f"complete {text!r} to {new!r}")

    def _security_code(self, old: Level, new: Level) -> None:
        doc = self.doc
        code, span = doc.tx_security_code, doc.tx_security_span
        if code is None or span is None or _SECURITY_CODES.get(code) != old:
            return
        if self.line_text(span.line)[span.column - 1:span.end_column - 1] != code:
            return
        self.edit(self.serving["raise-level"], span.line, span.column, span.end_column, _CODE_FOR_LEVEL[new],
                  f"raise the security code {code} to {_CODE_FOR_LEVEL[new]}")

    def _caption_line(self, first: Banner) -> None:
        """Add a NOFORN caption line after the first classification line of a cable."""
        where = self.serving["add-noforn"], first.span.line, first.span.column
        line = first.span.line
        text = self.line_text(line)
        if first.span.end_line != line or text[first.span.end_column - 1:].strip():
            self.note(*where, "not changed by --fix: the classification line shares its line with other "
                              "header text; add a NOFORN caption line by hand")
            return
        newline = self.line_break_after(line)
        caption_lines = {c.span.line for c in self.doc.captions if c.span.line > line}
        following = line + 1
        while following <= len(self.source.lines) and not self.line_text(following).strip():
            following += 1
        if following in caption_lines and not self.line_text(following)[:1].isspace():
            # Captions follow: NOFORN goes first (the most restrictive caption leads).
            self.edit(where[0], following, 1, 1, "NOFORN" + newline, "add the NOFORN caption line")
            return
        end = len(text) + 1
        self.edit(where[0], line, end, end, newline + newline + "NOFORN", "add the NOFORN caption line")

    # standard-separators (POR-004) --------------------------------------------------------------

    def _separators(self, findings) -> None:
        from .reader.parse import MarkingSyntaxError, parse_portion

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
            from .document import build_document

            after = build_document(Source.from_text(splice_text(self.source.text, edits), self.plan.path),
                                   path=self.plan.path, profile=self.doc.profile)
            from .cui.fix import weakened as cui_weakened

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
    """`new` keeps `old`'s level, its controls and every word it did not understand (a fix
    never deletes a word of a marking, least of all one markcheck cannot read)."""
    if old.level is not None and (new.level is None or new.level < old.level):
        return False
    return old.controls() <= new.controls() and set(old.unknown) <= set(new.unknown)


def _requires_noforn(p: Portion, classified: bool) -> bool:
    m = p.marking
    return m.noforn or (classified and bool(m.non_ic & {"SBU NOFORN", "LES NOFORN"}))


# --- designations -----------------------------------------------------------------------------

def _find_designation(segment: str, level: Level) -> tuple[int, str] | None:
    """(length, style) of `level`'s word at the start of `segment`; style is ``plain``,
    ``spaced`` or ``spaced-title`` (``S e c r e t``). None when irregularly written."""
    plain = re.escape(level.banner).replace(r"\ ", r"\s+")
    m = re.match(plain + r"(?![A-Za-z0-9])", segment)
    if m:
        return m.end(), "plain"
    # letter-spaced: each word's letters one blank apart, words up to three (T O P   S E C R E T)
    spaced = " {1,3}".join(" ".join(word) for word in level.banner.split())
    m = re.match(spaced + r"(?![A-Za-z0-9])", segment, re.I)
    if not m:
        return None
    chars = [c for c in m.group(0) if c.isalpha()]
    if all(c.isupper() for c in chars):
        return m.end(), "spaced"
    if chars[0].isupper() and all(c.islower() for c in chars[1:]):
        return m.end(), "spaced-title"
    return None


def _render_designation(level: Level, style: str) -> str:
    if style == "plain":
        return level.banner
    words = level.banner.split()
    if style == "spaced-title":
        words = [w.capitalize() for w in words]
    return " ".join(" ".join(word) for word in words)


# --- text and bytes ---------------------------------------------------------------------------

def line_starts(text: str) -> list[int]:
    """The offset of each line of `text` (the same lines as `Source.lines`)."""
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def splice_text(text: str, edits) -> str:
    out, position = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[position:e.start])
        out.append(e.content)
        position = e.end
    out.append(text[position:])
    return "".join(out)


def splice_bytes(data: bytes, source: Source, edits) -> bytes:
    """`data` with each edit applied to its bytes only: every other byte stays as it was."""
    encoding = source.encoding
    prefix = len(_BOM[encoding]) if source.bom and encoding in _BOM else 0
    text = source.text
    out, position = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        start = prefix + len(text[:e.start].encode(encoding))
        end = start + len(text[e.start:e.end].encode(encoding))
        if data[start:end].decode(encoding) != text[e.start:e.end]:
            raise ValueError(f"edit at line {e.line} does not map onto the file's bytes")
        out.append(data[position:start])
        out.append(e.content.encode(encoding))
        position = end
    out.append(data[position:])
    return b"".join(out)


# --- writing ----------------------------------------------------------------------------------

def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives
        return False


def write_target(path: str, root: str | None = None) -> str:
    """The real file to write for `path`; refuses symlinks that lead out of `root` (default: cwd)."""
    root = os.path.realpath(root or os.getcwd())
    real = os.path.realpath(path)
    if real != os.path.abspath(path) and not _inside(real, root):
        raise FixRefused(path, f"is a symlink to {real}, outside the project directory {root}; not written")
    if not os.path.isfile(real):
        raise FixRefused(path, "is not a regular file; not written")
    return real


# A temporary file older than this beside a document was left by a --fix that was killed
# between writing it and the rename (the document itself is intact); the next --fix removes it.
STALE_TEMPORARY_SECONDS = 300
TEMPORARY_SUFFIX = ".markcheck-fix"


def _remove_stale_temporaries(target: str) -> None:
    import time

    directory, name = os.path.split(target)
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    try:
        entries = list(os.scandir(directory or "."))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(f".{name}.") and entry.name.endswith(TEMPORARY_SUFFIX):
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                    os.unlink(entry.path)
            except OSError:
                pass


def apply_plan(plan: FilePlan, root: str | None = None) -> None:
    """Write the planned fixes atomically; refuse when the file changed since it was read, or
    when the new file could not be the same file with new contents (see `atomicwrite`)."""
    if not plan.edits:
        return
    target = write_target(plan.path, root)
    _remove_stale_temporaries(target)
    info = os.stat(target)
    problem = atomicwrite.replace_problem(target, info)
    if problem is not None:
        raise FixRefused(plan.path, f"{problem}; not written")

    def same_file_unchanged(temporary: str) -> None:
        try:
            atomicwrite.keep_metadata(info, target, temporary)
        except atomicwrite.MetadataLost as exc:
            raise FixRefused(plan.path, f"{exc.reason}; not written") from None
        with open(target, "rb") as handle:
            current = handle.read()
        if _signature(target, current) != plan.signature:
            raise FixRefused(plan.path, "changed since markcheck read it; not written (run again)")

    atomicwrite.replace_file(target, plan.new_bytes(), suffix=TEMPORARY_SUFFIX, before_rename=same_file_unchanged)


# --- the command ------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What --fix / --diff did: the results to report and the exit status of the fixing itself."""

    results: list
    status: int = 0  # 0 ok, 1 (--diff) changes shown, 2 a file could not be fixed
    fixed: int = 0
    files: int = 0


def fix_results(results, config=None, *, write: bool = True, out=None, err=None, root: str | None = None,
                baseline=None, unsafe: bool = False) -> Outcome:
    """Fix (or, with ``write=False``, show as a diff) the safe fixes of a run's results.

    Only reported findings are fixed: those the configuration suppressed are not in the
    results, and those recorded in `baseline` (a `markcheck.baseline.Baseline`) are left alone.
    Returns the results to report: for each fixed file, its findings after re-checking the
    fixed text; other files keep theirs.
    """
    from .config import Config
    from .escape import printable  # file names in messages: one line each, no CI command
    from .inputs import is_office

    config = config or Config()
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
            from .baseline import apply

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
            plan = plan_file(result.path, config, findings, table) if any(
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
            outcome.fixed += len(plan.edits)
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
        outcome.fixed += len(plan.edits)
        outcome.files += 1
        touched.append(index)
        for edit in plan.edits:
            err.write(f"{printable(result.path)}:{edit.line}:{edit.column}: {edit.rule} fixed: {edit.description}\n")
    if touched:
        from .api import check_paths

        again = check_paths([outcome.results[i].path for i in touched], config=config, jobs=1)
        for i, result in zip(touched, again):
            outcome.results[i] = result
    if write and outcome.fixed:
        remaining = sum(len(r.findings) for r in outcome.results)
        err.write(f"markcheck: fixed {outcome.fixed} marking(s) in {outcome.files} file(s); "
                  f"{remaining} finding(s) remain\n")
    elif not write and outcome.fixed:
        err.write(f"markcheck: {outcome.fixed} fix(es) in {outcome.files} file(s) would be applied by --fix\n")
    return outcome
