"""What the CAB/DEC kinds share, in one import (``from . import _docpath as dp``): dotted paths
into the document model (`_paths`), the declarative predicates built on them (`_predicates`),
and the values and severities of their messages (`_messages`)."""

from __future__ import annotations

from ._messages import SEVERITY_RANK, SafeValues, cap_severity, document_values, fill, order_name
from ._paths import as_text, compile_path, compile_presence, first_span, present, resolve, span_of
from ._predicates import (Test, all_pass, compile_guards, compile_item, compile_items, era_tokens, has_fgi,
                          holds)

__all__ = ["SEVERITY_RANK", "SafeValues", "Test", "all_pass", "as_text", "cap_severity", "compile_guards",
           "compile_item", "compile_items", "compile_path", "compile_presence", "document_values", "era_tokens",
           "fill", "first_span", "has_fgi", "holds", "order_name", "present", "resolve", "span_of"]
