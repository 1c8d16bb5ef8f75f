"""Check one record of an archive, within a time bound, as a file would be checked.

A record's text goes through the same reading and rules as a file's (`markcheck.api`), so its
findings are those the file would get, positions relative to the record's text. What the
archive adds: the record's label (id, row, member), the catalogue value for CAT-001, and a date
from the date column when the text has none. A record that takes longer than the time bound,
or has no readable text, gets an MCK-002 finding at its row; the partition goes on.
"""

from __future__ import annotations

import ctypes
import datetime
import signal
import threading
import time

from ..api import Result, failed_result, result_for
from ..config import Config
from ..findings import INTERNAL_ERROR, UNREADABLE_FILE
from ..values import frozen_value
from .records import Record

# Seconds one record may take. The reader is linear in the text (bench/pathological.py: 16 MiB
# of hostile shapes in well under a minute); a record past this is reported, not waited for.
DEFAULT_RECORD_SECONDS = 60.0


@frozen_value
class RecordResult(Result):
    """A `Result` for a record: `path` is ``ARCHIVE#ID``; where the record came from besides."""

    archive: str | None = None
    record_id: str | None = None
    row: int | None = None
    member: str | None = None
    size: int = 0

    def to_dict(self) -> dict:
        out = super().to_dict()
        out["record"] = {"archive": self.archive, "id": self.record_id, "row": self.row, "member": self.member}
        return out


def check_record(record: Record, config: Config, seconds: float | None = DEFAULT_RECORD_SECONDS) -> RecordResult:
    """The result of one record; never raises for a bad record."""
    if record.problem is not None:
        return _labelled(failed_result(record.label, UNREADABLE_FILE, f"record {_where(record)}: {record.problem}"),
                         record)
    try:
        with time_bound(seconds):
            result = _checked(record, config)
    except RecordTimeout:
        result = failed_result(record.label, UNREADABLE_FILE,
                               f"record {_where(record)}: not checked: it took longer than {seconds:g} s "
                               "(--record-seconds)")
    except Exception as exc:  # a reading-pipeline bug must not end a partition
        result = failed_result(record.label, INTERNAL_ERROR, f"reading failed: {type(exc).__name__}: {exc}")
    return _labelled(result, record)


def _checked(record: Record, config: Config) -> Result:
    from ..document import build_document

    doc = build_document(record.text, path=record.label, profile=config.profile)
    if doc.date is None and record.date:
        doc = _dated(doc, record.date)
    return result_for(doc, config, catalogue=record.catalogue)


def _dated(doc, value: str):
    """`doc` with the date column's date where its text gives none (noted in the model)."""
    import dataclasses

    from ..eras import era_for
    from ..model import DocumentDate

    day = _day(value)
    if day is None:
        return doc
    era = era_for(day)
    return dataclasses.replace(doc, date=DocumentDate(day, "date-column", value, None),
                               era=era.code if era else None,
                               notes=(*doc.notes, "date taken from the archive's date column"))


def _day(value: str) -> datetime.date | None:
    """The date at the start of a date column's value (``2009-03-20``, ``2009-03-20 13:01``)."""
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _where(record: Record) -> str:
    return f"{record.id!r} (row {record.row})" if record.member is None else f"{record.member!r} (member {record.row})"


def _labelled(result: Result, record: Record) -> RecordResult:
    return RecordResult(result.path, result.profile, result.era, result.date, result.classification,
                        result.expected_classification, result.findings, suppressed=result.suppressed,
                        incomplete=result.incomplete, cui=result.cui, archive=record.archive, record_id=record.id,
                        row=record.row, member=record.member, size=record.size)


# -- the time bound --------------------------------------------------------------------------------

class RecordTimeout(BaseException):
    """Raised inside a record's check when its time is up. A BaseException, so the engine's
    per-rule containment (which catches Exception) does not take it for a rule's failure."""


class _Watchdog:
    """One thread per process that raises `RecordTimeout` in a thread whose record ran past its
    deadline (CPython's asynchronous exception, delivered between two bytecodes). It works in
    any thread: Dask runs tasks in worker threads, where no signal handler can."""

    def __init__(self):
        self.deadlines: dict[int, float] = {}
        self.lock = threading.Condition()
        self.thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        ident = threading.get_ident()
        with self.lock:
            self.deadlines[ident] = time.monotonic() + seconds
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._watch, name="markcheck-record-bound", daemon=True)
                self.thread.start()
            self.lock.notify()
        return ident

    def disarm(self, ident: int) -> None:
        with self.lock:
            self.deadlines.pop(ident, None)

    def _watch(self) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                for ident, deadline in list(self.deadlines.items()):
                    if deadline <= now:
                        del self.deadlines[ident]
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident),
                                                                   ctypes.py_object(RecordTimeout))
                waits = [d - now for d in self.deadlines.values()]
                if waits:
                    self.lock.wait(timeout=max(0.01, min(waits)))
                elif not self.lock.wait(timeout=IDLE_SECONDS) and not self.deadlines:
                    self.thread = None  # idle: gone until the next record arms it again
                    return


IDLE_SECONDS = 0.5  # the watchdog thread ends after this long without a record to watch
_WATCHDOG = _Watchdog()


class time_bound:
    """``with time_bound(seconds):`` raises RecordTimeout in this thread once `seconds` pass
    (None or 0: no bound). In the main thread (this machine's worker processes, Spark's Python
    workers, a serial run) a real-time timer's SIGALRM does it and no thread is started, so a
    process that forks later (`markcheck.runner`) still forks; elsewhere the watchdog thread."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.ident: int | None = None
        self.previous = None

    def __enter__(self):
        if not self.seconds:
            return self
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            self.previous = signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        else:
            self.ident = _WATCHDOG.arm(self.seconds)
        return self

    def __exit__(self, kind, value, traceback):
        if self.ident is not None:
            _WATCHDOG.disarm(self.ident)
        elif self.previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


def _alarm(signum, frame):
    raise RecordTimeout
