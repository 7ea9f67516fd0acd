"""The ministry's own pages in Chromium (issue 7): the national dashboard with its charts and tables, and a
rule-set draft made with the keyboard-reachable form; axe-core finds no serious or critical violation."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, expect

from assistance.models import RuleSet
from core.roles import Role
from tests.conftest import PASSWORD, make_person
from tests.contracts.conftest import approved_allocation
from tests.e2e.test_login_and_dashboards import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def lv(message: str) -> str:
    with translation.override("lv"):
        return gettext(message)


@pytest.fixture
def ministry(reference_data, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("assistance.decision_pdf.decision_pdf", lambda decision: b"%PDF-1.7 decision")
    caseworker = make_person("e2e-caseworker", Role.CASEWORKER, "Rīga")
    supervisor = make_person("e2e-supervisor", Role.SUPERVISOR, "Rīga")
    approved_allocation(
        caseworker,
        supervisor,
        start=timezone.localdate().replace(day=1),
        first_name="Rasma",
        last_name="Vītola",
    )
    return make_person("e2e-ministry", Role.MINISTRY, None)


def test_dashboard_charts_have_tables_and_no_personal_data_and_pass_axe(
    browser: Browser, live_server, ministry, axe_check
):
    page = browser.new_context(locale="lv-LV").new_page()
    log_in(page, live_server.url, "e2e-ministry", PASSWORD)
    page.goto(f"{live_server.url}/valsts-parskats/")
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    charts = page.locator("svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3
    assert page.locator("table caption").count() >= 3  # a data table beside each chart
    body = page.content()
    assert "Vītola" not in body and "Rasma" not in body
    axe_check(page)


def test_ministry_drafts_a_rule_set_with_the_keyboard_R_S1(
    browser: Browser, live_server, ministry, axe_check
):
    page = browser.new_context(locale="lv-LV").new_page()
    log_in(page, live_server.url, "e2e-ministry", PASSWORD)
    page.goto(f"{live_server.url}/noteikumu-kopas/")
    axe_check(page)
    v1 = RuleSet.objects.get(code="V1", version=1)
    page.goto(f"{live_server.url}/noteikumu-kopas/{v1.pk}/")
    axe_check(page)
    page.goto(f"{live_server.url}/noteikumu-kopas/jauns-projekts/?from={v1.pk}")
    code = page.locator("input[name=code]")
    code.fill("V6")
    valid_from = page.locator("input[name=valid_from]")
    valid_from.fill((timezone.localdate() + dt.timedelta(days=60)).strftime("%d.%m.%Y"))
    valid_from.press("Enter")  # submitted with the keyboard
    expect(page).to_have_url(re.compile(r"/noteikumu-kopas/\d+/$"))
    assert RuleSet.objects.filter(code="V6").exists()
    axe_check(page)
