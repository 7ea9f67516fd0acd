"""Configuration from the environment (issue 2 §3) and production settings (§6)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-for-the-deploy-check-" + "a1B2c3D4e5F6g7H8i9J0" * 3,
    "ALLOWED_HOSTS": "asistents.example.lv",
    "DATABASE_URL": "sqlite:////tmp/asistents-deploy-check.sqlite3",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    private = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in private}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [
        ("DATABASE_URL", "nosuchscheme://x", "DATABASE_URL"),
        ("DEBUG", "perhaps", "DEBUG"),
        ("CELERY_BROKER_URL", "amqp://guest@localhost//", "CELERY_BROKER_URL"),
        ("ALLOWED_HOSTS", "good.example.lv,bad host", "ALLOWED_HOSTS"),
        ("SECRET_KEY", "", "SECRET_KEY"),
    ],
)
def test_malformed_environment_fails_at_start_with_a_clear_message(variable, value, fragment):
    result = manage("check", env={**PRODUCTION_ENV, variable: value})
    assert result.returncode != 0
    assert f"Configuration error in {fragment}" in result.stderr
    assert "Traceback" not in result.stderr


def test_settings_fixed_points():
    assert settings.TIME_ZONE == "Europe/Riga"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "lv"
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_suite_runs_on_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_celery_is_eager_without_broker_and_safe_when_queued():
    assert settings.CELERY_TASK_ALWAYS_EAGER is True  # no CELERY_BROKER_URL in the test run
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT > 0


def test_offline_commands_run_without_secret_key_but_serving_ones_do_not():
    """`makemigrations --check` works on a fresh clone with no environment; `check` (and serving) still
    fails with the clear message when DEBUG is off and SECRET_KEY is missing."""
    bare = {"DATABASE_URL": "sqlite:////tmp/asistents-offline-check.sqlite3"}
    offline = manage("makemigrations", "--check", "--dry-run", env=bare)
    assert offline.returncode == 0, offline.stderr
    assert "No changes detected" in offline.stdout
    online = manage("check", env=bare)
    assert online.returncode != 0 and "Configuration error in SECRET_KEY" in online.stderr
