"""Persona fixtures (STYLE.md): one user per role, each in a municipality where the role has one."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from assistance import services
from core.roles import Role
from tests.assistance.factories import UserFactory, municipality

# Real Celery workers on Redis: redis_app, start_worker (a factory), worker.
pytest_plugins = ["tests.celery_fixtures"]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Production hashes passwords with PBKDF2 (about a second each on this machine); tests create hundreds
    of users, so they use a fast hasher. Login, lockout and sessions are tested the same way."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_person(username: str, role: Role, municipality_name: str | None):
    user = UserFactory(username=username)
    services.staff_member_set(
        user=user,
        roles={role},
        municipality=municipality(municipality_name) if municipality_name else None,
        by=None,
        reason="test fixture",
    )
    return user


@pytest.fixture
def riga(db):
    return municipality("Rīga")


@pytest.fixture
def liepaja(db):
    return municipality("Liepāja")


@pytest.fixture
def caseworker(db):
    return make_person("caseworker", Role.CASEWORKER, "Rīga")


@pytest.fixture
def caseworker_liepaja(db):
    return make_person("caseworker-liepaja", Role.CASEWORKER, "Liepāja")


@pytest.fixture
def supervisor(db):
    return make_person("supervisor", Role.SUPERVISOR, "Rīga")


@pytest.fixture
def assistant(db):
    return make_person("assistant", Role.ASSISTANT, None)


@pytest.fixture
def finance(db):
    return make_person("finance", Role.FINANCE, "Rīga")


@pytest.fixture
def ministry(db):
    return make_person("ministry", Role.MINISTRY, None)


@pytest.fixture
def personas(caseworker, supervisor, assistant, finance, ministry):
    return {
        Role.CASEWORKER: caseworker,
        Role.SUPERVISOR: supervisor,
        Role.ASSISTANT: assistant,
        Role.FINANCE: finance,
        Role.MINISTRY: ministry,
    }


@pytest.fixture
def latvian(client):
    """Requests in Latvian regardless of the browser's Accept-Language (the default)."""
    return client


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


REFERENCE_MIGRATIONS = (
    "assistance.migrations.0003_reference_data",
    "assessments.migrations.0002_questionnaire_2021",
    "assistance.migrations.0005_rule_sets_and_intake_roles",
    "assistance.migrations.0007_decision_roles",
    "contracts.migrations.0002_guards_and_roles",
    "reporting.migrations.0002_default_rates_and_roles",
    "reporting.migrations.0004_simulation_roles",
)


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests (browser, threads) end with a flush that also empties the tables migrations
    filled; load the same reference data again, with the same code, before each of them."""
    for module in REFERENCE_MIGRATIONS:
        importlib.import_module(module).load(apps, None)
