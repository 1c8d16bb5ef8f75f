#!/usr/bin/env python3
"""Write docs/rules.md from the rule files (rules/*.yaml).

Usage: python scripts/gen_rule_docs.py [--check]
--check exits 1 when docs/rules.md differs from what the rule files generate.
"""

from __future__ import annotations

import sys
from pathlib import Path

TOP = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TOP))

from markcheck.ruledocs import markdown  # noqa: E402
from markcheck.rulepack import RuleFileError, builtin_rules  # noqa: E402

TARGET = TOP / "docs" / "rules.md"


def main(argv: list[str]) -> int:
    try:
        text = markdown(builtin_rules())
    except RuleFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is stale: run python scripts/gen_rule_docs.py", file=sys.stderr)
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
