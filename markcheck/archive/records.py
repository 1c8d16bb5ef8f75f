"""Records: what an archive holds, one document each, and where each came from.

A `Record` is one document's text with its label (id, row or member) and what the archive's
own columns say about it (a date, a catalogue classification). A record that cannot be read
(missing text, undecodable bytes, larger than the bound) keeps its label and carries the
`problem` instead of text: it is reported as an MCK-002 finding at its row, and the run goes on.
"""

from __future__ import annotations


from ..reader.source import MAX_DOCUMENT_BYTES
from ..values import frozen_value

# The largest record text read (the bound a file has, `markcheck.source.MAX_DOCUMENT_BYTES`).
MAX_RECORD_BYTES = MAX_DOCUMENT_BYTES

TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")
BUNDLE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
# what a bundle's member must be called to be a document (as a directory walk picks files)
DOCUMENT_SUFFIXES = (".txt", ".md")
DEFAULT_PARTITION = 1000  # records per partition: ~10 MB of cables, a few seconds of one core


@frozen_value
class Columns:
    """Which columns of a table hold what (`text` is required for a table, unused for a bundle).

    `header`: a table that keeps a document's header and body apart (Cablegate's cables.csv);
    the text checked is the header, a line break, then the body, so lines count from the
    header's first line. `metadata`: the catalogue's classification, cross-checked (CAT-001)."""

    text: str | None = None
    id: str | None = None
    date: str | None = None
    header: str | None = None
    metadata: str | None = None

    def wanted(self) -> list[str]:
        """The named columns, each once, in a stable order."""
        names = (self.id, self.header, self.text, self.date, self.metadata)
        return list(dict.fromkeys(n for n in names if n))


@frozen_value
class Record:
    """One document of an archive. `row` is the 1-based data row of a table (the header line
    not counted), `member` a bundle member's name; `id` is the id column's value, the member
    name, or ``row N``."""

    archive: str
    id: str
    text: str | None
    row: int | None = None
    member: str | None = None
    date: str | None = None
    catalogue: str | None = None
    problem: str | None = None  # why there is no text

    @property
    def label(self) -> str:
        """How findings name the record: ``ARCHIVE#ID``."""
        return f"{self.archive}#{self.id}"

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8", "surrogatepass")) if self.text else 0


def kind_of(path: str) -> str | None:
    """``table`` or ``bundle`` by the name's suffix; None for anything else (a document)."""
    lowered = path.lower()
    if lowered.endswith(TABLE_SUFFIXES):
        return "table"
    if lowered.endswith(BUNDLE_SUFFIXES):
        return "bundle"
    return None


def table_record(archive: str, row: int, values: dict, columns: Columns) -> Record:
    """The record of one table row (`values`: column -> value as the reader gives it)."""
    raw_id = values.get(columns.id) if columns.id else None
    record_id = _plain(raw_id) if raw_id not in (None, "") else f"row {row}"
    date = _plain(values.get(columns.date)) if columns.date and values.get(columns.date) is not None else None
    catalogue = None
    if columns.metadata:
        value = values.get(columns.metadata)
        catalogue = "" if value is None else _plain(value)
    text, problem = _text(values, columns)
    if problem is None and len(text) > MAX_RECORD_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_RECORD_BYTES:
        text, problem = None, (f"the text is larger than the {MAX_RECORD_BYTES >> 20} MiB markcheck reads "
                               "of one document; not read")
    return Record(archive, record_id, text, row=row, date=date, catalogue=catalogue, problem=problem)


def _text(values: dict, columns: Columns) -> tuple[str | None, str | None]:
    body = values.get(columns.text)
    if columns.text not in values:
        return None, f"the row has no column {columns.text!r}"
    if body is None or (isinstance(body, str) and not body.strip() and not columns.header):
        return None, f"the text column {columns.text!r} is empty"
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, f"the text column {columns.text!r} is not UTF-8 (byte {exc.start})"
    if not isinstance(body, str):
        return None, f"the text column {columns.text!r} holds a {type(body).__name__}, not text"
    if columns.header:
        header = values.get(columns.header)
        if header is not None and not isinstance(header, str):
            return None, f"the header column {columns.header!r} holds a {type(header).__name__}, not text"
        body = f"{header or ''}\n{body}"
        if not body.strip():
            return None, f"the header and text columns {columns.header!r}, {columns.text!r} are empty"
    return body, None


def _plain(value) -> str:
    return value if isinstance(value, str) else str(value)
