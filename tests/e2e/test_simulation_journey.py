"""The ministry's policy simulation (issue 7, R-S2): the ministry user runs a simulation of V5 against the
rule set in force (V1) for the whole country, sees the progress region and then the comparison, reads the
hours, and downloads the printable summary; a simulation being computed updates its live status by itself
and shows the comparison when it is ready. axe-core finds no serious or critical violation on the list and
detail pages."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from assistance.models import RuleSet
from core.roles import Role
from reporting.models import Simulation
from tests.conftest import PASSWORD, make_person
from tests.contracts.conftest import approved_allocation
from tests.e2e.test_login_and_dashboards import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Two adults in Rīga, coefficient 1 (twelve answers of 1 = 12 points: threshold 12, high 24), no purpose
# (DAILY only), granted from 01.01.2026; the simulation starts in 01.2026, a full month from the 1st:
#   V1 (in force) DAILY 15 h × 1 = 15 h each → 30 h;  V5 DAILY 10 h × 1 = 10 h each → 20 h;  difference −10.
# Monthly cost at 4.13 EUR/h, employer 23.59 %, administration 8 %: 15 h → 15 × 4.13 × 1.2359 × 1.08 =
#   82.689… → 82.69 each, 165.38 in all; 10 h → 55.126… → 55.13 each, 110.26 in all.


def lv(message: str, **values) -> str:
    """A message as the Latvian page shows it (translated when the catalogue has it)."""
    with translation.override("lv"):
        translated = gettext(message)
    return translated % values if values else translated


@pytest.fixture
def caseload(reference_data, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # The grants need no decision PDF here (tested in tests/assistance).
    monkeypatch.setattr("assistance.decision_pdf.decision_pdf", lambda decision: b"%PDF-1.7 decision")
    caseworker = make_person("e2e-caseworker", Role.CASEWORKER, "Rīga")
    supervisor = make_person("e2e-supervisor", Role.SUPERVISOR, "Rīga")
    for name in ("Rasma", "Ilmārs"):
        approved_allocation(caseworker, supervisor, start=dt.date(2026, 1, 1), first_name=name)
    return make_person("e2e-ministry", Role.MINISTRY, None)


def comparison_cell(page, key: str, column: str):
    return page.locator(f"#comparison-{key} [data-column={column}]")


def test_ministry_runs_v5_against_v1_reads_the_comparison_and_downloads_the_pdf(
    browser: Browser, live_server, caseload, axe_check, tmp_path
):
    v5 = RuleSet.objects.get(code="V5", version=1)
    page = browser.new_context(locale="lv-LV", accept_downloads=True).new_page()
    log_in(page, live_server.url, "e2e-ministry", PASSWORD)
    page.get_by_role("link", name=lv("Policy simulations")).first.click()
    expect(page.get_by_role("heading", name=lv("Policy simulations"), level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    axe_check(page)

    page.get_by_label(lv("Rule set to simulate")).select_option(label=str(v5))
    expect(page.get_by_label(lv("Scope"))).to_have_value("")  # the whole country
    page.get_by_label(lv("First month")).fill("2026-01")
    page.get_by_role("button", name=lv("Run the simulation")).click()
    expect(page).to_have_url(re.compile(r"/simulacijas/\d+/$"))

    # Celery is eager in the tests: the simulation is computed when the request commits, so the region shows
    # the final state; the progress bar and its live status text are there all the same.
    expect(page.locator("progress#report-progress-bar")).to_have_attribute("value", "100")
    status = page.get_by_role("status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(lv("The simulation is ready."))
    table = page.locator("#simulation-comparison")
    expect(table).to_contain_text(lv("Rules in force (%(label)s)", label="V1 v1"))
    expect(table).to_contain_text(lv("Simulated (%(label)s)", label="V5 v1"))
    expect(comparison_cell(page, "hours_month", "baseline")).to_have_text("30")
    expect(comparison_cell(page, "hours_month", "candidate")).to_have_text("20")
    expect(comparison_cell(page, "hours_month", "difference")).to_have_text("−10")
    expect(comparison_cell(page, "recipients", "candidate")).to_have_text("2")
    expect(comparison_cell(page, "cost_month", "baseline")).to_have_text("165,38")
    expect(comparison_cell(page, "cost_month", "candidate")).to_have_text("110,26")
    expect(page.locator("#band-minus_1 td")).to_have_text("2")
    expect(page.locator("#hours-lost")).to_have_text("10 h")
    expect(page.locator("#simulation-municipalities")).to_contain_text("Rīga")
    expect(page.locator("main")).not_to_contain_text("Rasma")
    axe_check(page)

    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("PDF")).click()
    download = info.value
    target = Path(tmp_path) / download.suggested_filename
    download.save_as(target)
    assert download.suggested_filename == "simulacija-v5-latvija-2026-01.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Politikas simulācija" in text
    assert "Piešķirtās stundas mēnesī 30 20 −10" in text
    assert "Izmaksas mēnesī, EUR 165,38 110,26 −55,12" in text
    simulation = Simulation.objects.get()
    assert (
        simulation.status == Simulation.Status.READY and simulation.results["baseline"]["hours_month"] == 30
    )
    expect(page.locator("#simulation-files")).to_contain_text(simulation.pdf_sha256)


def test_a_simulation_being_computed_updates_itself_and_then_shows_the_comparison(
    browser: Browser, live_server, caseload, axe_check
):
    running = Simulation.objects.create(
        rule_set=RuleSet.objects.get(code="V5", version=1),
        month=dt.date(2026, 1, 1),
        status=Simulation.Status.RUNNING,
        progress=40,
        requested_at=timezone.now(),
        claimed_by="elsewhere",
        heartbeat=timezone.now(),
    )
    page = browser.new_context(locale="lv-LV").new_page()
    log_in(page, live_server.url, "e2e-ministry", PASSWORD)
    page.goto(f"{live_server.url}/simulacijas/{running.pk}/")
    status = page.get_by_role("status")
    expect(status).to_contain_text("40 %")
    expect(page.get_by_role("link", name=lv("Refresh the page"))).to_be_visible()  # without JavaScript
    axe_check(page)

    Simulation.objects.filter(pk=running.pk).update(progress=70)
    expect(status).to_contain_text("70 %", timeout=5000)
    expect(page.locator("#report-progress-bar")).to_have_attribute("value", "70")

    totals = {"recipients": 2, "hours_month": 30, "cost_month": "165.38", "cost_year": "1984.56"}
    simulated = {"recipients": 2, "hours_month": 20, "cost_month": "110.26", "cost_year": "1323.12"}
    Simulation.objects.filter(pk=running.pk).update(
        status=Simulation.Status.READY,
        progress=100,
        baseline=RuleSet.objects.get(code="V1", version=1),
        cases=2,
        results={
            "months": [dt.date(2026, month, 1).isoformat() for month in range(1, 13)],
            "cases": 2,
            "baseline": totals,
            "candidate": simulated,
            "municipalities": [{"name": "Rīga", "baseline": totals, "candidate": simulated}],
            "bands": {"minus_1": 2},
            "hours_gained": 0,
            "hours_lost": 10,
        },
    )
    expect(comparison_cell(page, "hours_month", "difference")).to_have_text("−10", timeout=5000)
    expect(page.get_by_role("status")).to_have_text(lv("The simulation is ready."))
    axe_check(page)
