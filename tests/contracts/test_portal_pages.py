"""The assistant portal and the caseworker's review pages (issue 5 §3, §6): own contracts only, rows kept
on errors, nothing partial stored, accepted sheets locked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assistance import services as assistance_services
from contracts.models import Timesheet, TimesheetEntry
from core.roles import Role
from tests.contracts.conftest import approved_allocation, make_assistant, make_contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(caseworker, supervisor, assistant, media):
    allocation = approved_allocation(caseworker, supervisor, first_name="Ilga", last_name="Saņēmēja")
    helper = make_assistant()
    helper.user = assistant
    helper.save()
    contract = make_contract(allocation, helper, by=caseworker, monthly_hours=40, number="RIG-7")
    return contract


def rows(*items):
    data = {"day": [], "start": [], "end": [], "purpose": [], "transport": [], "note": []}
    for day, start, end, purpose in items:
        for key, value in zip(data, (day, start, end, purpose, "", ""), strict=True):
            data[key].append(value)
    return data


def test_assistant_sees_own_contracts_and_usage(client, assistant, setup):
    client.force_login(assistant)
    page = client.get(reverse("contracts:my_contracts")).content.decode()
    assert "Ilga Saņēmēja" in page and "RIG-7" in page and 'data-testid="usage"' in page


def test_another_assistant_gets_404_and_other_roles_403(client, setup, finance, caseworker):
    other = assistance_services.staff_member_set(
        user=type(caseworker).objects.create(username="other-assistant"),
        roles={Role.ASSISTANT},
        municipality=None,
        by=None,
        reason="t",
    ).user
    url = reverse("contracts:timesheet_edit", args=[setup.pk, "2026-03"])
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(finance)
    assert client.get(url).status_code == 403
    assert client.get(reverse("contracts:review_queue")).status_code == 403


def test_errors_keep_every_row_and_store_nothing_R_T2_R_T6(client, assistant, setup):
    client.force_login(assistant)
    url = reverse("contracts:timesheet_edit", args=[setup.pk, "2026-03"])
    data = rows(("02.03.2026", "09:00", "11:00", "DAILY"), ("02.03.2026", "10:00", "12:00", "DAILY"))
    response = client.post(url, {**data, "action": "save"})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="error-summary"' in body
    assert body.count('value="02.03.2026"') >= 2 and 'value="10:00"' in body
    assert not TimesheetEntry.objects.exists()


def test_save_submit_review_accept_and_lock_R_T5(client, assistant, caseworker, setup):
    client.force_login(assistant)
    url = reverse("contracts:timesheet_edit", args=[setup.pk, "2026-03"])
    data = rows(("2", "09:00", "11:00", "DAILY"), ("03.03.2026", "09:00", "10:30", "DAILY"))
    client.post(url, {**data, "action": "submit"})  # without the recipient's confirmation
    sheet = Timesheet.objects.get()
    assert sheet.status == "draft" and sheet.worked_minutes == 210
    client.post(url, {**data, "action": "submit", "recipient_confirmed": "on"})
    sheet.refresh_from_db()
    assert sheet.status == "submitted"

    client.force_login(caseworker)
    queue = client.get(reverse("contracts:review_queue")).content.decode()
    assert "Ilga Saņēmēja" in queue
    client.post(reverse("contracts:review_sheet", args=[sheet.pk]), {"action": "accept"})
    sheet.refresh_from_db()
    assert sheet.status == "accepted" and sheet.accepted_by == caseworker

    client.force_login(assistant)
    page = client.get(url).content.decode()
    assert 'name="day"' not in page  # no form any more
    client.post(url, {**rows(("4", "09:00", "10:00", "DAILY")), "action": "save"})
    assert TimesheetEntry.objects.count() == 2


def test_csv_upload_lists_row_and_field_and_saves_good_sheets_R_T6(client, assistant, setup):
    client.force_login(assistant)
    csv_text = (
        "contract;date;start;end;purpose;transport_eur;note\n"
        "RIG-7;2026-03-02;09:00;11:00;DAILY;1,50;\n"
        "RIG-7;2026-04-02;09:00;08:00;DAILY;;\n"
    )
    upload = SimpleUploadedFile("lapa.csv", csv_text.encode(), content_type="text/csv")
    body = client.post(reverse("contracts:timesheet_upload"), {"file": upload}).content.decode()
    assert "3" in body  # row 3 named
    march = Timesheet.objects.get(month=dt.date(2026, 3, 1))
    assert march.worked_minutes == 120
    assert not Timesheet.objects.filter(month=dt.date(2026, 4, 1)).exists()


def test_simultaneous_service_is_visible_on_both_sheets_R_T4(client, caseworker, supervisor, media):
    from contracts import rules
    from contracts import timesheet_services as ts

    helper = make_assistant()
    first = make_contract(
        approved_allocation(caseworker, supervisor), helper, by=caseworker, monthly_hours=10
    )
    second = make_contract(
        approved_allocation(caseworker, supervisor), helper, by=caseworker, monthly_hours=10
    )
    day = dt.date(2026, 3, 2)
    sheets = []
    for contract, (start, end) in ((first, (9, 11)), (second, (10, 12))):
        entry = rules.Entry(row=1, day=day, start=dt.time(start), end=dt.time(end), purpose="DAILY")
        sheet = ts.timesheet_save(
            contract=contract, month=dt.date(2026, 3, 1), entries=[entry], by=caseworker
        )
        sheets.append(ts.timesheet_submit(sheet=sheet, by=caseworker, recipient_confirmed=True))
    client.force_login(caseworker)
    for sheet in sheets:
        page = client.get(reverse("contracts:review_sheet", args=[sheet.pk]))
        assert list(page.context["simultaneous"].values()) == [60]  # 10:00–11:00 on both
    assert [s.payable_minutes for s in sheets] == [120, 60]
