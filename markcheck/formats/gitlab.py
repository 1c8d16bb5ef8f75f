"""GitLab Code Quality: a JSON array of issues (the subset of the Code Climate format GitLab reads).

Each finding is ``{description, check_name, fingerprint, severity, location: {path, lines:
{begin, end}}}`` plus ``type`` and ``engine_name`` for other Code Climate consumers.
Severity: error -> major, warning -> minor, info -> info. The fingerprint is stable when lines
move (see `fingerprint`), so a merge request that only inserts text above a finding shows no
change in code quality. Written without a BOM; an empty run is ``[]``. A byte of a file name
that is not UTF-8 is written ``%XX`` and every ``##[`` ``##\u005b`` (`markcheck.escape`).
"""

from __future__ import annotations

import json

from ..escape import json_text, utf8_path
from . import GITLAB_SEVERITY, fingerprint


def issues(results, run) -> list[dict]:
    out = []
    for result in results:
        path = run.relpath(result.path)
        for finding, fp in zip(result.findings, fingerprint.fingerprints(result, path)):
            out.append({
                "type": "issue",
                "engine_name": "markcheck",
                "check_name": finding.rule,
                "description": f"{finding.rule} {finding.name}: {finding.message}",
                "fingerprint": fp,
                "severity": GITLAB_SEVERITY.get(finding.severity, "minor"),
                "location": {"path": utf8_path(path), "lines": {"begin": finding.line, "end": finding.end_line}},
            })
    return out


def render(results, run) -> str:
    return json_text(json.dumps(issues(results, run), indent=2)) + "\n"
