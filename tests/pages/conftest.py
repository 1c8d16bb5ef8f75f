"""The Word and PDF libraries these tests build and read fixtures with (the test extra installs
them; without them the tests of this folder cannot run, and say so)."""

import pytest

pytest.importorskip("docx", reason="python-docx is in the test extra: pip install -e '.[test]'")
pytest.importorskip("pypdf", reason="pypdf is in the test extra")
pytest.importorskip("fpdf", reason="fpdf2 is in the test extra")
