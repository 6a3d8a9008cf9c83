"""Tasks run in-process with no broker, and through a real worker with one. No task result
is stored (CELERY_TASK_IGNORE_RESULT, no result backend): nothing in the site reads one, so the
worker's round trip is seen in the worker's own log of the task's success."""

import os
import queue as queues
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cscp.celery import app
from cscp.tasks import ping

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")


def test_without_a_broker_tasks_run_in_process():
    result = ping.delay("in-process")
    assert result.get(timeout=1) == "in-process"
    assert result.successful()


@pytest.mark.needs_broker
@pytest.mark.skipif(not BROKER, reason="needs CELERY_BROKER_URL (set by .ci/run)")
def test_a_real_worker_runs_a_task_through_redis(tmp_path):
    env = {**os.environ, "DEBUG": "true", "CELERY_BROKER_URL": BROKER}
    queue = f"roundtrip-{os.getpid()}-{int(time.time())}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cscp",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    lines: queues.Queue = queues.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in iter(worker.stdout.readline, b"")],
        daemon=True,
    ).start()
    app.conf.task_always_eager = False
    try:
        result = ping.apply_async(args=["through-redis"], queue=queue)
        done = f"Task cscp.tasks.ping[{result.id}] succeeded"
        seen, deadline = [], time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1).decode(errors="replace")
            except queues.Empty:
                continue
            seen.append(line)
            if done in line:
                assert line.rstrip().endswith("'through-redis'")
                break
        else:
            pytest.fail(f"The worker did not run the task in 60 s:\n{''.join(seen)}")
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=30)


def test_no_task_result_is_stored():
    assert app.conf.task_ignore_result is True
    assert not app.conf.result_backend
