# Asistents. `make run` and `make test` set everything up themselves; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/asistents
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PYTEST_ARGS ?=

.PHONY: help run test e2e lint format messages worker beat bench setup system-run system-test services compilemessages clean

help:
	@echo "make run     set up (venv, packages), migrate, seed demo users, serve http://127.0.0.1:8000"
	@echo "make test    set up, start PostgreSQL and Redis if needed, run the whole suite (browser included)"
	@echo "make e2e     only the browser journeys"
	@echo "make lint    ruff, formatting, migrations and translations checks"
	@echo "make messages  update locale/lv and report untranslated strings"
	@echo "make worker  a Celery worker on \$$CELERY_BROKER_URL (default redis://127.0.0.1:6379/0)"
	@echo "make bench   benchmarks, printing figures"

system-run:
	@scripts/ensure_system.sh run

system-test:
	@scripts/ensure_system.sh test

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "ERROR: $(PYTHON) not found; Asistents needs Python 3.11" >&2; exit 1; }
	@echo "==> Python environment: $(VENV) (pip install -e .[dev])"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]" \
		|| { echo "ERROR: pip install failed; see the output above" >&2; exit 1; }
	@touch $(STAMP)

setup: $(STAMP) compilemessages

compilemessages: $(STAMP)
	@echo "==> Translations: compiling locale/"
	@DEBUG=true $(MANAGE) compilemessages --ignore=.venv -v 0

services:
	@scripts/ensure_services.sh

run: system-run setup
	@echo "==> Database: migrate ($${DATABASE_URL:-SQLite file db.sqlite3})"
	@DEBUG=true $(MANAGE) migrate --no-input -v 0
	@echo "==> Demo users"
	@DEBUG=true $(MANAGE) seed_demo
	@echo "==> Serving http://127.0.0.1:8000  (log in as demo-caseworker / demo; Ctrl+C stops)"
	@DEBUG=true $(MANAGE) runserver 127.0.0.1:8000

test: system-test setup services
	@echo "==> Tests on PostgreSQL ($(TEST_DATABASE_URL)), Redis ($(TEST_REDIS_URL)), Chromium"
	@DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) CELERY_BROKER_URL= \
		$(PY) -m pytest --create-db $(PYTEST_ARGS)

e2e: system-test setup services
	@DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL= $(PY) -m pytest --create-db tests/e2e $(PYTEST_ARGS)

lint: $(STAMP)
	@echo "==> ruff"
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@echo "==> migrations match the models"
	@DEBUG=true $(MANAGE) makemigrations --check --dry-run
	@echo "==> Latvian catalogue complete"
	@msgfmt --check --statistics -o /dev/null locale/lv/LC_MESSAGES/django.po

format: $(STAMP)
	@$(VENV)/bin/ruff check --fix .
	@$(VENV)/bin/ruff format .

messages: $(STAMP)
	@DEBUG=true $(MANAGE) makemessages -l lv --no-obsolete --ignore=.venv --ignore=var --ignore=bench -v 0
	@msgfmt --statistics -o /dev/null locale/lv/LC_MESSAGES/django.po

worker: setup
	@CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} $(VENV)/bin/celery -A config worker -l info

beat: setup
	@CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} $(VENV)/bin/celery -A config beat -l info --schedule var/celerybeat-schedule

bench: system-test setup services
	@DATABASE_URL=$(TEST_DATABASE_URL)_bench CELERY_BROKER_URL= $(PY) bench/run.py \
		&& DATABASE_URL=$(TEST_DATABASE_URL)_bench CELERY_BROKER_URL= $(PY) bench/simulate.py

clean:
	rm -rf $(VENV) var db.sqlite3
