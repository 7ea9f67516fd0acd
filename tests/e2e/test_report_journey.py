"""Finance's month end (issue 6): the finance officer asks for the report of a month with accepted timesheets,
sees its progress region and then the ready draft with its figures, and downloads the PDF, XLSX and CSV;
a report being generated updates its live status text by itself and, when generation fails, offers to try
again. axe-core finds no serious or critical violation on the list and detail pages."""

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from core.roles import Role
from reporting.models import Report
from tests.conftest import PASSWORD, make_person
from tests.contracts.conftest import approved_allocation, make_assistant, make_contract
from tests.e2e.test_login_and_dashboards import log_in
from tests.reporting.factories import accepted_sheet

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSV_HEADER = (
    "municipality;month;recipients;assistants;hours;gross_wages;employer_contributions;transport;"
    "service_cost_he;service_cost_gen;admin_he;admin_gen;admin_total;total"
)
# January 2026 at the rates from 01.04.2023 (4.13 EUR/h, employer 23.59 %, administration 8 %), employee:
#   09:00–11:30 = 150 min: wage 150 × 4.13 / 60 = 10.325 → 10.33;
#   contributions 10.33 × 0.2359 = 2.4368… → 2.44; transport 1.20; service cost 10.33 + 2.44 + 1.20 = 13.97;
#   administration 13.97 × 0.08 = 1.1176 → 1.12;
#   total 13.97 + 1.12 = 15.09; hours 2.50.
JANUARY_CSV = "Rīga;2026-01;1;1;2.50;10.33;2.44;1.20;0.00;13.97;0.00;1.12;1.12;15.09"


@pytest.fixture
def finance_month(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    caseworker = make_person("e2e-caseworker", Role.CASEWORKER, "Rīga")
    supervisor = make_person("e2e-supervisor", Role.SUPERVISOR, "Rīga")
    finance = make_person("e2e-finance", Role.FINANCE, "Rīga")
    allocation = approved_allocation(caseworker, supervisor, start=dt.date(2026, 1, 1), first_name="Rasma")
    contract = make_contract(allocation, make_assistant(tax_status="employee"), by=caseworker)
    accepted_sheet(
        contract,
        dt.date(2026, 1, 1),
        [(dt.date(2026, 1, 5), "09:00", "11:30", "DAILY", "1.20")],
        by=caseworker,
    )
    return finance


def download(page, name: str, tmp_path: Path):
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    item = info.value
    target = tmp_path / item.suggested_filename
    item.save_as(target)
    return item.suggested_filename, target.read_bytes()


def test_finance_requests_a_report_follows_it_and_downloads_the_files(
    browser: Browser, live_server, finance_month, axe_check, tmp_path
):
    base = live_server.url
    page = browser.new_context(locale="lv-LV", accept_downloads=True).new_page()
    log_in(page, base, "e2e-finance", PASSWORD)
    page.get_by_role("link", name="Finanšu pārskati").first.click()
    expect(page.get_by_role("heading", name="Finanšu pārskati", level=1)).to_be_visible()
    axe_check(page)

    page.get_by_label("Pakalpojuma mēnesis").fill("2026-01")
    page.get_by_role("button", name="Sagatavot pārskatu").click()
    expect(page).to_have_url(re.compile(r"/parskati/\d+/$"))
    # Celery is eager in the tests: the report is built when the request commits, so the region shows the
    # final state; the progress bar and its live status text are there all the same.
    progress = page.locator("progress#report-progress-bar")
    expect(progress).to_have_attribute("value", "100")
    status = page.get_by_role("status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("Pārskata melnraksts ir gatavs.")
    expect(page.locator("#report-total")).to_contain_text("15,09")
    expect(page.locator("#report-table")).to_contain_text("13,97")
    axe_check(page)

    name, pdf = download(page, "Lejupielādēt PDF", tmp_path)
    assert name == "parskats-riga-2026-01.pdf" and pdf.startswith(b"%PDF")
    name, xlsx = download(page, "Lejupielādēt XLSX", tmp_path)
    assert name == "parskats-riga-2026-01.xlsx" and xlsx.startswith(b"PK")
    assert "xl/worksheets/sheet1.xml" in zipfile.ZipFile(io.BytesIO(xlsx)).namelist()
    name, csv = download(page, "Lejupielādēt CSV", tmp_path)
    assert name == "parskats-riga-2026-01.csv"
    assert csv.decode("utf-8").splitlines() == [CSV_HEADER, JANUARY_CSV]
    report = Report.objects.get(month=dt.date(2026, 1, 1))
    assert report.status == Report.Status.READY
    expect(page.locator("#report-files")).to_contain_text(report.csv_sha256)


def test_progress_updates_by_itself_and_a_failed_report_can_be_tried_again(
    browser: Browser, live_server, finance_month, axe_check
):
    """The page polls the status endpoint: the live text follows the progress, and when generation ends
    (here: fails) the page reloads and offers to try again."""
    report = Report.objects.create(
        municipality=finance_month.staff_profile.municipality,
        month=dt.date(2026, 2, 1),
        status=Report.Status.RUNNING,
        progress=40,
        requested_at=timezone.now(),
        claimed_by="elsewhere",
        heartbeat=timezone.now(),
    )
    page = browser.new_context(locale="lv-LV").new_page()
    log_in(page, live_server.url, "e2e-finance", PASSWORD)
    page.goto(f"{live_server.url}/parskati/{report.pk}/")
    status = page.get_by_role("status")
    expect(status).to_contain_text("40 %")
    expect(page.get_by_role("link", name="Atjaunot lapu")).to_be_visible()  # for a page without JavaScript
    axe_check(page)

    Report.objects.filter(pk=report.pk).update(progress=70)
    expect(status).to_contain_text("70 %", timeout=5000)
    expect(page.locator("#report-progress-bar")).to_have_attribute("value", "70")

    Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error="Tīkla kļūda.", progress=70)
    expect(page.locator("#report-error")).to_contain_text("Tīkla kļūda.", timeout=5000)
    page.get_by_role("button", name="Mēģināt vēlreiz").click()
    expect(page.get_by_role("status")).to_have_text("Pārskata melnraksts ir gatavs.")
    report.refresh_from_db()
    assert report.status == Report.Status.READY and report.generation == 2
