"""Timesheet services on PostgreSQL (R-T1–R-T6): all or nothing, submission with the recipient's
confirmation, R-T4 settled on submission, acceptance locks, a correction is a new revision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from contracts import rules
from contracts import timesheet_services as ts
from contracts.models import Timesheet, TimesheetEntry
from tests.contracts.conftest import approved_allocation, make_assistant, make_contract

pytestmark = pytest.mark.django_db
MARCH = dt.date(2026, 3, 1)


def e(row, day, start, end, purpose="DAILY", transport="0"):
    return rules.Entry(
        row=row,
        day=dt.date(2026, 3, day),
        start=dt.time(*start),
        end=dt.time(*end),
        purpose=purpose,
        transport=Decimal(transport),
    )


def test_a_sheet_with_errors_stores_nothing_and_lists_every_problem_R_T2_R_T6(caseworker, supervisor, media):
    contract = make_contract(approved_allocation(caseworker, supervisor), make_assistant(), by=caseworker)
    entries = [
        e(2, 2, (9, 0), (11, 0)),
        e(3, 2, (10, 0), (12, 0)),
        e(4, 40 - 37, (12, 0), (11, 0)),
        e(5, 4, (9, 0), (10, 0), "WORK"),
    ]
    with pytest.raises(ts.TimesheetRejected) as caught:
        ts.timesheet_save(contract=contract, month=MARCH, entries=entries, by=caseworker)
    rows = {problem.row for problem in caught.value.check.errors}
    assert {3, 4, 5} <= rows  # overlap, end before start, WORK not in the grant
    assert not Timesheet.objects.exists() and not TimesheetEntry.objects.exists()


def test_save_submit_accept_and_the_sheet_is_locked_R_T5(caseworker, supervisor, media):
    contract = make_contract(approved_allocation(caseworker, supervisor), make_assistant(), by=caseworker)
    sheet = ts.timesheet_save(
        contract=contract, month=MARCH, entries=[e(1, 2, (9, 0), (11, 30))], by=caseworker
    )
    assert (sheet.status, sheet.worked_minutes) == ("draft", 150)
    with pytest.raises(ts.TimesheetStateError):
        ts.timesheet_submit(sheet=sheet, by=caseworker, recipient_confirmed=False)
    sheet = ts.timesheet_submit(sheet=sheet, by=caseworker, recipient_confirmed=True)
    assert sheet.status == "submitted" and sheet.payable_minutes == 150
    sheet = ts.timesheet_accept(sheet=sheet, by=caseworker)
    assert sheet.status == "accepted"
    with pytest.raises(ts.TimesheetStateError):
        ts.timesheet_save(contract=contract, month=MARCH, entries=[e(1, 3, (9, 0), (10, 0))], by=caseworker)
    revision = ts.timesheet_correct(sheet=sheet, reason="Nepareizs datums", by=caseworker)
    sheet.refresh_from_db()
    assert (revision.revision, revision.status, revision.is_current, sheet.is_current) == (
        2,
        "draft",
        True,
        False,
    )
    assert revision.entries.count() == 1


def test_simultaneous_service_is_paid_once_on_the_sheet_submitted_first_R_T4(caseworker, supervisor, media):
    assistant = make_assistant()
    first = make_contract(approved_allocation(caseworker, supervisor), assistant, by=caseworker)
    second = make_contract(approved_allocation(caseworker, supervisor), assistant, by=caseworker)
    a = ts.timesheet_save(contract=first, month=MARCH, entries=[e(1, 2, (9, 0), (12, 0))], by=caseworker)
    b = ts.timesheet_save(contract=second, month=MARCH, entries=[e(1, 2, (11, 0), (13, 0))], by=caseworker)
    a = ts.timesheet_submit(sheet=a, by=caseworker, recipient_confirmed=True)
    b = ts.timesheet_submit(sheet=b, by=caseworker, recipient_confirmed=True)
    # 11:00–12:00 overlaps: paid on a (submitted first), not on b. Both recipients' usage keeps it.
    assert (a.worked_minutes, a.payable_minutes) == (180, 180)
    assert (b.worked_minutes, b.payable_minutes) == (120, 60)
    assert b.entries.get().payable_minutes == 60


def test_return_needs_a_comment_and_the_assistant_can_fix_and_resubmit(caseworker, supervisor, media):
    contract = make_contract(approved_allocation(caseworker, supervisor), make_assistant(), by=caseworker)
    sheet = ts.timesheet_save(
        contract=contract, month=MARCH, entries=[e(1, 2, (9, 0), (10, 0))], by=caseworker
    )
    sheet = ts.timesheet_submit(sheet=sheet, by=caseworker, recipient_confirmed=True)
    with pytest.raises(ts.TimesheetStateError):
        ts.timesheet_return(sheet=sheet, comment="", by=caseworker)
    sheet = ts.timesheet_return(sheet=sheet, comment="Trūkst 5. marta", by=caseworker)
    sheet = ts.timesheet_save(
        contract=contract,
        month=MARCH,
        entries=[e(1, 2, (9, 0), (10, 0)), e(2, 5, (9, 0), (10, 0))],
        by=caseworker,
    )
    sheet = ts.timesheet_submit(sheet=sheet, by=caseworker, recipient_confirmed=True)
    assert sheet.status == "submitted" and sheet.worked_minutes == 120


def test_transport_above_the_municipality_limit_is_a_warning_R_T3(caseworker, supervisor, media):
    contract = make_contract(approved_allocation(caseworker, supervisor), make_assistant(), by=caseworker)
    contract.municipality.transport_limit = Decimal("10.00")
    contract.municipality.save()
    entries = [e(1, 2, (9, 0), (10, 0), transport="6.00"), e(2, 3, (9, 0), (10, 0), transport="4.01")]
    sheet = ts.timesheet_save(contract=contract, month=MARCH, entries=entries, by=caseworker)
    assert [w["code"] for w in sheet.warnings] == ["transport_over_limit"]
    assert sheet.status == "draft"  # a warning does not block (R-T3)
