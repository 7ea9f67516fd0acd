"""Real Celery workers on Redis for the tests marked `celery_worker` (loaded by tests/conftest.py).

`redis_app` points the Celery app of the test process at the test Redis database (not eager) and empties
that database before and after the test. `start_worker(**env)` starts a worker subprocess (solo pool: the
task runs in the worker's main process) against the test database; call it as often as needed, with extra
environment variables such as CELERY_VISIBILITY_TIMEOUT. Every worker started is stopped at teardown.
`worker` is one worker with the default environment.

A worker sees only committed data: tests that give it data use `transactional_db` (+ `reference_data`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def database_url() -> str:
    """The URL of the database the test process uses (the test database once pytest-django set it up)."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """A Celery worker subprocess; its log goes to a file (a pipe nobody reads could fill and block it)."""

    def __init__(self, name: str, log_path: Path, env: dict[str, str]):
        self.name = name
        self.log_path = log_path
        self._log_file = open(log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "config", "worker",
                "--pool=solo", "--loglevel=INFO", f"--hostname={name}@%h",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        """Until the worker consumes from the queue (its log says "ready.")."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log():
                return
            if self.process.poll() is not None:
                raise AssertionError(
                    f"worker {self.name} exited with {self.process.returncode}:\n{self.log()}"
                )
            time.sleep(0.1)
        raise AssertionError(f"worker {self.name} not ready after {timeout} s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: the worker dies at once, acknowledging nothing and cleaning nothing up."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # a warm shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self._log_file.close()

    def stop_and_log(self) -> str:
        """Stop the worker and return its whole log (print it when a test fails)."""
        self.stop()
        return self.log_path.read_text(errors="replace")


def _forget_connections() -> None:
    """Close the app's broker pools and forget them and its result backend, so that the next use follows
    `app.conf` again (Celery caches all three on first use; kombu keeps closed pools by URL)."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def redis_app():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=REDIS_URL, result_backend=REDIS_URL)
    _forget_connections()
    yield app
    app.conf.update(saved)
    _forget_connections()
    client.flushdb()
    client.close()


@pytest.fixture
def start_worker(django_db_setup, redis_app, tmp_path_factory):
    """A factory: `start_worker(**extra_env)` starts one more worker and returns its `Worker`. The workers
    write files to the test process's MEDIA_ROOT at the time of the call (use a `media` fixture first)."""
    workers: list[Worker] = []
    logs = tmp_path_factory.mktemp("celery-workers")

    def start(**extra_env: str) -> Worker:
        name = f"worker{len(workers) + 1}"
        env = {
            **os.environ,
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_RESULT_BACKEND": REDIS_URL,
            "SECRET_KEY": "worker-test-" + "s3cr3t" * 10,
            "DATABASE_URL": database_url(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **{key: str(value) for key, value in extra_env.items()},
        }
        worker = Worker(name, logs / f"{name}.log", env)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:  # all shut down at once, then waited for
        if worker.process.poll() is None:
            worker.process.terminate()
    for worker in workers:
        worker.stop()


@pytest.fixture
def worker(db, start_worker) -> Worker:
    return start_worker()
