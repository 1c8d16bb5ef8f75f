"""The end of a ``check`` run: render the results, write them, print statistics, pick the exit code.

Flags (added to the ``check`` parser by `add_arguments`):

- ``--format`` one of `markcheck.formats.CHOICES` (``auto``: ``github`` under GitHub Actions);
- ``--output FILE`` / ``-o``: results go to FILE, written atomically (a temporary file in the
  same directory, then renamed), so a reader never sees half a report;
- ``--strict``: warnings fail the run as errors do;
- ``--exit-zero``: exit 0 whatever was found, but still 2 for a usage, read or internal error;
- ``--statistics``: ``count  RULE  name`` per rule after the results, most frequent first; on
  stdout for the text format, on stderr for the others so their output stays parseable;
- ``--min-severity info|warning|error``: list only findings at that severity or above (default:
  ``warning`` for the text format, ``info`` for the others; markcheck's own MCK- findings are
  always listed); the findings left out are counted in one line and still decide the exit code;
- ``--quiet`` / ``-q``: the findings only, without the summary line and that count;
- ``--color auto|always|never`` and ``--show-source`` (text format; `markcheck.formats.text`).

A run ends with a summary line on stderr (`markcheck.run_summary`): ``Found 2 errors, 3
warnings in 2 files (1 fixable with --fix)`` or ``All 12 files passed``.

Exit codes: 0 nothing at a failing severity, 1 a failing finding, 2 an unreadable file, an
internal error (MCK-001/MCK-002 findings) or an output file that cannot be written.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import Iterable, Iterator

from .escape import printable
from .findings import INTERNAL_ERROR, UNREADABLE_FILE
from .formats import CHOICES, DEFAULT, Run, resolve, write

ABNORMAL = frozenset({INTERNAL_ERROR[0], UNREADABLE_FILE[0]})


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=CHOICES, default=DEFAULT,
                        help="output format (default: text; auto = github under GitHub Actions, else text)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write the results to FILE (atomically) instead of stdout")
    parser.add_argument("--strict", action="store_true", help="warnings fail the run too (exit 1)")
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when findings fail (still 2 on a usage, read or internal error)")
    parser.add_argument("--statistics", action="store_true",
                        help="print the number of findings per rule after the results "
                             "(stdout for text, stderr for the other formats)")
    from .formats.text_style import CHOICES as COLOR_CHOICES

    parser.add_argument("--min-severity", choices=("info", "warning", "error"), default=None,
                        help="list findings at this severity or above (default: warning for text, info for the "
                             "other formats); the others are counted in one line and still set the exit code")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="print the findings only: no summary line, no count of findings not shown")
    parser.add_argument("--color", choices=COLOR_CHOICES, default="auto",
                        help="colour the text format (default auto: on a terminal, unless NO_COLOR is set; "
                             "FORCE_COLOR forces it)")
    parser.add_argument("--show-source", action="store_true",
                        help="text format: quote each finding's source line with a caret under its span")


def failing_severities(strict: bool) -> frozenset[str]:
    return frozenset({"error", "warning"}) if strict else frozenset({"error"})


class Tally:
    """What the end of a run needs of its findings (the exit code, ``--statistics``), counted
    as results pass on their way to the output, so the results need not be kept."""

    def __init__(self):
        self.by_rule: Counter = Counter()  # (rule, name) -> findings
        self.severities: set[str] = set()

    def counting(self, results: Iterable) -> Iterator:
        """`results`, each counted as it passes."""
        for result in results:
            self.add(result)
            yield result

    def add(self, result) -> None:
        for finding in result.findings:
            self.by_rule[finding.rule, finding.name] += 1
            self.severities.add(finding.severity)

    def exit_code(self, *, strict: bool = False, exit_zero: bool = False) -> int:
        if any(rule in ABNORMAL for rule, _ in self.by_rule):
            return 2
        if exit_zero:
            return 0
        return 1 if self.severities & failing_severities(strict) else 0

    def statistics(self) -> list[str]:
        """``count  RULE  name`` lines, most frequent rule first, then by rule ID."""
        if not self.by_rule:
            return []
        width = max(5, *(len(str(n)) for n in self.by_rule.values()))
        rows = sorted(self.by_rule.items(), key=lambda item: (-item[1], item[0][0]))
        return [f"{count:>{width}}  {rule:<8}  {name}" for (rule, name), count in rows]


def _tally(results: Iterable) -> Tally:
    tally = Tally()
    for result in results:
        tally.add(result)
    return tally


def exit_code(results, *, strict: bool = False, exit_zero: bool = False) -> int:
    return _tally(results).exit_code(strict=strict, exit_zero=exit_zero)


def write_atomic(path: str, text, *, errors: str = "backslashreplace") -> None:
    """Write `text` (UTF-8) to `path` atomically (`atomicwrite.replace_file`), with the mode the
    umask gives, as a plain open() would; `text` may be a function that writes to the open file
    (streamed output). `errors` is how text that is not Unicode (a file name's undecodable bytes)
    is written: backslashreplace by default, so such a name never makes a report unwritable."""
    import io

    from .atomicwrite import replace_file

    def contents(binary) -> None:
        handle = io.TextIOWrapper(binary, encoding="utf-8", errors=errors, newline="\n", write_through=True)
        try:
            if callable(text):
                text(handle)
            else:
                handle.write(text)
            handle.flush()
        finally:
            handle.detach()  # the binary file stays open for replace_file's fsync

    replace_file(path, contents, before_rename=usual_mode)


def usual_mode(temporary: str) -> None:
    """The mode the umask gives a new file, as a plain open() would."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)


def emit(results: Iterable, args, config, *, environ=None, settings=None, texts=None, config_for=None,
         rule_dir_sets=()) -> int:
    """Render `results` as `args` asks, write them, and return the exit code. `results` may be
    an iterator: formats that can are written one result at a time as they come. `settings`
    (`Settings.facts`) goes into the JSON report; `texts` (path -> text) are documents that are
    not files (stdin), for ``--show-source``; `config_for(path)`, each file's own configuration
    when nested configuration files govern the run (JUnit lists the rules each file's applies),
    and `rule_dir_sets` the rule directories of each (SARIF describes every rule of each)."""
    import dataclasses

    from .run_summary import Shown, Totals, not_shown

    fmt = resolve(getattr(args, "format", DEFAULT) or DEFAULT, environ)
    strict = bool(getattr(args, "strict", False))
    destination = getattr(args, "output", None)
    run = Run.from_config(config, strict=strict, settings=settings)
    if config_for is not None:
        run = dataclasses.replace(run, config_for=config_for,
                                  other_rule_dirs=tuple(rule_dir_sets))
    if fmt == "text":
        from .formats.text_style import wanted

        color = wanted(getattr(args, "color", "auto") or "auto", sys.stdout, environ, to_file=bool(destination))
        run = dataclasses.replace(run, color=color, show_source=bool(getattr(args, "show_source", False)),
                                  texts=texts)
    minimum = getattr(args, "min_severity", None) or ("warning" if fmt == "text" else "info")
    tally, totals, shown = Tally(), Totals(), Shown(minimum)
    results = shown.filter(_counted(tally.counting(results), totals))
    quiet = bool(getattr(args, "quiet", False))

    def text_and_ending(handle) -> None:
        write(fmt, results, run, handle)
        if getattr(args, "statistics", False) and fmt == "text":
            _statistics(tally, handle)
    if fmt == "parquet":  # binary: to a file only
        if not destination:
            print("markcheck: --format parquet writes a binary file: give --output FILE", file=sys.stderr)
            return 2
        return _write_binary(destination, results, run, tally, args)
    if destination:
        try:
            write_atomic(destination, text_and_ending)
        except OSError as exc:
            print(f"markcheck: cannot write {destination}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    else:
        text_and_ending(sys.stdout)
        sys.stdout.flush()
    if fmt != "text" and getattr(args, "statistics", False):
        _statistics(tally, sys.stderr)
    if not quiet:  # after the results, as Ruff ends; on stderr, so stdout stays the results alone
        for text in (not_shown(shown.hidden), totals.summary()):
            if text:
                print(text, file=sys.stderr)
    return tally.exit_code(strict=strict, exit_zero=bool(getattr(args, "exit_zero", False)))


def _counted(results: Iterable, totals) -> Iterator:
    for result in results:
        totals.add(result)
        yield result


def _statistics(tally: Tally, stream) -> None:
    for line in tally.statistics():
        stream.write(printable(line) + "\n")  # rule names from a rule directory: no CI command
    stream.flush()


def _write_binary(destination: str, results, run, tally: Tally, args) -> int:
    """A binary format (Parquet) written atomically to `destination`; the exit code."""
    from .atomicwrite import replace_file
    from .formats.parquet import write_binary

    try:
        replace_file(destination, lambda binary: write_binary(results, run, binary), before_rename=usual_mode)
    except OSError as exc:
        print(f"markcheck: cannot write {destination}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if getattr(args, "statistics", False):
        for line in tally.statistics():
            sys.stderr.write(printable(line) + "\n")
    return tally.exit_code(strict=run.failing == failing_severities(True),
                           exit_zero=bool(getattr(args, "exit_zero", False)))
