"""A real Celery worker on Redis at 127.0.0.1 runs a task against the test database (issue 2 §4)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

from config.celery import app
from core.tasks import ping

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_app():
    redis.Redis.from_url(REDIS_URL).flushdb()
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=REDIS_URL, result_backend=REDIS_URL)
    yield app
    app.conf.update(saved)
    app.pool.force_close_all()


@pytest.fixture
def worker(db, redis_app):
    env = {
        **os.environ,
        "CELERY_BROKER_URL": REDIS_URL,
        "SECRET_KEY": "worker-test-" + "s3cr3t" * 10,
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.celery_worker
def test_real_worker_on_redis_runs_a_task_against_the_test_database(worker):
    started = time.monotonic()
    result = ping.delay()
    try:
        answer = result.get(timeout=60)
    except Exception:
        worker.terminate()
        print(worker.communicate(timeout=20)[0])  # the worker's log, shown by pytest on failure
        raise
    assert answer["db_ok"] is True
    assert answer["database"] == connection.settings_dict["NAME"]
    assert answer["pid"] == worker.pid  # the solo pool runs tasks in the worker process itself
    assert answer["pid"] != os.getpid()
    assert time.monotonic() - started < 60
