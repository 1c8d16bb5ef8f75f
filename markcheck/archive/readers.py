"""Read archives without unpacking them: tables (CSV, JSONL, Parquet) and bundles (zip, tar).

An archive is cut into `Partition`s of about `size` records, planned in one streamed pass (a
table's byte offsets every `size` rows, a Parquet file's row groups, a zip's member names) so
that a worker, here or on a cluster, reads its own partition without the rest of the archive;
a tar file, which has no index, is read in order and its partitions carry their records.
Memory stays that of one partition whatever the archive's size.
"""

from __future__ import annotations

import csv
import json
import os
from typing import Iterator

from .records import DOCUMENT_SUFFIXES, MAX_RECORD_BYTES, Columns, Record, table_record
from ..values import frozen_value

DEFAULT_PARTITION = 1000  # records per partition: ~10 MB of cables, a few seconds of one core


class ArchiveError(Exception):
    """An archive that cannot be read at all (not a zip, no such column): a usage error."""


@frozen_value
class Partition:
    """One slice of an archive: `count` records from `start` (a byte offset, a row group's
    first row, or an index into `members`). `records` is set for a tar file's slices."""

    archive: str
    format: str  # csv | jsonl | parquet | zip | tar
    index: int
    start: int
    count: int
    first_row: int = 1
    fields: tuple[str, ...] = ()  # a CSV's header
    members: tuple[str, ...] = ()  # a zip's member names
    group: int = -1  # a Parquet row group
    records: tuple[Record, ...] | None = None

    def key(self) -> str:
        """What identifies this slice of its archive (a resumed run must plan the same)."""
        return f"{self.format}:{self.index}:{self.start}:{self.count}:{self.group}"


def archive_format(path: str) -> str:
    lowered = path.lower()
    for suffix, name in ((".csv", "csv"), (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".parquet", "parquet"),
                         (".zip", "zip")):
        if lowered.endswith(suffix):
            return name
    return "tar"


def plan(path: str, columns: Columns, size: int = DEFAULT_PARTITION) -> Iterator[Partition]:
    """The partitions of the archive at `path`, in order. Raises ArchiveError when the archive
    cannot be read at all (which the caller reports before any record is checked)."""
    fmt = archive_format(path)
    try:
        if fmt == "csv":
            return iter(list(_plan_csv(path, columns, size)))
        if fmt == "jsonl":
            return iter(list(_plan_lines(path, size)))
        if fmt == "parquet":
            return iter(list(_plan_parquet(path, columns, size)))
        if fmt == "zip":
            return iter(list(_plan_zip(path, size)))
        return _plan_tar(path, size)
    except ArchiveError:
        raise
    except (OSError, ValueError, EOFError) as exc:
        raise ArchiveError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None


def read(partition: Partition, columns: Columns) -> Iterator[Record]:
    """The records of `partition`, in order; a bad row is a record with a `problem`."""
    if partition.records is not None:
        return iter(partition.records)
    return {"csv": _read_csv, "jsonl": _read_lines, "parquet": _read_parquet, "zip": _read_zip}[partition.format](
        partition, columns)


# -- CSV ----------------------------------------------------------------------------------------

class _Lines:
    """The lines of a binary file as text for the csv module, remembering where the record
    being read began (`mark`). Bytes that are not UTF-8 are kept as surrogates, so a bad row is
    reported by its row, not as the end of the file."""

    def __init__(self, handle, position: int = 0):
        self.handle, self.position, self.mark = handle, position, None

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.handle.readline()
        if not line:
            raise StopIteration
        if self.mark is None:
            self.mark = self.position
        self.position += len(line)
        return line.decode("utf-8", "surrogateescape")


def _csv_rows(lines: _Lines):
    """(start offset, fields or a csv.Error) per non-blank row."""
    # A field up to 4 x the bound is parsed whole and then reported as too large (its row stays in
    # step); past that csv.Error stops it, and the parser goes on from inside the field.
    csv.field_size_limit(4 * MAX_RECORD_BYTES)
    reader = csv.reader(lines)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            start, lines.mark = lines.mark, None
            yield start, exc
            continue
        start, lines.mark = lines.mark, None
        if row:
            yield start, row


def _csv_header(path: str, columns: Columns) -> tuple[tuple[str, ...], int]:
    with open(path, "rb") as handle:
        lines = _Lines(handle)
        for start, row in _csv_rows(lines):
            if isinstance(row, csv.Error):
                raise ArchiveError(f"{path}: the header row cannot be read: {row}")
            fields = tuple(name.lstrip("\ufeff") if i == 0 else name for i, name in enumerate(row))
            _require(path, columns, fields)
            return fields, lines.position
    raise ArchiveError(f"{path}: empty table (no header row)")


def _plan_csv(path: str, columns: Columns, size: int) -> Iterator[Partition]:
    fields, body = _csv_header(path, columns)
    with open(path, "rb") as handle:
        handle.seek(body)
        index = count = 0
        start = body
        for offset, _ in _csv_rows(_Lines(handle, body)):
            if count == size:
                yield Partition(path, "csv", index, start, count, index * size + 1, fields)
                index, count, start = index + 1, 0, offset
            count += 1
        if count:
            yield Partition(path, "csv", index, start, count, index * size + 1, fields)


def _read_csv(part: Partition, columns: Columns) -> Iterator[Record]:
    with open(part.archive, "rb") as handle:
        handle.seek(part.start)
        rows = _csv_rows(_Lines(handle, part.start))
        for n in range(part.count):
            row_number = part.first_row + n
            _, row = next(rows)
            if isinstance(row, csv.Error):
                yield _bad(part.archive, row_number, f"the row cannot be read as CSV: {row}")
                continue
            if len(row) > len(part.fields):
                yield _bad(part.archive, row_number, f"the row has {len(row)} fields, the header {len(part.fields)}")
                continue
            yield _checked_text(table_record(part.archive, row_number, dict(zip(part.fields, row)), columns))


def _checked_text(record: Record) -> Record:
    """`record`, or a bad record if its text holds bytes that were not UTF-8 (kept as surrogates)."""
    text = record.text
    if text is not None and not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            return Record(record.archive, record.id, None, record.row, record.member, record.date, record.catalogue,
                          f"the text is not UTF-8 (at character {exc.start + 1} of the record)")
    return record


# -- JSON Lines ------------------------------------------------------------------------------------

def _plan_lines(path: str, size: int) -> Iterator[Partition]:
    with open(path, "rb") as handle:
        index = count = position = start = 0
        for line in handle:
            if line.strip():
                if count == size:
                    yield Partition(path, "jsonl", index, start, count, index * size + 1)
                    index, count, start = index + 1, 0, position
                count += 1
            position += len(line)
        if count:
            yield Partition(path, "jsonl", index, start, count, index * size + 1)


def _read_lines(part: Partition, columns: Columns) -> Iterator[Record]:
    with open(part.archive, "rb") as handle:
        handle.seek(part.start)
        row = part.first_row
        while row < part.first_row + part.count:
            line = handle.readline()
            if not line:
                return
            if not line.strip():
                continue
            yield _json_record(part.archive, row, line, columns)
            row += 1


def _json_record(archive: str, row: int, line: bytes, columns: Columns) -> Record:
    if len(line) > MAX_RECORD_BYTES * 2:
        return _bad(archive, row, f"the line is larger than the {MAX_RECORD_BYTES >> 20} MiB markcheck reads of "
                                  "one document; not read")
    try:
        values = json.loads(line)
    except UnicodeDecodeError as exc:
        return _bad(archive, row, f"the line is not UTF-8 (byte {exc.start + 1})")
    except json.JSONDecodeError as exc:
        return _bad(archive, row, f"the line is not JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(values, dict):
        return _bad(archive, row, f"the line is a JSON {type(values).__name__}, not an object")
    return _checked_text(table_record(archive, row, values, columns))


# -- Parquet ---------------------------------------------------------------------------------------

def _plan_parquet(path: str, columns: Columns, size: int) -> Iterator[Partition]:
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    _require(path, columns, tuple(meta.schema.names))
    row, index = 1, 0
    for group in range(meta.num_row_groups):
        rows = meta.row_group(group).num_rows
        for start in range(0, rows, size):
            count = min(size, rows - start)
            yield Partition(path, "parquet", index, start, count, row + start, group=group)
            index += 1
        row += rows


def _read_parquet(part: Partition, columns: Columns) -> Iterator[Record]:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(part.archive).read_row_group(part.group, columns=columns.wanted())
    for n, values in enumerate(table.slice(part.start, part.count).to_pylist()):
        yield _checked_text(table_record(part.archive, part.first_row + n, values, columns))


# -- zip and tar ------------------------------------------------------------------------------------

def _plan_zip(path: str, size: int) -> Iterator[Partition]:
    import zipfile

    try:
        with zipfile.ZipFile(path) as bundle:
            names = [i.filename for i in bundle.infolist() if not i.is_dir() and _document(i.filename)]
    except zipfile.BadZipFile as exc:
        raise ArchiveError(f"{path}: not a zip file ({exc})") from None
    for index, start in enumerate(range(0, len(names), size)):
        chunk = tuple(names[start:start + size])
        yield Partition(path, "zip", index, start, len(chunk), start + 1, members=chunk)


def _read_zip(part: Partition, columns: Columns) -> Iterator[Record]:
    import zipfile

    with zipfile.ZipFile(part.archive) as bundle:
        for n, name in enumerate(part.members):
            try:
                info = bundle.getinfo(name)
                with bundle.open(info) as member:
                    data = member.read(MAX_RECORD_BYTES + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, KeyError, EOFError) as exc:
                yield _bad(part.archive, part.first_row + n, f"the member cannot be read: {exc}", name)
                continue
            yield _member_record(part.archive, part.first_row + n, name, data)


def _plan_tar(path: str, size: int) -> Iterator[Partition]:
    import tarfile

    try:
        bundle = tarfile.open(path, "r|*")  # a stream: no index needed, nothing kept behind
    except tarfile.TarError as exc:
        raise ArchiveError(f"{path}: not a tar file ({exc})") from None

    def partitions() -> Iterator[Partition]:
        chunk: list[Record] = []
        index, number = 0, 0
        with bundle:
            try:
                for info in bundle:
                    if not info.isfile() or not _document(info.name):
                        continue
                    number += 1
                    if info.size > MAX_RECORD_BYTES:
                        chunk.append(_bad(path, number, _too_large(info.size), info.name))
                    else:
                        chunk.append(_member_record(path, number, info.name, bundle.extractfile(info).read()))
                    if len(chunk) == size:
                        yield Partition(path, "tar", index, number - size + 1, size, number - size + 1,
                                        records=tuple(chunk))
                        index, chunk = index + 1, []
            except (tarfile.TarError, OSError, EOFError) as exc:  # a truncated archive: what was read counts
                chunk.append(_bad(path, number + 1, f"the archive ends in a broken member: {exc}", "(broken)"))
        if chunk:
            first = chunk[0].row or 1
            yield Partition(path, "tar", index, first, len(chunk), first, records=tuple(chunk))

    return partitions()


def _member_record(archive: str, number: int, name: str, data: bytes) -> Record:
    from ..reader.source import ReadError, decode

    if len(data) > MAX_RECORD_BYTES:
        return _bad(archive, number, _too_large(len(data)), name)
    try:
        text, _, _ = decode(data, name)
    except ReadError as exc:
        return _bad(archive, number, exc.message, name)
    return Record(archive, name, text, row=number, member=name)


def _too_large(size: int) -> str:
    return f"the member is larger ({size:,} bytes) than the {MAX_RECORD_BYTES >> 20} MiB markcheck reads; not read"


def _document(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in DOCUMENT_SUFFIXES


def _bad(archive: str, row: int, problem: str, member: str | None = None) -> Record:
    return Record(archive, member or f"row {row}", None, row=row, member=member, problem=problem)


def _require(path: str, columns: Columns, names: tuple[str, ...]) -> None:
    missing = [c for c in columns.wanted() if c not in names]
    if missing:
        raise ArchiveError(f"{path}: no column {', '.join(map(repr, missing))} (the columns are "
                           f"{', '.join(map(repr, names)) or 'none'})")
