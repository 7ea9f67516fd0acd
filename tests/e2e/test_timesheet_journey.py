"""The assistant's month on a phone (issue 5): a CSV with an error is explained in Latvian, the fixed file is
saved, the sheet is submitted with the recipient's confirmation, the caseworker accepts it, and the sheet can
no longer be edited."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, expect

from contracts.models import Assistant, Timesheet
from core.models import User
from tests.contracts.conftest import approved_allocation, make_contract
from tests.e2e.test_login_and_dashboards import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "contract;date;start;end;purpose;transport_eur;note\n"


def test_assistant_uploads_fixes_submits_and_caseworker_accepts(
    browser: Browser, live_server, demo_users, axe_check, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    caseworker = User.objects.get(username="demo-caseworker")
    supervisor = User.objects.get(username="demo-supervisor")
    allocation = approved_allocation(caseworker, supervisor, start=dt.date(2026, 1, 1), first_name="Mārīte")
    assistant = Assistant.objects.get(user__username="demo-assistant")  # seed_demo made it
    contract = make_contract(allocation, assistant, by=caseworker, monthly_hours=15, number="E2E-1")

    phone = browser.new_context(locale="lv-LV", viewport={"width": 360, "height": 740}).new_page()
    log_in(phone, base, "demo-assistant")
    phone.goto(f"{base}/mani-ligumi/")
    expect(phone.locator("main")).to_contain_text("E2E-1")
    axe_check(phone)

    bad = tmp_path / "lapa.csv"
    bad.write_text(HEADER + "E2E-1;2026-03-02;09:00;11:00;DAILY;0;\nE2E-1;2026-03-03;12:00;10:00;DAILY;0;\n")
    phone.set_input_files("#csv-file", str(bad))
    phone.get_by_role("button", name="Augšupielādēt").click()
    summary = phone.locator("#error-summary")
    expect(summary).to_contain_text(re.compile(r"Rinda 3"))
    axe_check(phone)
    assert not Timesheet.objects.filter(contract=contract).exists()

    good = tmp_path / "lapa-laba.csv"
    good.write_text(
        HEADER + "E2E-1;2026-03-02;09:00;11:00;DAILY;0;\nE2E-1;2026-03-03;10:00;12:00;DAILY;1,20;\n"
    )
    phone.goto(f"{base}/mani-ligumi/")
    phone.set_input_files("#csv-file", str(good))
    phone.get_by_role("button", name="Augšupielādēt").click()
    phone.get_by_role("link", name=re.compile("atvērt un iesniegt", re.IGNORECASE)).click()
    expect(phone.locator("input[name=day]").first).to_have_value("02.03.2026")
    phone.get_by_role("button", name="Pievienot rindu").click()
    expect(phone.locator(".timesheet-row")).to_have_count(6)
    axe_check(phone)
    phone.check("#recipient_confirmed")
    phone.get_by_role("button", name="Saglabāt un iesniegt").click()
    expect(phone.locator("main")).to_contain_text("Iesniegts")

    desk = browser.new_context(locale="lv-LV").new_page()
    log_in(desk, base, "demo-caseworker")
    desk.goto(f"{base}/uzskaites-lapas/")
    desk.get_by_role("link", name=re.compile("Mārīte")).click()
    axe_check(desk)
    desk.get_by_role("button", name="Pieņemt").click()
    expect(desk.locator("main")).to_contain_text("Pieņemts")

    phone.goto(f"{base}/mani-ligumi/{contract.pk}/2026-03/")
    expect(phone.locator("input[name=day]")).to_have_count(0)
    expect(phone.locator("main")).to_contain_text("Pieņemts")
    assert Timesheet.objects.get(contract=contract).status == "accepted"
