"""A real Celery worker on Redis at 127.0.0.1 runs a task against the test database (issue 2 §4).
The `worker` fixture is in tests/celery_fixtures.py."""

import os
import time

import pytest
from django.db import connection

from core.tasks import ping


@pytest.mark.celery_worker
def test_real_worker_on_redis_runs_a_task_against_the_test_database(worker):
    started = time.monotonic()
    result = ping.delay()
    try:
        answer = result.get(timeout=60)
    except Exception:
        print(worker.stop_and_log())  # the worker's log, shown by pytest on failure
        raise
    assert answer["db_ok"] is True
    assert answer["database"] == connection.settings_dict["NAME"]
    assert answer["pid"] == worker.pid  # the solo pool runs tasks in the worker process itself
    assert answer["pid"] != os.getpid()
    assert time.monotonic() - started < 60
