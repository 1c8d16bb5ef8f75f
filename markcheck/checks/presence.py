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
from .base import PROFILES, Context, Hit, Rule, Run

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


def prepare(rule: Rule) -> Run:
    params = rule.params
    guards = dp.compile_guards(params)
    require = tuple((item, dp.compile_item(item)) for item in params.get("require", ()))
    forbid = tuple((item, dp.compile_item(item)) for item in params.get("forbid", ()))
    by_profile = {profile: _applicable_items(require, forbid, profile) for profile in PROFILES}
    at = tuple(params.get("at") or ())
    era_severity = params.get("era_severity") or {}
    combine = params.get("combine", True)

    def run(doc: Document, ctx: Context) -> Iterable[Hit]:
        for guard in guards:
            if not guard(doc):
                return ()
        required, forbidden = by_profile.get(ctx.profile) or _applicable_items(require, forbid, ctx.profile)
        if _satisfied(doc, required, forbidden):
            return ()
        failing = [item for item, holds in required if not holds(doc)]
        found = [item for item, holds in forbidden if holds(doc)]
        return _hits(doc, rule, ctx, failing, found, at, era_severity.get(doc.era), combine)

    return run


def _satisfied(doc: Document, required: tuple, forbidden: tuple) -> bool:
    """Everything required is there and nothing forbidden is (the usual answer, found without
    listing the items that fail)."""
    for _, holds in required:
        if not holds(doc):
            return False
    for _, holds in forbidden:
        if holds(doc):
            return False
    return True


def _applicable_items(require: tuple, forbid: tuple, profile: str) -> tuple[tuple, tuple]:
    """The `require` and `forbid` items that apply under `profile` (an item's `profiles`)."""
    return (tuple(pair for pair in require if _applicable(pair[0], profile)),
            tuple(pair for pair in forbid if _applicable(pair[0], profile)))


def _applicable(item: Mapping, profile: str) -> bool:
    return "profiles" not in item or profile in item["profiles"]


def _hits(doc: Document, rule: Rule, ctx: Context, failing: list, forbidden: list, at: tuple,
          ceiling: str | None, combine: bool) -> list[Hit]:
    """One hit per group of failing `require` items (all in one when `combine`), one per
    holding `forbid` item."""
    def severity(item: Mapping) -> str | None:
        chosen = item.get("severity")
        if ceiling is not None:
            chosen = dp.cap_severity(chosen or rule.severity_for(ctx.profile), ceiling)
        return chosen

    hits = []
    if failing and combine and len({str(i.get("severity")) for i in failing}) == 1:
        groups = [failing]
    else:
        groups = [[item] for item in failing]
    for group in groups:
        first = group[0]
        values = dict(dp.document_values(doc), found=_found(doc, first),
                      missing=" and ".join(_label(i) for i in group))
        values["expected"] = "; ".join(dict.fromkeys(
            dp.fill(i.get("expected"), values) for i in group if i.get("expected")))
        hits.append(Hit(_span(doc, first, at), values, severity(first)))
    for item in forbidden:
        values = dict(dp.document_values(doc), found=_found(doc, item), missing=_label(item))
        values["expected"] = dp.fill(item.get("expected"), values)
        hits.append(Hit(_span(doc, item, at), values, severity(item)))
    return hits
