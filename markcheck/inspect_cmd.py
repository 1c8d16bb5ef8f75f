"""``markcheck inspect FILE…``: print the parsed model of each document (JSON or text).

Each file is read with the profile, and its marking spans shown with the findings, of the
configuration ``check`` would give it: its nearest ``.markcheck.yaml`` (`markcheck.configscope`),
``--config FILE`` or ``--isolated`` (none), with ``--profile`` on top, as for ``check``.
"""

from __future__ import annotations

import json
import sys

from . import __version__
from .escape import json_text, printable, utf8_path

SCHEMA_VERSION = 1


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("inspect", help="print the parsed marking model of documents")
    parser.add_argument("paths", nargs="+", metavar="FILE")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--profile", choices=("auto", "state_cable", "isoo", "capco", "cui", "dod_cui"), default=None,
                        help="document profile (default: the configuration's, else auto)")
    from .settings import add_config_arguments

    add_config_arguments(parser, what="whose profile and rules apply")  # --config, --isolated
    parser.set_defaults(run=run)


def file_entry(doc) -> dict:
    """The per-file header every output shares: path, profile, date, era, declared and expected
    (a document that holds CUI: with its CUI control, categories and LDCs, markcheck.cui.summary)."""
    declared = expected = None
    if doc.cui is not None:
        from .cui.summary import overall

        declared, expected = overall(doc)
    return {
        "path": utf8_path(doc.path),
        "profile": doc.profile,
        "date": doc.date.value.isoformat() if doc.date else None,
        "era": doc.era,
        "classification": declared or (doc.classification.banner() if doc.classification else None),
        "expected_classification": expected or (doc.rollup.banner() if doc.rollup else None),
    }


def run(args) -> int:
    from .configfile import ConfigError
    from .configscope import Resolver
    from .document import ReadError, read_document_and_text
    from .reader.marking_spans import marking_spans
    from .rulepack import RuleFileError
    from .serialize import to_jsonable

    entries, failed = [], False
    try:
        resolver = Resolver(args)
        configs = {path: resolver.for_path(path).config for path in args.paths}
    except (ConfigError, RuleFileError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for path in args.paths:
        config = configs[path]
        try:
            doc, text = read_document_and_text(path, profile=config.profile)
        except ReadError as exc:
            print(f"markcheck: {printable(path)}: {exc.message}", file=sys.stderr)
            entries.append({"path": utf8_path(path), "error": exc.message})
            failed = True
            continue
        except Exception as exc:  # containment: a reader bug on one file does not stop the others
            message = f"internal error: {type(exc).__name__}: {exc}"
            print(f"markcheck: {printable(path)}: {message}", file=sys.stderr)
            entries.append({"path": utf8_path(path), "error": message})
            failed = True
            continue
        entry = file_entry(doc)
        entry["model"] = to_jsonable(doc)
        spans = marking_spans(doc, _findings(doc, config, text))
        entry["markings"] = spans
        entries.append(entry)
        if args.format == "text":
            sys.stdout.write(render_text(doc, spans))
    if args.format == "json":
        report = {"schema_version": SCHEMA_VERSION, "tool": {"name": "markcheck", "version": __version__},
                  "files": entries}
        sys.stdout.write(json_text(json.dumps(report, indent=2)) + "\n")  # no ##[ for a CI runner
    return 2 if failed else 0


def _at(span) -> str:
    return f"{span.line}:{span.column}" if span else "-"


def _findings(doc, config, text):
    """The findings ``check`` reports on `doc` under `config`, to show beside each marking span."""
    from .api import result_for

    return result_for(doc, config, text).findings


def render_text(doc, spans: list[dict] | None = None) -> str:
    from .cui.show import model_lines as cui_model_lines
    from .reader.marking_spans import marking_spans, render

    out = [f"{doc.path}"]
    head = file_entry(doc)
    date = f"{head['date']} (from {doc.date.source} at {_at(doc.date.span)})" if doc.date else "unknown"
    out.append(f"  profile         {doc.profile}")
    out.append(f"  date            {date}")
    out.append(f"  era             {doc.era or 'unknown'}")
    out.append(f"  classification  {head['classification'] or 'none found'}")
    out.append(f"  roll-up         {head['expected_classification'] or 'no marked portions'}")
    for reason in doc.incomplete:  # the copy is not the whole document (markcheck.reader.incomplete)
        out.append(f"  incomplete      {_at(reason.span):>7}  {reason.detail}")
    if doc.pages is not None:  # a Word or PDF file, or text with page breaks
        from .page_marks import describe_pages

        out.extend(describe_pages(doc))
    for b in doc.banners:
        extra = f" section {b.section[0]} of {b.section[1]}" if b.section else ""
        out.append(f"  banner {b.kind:<8} {_at(b.span):>7}  {b.marking.banner()} [{b.spacing}]{extra}  {b.raw!r}")
    for c in doc.captions:
        out.append(f"  caption         {_at(c.span):>7}  {c.name}")
    if doc.tx_security_code:
        out.append(f"  security code   {_at(doc.tx_security_span):>7}  {doc.tx_security_code}")
    if doc.eo_line:
        d = doc.eo_line.declass
        value = "unreadable" if d is None else d.kind + (f" {d.date.isoformat()}" if d.date else "") + \
            (f" {d.code}" if d.code else "") + (f" ({d.event})" if d.event else "")
        out.append(f"  E.O. line       {_at(doc.eo_line.span):>7}  E.O. {doc.eo_line.order or '?'}: {value}")
    if doc.cab:
        cb = doc.cab.classified_by
        if cb:
            out.append(f"  classified by   {_at(cb.span):>7}  name={cb.name!r} position={cb.position!r}")
        if doc.cab.reason:
            r = doc.cab.reason
            out.append(f"  reason          {_at(r.span):>7}  {r.section or '?'} ({', '.join(r.letters)})")
        if doc.cab.derived_from:
            out.append(f"  derived from    {_at(doc.cab.derived_from_span):>7}  {doc.cab.derived_from}")
    for entry in doc.sources:
        decl = f"  declassify on {entry.declass.raw}" if entry.declass else ""
        dated = entry.date.isoformat() if entry.date else "undated"
        out.append(f"  source          {_at(entry.span):>7}  {dated}{decl}  {entry.raw!r}")
    if doc.declassified:
        d = doc.declassified
        out.append(f"  declassified    {_at(d.span):>7}  by {d.authority or '?'} on "
                   f"{d.date.isoformat() if d.date else '?'}")
    for e in doc.extensions:
        out.append(f"  {e.kind:<15} {_at(e.span):>7}  by {e.by or '?'} on {e.date.isoformat() if e.date else '?'}")
    for p in doc.portions:
        label = "subject" if p.is_subject else (f"para {p.number}" if p.number else "portion")
        if p.paragraph is not None and str(p.paragraph) != p.number:
            label += f" (¶{p.paragraph})"
        mark = p.marking.portion() if p.marking else ("unreadable" if p.mark else "unmarked")
        out.append(f"  {label:<15} {_at(p.span):>7}  {p.mark or '-'} -> {mark}")
    for u in doc.unreadable:
        out.append(f"  UNREADABLE      {_at(u.span):>7}  {u.message}")
    for seen in doc.seen:  # lines read as a person sees them, not as written (markcheck.reader.visible)
        changed = "; ".join(f"{c.character} at column {c.column}" for c in seen.changes) or "Markdown markup"
        out.append(f"  read as         {seen.line:>5}:1  {seen.text!r} ({changed})")
    for note in doc.notes:
        out.append(f"  note            {note}")
    out.extend(cui_model_lines(doc))
    out.extend(render(spans if spans is not None else marking_spans(doc)))
    return "\n".join(printable(line) for line in out) + "\n"  # document text never drives the terminal
