#!/usr/bin/env python3
"""Instructions the reader and the rules execute, counted by valgrind: a measure that repeats.

    python bench/instructions.py [CORPUS] [--every 3]

Wall-clock and CPU times on a shared or virtual machine move by several per cent from run to
run, more than most single speed changes save. The number of instructions executed does not:
this runs markcheck's check of every N-th corpus document under valgrind's cachegrind (no cache
simulation), once reading only, once reading and checking, and once with no documents, and
prints the differences: the reader's and the rules' instructions, which repeat to within a few
million. Compare two trees by running it in each. Needs valgrind; slow (about a minute per run
of 1,000 documents), so it is a tool for a change, not part of bench/run.py or of the tests.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"

# The measured program: warm up as a worker does, read the documents, then do the stage's work.
STAGE_PROGRAM = """
import sys
from pathlib import Path
from markcheck.api import result_for
from markcheck.config import Config
from markcheck.document import build_document
from markcheck.runner import warm_up
from markcheck.reader.source import Source

corpus, every, stage = sys.argv[1], int(sys.argv[2]), sys.argv[3]
config = Config()
warm_up(config)
sources = [Source.from_path(str(p)) for p in sorted(Path(corpus).glob("*.txt"))[::every]]
for source in sources if stage != "none" else ():
    doc = build_document(source, source.path)
    if stage == "check":
        result_for(doc, config)
"""


def instructions(corpus: Path, every: int, stage: str) -> int:
    """Instructions of one run of STAGE_PROGRAM (the `I refs` valgrind reports)."""
    # a fixed hash seed: set and dict orders, hence the work of a run, are the same every time
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    run = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, "-c", STAGE_PROGRAM, str(corpus), str(every), stage],
        capture_output=True, text=True, cwd=REPO, check=True, env=environment)
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--every", type=int, default=3, help="check every N-th document (default 3)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("bench/instructions.py needs valgrind", file=sys.stderr)
        return 2
    documents = len(sorted(args.corpus.glob("*.txt"))[::args.every])
    instructions(args.corpus, args.every, "none")  # once first: caches the rule pack and grammars
    none, read, check = (instructions(args.corpus, args.every, stage) for stage in ("none", "read", "check"))
    million = 1_000_000
    print(f"{documents:,} documents of {args.corpus}, instructions (millions):")
    print(f"  reader  {(read - none) / million:9,.0f}")
    print(f"  rules   {(check - read) / million:9,.0f}")
    print(f"  both    {(check - none) / million:9,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
