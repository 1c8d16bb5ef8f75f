"""The documented Python recipes: a Dask or Spark DataFrame of documents in, a DataFrame of
result rows out (one per document and per finding), as the CLI finds them."""

from __future__ import annotations

import pandas as pd

from markcheck.api import check_text

CABLE = "SECRET\nO 201552Z MAR 09\n1. (C) A paragraph.\n2. (S//NF) Another.\n"
ROWS = [{"id": "A", "body": CABLE, "classification": "SECRET"},
        {"id": "B", "body": CABLE, "classification": "CONFIDENTIAL"},  # the catalogue is wrong
        {"id": "C", "body": None, "classification": "SECRET"}]  # a bad row


def _expected() -> list:
    return sorted((f.rule, f.line, f.column, f.message) for f in check_text(CABLE).findings)


def _check(rows: pd.DataFrame) -> None:
    findings = rows[rows.kind == "finding"]
    for record in ("A", "B"):
        got = sorted((r.rule, r.line, r.column, r.message) for r in findings[findings.id == record].itertuples()
                     if r.rule != "CAT-001")
        assert got == _expected()
    assert list(findings[findings.rule == "CAT-001"].id) == ["B"]
    assert list(findings[findings.id == "C"].rule) == ["MCK-002"]
    assert sorted(rows[rows.kind == "document"].id) == ["A", "B", "C"]


# Each recipe runs in a process of its own: Dask's and Spark's threads must not outlive the test
# in this one (markcheck.runner forks its workers only while no other thread runs).
PROLOGUE = f"""
import json, sys
import pandas as pd
ROWS = {ROWS!r}
"""
EPILOGUE = """
print(rows.to_json(orient="records"))
"""


def _run(script: str) -> pd.DataFrame:
    import io
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", PROLOGUE + script + EPILOGUE], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return pd.read_json(io.StringIO(done.stdout.strip().splitlines()[-1]), orient="records")


def test_the_dask_recipe():
    _check(_run("""
import dask
import dask.dataframe as dd
from markcheck.dask import check_dataframe
frame = dd.from_pandas(pd.DataFrame(ROWS), npartitions=2)
with dask.config.set(scheduler="processes", num_workers=2):
    rows = check_dataframe(frame, text="body", id="id", metadata="classification").compute().reset_index(drop=True)
"""))


def test_the_spark_recipe(java):
    _check(_run("""
from markcheck.spark import session, check_dataframe
spark = session("local[2]")
frame = spark.createDataFrame(pd.DataFrame(ROWS).astype(object).where(pd.DataFrame(ROWS).notna(), None))
rows = check_dataframe(frame, text="body", id="id", metadata="classification").toPandas()
spark.stop()
"""))


def test_the_engines_dask_cluster_runs_no_profiler_and_slow_monitors_in_its_workers():
    import subprocess
    import sys

    script = """
import dask
from distributed import Client
from markcheck.dask import local_cluster
cluster = local_cluster(2)
client = Client(cluster)
print(sorted(client.run(lambda: dask.config.get("distributed.worker.profile.enabled")).values()))
keys = ["distributed.admin.tick.interval", "distributed.admin.system-monitor.interval",
        "distributed.worker.memory.monitor-interval"]
print(sorted(map(str, client.run(lambda: [dask.config.get(key) for key in keys]).values())))
client.close()
cluster.close()
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    profiler, intervals = done.stdout.strip().splitlines()[-2:]
    assert profiler == "[False, False]"
    # the event loop's tick and the monitors wake each worker once a second or less, not 50 times
    assert intervals == str([str(["1s", "5s", "1s"])] * 2)
