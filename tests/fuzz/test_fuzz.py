"""A bounded fuzzing session for CI over the fuzz target (tests/fuzz/fuzz_markcheck.py).

Hypothesis generates the bytes (random bytes, encoded documents made of marking fragments,
mutated real cables); a fixed number of examples keeps the run to a few seconds. When atheris is
installed, a short coverage-guided run of the same target runs as well.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from . import fuzz_markcheck as target

HERE = Path(__file__).resolve().parent
SEEDS = [p.read_bytes() for p in sorted((HERE.parent / "reader" / "fixtures").glob("*.txt"))]
PIECES = [b"SECRET", b"C O N F I D E N T I A L", b"//", b"/", b"NOFORN", b"REL TO USA, GBR", b"(", b")", b"(C/NF)",
          b"1. ", b"E.O. 12958: DECL: ", b"03/20/2019", b"25X1", b"Classified By: ", b"reasons 1.4 (b)",
          b"TAGS: ", b"SUBJECT: ", b"O 201552Z MAR 09", b"SECTION 01 OF 02", b"\t", b" ", b"\r\n", b"\n", b"\r",
          b"\x00", b"\xff", b"\xc3\xa9", b"\xe9", b"\xef\xbb\xbf", "\u00b6".encode("utf-8")]
SETTINGS = settings(max_examples=250, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes(data):
    target.TestOneInput(data)


@st.composite
def encoded_documents(draw):
    text = b"".join(draw(st.lists(st.sampled_from(PIECES), max_size=80)))
    encoding = draw(st.sampled_from(["raw", "utf-16-le", "utf-16-be", "utf-8-sig"]))
    if encoding == "raw":
        return text
    decoded = text.decode("latin-1")
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-8-sig": b""}[encoding]
    return bom + decoded.encode(encoding)


@SETTINGS
@given(encoded_documents())
def test_documents_built_from_marking_pieces(data):
    target.TestOneInput(data)


@SETTINGS
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 64),
                                                   st.sampled_from(PIECES)), max_size=8))
def test_mutated_real_cables(seed, edits):
    data = bytearray(seed)
    for at, cut, piece in edits:
        at %= len(data) + 1
        data[at:at + cut] = piece
    target.TestOneInput(bytes(data))


@pytest.mark.skipif(sys.platform == "win32", reason="atheris runs on Linux and macOS")
def test_atheris_session(tmp_path):
    pytest.importorskip("atheris")
    corpus = target.seed_corpus(tmp_path / "corpus")
    env = dict(os.environ, PYTHONPATH=str(HERE.parents[1]))
    proc = subprocess.run([sys.executable, str(HERE / "fuzz_markcheck.py"), "-runs=1500", "-max_len=4096",
                           f"-artifact_prefix={tmp_path}/", corpus], env=env, capture_output=True, timeout=300)
    log = proc.stderr.decode(errors="replace")
    assert proc.returncode == 0, log[-4000:]
    assert "Done 1500 runs" in log
