"""Check a partition of an archive and write its results as one Parquet file, resumably.

`run_partition(task)` is the unit of work every engine maps over (this machine's processes,
Dask workers, Spark executors): it reads the partition's records itself, checks each, writes
``part-AAA-NNNNNN.parquet`` atomically into the results directory and returns a small
`PartitionStats`. The file's key-value metadata holds the task's stamp (the archive's size and
modification time, the columns, the settings, the rule pack, the partition's place); a re-run
skips a partition whose file is there with the same stamp and the records it should have, and
checks the others again. The rule pack and parsers are loaded once per worker process.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import time
from dataclasses import dataclass, field

from ..config import Config
from .readers import Partition, read
from .records import Columns

STAMP_KEY = b"markcheck.partition"
_WARM: set = set()  # the configurations this process has loaded the rule pack and parsers for


@dataclass(frozen=True)
class Task:
    """One partition to check, with everything a worker needs (it pickles as it is)."""

    partition: Partition
    columns: Columns
    config: Config
    out_dir: str
    archive_no: int
    stamp: str
    record_seconds: float | None = None

    @property
    def path(self) -> str:
        return os.path.join(self.out_dir, f"part-{self.archive_no:03d}-{self.partition.index:06d}.parquet")


@dataclass
class PartitionStats:
    """What a worker reports of a partition: counts, not results (those are in its file)."""

    path: str
    records: int = 0
    bytes: int = 0
    severities: dict = field(default_factory=dict)  # severity -> findings
    abnormal: int = 0  # MCK-001/MCK-002 findings (exit 2)
    seconds: float = 0.0  # CPU seconds of the worker on this partition
    peak_rss: int = 0  # the worker process's peak resident memory, bytes
    skipped: bool = False  # already written and valid (a resumed run)
    pid: int = 0


def stamp(archive: str, columns: Columns, config: Config, partition: Partition) -> str:
    """What must be the same for a partition written before to stand for this run's."""
    from .. import __version__

    info = os.stat(archive)
    pack = _pack_digest(tuple(config.rule_dirs))
    facts = [__version__, pack, os.path.abspath(archive), info.st_size, info.st_mtime_ns, repr(columns),
             repr(config), config.run_date().isoformat(), partition.key()]
    return hashlib.sha256(json.dumps(facts, default=str).encode("utf-8", "surrogateescape")).hexdigest()


_PACKS: dict = {}


def _pack_digest(rule_dirs: tuple) -> str:
    if rule_dirs not in _PACKS:
        from ..report import rule_pack

        _PACKS[rule_dirs] = rule_pack(rule_dirs)["digest"]
    return _PACKS[rule_dirs]


def written(task: Task) -> bool:
    """Whether `task`'s partition file is there, complete, and from the same run settings."""
    import pyarrow.parquet as pq

    try:
        meta = pq.read_metadata(task.path)
    except Exception:  # missing, truncated, not Parquet: check it again
        return False
    saved = (meta.metadata or {}).get(STAMP_KEY)
    if saved is None:
        return False
    try:
        facts = json.loads(saved)
    except ValueError:
        return False
    return facts.get("stamp") == task.stamp and facts.get("records") == task.partition.count


def run_partition(task: Task) -> PartitionStats:
    """Check `task`'s partition and write its file (or skip it when written and valid)."""
    if written(task):
        return _counted(PartitionStats(task.path, task.partition.count, skipped=True, pid=os.getpid()))
    warm(task.config)
    from ..atomicwrite import replace_file
    from ..formats.parquet import write_binary
    from ..output import usual_mode
    from .check import check_record

    started = time.process_time()
    stats = PartitionStats(task.path, pid=os.getpid())

    def results():
        for record in read(task.partition, task.columns):
            result = check_record(record, task.config, task.record_seconds)
            stats.records += 1
            stats.bytes += result.size
            for finding in result.findings:
                stats.severities[finding.severity] = stats.severities.get(finding.severity, 0) + 1
                if finding.rule in ("MCK-001", "MCK-002"):
                    stats.abnormal += 1
            yield result

    def contents(binary) -> None:
        # the record count is known only at the end; the stamp says how many there must be
        facts = {"stamp": task.stamp, "records": task.partition.count, "archive": task.partition.archive,
                 "partition": task.partition.index, "first_row": task.partition.first_row}
        write_binary(results(), None, binary, {STAMP_KEY: json.dumps(facts)})

    os.makedirs(task.out_dir, exist_ok=True)
    replace_file(task.path, contents, suffix=".parquet.tmp", before_rename=usual_mode)
    if stats.records != task.partition.count:  # the archive changed under the run: not valid
        os.unlink(task.path)
        raise RuntimeError(f"{task.partition.archive}: partition {task.partition.index} has {stats.records} "
                           f"records, {task.partition.count} were planned (did the archive change?)")
    stats.seconds = time.process_time() - started
    stats.peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return stats


def remove_leftovers(out_dir: str) -> None:
    """Remove the temporary files a killed run left in `out_dir` (``.part-….parquet.tmp``)."""
    try:
        names = os.listdir(out_dir)
    except OSError:
        return
    for name in names:
        if name.startswith(".part-") and name.endswith(".parquet.tmp"):
            try:
                os.unlink(os.path.join(out_dir, name))
            except OSError:
                pass


def _counted(stats: PartitionStats) -> PartitionStats:
    """`stats` of a partition written before, with its findings counted from its file (the
    exit code of a resumed run is that of the whole archive)."""
    import pyarrow.parquet as pq

    table = pq.read_table(stats.path, columns=["kind", "rule", "severity"]).to_pydict()
    for kind, rule, severity in zip(table["kind"], table["rule"], table["severity"]):
        if kind == "finding":
            stats.severities[severity] = stats.severities.get(severity, 0) + 1
            stats.abnormal += rule in ("MCK-001", "MCK-002")
    return stats


def warm(config: Config) -> None:
    """Load the rule pack and build the parsers once per process (per configuration)."""
    key = (config.rule_dirs, config.profile)
    if key in _WARM:
        return
    from ..runner import warm_up

    warm_up(config)
    _WARM.add(key)
