"""Test-wide settings: markcheck's user cache (the validated built-in rule pack) goes to a
temporary folder for the run, never into the tester's home, and starts empty so the first load
in the run validates the pack from scratch."""

from __future__ import annotations

import os
import shutil
import tempfile

_CACHE: str | None = None


def pytest_configure(config):
    global _CACHE
    _CACHE = tempfile.mkdtemp(prefix="markcheck-test-cache-")
    os.environ["MARKCHECK_CACHE_DIR"] = _CACHE  # subprocesses (CLI, wheel tests) inherit it


def pytest_unconfigure(config):
    if _CACHE:
        shutil.rmtree(_CACHE, ignore_errors=True)
