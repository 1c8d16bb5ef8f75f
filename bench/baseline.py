"""The benchmark's baseline: one plain regular-expression pass over the same files.

It reads every ``*.txt``/``*.md`` file under the given paths exactly as markcheck does (bytes,
UTF-8 with a Latin-1 fallback), and finds the candidate marking lines with one multi-line
regular expression: classification lines (plain or letter-spaced), E.O. lines, and lines that
start with a paragraph number and/or a portion mark. It judges nothing. It is what a
throwaway ``grep``-style script costs, so ``markcheck / baseline`` is a ratio that means the
same thing on a fast and on a noisy machine.

    python bench/baseline.py PATH...      # prints: files bytes candidate_lines
"""

from __future__ import annotations

import os
import re
import sys

CANDIDATE = re.compile(
    r"^[ \t]*(?:"
    r"(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE)\b"  # banner
    r"|(?:[A-Za-z] ){4,}[A-Za-z]\b"  # letter-spaced banner: C O N F I D E N T I A L
    r"|E\s?\.\s?O\s?\.\s?[0-9]{4,5}"  # E.O. 12958: DECL: ...
    r"|(?:\u00b6\s*)?[0-9]{1,3}\s*[.)]?\s*\((?:TS|S|C|U|SBU|LOU)\b[^()\n]{0,60}\)"  # 1. (C) ...
    r"|\((?:TS|S|C|U|SBU|LOU)\b[^()\n]{0,60}\)"  # (S//NF) ... and SUBJECT-less portions
    r").*$",
    re.M,
)
SUFFIXES = (".txt", ".md")


def files_under(paths: list[str]) -> list[str]:
    """The files markcheck checks for these paths: files as given, directories walked, sorted."""
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found = []
            for root, _dirs, names in os.walk(path):
                found.extend(os.path.join(root, n) for n in names if n.lower().endswith(SUFFIXES))
            out.extend(sorted(found))
        else:
            out.append(path)
    return out


def scan(path: str) -> int:
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return sum(1 for _ in CANDIDATE.finditer(text))


def main(argv: list[str]) -> int:
    files = files_under(argv)
    total_bytes = sum(os.path.getsize(f) for f in files)
    lines = sum(scan(f) for f in files)
    print(f"{len(files)} {total_bytes} {lines}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
