"""What the pre-commit hook needs beyond a plain ``check``: ``--force-exclude``.

pre-commit hands the hook every staged file whose identify tags match the manifest's
``types_or: [plain-text, markdown]`` (``.txt``, ``.md``, but also ``README``, ``LICENSE``,
``CHANGES.md``...). A file named on the command line is normally checked whatever the
configuration's ``include`` says (only ``exclude`` applies, see `markcheck.settings`).
``--force-exclude`` applies ``include`` to named files as well, so the hook checks exactly the
documents a ``markcheck .`` run in the same repository would check, and an unmarked README is
left alone. The name follows Ruff, whose hook uses the same flag for the same reason. A hook run
left with no file to check (a commit of a README only) passes with a note, where a plain
``check`` of such paths exits 2 (`markcheck.selection`).

The hook writes no files: the manifest's entry names no ``--output`` or report flag, and
pre-commit may run several hook processes at once on parts of the file list.
"""

from __future__ import annotations


def add_arguments(parser) -> None:
    parser.add_argument("--force-exclude", action="store_true",
                        help="apply the configuration's include and exclude globs to files named on the "
                             "command line too (the pre-commit hook does)")


def only_included(settings) -> list[str]:
    """`settings.files` without the named files that their configuration's ``include`` does not match."""
    from .globs import matches_any, relative

    return [path for path in settings.files
            if matches_any(relative(path, settings.scope_of(path).base), settings.scope_of(path).include)]
