"""Approved grants and contracts for the contracts tests, made through the assistance services."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from assistance import services
from contracts.models import Assistant, Contract
from tests.assistance.factories import make_application, make_eligible_adult, personal_code

# Serials of personal codes have three digits; a long test run wraps around (each test has its own data).
_serials = (n % 1000 for n in itertools.count(600))


def approved_allocation(
    caseworker, supervisor, *, start=dt.date(2026, 1, 1), answers=1, purposes=(), **person
):
    """An adult's approved grant from `start`; answers=1 → coefficient 1, answers=2 → coefficient 2."""
    person_obj = make_eligible_adult(caseworker, serial=next(_serials), **person)
    application = make_application(caseworker, person_obj, purposes=list(purposes), submit=True)
    application = services.application_record_assessment(
        application=application, answers={f"Q{i:02d}": answers for i in range(1, 13)}, by=caseworker
    )
    allocation = services.proposal_grant(application=application, start=start, by=caseworker)
    services.proposal_approve(application=application, by=supervisor)
    allocation.refresh_from_db()
    return allocation


def make_assistant(born=dt.date(1990, 2, 2), *, tax_status="employee", first_name="Asta", last_name="Palīga"):
    return Assistant.objects.create(
        personal_code=personal_code(born, next(_serials)),
        first_name=first_name,
        last_name=last_name,
        tax_status=tax_status,
    )


def make_contract(allocation, assistant, *, by, monthly_hours=40, number=None, start=None, end=None):
    return Contract.objects.create(
        number=number or f"C-{next(_serials)}",
        municipality=allocation.municipality,
        allocation=allocation,
        assistant=assistant,
        start=start or allocation.start,
        end=end or allocation.end,
        monthly_hours=monthly_hours,
        tax_status=assistant.tax_status,
        created_by=by,
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
