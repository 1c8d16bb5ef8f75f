"""Command line: ``markcheck [check] PATHS…``, ``inspect``, ``rules``, ``rule ID``.

stdout carries results only; diagnostics go to stderr. Exit codes: 0 clean, 1 findings at a
failing severity, 2 usage, configuration or internal error.
"""

from __future__ import annotations

import argparse
import sys

from . import __version__

COMMANDS = ("check", "inspect", "rules", "rule", "report")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="markcheck",
        description="Check the classification markings of US-government-style text documents.",
    )
    parser.add_argument("--version", action="version", version=f"markcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    from . import inspect_cmd

    inspect_cmd.add_parser(sub)
    try:
        from . import check_cmd
    except ImportError:  # the rule engine is optional until it lands
        check_cmd = None
    if check_cmd is not None:
        check_cmd.add_parsers(sub)
        from . import report_cmd

        report_cmd.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "check")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("markcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
