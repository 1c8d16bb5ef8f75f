"""Output formats: one small module per format, imported only when that format is chosen.

Every format module has ``render(results, run) -> str`` (and may have ``write(results, run,
handle)`` to stream the same text): `results` is the list of
`markcheck.api.Result` in report order, `run` a `Run` describing what the formats need beyond
the results (the rule catalogue, which severities fail, the root that paths are made relative
to). The default text path imports nothing but its own module.

| name     | shape                                                         |
| -------- | ------------------------------------------------------------- |
| `text`   | ``path:line:col: RULE [severity] message`` (default)          |
| `json`   | the versioned JSON report of DESIGN.md                        |
| `sarif`  | SARIF 2.1.0 with the full rule catalogue (GitHub code scanning) |
| `junit`  | JUnit XML: one suite per file, one case per (file, rule)      |
| `github` | GitHub Actions workflow commands (annotations)                |
| `gitlab` | GitLab Code Quality JSON                                      |
| `jsonl`  | one JSON row per document and per finding (DuckDB, pandas)    |
| `parquet`| the same rows as Parquet (binary: ``--output FILE`` only)     |
| `auto`   | `github` when ``GITHUB_ACTIONS=true``, else `text`            |
"""

from __future__ import annotations

import importlib
import os
from ..values import frozen_value
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field

# format name -> module in this package
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
    "jsonl": "jsonl",  # one row per document and per finding (markcheck.formats.tabular)
}
# binary formats: written to a file by markcheck.output, never rendered as text
BINARY_FORMATS: dict[str, str] = {"parquet": "parquet"}  # the rows of jsonl as a Parquet file
AUTO = "auto"
CHOICES = (*FORMATS, *BINARY_FORMATS, AUTO)
DEFAULT = "text"

# How each severity is spelled by the formats that have their own scale.
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def resolve(name: str, environ: Mapping[str, str] | None = None) -> str:
    """The concrete format for `name`: `auto` becomes `github` under GitHub Actions, else `text`."""
    if name == AUTO:
        environ = os.environ if environ is None else environ
        return "github" if environ.get("GITHUB_ACTIONS", "").strip().lower() == "true" else "text"
    if name not in FORMATS and name not in BINARY_FORMATS:
        raise ValueError(f"unknown output format {name!r} (choose from {', '.join(CHOICES)})")
    return name


def formatter(name: str) -> Callable[[Sequence, Run], str]:
    """The `render` function of format `name` (``auto`` resolved against the environment)."""
    module = importlib.import_module(f"{__name__}.{FORMATS[resolve(name)]}")
    return module.render


def render(name: str, results: Sequence, run: Run | None = None) -> str:
    return formatter(name)(results, run or Run())


def write(name: str, results: Iterable, run: Run | None, handle) -> None:
    """Write format `name` to the text stream `handle`: result by result as they come where the
    format module has a ``write(results, run, handle)`` that takes them in one pass (json, text,
    github, junit), else its rendered text at once, after every result is in."""
    module = importlib.import_module(f"{__name__}.{FORMATS[resolve(name)]}")
    run = run or Run()
    if hasattr(module, "write"):
        module.write(results, run, handle)
    else:
        handle.write(module.render(list(results), run))


@frozen_value
class Run:
    """What formats know about the run besides its results.

    `select`/`ignore`/`rule_dirs` are the rule selection of the run (JUnit lists one case per
    enabled rule, SARIF the whole catalogue); `failing` holds the severities that fail the run
    (``error``, plus ``warning`` under ``--strict``); machine formats give paths relative to
    `root` (default: the working directory) with ``/`` separators.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_dirs: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # configured (rule ID, level) overrides
    failing: frozenset[str] = frozenset({"error"})
    root: str | None = None
    settings: Mapping | None = field(default=None, compare=False)  # the configuration file and globs (JSON)
    color: bool = False  # text: colour the parts of each line (markcheck.formats.text_style)
    show_source: bool = False  # text: quote each finding's line with a caret (markcheck.formats.text_source)
    texts: Mapping | None = field(default=None, compare=False)  # path -> text of documents not on disk (stdin)
    # path -> that file's Config, when nested configuration files give files different selections
    config_for: Callable | None = field(default=None, compare=False)
    other_rule_dirs: tuple = ()  # the rule directories of the run's other configurations (SARIF's catalogue)
    _relpaths: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_config(cls, config, *, strict: bool = False, root: str | None = None, settings=None) -> Run:
        return cls(select=tuple(config.select), ignore=tuple(config.ignore), rule_dirs=tuple(config.rule_dirs),
                   severity=tuple(getattr(config, "severity", ())),
                   failing=frozenset({"error", "warning"} if strict else {"error"}), root=root, settings=settings)

    def catalogue(self) -> tuple:
        """Every rule of the pack (built-in plus extra directories, those of every configuration
        of the run), sorted by ID."""
        from ..rulepack import load_rules

        if not self.other_rule_dirs:
            return load_rules(self.rule_dirs)
        rules = {r.id: r for dirs in (self.rule_dirs, *self.other_rule_dirs) for r in load_rules(dirs)}
        return tuple(rules[k] for k in sorted(rules))

    def enabled_rules(self, profile: str | None, path: str | None = None) -> tuple:
        """The rules this run applies to a document of `profile` (at `path`: with that file's
        own configuration): selected, not configured or profiled ``off``."""
        from ..engine import select_rules

        if self.config_for is not None and path is not None:
            own = Run.from_config(self.config_for(path))
            if own.selection_key() != self.selection_key():
                return own.enabled_rules(profile)

        off = {rule_id for rule_id, level in self.severity if level == "off"}
        chosen = [r for r in select_rules(self.catalogue(), self.select, self.ignore) if r.id not in off]
        return tuple(r for r in chosen if profile is None or r.severity_for(profile) != "off")

    def selection_key(self) -> tuple:
        return self.select, self.ignore, self.rule_dirs, self.severity

    def fails(self, finding) -> bool:
        return finding.severity in self.failing

    def relpath(self, path: str | None) -> str:
        """`path` relative to the root, POSIX separators (absolute if it is on another drive)."""
        if path is None:
            return "<text>"
        cached = self._relpaths.get(path)
        if cached is None:
            cached = self._relpaths[path] = relative_posix(path, self.root)
        return cached


def relative_posix(path: str, root: str | None = None) -> str:
    from ..globs import relative

    return relative(path, root or os.getcwd())
