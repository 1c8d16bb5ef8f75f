"""Configuration globs and the directory walk under hostile input: globs that made a
backtracking matcher take minutes, a tree deeper than Python's recursion limit, and entries
that are no regular file (a walk says which it skipped instead of passing over them silently).
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from markcheck import api
from markcheck.globs import matches

from .conftest import CLEAN, UNDER, write


def _cpu_per_match(path: str, pattern: str) -> float:
    """CPU seconds per `matches(path, pattern)`: the best of five timings of enough calls to
    take a measurable time (CPU time, not the wall clock: other processes do not count)."""
    matches(path, pattern)  # compiled once, outside the timing
    best = float("inf")
    for _ in range(5):
        calls, start = 0, time.process_time()
        while True:
            matches(path, pattern)
            calls += 1
            spent = time.process_time() - start
            if spent >= 0.02:
                break
        best = min(best, spent / calls)
    return best


@pytest.mark.parametrize("pattern, path_of", [
    # a name that almost matches: a backtracking matcher tries every way to place the stars
    ("*a*a*a*a*c", lambda n: "a" * n),
    ("*a*a*a*a*a*a*a*a*a*a*c", lambda n: "a" * n),  # 64 s for one 40-letter name before
    ("**/**/**/*.bak", lambda n: "d/" * n + "x.txt"),  # 36 s on a 150-level tree before
    ("**/d/**/d/**/d/**/*.bak", lambda n: "d/" * n + "x.txt"),
    ("*.[tT][xX][tT]", lambda n: "x" * n + ".txs"),
], ids=["4-stars", "10-stars", "repeated-double-star", "double-stars-between-names", "classes"])
def test_glob_matching_grows_at_most_linearly(pattern, path_of):
    """A path four times longer costs at most about four times as much CPU to match (linear:
    4; the quadratic growth a backtracking matcher shows at its best would be 16)."""
    small, large = (40, 160) if "a*a" in pattern else (150, 600)
    assert not matches(path_of(small), pattern) and not matches(path_of(large), pattern)
    ratio = _cpu_per_match(path_of(large), pattern) / _cpu_per_match(path_of(small), pattern)
    assert ratio < 8, f"{pattern}: matching a path 4x as long took {ratio:.1f}x the CPU time"


@pytest.mark.parametrize("pattern, path, expected", [
    ("*.txt", "CABLE.TXT", True), ("*.txt", "sub/dir/a.txt", True), ("*.txt", "a.txt/b.md", True),
    ("build/", "build/x.txt", True), ("build/", "build", False), ("build/", "src/build/x.md", True),
    ("legacy", "legacy/old.txt", True), ("legacy", "my-legacy/old.txt", False),
    ("cables/*.txt", "cables/a.txt", True), ("cables/*.txt", "x/cables/a.txt", False),
    ("cables/*.txt", "cables/sub/a.txt", False), ("/cables/**", "cables/sub/a.txt", True),
    ("./cables/**/*.txt", "cables/a.txt", True), ("a/**/b", "a/x/y/b", True), ("a/**/b", "a/b", True),
    ("**", "anything/at/all", True), ("**/", "x/y", True), ("*", "x/y", True), (" ", "x", False), ("/", "x", False), ("**/x.md", "../up/x.md", True),
    ("LICENSE*", "LICENSE.txt", True), ("[!a]b.txt", "cb.txt", True), ("[!a]b.txt", "ab.txt", False),
    ("cables\\old\\*.txt", "cables/old/a.txt", True),  # a Windows separator
    ("!important.txt", "!important.txt", True), ("!important.txt", "other.txt", False),  # no negation
    ("#notes.md", "#notes.md", True),  # no comment
    ("[draft.txt", "[draft.txt", True),  # an unclosed bracket is a character
    ("*.txt", "caf\udce9.txt", True),  # a name that is not UTF-8
    ("*a*a*a*a*a*a*a*a*a*a*c", "a" * 40 + "c", True),
])
def test_globs_keep_the_documented_semantics(pattern, path, expected):
    assert matches(path, pattern) is expected


@pytest.fixture
def deep_tree(tmp_path):
    """`tmp_path`/deep with 1,000 nested directories ``d``, made and removed one level at a
    time (pathlib, os.makedirs and shutil.rmtree recurse: pytest could not clean it up)."""
    top = str(tmp_path / "deep")
    os.mkdir(top)
    leaf = top
    for _ in range(1000):
        leaf = os.path.join(leaf, "d")
        os.mkdir(leaf)
    yield Path(top), Path(leaf)
    while True:
        for name in os.listdir(leaf):
            if name != "d":
                os.unlink(os.path.join(leaf, name))
        os.rmdir(leaf)
        if leaf == top:
            break
        leaf = os.path.dirname(leaf)


def test_a_thousand_deep_tree_is_walked_and_its_file_checked(deep_tree, cli):
    """Deeper than Python's recursion limit: every file is found and checked, by the command
    line and the Python API alike (a recursive walk ended the run with RecursionError)."""
    deep, leaf = deep_tree
    with open(leaf / "under.txt", "w", encoding="utf-8") as handle:
        handle.write(UNDER)
    write(deep / "top.txt", CLEAN)
    run = cli("check", "--format", "json", deep)
    files = run.files()
    assert sorted(files) == sorted([str(leaf / "under.txt"), str(deep / "top.txt")])
    assert "ROL-001" in {f["rule"] for f in files[str(leaf / "under.txt")]["findings"]}
    assert run.code == 1
    assert [r.path for r in api.check_paths([str(deep)])] == sorted([str(leaf / "under.txt"), str(deep / "top.txt")])


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/null"), reason="POSIX pipes and devices")
def test_the_walk_names_each_entry_it_skips(tmp_path, cli):
    """A walk reads regular files only; a pipe, a socket, a device or a broken link the globs
    select gets one line on stderr (not a finding). Named on the command line, it stays MCK-002."""
    docs = tmp_path / "docs"
    write(docs / "ok.txt", CLEAN)
    os.mkfifo(docs / "pipe.txt")
    os.symlink(docs / "gone.txt", docs / "broken.md")
    os.symlink("/dev/null", docs / "device.txt")
    os.mkfifo(docs / "pipe.csv")  # not selected by the globs: not mentioned
    server = socket.socket(socket.AF_UNIX)
    sock = docs / "s.txt"
    try:
        server.bind(str(sock))
    except OSError:  # a socket path longer than the system allows
        sock = None
    try:
        run = cli("check", "--format", "json", docs)
    finally:
        server.close()
    assert list(run.files()) == [str(docs / "ok.txt")] and run.code == 0
    skipped = sorted(line for line in run.err.splitlines() if line.startswith("markcheck: skipped "))
    expected = [f"markcheck: skipped {docs / 'broken.md'}: a broken symbolic link, not a regular file",
                f"markcheck: skipped {docs / 'device.txt'}: a character device, not a regular file",
                f"markcheck: skipped {docs / 'pipe.txt'}: a named pipe, not a regular file"]
    if sock is not None:
        expected.append(f"markcheck: skipped {sock}: a socket, not a regular file")
    assert skipped == sorted(expected)
    named = cli("check", "--format", "json", docs / "pipe.txt", docs / "ok.txt")
    assert [f["rule"] for f in named.files()[str(docs / "pipe.txt")]["findings"]] == ["MCK-002"]
    assert named.code == 2 and "skipped" not in named.err
