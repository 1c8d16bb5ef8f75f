"""Command line: ``markcheck [check] PATHS…``, ``inspect``, ``rules``, ``rule ID``.

stdout carries results only; diagnostics go to stderr. Exit codes: 0 clean, 1 findings at a
failing severity, 2 usage, configuration or internal error.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from . import __version__
from .escape import PrintableStream

COMMANDS = ("check", "inspect", "rules", "rule", "report", "completion")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="markcheck",
        description="Check the classification markings of US-government-style text documents.",
    )
    parser.add_argument("--version", action="version", version=f"markcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    from . import inspect_cmd

    inspect_cmd.add_parser(sub)
    from . import check_cmd, report_cmd

    check_cmd.add_parsers(sub)
    report_cmd.add_parser(sub)
    from . import completion_cmd

    completion_cmd.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "check")
    _tolerant_streams()
    stderr = sys.stderr
    # diagnostics (argparse's too) name files: no escape sequence or CI command from a file name
    sys.stderr = PrintableStream(stderr)
    on_sigterm = _raise_on_sigterm()
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
            return int(exc.code or 0)
        if not getattr(args, "run", None):
            parser.print_help(sys.stderr)
            return 2
        if args.command in ("check", "inspect"):
            _import_lark()
        return args.run(args)
    except KeyboardInterrupt as exc:
        print("markcheck: terminated" if isinstance(exc, Terminated) else "markcheck: interrupted", file=sys.stderr)
        return 128 + signal.SIGTERM if isinstance(exc, Terminated) else 130
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except Exception as exc:  # the last line of containment: a message and exit 2, never a traceback
        if os.environ.get("MARKCHECK_TRACEBACK"):
            raise
        print(f"markcheck: internal error: {type(exc).__name__}: {exc} "
              "(set MARKCHECK_TRACEBACK=1 to see where; please report it)", file=sys.stderr)
        return 2
    finally:
        sys.stderr = stderr
        if on_sigterm is not None:
            signal.signal(signal.SIGTERM, on_sigterm)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the run is, as Ctrl-C raises KeyboardInterrupt: every clean-up an
    interrupt runs (the temporary file of ``-o`` and of ``--fix``, the worker processes) runs for
    it too, and the exit code is the conventional 143."""


def _terminate(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the clean-up short
    raise Terminated


def _raise_on_sigterm():
    """Install `_terminate` for SIGTERM; the handler it replaces (None where a handler cannot be
    set: not the main thread)."""
    try:
        return signal.signal(signal.SIGTERM, _terminate)
    except (ValueError, OSError, AttributeError):
        return None


def run() -> None:
    """The ``markcheck`` command: `main`, then the interpreter's normal exit with its code, which
    flushes the output (reporting a flush that fails) and lets what wraps the command finish its
    work: ``python -m cProfile`` and ``coverage run -m markcheck`` write what they recorded."""
    raise SystemExit(main())  # (None: success, as SystemExit takes it)


def _import_lark() -> None:
    """Import Lark with its optional modules hidden from it: ``regex``, which Lark imports, if
    installed, only to offer ``Lark(regex=True)`` (markcheck's grammars are plain ``re``
    patterns), and ``interegular``, which Lark uses only to look for colliding terminals while
    it builds a grammar's tables, never for tables loaded from the cache (they were built and
    tested before, and the tests build every grammar in strict mode with it, see
    `reader.grammar.parser`). Together they were about an eighth of the instructions of a one-file check. The
    command is the whole process, so no other user of Lark is affected; markcheck's own use of
    regex (markcheck.reader.visible, for text that is not ASCII) imports it as usual."""
    if "lark" in sys.modules:
        return
    hidden = [name for name in _HIDDEN_FROM_LARK if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # (an import of it raises ImportError, as if not installed)
    try:
        import lark  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


_HIDDEN_FROM_LARK = ("regex", "interegular")


def _tolerant_streams() -> None:
    """Text that the output encoding cannot carry (a file name that is not UTF-8, a character a
    legacy console lacks) is written escaped instead of ending the run with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def _silence_stdout() -> None:
    """After the reader of a pipe went away (``markcheck … | head``), send the rest of stdout
    nowhere, so the interpreter's final flush does not print a second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
