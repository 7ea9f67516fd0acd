"""What must never happen is guarded by PostgreSQL itself (issue 5 §4): one current sheet per contract and
month, entries ending after they start, no overlapping entries in one sheet (R-T2), no negative transport."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from assistance import services
from contracts.models import Assistant, Contract, Timesheet, TimesheetEntry
from tests.assistance.factories import make_application, make_eligible_adult, personal_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(caseworker, supervisor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = make_application(caseworker, make_eligible_adult(caseworker), submit=True)
    application = services.application_record_assessment(
        application=application, answers={f"Q{i:02d}": 1 for i in range(1, 13)}, by=caseworker
    )
    allocation = services.proposal_grant(application=application, start=dt.date(2026, 1, 1), by=caseworker)
    services.proposal_approve(application=application, by=supervisor)
    assistant = Assistant.objects.create(
        personal_code=personal_code(dt.date(1990, 2, 2), 321), first_name="Asta", last_name="Palīga",
        tax_status="employee",
    )  # fmt: skip
    return Contract.objects.create(
        number="RIG-2026-1", municipality=allocation.municipality, allocation=allocation, assistant=assistant,
        start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), monthly_hours=60, tax_status="employee",
        created_by=caseworker,
    )  # fmt: skip


def sheet(contract, month=dt.date(2026, 3, 1), **fields):
    return Timesheet.objects.create(
        contract=contract, municipality=contract.municipality, month=month, **fields
    )


def entry(timesheet, row, start, end, day=dt.date(2026, 3, 2), transport=0):
    minutes = (dt.datetime.combine(day, end) - dt.datetime.combine(day, start)).seconds // 60
    return TimesheetEntry.objects.create(
        timesheet=timesheet, row=row, day=day, start=start, end=end, purpose="DAILY", transport=transport,
        minutes=minutes, payable_minutes=minutes,
    )  # fmt: skip


def test_one_current_sheet_per_contract_and_month(contract):
    sheet(contract)
    with pytest.raises(IntegrityError), transaction.atomic():
        sheet(contract)
    sheet(contract, revision=2, is_current=False)  # an earlier revision kept beside the current one


def test_month_is_the_first_day(contract):
    with pytest.raises(IntegrityError), transaction.atomic():
        sheet(contract, month=dt.date(2026, 3, 2))


def test_overlapping_entries_in_one_sheet_are_refused_by_the_database_R_T2(contract):
    timesheet = sheet(contract)
    entry(timesheet, 1, dt.time(9, 0), dt.time(11, 0))
    entry(timesheet, 2, dt.time(11, 0), dt.time(12, 0))  # touching is not overlapping
    with pytest.raises(IntegrityError), transaction.atomic():
        entry(timesheet, 3, dt.time(10, 30), dt.time(11, 30))
    other_month = sheet(contract, month=dt.date(2026, 4, 1))
    entry(other_month, 1, dt.time(9, 0), dt.time(11, 0))  # another sheet may hold the same time


def test_entry_must_end_after_it_starts_and_transport_is_not_negative_R_T1(contract):
    timesheet = sheet(contract)
    with pytest.raises(IntegrityError), transaction.atomic():
        entry(timesheet, 1, dt.time(11, 0), dt.time(11, 0))
    with pytest.raises(IntegrityError), transaction.atomic():
        entry(timesheet, 2, dt.time(9, 0), dt.time(10, 0), transport=-1)
