"""The Spark engine keeps its cores busy and its driver JVM light: a core that ends its task
takes the next partition while a slow one still runs (no job waits for its slowest task before
the next is submitted), the engine's own local JVM runs with the C1 compiler and the serial
collector, and a run stopped early cancels what Spark still holds."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# The engine's run_tasks with a task that sleeps instead of checking a partition: task 0 is slow,
# the others quick. Printed: each task's (index, start, end); the driver JVM's arguments as the
# run went; whether a run closed after its first result left a session behind.
SCRIPT = """
import json, time
from pyspark.sql import SparkSession
from markcheck.spark import run_tasks

def task(item):
    import time
    index, seconds = item
    started = time.time()
    time.sleep(seconds)
    return index, started, time.time()

items = [(0, 15.0)] + [(k, 0.05) for k in range(1, 16)]
stats = run_tasks(items, None, 2, function=task)
done = [next(stats)]
jvm = SparkSession.getActiveSession()._jvm
arguments = list(jvm.java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
done += list(stats)
print(json.dumps({"tasks": done, "jvm": arguments}))

# six quick tasks (three jobs of two), then long ones: after the sixth result two long jobs run
stopped = run_tasks([(k, 0.05) for k in range(6)] + [(k, 3000.0) for k in range(6, 12)], None, 2, function=task)
for _ in range(6):
    next(stopped)
stopped.close()  # the jobs still running are cancelled, not waited for
print(json.dumps({"session_left": SparkSession.getActiveSession() is not None}))
"""


@pytest.fixture(scope="module")
def spark_run(java):
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=900)  # not a speed bound: a run that never ends fails here
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {key: value for line in lines for key, value in line.items()}


def test_a_core_takes_the_next_partitions_while_a_slow_one_runs(spark_run):
    tasks = {index: (started, ended) for index, started, ended in spark_run["tasks"]}
    assert sorted(t[0] for t in spark_run["tasks"]) == list(range(16))  # every task once
    slow_end = tasks[0][1]
    # main sent the tasks in jobs of 8 and waited for each job: tasks 8..15 began after task 0 ended
    late = [index for index in range(8, 16) if tasks[index][0] >= slow_end]
    assert late == [], f"tasks {late} waited for the slow one"


def test_the_engines_local_jvm_runs_c1_only_with_the_serial_collector(spark_run):
    assert "-XX:TieredStopAtLevel=1" in spark_run["jvm"]
    assert "-XX:+UseSerialGC" in spark_run["jvm"]


def test_a_run_closed_early_cancels_its_jobs_and_stops_its_session(spark_run):
    assert spark_run["session_left"] is False
