"""Why a run that was given paths selected no file to check.

A run that checks nothing must not pass unnoticed: an ``exclude: ["**"]`` in a configuration
file would otherwise turn every check into a silent exit 0. `explain` says, path by path,
which glob of which file left each one out. The pre-commit hook (``--force-exclude``) is the
exception the caller makes: pre-commit hands it every staged file of a text type, and a commit
that touches only a README or notes outside ``include`` has nothing to check, rightly.
"""

from __future__ import annotations

import os

from .findings import printable
from .globs import compile_globs, relative

SHOWN = 10  # paths explained one by one; the rest are counted


def explain(settings, paths, *, force_exclude: bool) -> list[str]:
    """Lines (without the ``markcheck:`` prefix) saying why none of `paths` is checked, each by
    the globs of the configuration that governs it."""
    lines = []
    for path in paths[:SHOWN]:
        scope = settings.scope_for_path(path)
        reason = _reason(path, scope, _pattern_places(scope), force_exclude)
        lines.append(f"  {printable(str(path))}: {reason}")
    if len(paths) > SHOWN:
        lines.append(f"  ... and {len(paths) - SHOWN} more")
    sources = dict.fromkeys(s.config_file.path if s.config_file else "no configuration file"
                            for s in map(settings.scope_for_path, paths))
    count = f"{len(paths)} path{'' if len(paths) == 1 else 's'}"
    head = (f"nothing to check: none of the {count} given is selected "
            f"(configuration: {', '.join(printable(s) for s in sources)})")
    if force_exclude:
        head += "; not an error with --force-exclude, which pre-commit gives every staged text file"
    return [head, *lines]


def _reason(path, settings, where, force_exclude: bool) -> str:
    rel = relative(path, settings.base)
    pattern = compile_globs(settings.exclude).first(rel if not os.path.isdir(path) else rel + "/")
    if pattern is not None:
        return f"excluded by exclude pattern {pattern!r}{where.get(('exclude', pattern), '')}"
    include = ", ".join(repr(p) for p in settings.include)
    if os.path.isdir(path):
        exclude = ", ".join(repr(p) for p in settings.exclude) or "none"
        ignored = "; .gitignore, .ignore and git's excludes apply (--no-respect-gitignore walks what they ignore)" \
            if getattr(settings, "respect_ignore_files", False) else ""
        return f"no file below it is selected (include: {include}; exclude: {exclude}{ignored})"
    if force_exclude:
        return f"matches no include pattern ({include}; --force-exclude applies them to named files)"
    return "not selected"


def show_files(settings, fmt: str | None) -> None:
    """``--show-files``: the files the run would check, one per line; with ``--format json``, a
    list of objects saying which configuration file each one is checked with."""
    if fmt == "json":
        import json

        from .escape import utf8_path

        rows = [{"path": utf8_path(path), "config_file": utf8_path(settings.scope_of(path).path)
                 if settings.scope_of(path).path else None} for path in settings.files]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for path in settings.files:
        print(printable(path))  # a file name: one line, no CI command


def _pattern_places(settings) -> dict:
    """(key, pattern) -> `` in FILE:LINE:COL`` for the configuration's include/exclude globs."""
    from .fileselect import DEFAULT_EXCLUDE

    cfg = settings.config_file
    places = {}
    for key, written in (("include", "include"), ("exclude", "exclude"), ("exclude", "extend-exclude")):
        for i, pattern in enumerate(cfg.data.get(written, ()) if cfg is not None else ()):
            line, column = cfg.position(written, i)
            places.setdefault((key, pattern), f" in {printable(cfg.path)}:{line}:{column}")
    if cfg is None or "exclude" not in cfg.data:
        for pattern in DEFAULT_EXCLUDE:
            places.setdefault(("exclude", pattern), " (default)")
    return places
