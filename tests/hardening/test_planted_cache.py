"""No planted cache file runs code or changes what a check finds.

Another local user can write to the shared temporary directory, to a cache directory that is
theirs or that others may write, and (given such a directory) to any file in it. Each test plants
a pickle whose unpickling creates a marker file, in every place markcheck has read a cache from,
under the name of every file a run wrote there, with the entry's own first line (its key, which
anyone can compute) or a wrong one; then checks a document in a fresh process: the marker never
appears, and the findings are those of a run without any cache.
"""

from __future__ import annotations

import json
import os
import pickle

import pytest

from .conftest import UNDER, spawn, write

NOBODY = 65534


class _Planted:
    """Unpickling it creates `marker` (as a real payload would run any code)."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return open, (self.marker, "w")


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    return write(tmp_path_factory.mktemp("document") / "doc.txt", UNDER)  # under-classified: ROL-001 and DIS-001


def _check(doc, **env):
    run = spawn("check", "--isolated", "--today", "2010-01-01", "--format", "json", doc,
                env={"MARKCHECK_NO_CACHE": "0", **env})
    assert "Traceback" not in run.err, run.err
    return run


def _findings(run) -> list:
    return [(f["rule"], f["line"], f["column"], f["message"]) for entry in run.json()["files"]
            for f in entry["findings"]]


@pytest.fixture(scope="module")
def uncached(doc):
    """The findings of a run that reads no cache at all."""
    run = _check(doc, MARKCHECK_NO_CACHE="1")
    assert run.code == 1 and {f[0] for f in _findings(run)} >= {"ROL-001", "DIS-001"}
    return _findings(run)


def _plant_over(folder, marker, key_line: bool) -> list[str]:
    """Replace every file in `folder` by the pickle, after its own first line (`key_line`) or a wrong one."""
    payload = pickle.dumps(_Planted(str(marker)), protocol=2)
    planted = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        with open(path, "rb") as handle:
            first = handle.readline() if key_line else b"0" * 64 + b"\n"
        with open(path, "wb") as handle:
            handle.write(first + payload)
        planted.append(name)
    return planted


def test_no_cache_directory_means_no_cache_not_the_temporary_directory(doc, tmp_path, uncached):
    """With markcheck's cache directory impossible to make, nothing is written to or read from
    the shared temporary directory (Lark's own fallback, /tmp/.lark_cache_<user>_<hash>…)."""
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    blocker = write(tmp_path / "a-file", "")
    env = {"MARKCHECK_CACHE_DIR": str(blocker / "cache"), "TMPDIR": str(shared)}
    first = _check(doc, **env)
    assert _findings(first) == uncached
    assert os.listdir(shared) == []  # nothing in the shared place for another user to replace
    write(shared / "placeholder", "")  # (planted below like every other file found there)
    marker = tmp_path / "ran"
    _plant_over(shared, marker, key_line=True)
    second = _check(doc, **env)
    assert not marker.exists()
    assert _findings(second) == uncached


def test_a_relative_cache_location_is_not_used(doc, tmp_path, uncached):
    """No home directory leaves "~" unexpanded: a cache relative to wherever markcheck runs
    would be anyone's to plant."""
    work = tmp_path / "work"
    work.mkdir()
    run = spawn("check", "--isolated", "--today", "2010-01-01", "--format", "json", doc, cwd=work,
                env={"MARKCHECK_NO_CACHE": "0", "MARKCHECK_CACHE_DIR": "~/.cache/markcheck"})
    assert _findings(run) == uncached
    assert os.listdir(work) == []


@pytest.mark.parametrize("key_line", [True, False], ids=["current-key-line", "wrong-key-line"])
def test_a_pickle_in_the_users_own_cache_never_runs(doc, tmp_path, uncached, key_line):
    cache = tmp_path / "cache"
    warm = _check(doc, MARKCHECK_CACHE_DIR=str(cache))
    assert _findings(warm) == uncached
    marker = tmp_path / "ran"
    assert _plant_over(cache, marker, key_line)  # the rule pack and every grammar's tables
    run = _check(doc, MARKCHECK_CACHE_DIR=str(cache))
    assert not marker.exists()
    assert _findings(run) == uncached


def _emptied_rule_pack(cache) -> None:
    """Rewrite the stored rule pack, in markcheck's own format and with its current key, as a
    pack without rules: read, it would make every check pass."""
    for name in os.listdir(cache):
        if name.startswith("rules-"):
            path = cache / name
            key, _, body = path.read_bytes().partition(b"\n")
            stored = json.loads(body)
            stored["rules"] = {source: [] for source in stored["rules"]}
            path.write_bytes(key + b"\n" + json.dumps(stored).encode())
            return
    raise AssertionError(f"no rule pack stored in {sorted(os.listdir(cache))}")


def _run_with_a_spoilt_directory(doc, tmp_path, planted: str, spoil):
    """Warm a cache, plant `planted` in it, `spoil` its directory, and check `doc` again:
    (that run, whether the pickle ran)."""
    cache = tmp_path / "cache"
    _check(doc, MARKCHECK_CACHE_DIR=str(cache))
    marker = tmp_path / "ran"
    if planted == "pickle":
        _plant_over(cache, marker, key_line=True)
    else:
        _emptied_rule_pack(cache)
    spoil(cache)
    return _check(doc, MARKCHECK_CACHE_DIR=str(cache)), marker.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a directory to another uid needs root")
@pytest.mark.parametrize("planted", ["pickle", "emptied-rule-pack"])
def test_a_cache_directory_of_another_user_is_not_used(doc, tmp_path, uncached, planted):
    run, ran = _run_with_a_spoilt_directory(doc, tmp_path, planted, lambda cache: os.chown(cache, NOBODY, NOBODY))
    assert not ran
    assert _findings(run) == uncached
    warnings = [line for line in run.err.splitlines() if "cache directory" in line]
    assert warnings == [f"markcheck: warning: not using the cache directory {tmp_path / 'cache'}: it belongs to "
                        f"uid {NOBODY}, not to you (uid {os.geteuid()}); running without a cache"]


@pytest.mark.parametrize("planted", ["pickle", "emptied-rule-pack"])
def test_a_cache_directory_others_can_write_is_not_used(doc, tmp_path, uncached, planted):
    run, ran = _run_with_a_spoilt_directory(doc, tmp_path, planted, lambda cache: os.chmod(cache, 0o777))
    assert not ran
    assert _findings(run) == uncached
    assert run.err.count("markcheck: warning: not using the cache directory") == 1, run.err
    assert "group or others can write it (mode 0777)" in run.err


def test_a_cache_file_others_can_write_is_not_used(doc, tmp_path, uncached):
    """A file that others may write, even in the user's own directory, is not read."""
    cache = tmp_path / "cache"
    _check(doc, MARKCHECK_CACHE_DIR=str(cache))
    _emptied_rule_pack(cache)
    for name in os.listdir(cache):
        os.chmod(cache / name, 0o666)
    run = _check(doc, MARKCHECK_CACHE_DIR=str(cache))
    assert _findings(run) == uncached
