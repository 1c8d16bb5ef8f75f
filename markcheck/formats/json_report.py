"""The JSON report: the versioned contract of DESIGN.md that other tools build on.

Every checked file appears in ``files``, clean ones too; paths are as given on the command
line. Bump `SCHEMA_VERSION` on any incompatible change of shape.
"""

from __future__ import annotations

import json

from .. import __version__

SCHEMA_VERSION = 1


def report(results) -> dict:
    summary = {"files": len(results), "error": 0, "warning": 0, "info": 0}
    for result in results:
        for severity, count in result.counts().items():
            summary[severity] = summary.get(severity, 0) + count
    out = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "markcheck", "version": __version__},
        "files": [r.to_dict() for r in results],
        "summary": summary,
    }
    # every finding a per-file ignore or the baseline kept out of "files", with its reason
    # (the key is present only when something was suppressed)
    suppressed = [s.to_dict() for r in results for s in getattr(r, "suppressed", ())]
    if suppressed:
        out["suppressed"] = suppressed
    return out


def render(results, run=None) -> str:
    return json.dumps(report(results), indent=2) + "\n"
