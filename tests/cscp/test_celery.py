"""Tasks run in-process with no broker, and through a real worker with one."""

import os
import subprocess
import sys
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
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    app.conf.task_always_eager = False
    try:
        result = ping.apply_async(args=["through-redis"], queue=queue)
        assert result.get(timeout=60) == "through-redis"
        assert result.status == "SUCCESS"
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=30)
