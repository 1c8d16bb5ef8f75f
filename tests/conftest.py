"""Test-wide settings.

markcheck's user cache (the validated built-in rule pack) goes to a temporary folder for the
run, never into the tester's home, and starts empty so the first load in the run validates the
pack from scratch. Under pytest-xdist each worker process has its own such folder.

The suite runs in worker processes (pytest-xdist, ``--dist loadgroup``: see pyproject.toml).
A module- or session-scoped fixture is built once per process that uses it, so tests that
share one built below this folder (a corpus run, a wheel, a Spark or Dask cluster) are kept in
one worker: their group is the folder or module that defines the fixture. Tests that build
in the checkout itself (setuptools writes build/ and *.egg-info there), or copy it, are marked
``xdist_group("checkout-builds")``: one worker runs them, one at a time.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_CACHE: str | None = None


def pytest_configure(config):
    global _CACHE
    _CACHE = tempfile.mkdtemp(prefix="markcheck-test-cache-")
    os.environ["MARKCHECK_CACHE_DIR"] = _CACHE  # subprocesses (CLI, wheel tests) inherit it
    # (xdist declares it too; declared here for a run with -p no:xdist)
    config.addinivalue_line("markers", "xdist_group(name): run in one worker with the group's other tests")


def pytest_unconfigure(config):
    if _CACHE:
        shutil.rmtree(_CACHE, ignore_errors=True)


def shared_fixture_owner(item) -> str | None:
    """Where the broadest module- or session-scoped fixture `item` uses is defined (a folder's
    or a module's node id), or None when it uses none below this folder."""
    info = getattr(item, "_fixtureinfo", None)
    owners = []
    for definitions in (info.name2fixturedefs.values() if info else ()):
        for definition in definitions:
            if definition.scope in ("module", "session", "package") and definition.baseid.startswith("tests/"):
                owners.append(definition.baseid)
    return min(owners, key=len) if owners else None


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            owner = shared_fixture_owner(item)
            if owner:
                item.add_marker(pytest.mark.xdist_group(owner))
