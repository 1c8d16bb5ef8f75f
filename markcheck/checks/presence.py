"""Kind `presence`: under a condition, document elements must (or must not) be there.

Params:
  when:    the shared condition (classified, date_from, date_before)
  where:   predicate items that must all hold for the rule to apply (see `_docpath`)
  require: items that must hold; the failing ones are reported
  forbid:  items that must not hold; the holding ones are reported
  at:      paths whose span locates a finding about a missing element (first found wins; then
           the item's `show` path, then the E.O. line, the CAB, SUBJECT, the first banner)
  combine: report all failing `require` items as one finding (default true)
  era_severity: {ERA: severity} caps the severity for documents of those eras

Each item may carry `label` (what the element is), `expected` (what the rule wants, rendered
with the message values), `show` (the path whose text is shown as `found`), `severity`
(overrides the rule's) and `profiles` (only under these).
Message values: the document facts of `_docpath.document_values` plus `found` (the element as
written, or "none"), `missing` (labels of the failing items), `expected`.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from ..model import Document
from . import _docpath as dp
from .base import Context, Hit, Rule, condition_holds

KIND = "presence"
PLACEHOLDERS = frozenset({"date", "era", "order", "classification", "eo", "declass", "found", "missing",
                          "expected"})
DEFAULT_AT = ("eo_line", "cab", "subject_span", "first_banner")


def _label(item: Mapping) -> str:
    if "label" in item:
        return str(item["label"])
    if "any" in item:
        return " or ".join(item["any"])
    return str(item.get("path") or next(iter(item)))


def _found(doc: Document, item: Mapping) -> str:
    paths = [item["show"]] if "show" in item else item.get("any") or ([item["path"]] if "path" in item else [])
    for path in paths:
        value = dp.resolve(doc, path)
        if dp.present(value):
            return dp.as_text(value)
    return "none"


def _span(doc: Document, item: Mapping, at: Iterable[str]):
    paths = list(item.get("any") or ([item["path"]] if "path" in item else []))
    shown = [item["show"]] if "show" in item else []
    return dp.first_span(doc, [*paths, *at, *shown, *DEFAULT_AT])


def check(doc: Document, rule: Rule, ctx: Context) -> Iterable[Hit]:
    params = rule.params
    if not condition_holds(doc, params.get("when")) or not dp.all_hold(doc, params.get("where")):
        return
    at = tuple(params.get("at") or ())
    ceiling = (params.get("era_severity") or {}).get(doc.era)

    def applicable(item: Mapping) -> bool:
        return "profiles" not in item or ctx.profile in item["profiles"]

    def severity(item: Mapping) -> str | None:
        chosen = item.get("severity")
        if ceiling is not None:
            chosen = dp.cap_severity(chosen or rule.severity_for(ctx.profile), ceiling)
        return chosen

    failing = [item for item in params.get("require", ()) if applicable(item) and not dp.holds(doc, item)]
    if failing and params.get("combine", True) and len({str(i.get("severity")) for i in failing}) == 1:
        groups = [failing]
    else:
        groups = [[item] for item in failing]
    for group in groups:
        first = group[0]
        values = dict(dp.document_values(doc), found=_found(doc, first),
                      missing=" and ".join(_label(i) for i in group))
        values["expected"] = "; ".join(dict.fromkeys(
            dp.fill(i.get("expected"), values) for i in group if i.get("expected")))
        yield Hit(_span(doc, first, at), values, severity(first))

    for item in params.get("forbid", ()):
        if applicable(item) and dp.holds(doc, item):
            values = dict(dp.document_values(doc), found=_found(doc, item), missing=_label(item))
            values["expected"] = dp.fill(item.get("expected"), values)
            yield Hit(_span(doc, item, at), values, severity(item))
