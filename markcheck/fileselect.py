"""Which files a run checks: the one walker of the command line and the Python API.

A file named on the command line is checked unless an ``exclude`` glob matches it (with
``--force-exclude`` it must match ``include`` too; see `markcheck.hook`). A directory is walked:
its files that match ``include`` and no ``exclude`` glob, below directories that no
``exclude`` glob and no ignore file (`markcheck.ignorefiles`: ``.gitignore``, ``.ignore``,
git's excludes) leaves out, sorted, each written as pathlib writes it. What is passed over is
said where it matters: a walked entry that is no regular file goes to `skipped`, and the caller
explains a run left with nothing to check (`markcheck.selection`). With a resolver
(`markcheck.configscope.Resolver`), each path is selected by its nearest configuration's globs,
and a directory holding its own configuration file switches the walk to that file's below it.

The default ``exclude`` keeps what is not a document out of a walk, as Ruff keeps virtual
environments out of its own: hidden directories, virtual environments, dependency and build
output, and the files every repository has beside its documents (README, LICENSE, CHANGELOG,
CONTRIBUTING). Such a file carries no marking, so checking it would only report that it has
none; every file a run selects is a document and must be marked (HDR-001 otherwise).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .globs import compile_globs, relative
from .walk import is_file, not_a_file, walk
from .values import frozen_value

CONFIG_NAME = ".markcheck.yaml"  # a directory holding one has a configuration of its own
DEFAULT_INCLUDE = ("**/*.txt", "**/*.md", "**/*.docx", "**/*.pdf")
# hidden directories (".[!.]*/": not "..", which a path outside the base directory starts with),
# virtual environments, dependency and build output, and a repository's files about itself
DEFAULT_EXCLUDE = (".[!.]*/", "venv/", "node_modules/", "site-packages/", "__pypackages__/", "build/",
                   "dist/", "_build/", "README*", "LICENSE*", "CHANGELOG*", "CONTRIBUTING*")
PRUNED_DIRS = frozenset({".git"})  # never walked into, whatever the globs say


@frozen_value
class Selection:
    """What decides the files of a run: globs relative to `base`, and the ignore files."""

    base: str  # absolute directory the globs are relative to
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    respect_ignore_files: bool = True


@dataclass
class Walked:
    """The result of a selection: the files, and what the walk met on the way."""

    files: list[str]
    skipped: list  # (path, what it is): selected entries that are no regular file
    scopes: list = field(default_factory=list)  # with a resolver: each file's scope (markcheck.configscope)


def select(paths: Sequence[str], selection: Selection | None = None, *, resolver=None,
           exclude_named: bool = True) -> Walked:
    """The files to check, in argument order; see the module docstring. Every path is selected
    with `selection`, or, given a `resolver` (`markcheck.configscope.Resolver`), with the scope of
    its nearest configuration file, and a walk entering a directory that holds its own file
    selects below it with that file's scope (Ruff's hierarchical configuration); `scopes` then
    says which scope each file got. Without `exclude_named`, a named file is checked whatever
    the globs say (the Python API's contract: a file handed in is a document)."""
    walked = Walked([], [])
    for arg in paths:
        scope = resolver.for_path(arg) if resolver is not None else None
        chosen = scope.selection() if scope is not None else selection
        if not os.path.isdir(arg):
            if not exclude_named or not compile_globs(chosen.exclude).matches(relative(arg, chosen.base)):
                walked.files.append(arg)
                walked.scopes.append(scope)
            continue
        for path, owner in _walk(arg, chosen, scope, walked, resolver):
            walked.files.append(path)
            walked.scopes.append(owner)
    return walked


def _walk(arg: str, selection: Selection, scope, walked: Walked, resolver) -> list[tuple[str, object]]:
    from .ignorefiles import IgnoreRules

    ignore = None  # the ignore files of the walk, read once one of its scopes respects them
    found: list[tuple[str, object]] = []
    nested = resolver is not None and resolver.hierarchical
    # each directory's scope: its own configuration file's, else its parent's
    scopes = {os.path.abspath(arg): (scope, selection, _compiled(selection))}
    # a directory the walk cannot list is kept as a path, so it is reported (MCK-002), not skipped
    for dirpath, dirnames, entries in walk(arg, onerror=lambda exc: found.append((exc.filename or arg, scope))):
        absolute = os.path.abspath(dirpath)
        own, chosen, (wanted, unwanted) = scopes.pop(absolute)
        if nested and dirpath != arg and any(e.name == CONFIG_NAME for e in entries):
            own = resolver.in_directory(dirpath) or own
            chosen = own.selection()
            wanted, unwanted = _compiled(chosen)
        if chosen.respect_ignore_files and ignore is None:
            ignore = IgnoreRules(arg)
        ignoring = ignore if chosen.respect_ignore_files else None
        # the directory's relative and shown forms once, not per file (a file name is one part)
        rel_dir, shown_dir = relative(dirpath, chosen.base), str(Path(dirpath))
        rel_prefix = "" if rel_dir == "." else rel_dir + "/"
        shown_prefix = "" if shown_dir == "." else os.path.join(shown_dir, "")
        dirnames[:] = [name for name in dirnames
                       if name not in PRUNED_DIRS and not unwanted.matches(rel_prefix + name + "/")
                       and (ignoring is None or not ignoring.ignored_by(absolute, name, True))]
        for name in dirnames:
            scopes[os.path.join(absolute, name)] = (own, chosen, (wanted, unwanted))
        for entry in entries:
            rel = rel_prefix + entry.name
            if not wanted.matches(rel) or unwanted.matches(rel):
                continue
            if ignoring is not None and ignoring.ignored_by(absolute, entry.name, False):
                continue
            if is_file(entry):
                found.append((shown_prefix + entry.name, own))
            else:
                walked.skipped.append((shown_prefix + entry.name, not_a_file(entry)))
    return sorted(found, key=lambda item: item[0])


def _compiled(selection: Selection):
    return compile_globs(tuple(selection.include)), compile_globs(tuple(selection.exclude))


def paths_argument(paths) -> list:
    """`paths` as a list of paths: one str or path-like object is one path (never its
    characters, which would walk ``/`` for the ``/`` in a name)."""
    if isinstance(paths, (bytes, bytearray)):
        raise TypeError("paths must be a path (str or os.PathLike) or an iterable of paths, not bytes")
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    out = []
    for path in paths:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"each path must be a str or os.PathLike, not {type(path).__name__}: {path!r}")
        out.append(os.fspath(path))
    return out


def iter_documents(paths: Iterable, selection: Selection | None = None) -> list[str]:
    """The Python API's selection: files as given, directories walked as the command line walks
    them without a configuration file (default globs, relative to the working directory)."""
    return select(paths_argument(paths), selection or Selection(os.getcwd()), exclude_named=False).files
