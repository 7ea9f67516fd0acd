"""Proposal and approval in the browser (issue 4): the caseworker proposes, the supervisor returns it with a
comment, the caseworker amends, the supervisor approves, and the decision PDF downloads with the hours.
The caseworker is never offered an approval of their own proposal."""

import datetime as dt
import io
import re

import pytest
from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from assistance import services
from core.models import User
from tests.assistance.factories import make_application, make_eligible_adult
from tests.e2e.test_login_and_dashboards import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_propose_return_amend_approve_download(
    browser: Browser, live_server, demo_users, axe_check, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    caseworker = User.objects.get(username="demo-caseworker")
    person = make_eligible_adult(caseworker, first_name="Rūta", last_name="Lēmumiņa", serial=777)
    application = make_application(
        caseworker, person, purposes=[services.PurposeInput("WORK", "SIA Darbs")], submit=True
    )
    services.application_record_assessment(
        application=application, answers={f"Q{i:02d}": 2 for i in range(1, 13)}, by=caseworker
    )
    detail = f"{base}/iesniegumi/{application.pk}/"

    cw = browser.new_context(locale="lv-LV").new_page()
    log_in(cw, base, "demo-caseworker")
    cw.goto(f"{detail}priekslikums/")
    cw.fill("#id_start", "01.03.2026")
    cw.get_by_role("button", name="Pārrēķināt").click()
    expect(cw.get_by_test_id("explanation")).to_contain_text("24")
    expect(cw.get_by_test_id("grant-total")).to_be_visible()
    axe_check(cw)
    cw.get_by_role("button", name="Ierosināt šo piešķiršanu").click()
    expect(cw).to_have_url(detail)
    expect(cw.get_by_role("button", name="Apstiprināt")).to_have_count(0)  # never one's own

    sv = browser.new_context(locale="lv-LV").new_page()
    log_in(sv, base, "demo-supervisor")
    sv.goto(f"{base}/iesniegumi/?status=proposed")
    expect(sv.locator("main")).to_contain_text("Lēmumiņa")
    sv.goto(detail)
    axe_check(sv)
    sv.fill("#return-comment", "Lūdzu sākt no 1. aprīļa.")
    sv.get_by_role("button", name="Atgriezt").click()
    expect(sv.locator("main")).to_contain_text("Atgriezts")

    cw.goto(detail)
    expect(cw.get_by_test_id("return-comment")).to_contain_text("Lūdzu sākt no 1. aprīļa.")
    cw.goto(f"{detail}priekslikums/?start=01.04.2026")
    cw.get_by_role("button", name="Ierosināt šo piešķiršanu").click()
    expect(cw).to_have_url(detail)

    sv.goto(detail)
    sv.get_by_role("button", name="Apstiprināt").click()
    link = sv.get_by_role("link", name=re.compile("Lejupielādēt lēmumu"))
    expect(link).to_be_visible()
    axe_check(sv)
    with sv.expect_download() as download_info:
        link.click()
    data = download_info.value.path().read_bytes()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Lēmumiņa" in text and "01.04.2026" in text
    assert "160" in text and "30" in text  # WORK 80 × 2 and DAILY 15 × 2 in a full month
    assert dt.date.today().strftime("%d.%m.%Y") in text
