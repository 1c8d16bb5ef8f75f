"""Records of tables and bundles: labels, bad rows as MCK-002 findings at their row, the date
and header columns, the time bound, the output rows, progress."""

from __future__ import annotations

import io
import json
import tarfile
import time

import pyarrow.parquet as pq
import pytest

from markcheck.api import check_text
from markcheck.archive import check as check_module
from markcheck.archive.check import check_record
from markcheck.archive.progress import Meter
from markcheck.archive.readers import plan, read
from markcheck.archive.records import Columns, Record
from markcheck.config import Config

from .conftest import markcheck

CABLE = ("SECRET\n"
         "O 201552Z MAR 09\n"
         "SUBJECT: (U) A SUBJECT\n"
         "1. (C) A confidential paragraph.\n"
         "2. (S//NF) A secret paragraph.\n")
UNDATED = "CONFIDENTIAL\n1. (C) A paragraph.\n"


def _seen(result) -> list:
    return [(f.rule, f.line, f.column, f.end_line, f.end_column, f.severity, f.message) for f in result.findings]


def _records(path, columns, size=2):
    return [r for part in plan(str(path), columns, size) for r in read(part, columns)]


def _rows(tmp_path, body: bytes) -> list:
    path = tmp_path / "t.csv"
    path.write_bytes(body)
    return _records(path, Columns(text="body", id="id"))


def test_a_csv_row_with_a_quoted_multiline_text_is_one_record_labelled_by_id_and_row(tmp_path):
    import csv

    with open(tmp_path / "t.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "body"])
        for n in range(5):
            writer.writerow([f"DOC{n}", CABLE.replace("\n", "\r\n")])
    records = _records(tmp_path / "t.csv", Columns(text="body", id="id"))
    assert [(r.id, r.row) for r in records] == [(f"DOC{n}", n + 1) for n in range(5)]
    assert records[3].text == CABLE.replace("\n", "\r\n")
    result = check_record(records[3], Config(today=None))
    assert result.path == f"{tmp_path / 't.csv'}#DOC3" and result.row == 4
    plain = check_text(CABLE.replace("\n", "\r\n"), path=result.path)
    assert result.findings == plain.findings  # positions relative to the record's text


def test_bad_rows_are_mck_002_findings_at_their_row_and_the_run_goes_on(tmp_path):
    body = (b'id,body\n'
            b'A,"' + CABLE.encode() + b'"\n'
            b'B,\n'                                  # no text
            b'C,"SECRET \xff\xfe bytes"\n'           # not UTF-8
            b'D,x,y\n'                               # more fields than the header
            b'E,"' + CABLE.encode() + b'"\n')
    records = _rows(tmp_path, body)
    assert [r.id for r in records] == ["A", "B", "C", "row 4", "E"]
    results = [check_record(r, Config()) for r in records]
    bad = {r.record_id: r.findings for r in results if any(f.rule == "MCK-002" for f in r.findings)}
    assert set(bad) == {"B", "C", "row 4"}
    assert "row 2" in bad["B"][0].message and "empty" in bad["B"][0].message
    assert "not UTF-8" in bad["C"][0].message and "row 3" in bad["C"][0].message
    assert "3 fields, the header 2" in bad["row 4"][0].message
    assert _seen(results[4]) == _seen(results[0]) and results[0].findings


def test_an_oversized_record_is_reported_not_read(tmp_path, monkeypatch):
    from markcheck.archive import records

    monkeypatch.setattr(records, "MAX_RECORD_BYTES", 1000)
    record = records.table_record("t.csv", 7, {"id": "BIG", "body": "S" * 5000}, Columns(text="body", id="id"))
    result = check_record(record, Config())
    assert [f.rule for f in result.findings] == ["MCK-002"]
    assert "larger than" in result.findings[0].message and "row 7" in result.findings[0].message


def test_jsonl_lines_that_are_not_json_objects_are_bad_rows(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"id": "A", "body": CABLE}) + "\n{not json\n[1, 2]\n\n"
                    + json.dumps({"id": "D", "body": CABLE}) + "\n", encoding="utf-8")
    records = _records(path, Columns(text="body", id="id"), size=1)
    assert [(r.id, r.row, r.problem is None) for r in records] == [
        ("A", 1, True), ("row 2", 2, False), ("row 3", 3, False), ("D", 4, True)]
    assert "not JSON" in records[1].problem and "not an object" in records[2].problem


def test_a_missing_column_stops_the_run_before_any_record_with_the_columns_named(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,text\nA,SECRET\n", encoding="utf-8")
    done = markcheck(str(path), "--text-column", "body", "--isolated")
    assert done.returncode == 2
    assert "no column 'body'" in done.stderr and "'id', 'text'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_table_needs_a_text_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,text\nA,SECRET\n", encoding="utf-8")
    done = markcheck(str(path), "--isolated")
    assert done.returncode == 2 and "--text-column" in done.stderr


def test_the_date_column_dates_a_record_whose_text_has_no_date():
    columns = Columns(text="body", id="id", date="date")
    from markcheck.archive.records import table_record

    undated = check_record(table_record("t", 1, {"id": "A", "body": UNDATED}, Columns(text="body", id="id")), Config())
    dated = check_record(table_record("t", 1, {"id": "A", "body": UNDATED, "date": "2009-03-20 13:01"}, columns),
                         Config())
    assert "HDR-007" in {f.rule for f in undated.findings}  # no date of origin
    assert "HDR-007" not in {f.rule for f in dated.findings}
    assert (undated.date, dated.date, dated.era) == (None, "2009-03-20", "EO12958A")
    # a date in the text wins over the column
    texted = check_record(table_record("t", 1, {"id": "A", "body": CABLE, "date": "1999-01-01"}, columns), Config())
    assert texted.date == "2009-03-20"


def test_the_header_column_is_checked_as_the_lines_before_the_body():
    from markcheck.archive.records import table_record

    header, body = CABLE.split("SUBJECT", 1)
    record = table_record("t", 1, {"id": "A", "head": header.rstrip("\n"), "body": "SUBJECT" + body},
                          Columns(text="body", id="id", header="head"))
    assert check_record(record, Config()).findings == check_text(CABLE, path=record.label).findings


def test_a_tar_gz_is_read_as_a_stream_of_its_document_members(tmp_path):
    path = tmp_path / "b.tar.gz"
    with tarfile.open(path, "w:gz") as bundle:
        for name, data in (("a/1.txt", CABLE.encode()), ("a/notes.pdf", b"%PDF"), ("a/2.txt", b"\x00\x01\x02" * 50),
                           ("a/3.md", CABLE.encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            bundle.addfile(info, io.BytesIO(data))
    records = _records(path, Columns())
    assert [(r.id, r.row, r.member) for r in records] == [("a/1.txt", 1, "a/1.txt"), ("a/2.txt", 2, "a/2.txt"),
                                                          ("a/3.md", 3, "a/3.md")]
    assert records[1].problem is not None  # binary: MCK-002 at member 2
    assert "member 2" in check_record(records[1], Config()).findings[0].message


def test_a_record_past_its_time_bound_is_reported_and_the_next_one_is_checked(monkeypatch):
    from markcheck import document

    real = document.build_document

    def slow(text, **kwargs):
        if "STALL" in text:
            while True:  # pure Python: the bound's exception arrives between two bytecodes
                time.sleep(0.001)
        return real(text, **kwargs)

    monkeypatch.setattr(document, "build_document", slow)
    stalled = check_record(Record("t", "A", "STALL\n", row=1), Config(), seconds=0.2)
    assert [f.rule for f in stalled.findings] == ["MCK-002"]
    assert "took longer than 0.2 s" in stalled.findings[0].message
    fine = check_record(Record("t", "B", CABLE, row=2), Config(), seconds=120)
    assert fine.findings == check_text(CABLE, path="t#B").findings
    assert check_module._WATCHDOG.deadlines == {}


def test_the_time_bound_holds_in_a_worker_thread_too(monkeypatch):
    import threading

    from markcheck import document

    real = document.build_document

    def slow(text, **kwargs):
        if "STALL" in text:
            while True:
                time.sleep(0.001)
        return real(text, **kwargs)

    monkeypatch.setattr(document, "build_document", slow)
    out = []
    worker = threading.Thread(target=lambda: out.append(check_record(Record("t", "A", "STALL\n", row=1), Config(),
                                                                     seconds=0.2)))
    worker.start()
    worker.join(timeout=30)
    assert [f.rule for f in out[0].findings] == ["MCK-002"]
    deadline = time.monotonic() + 10
    while check_module._WATCHDOG.thread is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert check_module._WATCHDOG.thread is None  # idle, it ends: no thread left to stop a fork


def test_a_serial_check_leaves_no_thread_behind():
    import threading

    before = threading.active_count()
    check_record(Record("t", "A", CABLE, row=1), Config(), seconds=120)
    assert threading.active_count() == before  # markcheck.runner forks only without other threads


def test_jsonl_and_parquet_outputs_hold_a_row_per_document_and_per_finding(tmp_path):
    import pandas as pd

    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps({"id": f"D{n}", "body": CABLE}) + "\n" for n in range(3)), encoding="utf-8")
    base = [str(path), "--text-column", "body", "--id-column", "id", "--isolated"]
    done = markcheck(*base, "--format", "jsonl", "-o", str(tmp_path / "r.jsonl"))
    assert done.returncode == 1, done.stderr
    rows = pd.read_json(tmp_path / "r.jsonl", lines=True)
    findings = len(check_text(CABLE).findings)
    assert (rows.kind == "document").sum() == 3 and (rows.kind == "finding").sum() == 3 * findings
    assert set(rows.id) == {"D0", "D1", "D2"} and set(rows[rows.kind == "document"].row) == {1, 2, 3}
    assert markcheck(*base, "--format", "parquet").returncode == 2  # binary: needs --output
    done = markcheck(*base, "--format", "parquet", "-o", str(tmp_path / "r.parquet"))
    assert done.returncode == 1, done.stderr
    table = pq.read_table(tmp_path / "r.parquet").to_pandas()
    assert table.drop(columns=[]).shape[0] == rows.shape[0]
    assert list(table[table.kind == "finding"].rule) == list(rows[rows.kind == "finding"].rule)


def test_progress_shows_records_per_second_and_the_time_left():
    now = [0.0]
    stream = io.StringIO()
    meter = Meter(1000, stream=stream, log_every=10, clock=lambda: now[0])
    now[0] = 5.0
    meter.add(100, 1_000_000)  # before the first interval: nothing yet
    assert stream.getvalue() == ""
    now[0] = 10.0
    meter.add(100, 1_000_000)
    assert stream.getvalue() == "markcheck: 200/1,000 records, 20 records/s, 0.2 MB/s, ETA 0:00:40\n"
    meter.close(7)
    assert stream.getvalue().splitlines()[-1].endswith("20 records/s, 0.2 MB/s; 7 findings")


def test_csv_and_zip_members_give_the_same_findings_as_files(tmp_path):
    import zipfile

    (tmp_path / "c.txt").write_text(CABLE, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as bundle:
        bundle.writestr("x/c.txt", CABLE)
        bundle.writestr("x/readme.pdf", b"%PDF-1.4")
    records = _records(tmp_path / "b.zip", Columns())
    assert [r.id for r in records] == ["x/c.txt"]
    assert check_record(records[0], Config()).findings == check_text(CABLE, path=records[0].label).findings


@pytest.mark.parametrize("name", ["t.zip", "t.parquet"])
def test_an_archive_that_is_not_what_its_name_says_is_a_usage_error(tmp_path, name):
    (tmp_path / name).write_bytes(b"not an archive at all")
    done = markcheck(str(tmp_path / name), "--text-column", "body", "--isolated")
    assert done.returncode == 2 and "Traceback" not in done.stderr and name in done.stderr


def test_an_oversized_csv_field_is_one_bad_row_and_the_rows_after_it_stay_in_step(tmp_path, monkeypatch):
    from markcheck.archive import readers, records

    monkeypatch.setattr(records, "MAX_RECORD_BYTES", 200)
    monkeypatch.setattr(readers, "MAX_RECORD_BYTES", 200)
    records_read = _rows(tmp_path, b'id,body\nA,SECRET\nB,"' + b"S" * 500 + b'\nmore"\nC,SECRET\n')
    assert [(r.id, r.row, r.problem is None) for r in records_read] == [("A", 1, True), ("B", 2, False),
                                                                        ("C", 3, True)]
    assert "larger than" in records_read[1].problem
