"""The finance and ministry pages (R-F1–R-F5): who sees which report, asking for a report and seeing its
figures, the progress endpoint, finalising (and the refusal when the figures changed), the downloads, the
rates, and a constant number of queries per page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from core.roles import Role
from reporting import services
from reporting.models import Rate, Report, ReportRow
from tests.conftest import make_person
from tests.contracts.conftest import approved_allocation, make_assistant, make_contract
from tests.reporting.factories import accepted_sheet

pytestmark = pytest.mark.django_db

JANUARY = dt.date(2026, 1, 1)
DECEMBER = dt.date(2025, 12, 1)
CSV_HEADER = (
    "municipality;month;recipients;assistants;hours;gross_wages;employer_contributions;transport;"
    "service_cost_he;service_cost_gen;admin_he;admin_gen;admin_total;total"
)

# Rates from 01.04.2023 (seeded, R-F1): gross 4.13 EUR/h, employer 23.59 %, administration 5 % / 8 %.
# January, employee assistant:
#   GEN 09:00–11:30 = 150 min: wage 150 × 4.13 / 60 = 10.325 → 10.33; contributions 10.33 × 0.2359 = 2.4368… →
#       2.44; transport 1.20; service cost GEN 10.33 + 2.44 + 1.20 = 13.97; admin 13.97 × 0.08 = 1.1176 → 1.12
#   HE 10:00–12:00 = 120 min: wage 120 × 4.13 / 60 = 8.26; contributions 8.26 × 0.2359 = 1.9485… → 1.95;
#       transport 0; service cost HE 8.26 + 1.95 = 10.21; admin 10.21 × 0.05 = 0.5105 → 0.51
#   hours 270 / 60 = 4.50; wages 18.59; contributions 4.39; transport 1.20; admin 1.63;
#   total 24.18 + 1.63 = 25.81
JANUARY_CSV = "Rīga;2026-01;1;1;4.50;18.59;4.39;1.20;10.21;13.97;0.51;1.12;1.63;25.81"
JANUARY_SHOWN = ["4,50", "18,59", "4,39", "1,20", "10,21", "13,97", "0,51", "1,12", "1,63", "25,81"]
# December (adjustment), self-employed assistant, 09:00–10:00 GEN = 60 min: wage 4.13; contributions 0;
#   service cost GEN 4.13; admin 4.13 × 0.08 = 0.3304 → 0.33; total 4.46.
# With the adjustment the report's total is 25.81 + 4.46 = 30.27, wages 18.59 + 4.13 = 22.72.
DECEMBER_CSV = "Rīga;2025-12;1;1;1.00;4.13;0.00;0.00;0.00;4.13;0.00;0.33;0.33;4.46"


@pytest.fixture
def finance_liepaja(db):
    return make_person("finance-liepaja", Role.FINANCE, "Liepāja")


@pytest.fixture
def contract(caseworker, supervisor):
    allocation = approved_allocation(caseworker, supervisor, start=DECEMBER)
    return make_contract(allocation, make_assistant(tax_status="employee"), by=caseworker)


@pytest.fixture
def january_sheet(contract, caseworker):
    return accepted_sheet(
        contract,
        JANUARY,
        [
            (dt.date(2026, 1, 5), "09:00", "11:30", "DAILY", "1.20"),
            (dt.date(2026, 1, 6), "10:00", "12:00", "HIGHER_EDUCATION", "0"),
        ],
        by=caseworker,
    )


def december_sheet(contract, caseworker):
    """A self-employed assistant's December sheet: an adjustment in January's report (R-F4)."""
    other = make_contract(
        contract.allocation, make_assistant(tax_status="self_employed", first_name="Pēteris"), by=caseworker
    )
    return accepted_sheet(
        other, DECEMBER, [(dt.date(2025, 12, 1), "09:00", "10:00", "DAILY", "0")], by=caseworker
    )


def ask(client, django_capture_on_commit_callbacks, *, month="2026-01", target=None):
    """Post the request form; the task runs eagerly when the transaction commits."""
    data = {"month": month}
    if target:
        data["target"] = target
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("reporting:report_list"), data)


def text(response) -> str:
    return response.content.decode()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def built_report(client, django_capture_on_commit_callbacks, finance, riga) -> Report:
    client.force_login(finance)
    response = ask(client, django_capture_on_commit_callbacks, target=f"m{riga.pk}")
    report = Report.objects.get(municipality=riga, month=JANUARY)
    assert response.status_code == 302 and response.url == reverse(
        "reporting:report_detail", args=[report.pk]
    )
    return report


# ------------------------------------------------------------------------------------ request, figures


def test_finance_requests_and_sees_the_figures_with_decimal_comma_R_F3(
    client, finance, riga, january_sheet, media, django_capture_on_commit_callbacks
):
    report = built_report(client, django_capture_on_commit_callbacks, finance, riga)
    report.refresh_from_db()
    assert report.status == Report.Status.READY and report.requested_by == finance
    page = text(client.get(reverse("reporting:report_detail", args=[report.pk])))
    for figure in JANUARY_SHOWN:
        assert f">{figure}<" in page, figure
    assert 'id="report-adjustments"' not in page  # no earlier month
    assert 'id="report-progress-bar"' in page and 'role="status"' in page
    assert lv("Draft ready") in page
    for fmt in ("pdf", "xlsx", "csv"):
        assert reverse("reporting:report_download", args=[report.pk, fmt]) in page
        assert getattr(report, f"{fmt}_sha256") in page


def lv(message: str, **values) -> str:
    """A message as the Latvian page shows it (translated, formatted, HTML-escaped)."""
    with translation.override("lv"):
        translated = gettext(message)
    return escape(translated % values if values else translated)


def test_adjustment_rows_are_shown_in_their_own_section_R_F4(
    client, finance, riga, contract, caseworker, january_sheet, media, django_capture_on_commit_callbacks
):
    december_sheet(contract, caseworker)
    report = built_report(client, django_capture_on_commit_callbacks, finance, riga)
    page = text(client.get(reverse("reporting:report_detail", args=[report.pk])))
    main, adjustments = page.split('id="report-adjustments"')
    assert ">25,81<" in main and ">4,46<" not in main
    assert "Korekcijas" in adjustments and "12.2025" in adjustments and ">4,46<" in adjustments
    total = adjustments.split('id="report-total"')[1]
    assert ">30,27<" in total and ">22,72<" in total  # 25.81 + 4.46; 18.59 + 4.13
    csv_lines = body(client.get(reverse("reporting:report_download", args=[report.pk, "csv"]))).decode()
    assert csv_lines.splitlines() == [CSV_HEADER, JANUARY_CSV, DECEMBER_CSV]


def test_request_form_refuses_future_and_too_early_months_in_latvian(client, finance, riga):
    client.force_login(finance)
    with time_machine.travel(dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        future = client.post(reverse("reporting:report_list"), {"target": f"m{riga.pk}", "month": "2026-03"})
        early = client.post(reverse("reporting:report_list"), {"target": f"m{riga.pk}", "month": "06.2021"})
        garbage = client.post(reverse("reporting:report_list"), {"target": f"m{riga.pk}", "month": "13.2026"})
        current = client.get(reverse("reporting:report_list"))
    assert future.status_code == 200 and "Mēnesis 03.2026 vēl nav sācies" in text(future)
    assert "Pārskatus var sagatavot, sākot no 07.2021" in text(early)
    assert "Norādiet mēnesi formātā mm.gggg" in text(garbage)
    assert 'value="2026-03"' in text(future)  # what was typed is kept
    assert 'value="2026-01"' in text(current) and 'max="2026-02"' in text(current)  # the previous month
    assert not Report.objects.exists()


def test_month_error_is_in_english_for_an_english_user(english, finance, riga):
    english.force_login(finance)
    with time_machine.travel(dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        response = english.post(
            reverse("reporting:report_list"), {"target": f"m{riga.pk}", "month": "2026-03"}
        )
    assert "The month 03.2026 has not begun yet" in text(response)


def test_the_month_may_be_typed_as_mm_yyyy(client, finance, riga, media, django_capture_on_commit_callbacks):
    client.force_login(finance)
    response = ask(client, django_capture_on_commit_callbacks, month="01.2026", target=f"m{riga.pk}")
    assert response.status_code == 302
    assert Report.objects.get().month == JANUARY


def test_finance_cannot_ask_for_another_municipality_or_the_national_report(client, finance, liepaja):
    client.force_login(finance)
    for target in (f"m{liepaja.pk}", "national"):
        response = client.post(reverse("reporting:report_list"), {"target": target, "month": "2026-01"})
        assert response.status_code == 200 and 'id="error-summary"' in text(response)
    assert not Report.objects.exists()


def test_ministry_requests_the_national_report_of_finalised_municipal_reports_R_F3(
    client, finance, ministry, riga, january_sheet, media, django_capture_on_commit_callbacks
):
    municipal = built_report(client, django_capture_on_commit_callbacks, finance, riga)
    services.report_finalise(report=municipal, by=finance)
    client.force_login(ministry)
    list_page = text(client.get(reverse("reporting:report_list")))
    assert 'name="target"' in list_page and 'value="national"' in list_page
    response = ask(client, django_capture_on_commit_callbacks, target="national")  # its only choice
    national = Report.objects.get(municipality__isnull=True)
    assert response.url == reverse("reporting:report_detail", args=[national.pk])
    page = text(client.get(response.url))
    assert "Rīga" in page and ">25,81<" in page.split('id="report-total"')[1]  # TOTAL = the one row
    assert 'id="finalise-confirm"' not in page  # the national report is not finalised
    csv_text = body(client.get(reverse("reporting:report_download", args=[national.pk, "csv"]))).decode()
    assert csv_text.splitlines()[1:] == [JANUARY_CSV, "TOTAL" + JANUARY_CSV.removeprefix("Rīga")]


# -------------------------------------------------------------------------------------------- scope


def test_finance_of_another_municipality_gets_404_everywhere(
    client, finance, finance_liepaja, riga, january_sheet, media, django_capture_on_commit_callbacks
):
    report = built_report(client, django_capture_on_commit_callbacks, finance, riga)
    client.force_login(finance_liepaja)
    listed = text(client.get(reverse("reporting:report_list")))
    assert reverse("reporting:report_detail", args=[report.pk]) not in listed
    for url in (
        reverse("reporting:report_detail", args=[report.pk]),
        reverse("reporting:report_status", args=[report.pk]),
        reverse("reporting:report_download", args=[report.pk, "pdf"]),
    ):
        assert client.get(url).status_code == 404, url
    refused = client.post(reverse("reporting:report_finalise", args=[report.pk]), {"confirm": "yes"})
    assert refused.status_code == 404
    report.refresh_from_db()
    assert report.status == Report.Status.READY


@pytest.mark.parametrize("role", ["caseworker", "supervisor", "assistant"])
def test_other_roles_are_kept_out(client, request, role, riga):
    report = Report.objects.create(municipality=riga, month=JANUARY, status=Report.Status.READY)
    client.force_login(request.getfixturevalue(role))
    urls = [
        reverse("reporting:report_list"),
        reverse("reporting:report_detail", args=[report.pk]),
        reverse("reporting:report_status", args=[report.pk]),
        reverse("reporting:report_download", args=[report.pk, "csv"]),
        reverse("reporting:rate_list"),
        reverse("reporting:rate_create"),
    ]
    for url in urls:
        assert client.get(url).status_code in (403, 404), url
    assert client.post(reverse("reporting:report_list"), {"month": "2026-01"}).status_code in (403, 404)
    finalise = client.post(reverse("reporting:report_finalise", args=[report.pk]), {"confirm": "yes"})
    assert finalise.status_code in (403, 404)
    assert not client.get(reverse("dashboard")).content.decode().count("/parskati/")


def test_anonymous_is_sent_to_log_in(client, riga):
    report = Report.objects.create(municipality=riga, month=JANUARY)
    for url in (reverse("reporting:report_list"), reverse("reporting:report_status", args=[report.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/pieteikties/" in response.url


def test_ministry_sees_national_reports_only(client, ministry, riga):
    municipal = Report.objects.create(municipality=riga, month=JANUARY, status=Report.Status.READY)
    national = Report.objects.create(municipality=None, month=JANUARY, status=Report.Status.READY)
    client.force_login(ministry)
    listed = text(client.get(reverse("reporting:report_list")))
    assert reverse("reporting:report_detail", args=[national.pk]) in listed
    assert reverse("reporting:report_detail", args=[municipal.pk]) not in listed
    assert client.get(reverse("reporting:report_detail", args=[national.pk])).status_code == 200
    assert client.get(reverse("reporting:report_detail", args=[municipal.pk])).status_code == 404
    assert client.get(reverse("reporting:report_status", args=[municipal.pk])).status_code == 404
    assert client.post(reverse("reporting:report_finalise", args=[national.pk])).status_code == 403
    assert client.get(reverse("reporting:rate_list")).status_code == 200  # may read the rates
    assert client.get(reverse("reporting:rate_create")).status_code == 403


def test_finance_does_not_see_national_reports(client, finance, riga):
    national = Report.objects.create(municipality=None, month=JANUARY, status=Report.Status.READY)
    client.force_login(finance)
    assert client.get(reverse("reporting:report_detail", args=[national.pk])).status_code == 404


def test_superuser_sees_and_may_ask_for_every_report(client, admin_user, riga, liepaja):
    municipal = Report.objects.create(municipality=riga, month=JANUARY, status=Report.Status.READY)
    national = Report.objects.create(municipality=None, month=JANUARY, status=Report.Status.READY)
    client.force_login(admin_user)
    page = text(client.get(reverse("reporting:report_list")))
    for report in (municipal, national):
        assert reverse("reporting:report_detail", args=[report.pk]) in page
    assert f'value="m{liepaja.pk}"' in page and 'value="national"' in page


def test_navigation_and_dashboard_panels(client, finance, ministry, riga):
    report = Report.objects.create(municipality=riga, month=JANUARY, status=Report.Status.READY)
    national = Report.objects.create(municipality=None, month=JANUARY, status=Report.Status.QUEUED)
    client.force_login(finance)
    dashboard = text(client.get(reverse("dashboard")))
    assert "Finanšu pārskati" in dashboard and 'href="/likmes/"' in dashboard
    assert reverse("reporting:report_detail", args=[report.pk]) in dashboard  # latest reports in the panel
    client.force_login(ministry)
    dashboard = text(client.get(reverse("dashboard")))
    assert "Finanšu pārskati" in dashboard and 'href="/likmes/"' not in dashboard.split("</nav>")[0]
    assert reverse("reporting:report_detail", args=[national.pk]) in dashboard
    assert reverse("reporting:report_detail", args=[report.pk]) not in dashboard


# ------------------------------------------------------------------------------------------ progress


def test_status_endpoint_reports_progress_R_F5(client, finance, riga):
    report = Report.objects.create(
        municipality=riga, month=JANUARY, status=Report.Status.RUNNING, progress=40, stage="Writing the files"
    )
    client.force_login(finance)
    data = client.get(reverse("reporting:report_status", args=[report.pk])).json()
    assert data["status"] == "running" and data["progress"] == 40 and data["done"] is False
    assert "40 %" in data["text"]
    page = text(client.get(reverse("reporting:report_detail", args=[report.pk])))
    assert 'data-in-progress="true"' in page and 'value="40"' in page
    assert 'id="report-refresh"' in page  # without JavaScript: a refresh link
    assert "js/report_progress.js" in page
    Report.objects.filter(pk=report.pk).update(status=Report.Status.READY, progress=100)
    data = client.get(reverse("reporting:report_status", args=[report.pk])).json()
    assert data["done"] is True and data["progress"] == 100


def test_failed_report_shows_the_error_and_try_again(
    client, finance, riga, january_sheet, media, django_capture_on_commit_callbacks
):
    report = Report.objects.create(
        municipality=riga, month=JANUARY, status=Report.Status.FAILED, error="No rates were in force."
    )
    client.force_login(finance)
    page = text(client.get(reverse("reporting:report_detail", args=[report.pk])))
    assert 'id="report-error"' in page and "No rates were in force." in page
    assert 'name="month" value="2026-01"' in page and f'name="target" value="m{riga.pk}"' in page
    response = ask(client, django_capture_on_commit_callbacks, target=f"m{riga.pk}")
    report.refresh_from_db()
    assert response.status_code == 302 and report.status == Report.Status.READY and report.generation == 2


# ------------------------------------------------------------------------------------------ finalise


def test_finalise_needs_the_confirmation_then_locks_and_shows_who_R_F4(
    client, finance, riga, january_sheet, media, django_capture_on_commit_callbacks
):
    report = built_report(client, django_capture_on_commit_callbacks, finance, riga)
    url = reverse("reporting:report_finalise", args=[report.pk])
    page = text(client.get(reverse("reporting:report_detail", args=[report.pk])))
    assert 'id="finalise-warning"' in page and 'id="finalise-confirm"' in page
    client.post(url)  # no confirmation
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    response = client.post(url, {"confirm": "yes"}, follow=True)
    report.refresh_from_db()
    assert report.status == Report.Status.FINALISED and report.finalised_by == finance
    page = text(response)
    assert 'id="finalised-by"' in page and finance.get_full_name() in page.split('id="finalised-by"')[1]
    assert 'id="finalise-confirm"' not in page and 'id="regenerate-form"' not in page
    again = ask(client, django_capture_on_commit_callbacks, target=f"m{riga.pk}")
    finalised = lv(
        "The report for %(month)s is finalised and cannot change. Sheets accepted since appear "
        "as adjustments in the next month's report.",
        month="01.2026",
    )
    assert again.status_code == 200 and finalised in text(again)  # ReportError shown, the form kept
    assert 'value="2026-01"' in text(again)
    report.refresh_from_db()
    assert report.status == Report.Status.FINALISED and report.generation == 1


def test_finalise_refused_when_the_figures_changed_R_F4(
    client, finance, riga, contract, caseworker, january_sheet, media, django_capture_on_commit_callbacks
):
    report = built_report(client, django_capture_on_commit_callbacks, finance, riga)
    late = make_contract(contract.allocation, make_assistant(first_name="Ilze"), by=caseworker)
    accepted_sheet(late, JANUARY, [(dt.date(2026, 1, 9), "09:00", "10:00", "DAILY", "0")], by=caseworker)
    response = client.post(
        reverse("reporting:report_finalise", args=[report.pk]), {"confirm": "yes"}, follow=True
    )
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    stale = lv(
        "The figures changed since this draft was generated (a sheet was accepted or corrected, "
        "or a rate changed). Generate the report again and check it before finalising."
    )
    assert stale in text(response)


# ------------------------------------------------------------------------------------------ downloads


def test_downloads_have_their_types_names_and_contents_R_F5(
    client, finance, riga, january_sheet, media, django_capture_on_commit_callbacks
):
    report = built_report(client, django_capture_on_commit_callbacks, finance, riga)
    url = lambda fmt: reverse("reporting:report_download", args=[report.pk, fmt])  # noqa: E731
    pdf = client.get(url("pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="parskats-riga-2026-01.pdf"' in pdf["Content-Disposition"]
    assert body(pdf).startswith(b"%PDF")
    xlsx = client.get(url("xlsx"))
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="parskats-riga-2026-01.xlsx"' in xlsx["Content-Disposition"]
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(body(xlsx))).namelist()
    csv_response = client.get(url("csv"))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert 'filename="parskats-riga-2026-01.csv"' in csv_response["Content-Disposition"]
    assert csv_response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(body(csv_response).decode("utf-8")), delimiter=";"))
    assert ";".join(rows[0]) == CSV_HEADER and ";".join(rows[1]) == JANUARY_CSV
    assert client.get(reverse("reporting:report_download", args=[report.pk, "doc"])).status_code == 404


def test_no_download_while_a_new_generation_is_on_its_way(
    client, finance, riga, january_sheet, media, django_capture_on_commit_callbacks
):
    report = built_report(client, django_capture_on_commit_callbacks, finance, riga)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.QUEUED)
    assert client.get(reverse("reporting:report_download", args=[report.pk, "csv"])).status_code == 404


# -------------------------------------------------------------------------------------------- rates


def rate_data(**overrides):
    data = {
        "valid_from": "01.01.2027",
        "gross_hourly": "4,50",
        "employer_percent": "23,59",
        "admin_he_percent": "5",
        "admin_gen_percent": "8,00",
        "note": "Grozījumi 2027",
    }
    data.update(overrides)
    return data


def test_rates_list_shows_history_and_the_rates_in_force_R_F1(client, finance):
    client.force_login(finance)
    with time_machine.travel(dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        page = text(client.get(reverse("reporting:rate_list")))
    assert "01.07.2021" in page and "01.04.2023" in page and "3,64" in page and "4,13" in page
    assert "23,59" in page
    in_force = page.split('class="table-success"')[1].split("</tr>")[0]
    assert "01.04.2023" in in_force


def test_finance_adds_rates_with_decimal_comma_R_F1(client, finance):
    client.force_login(finance)
    response = client.post(reverse("reporting:rate_create"), rate_data())
    assert response.status_code == 302 and response.url == reverse("reporting:rate_list")
    rate = Rate.objects.get(valid_from=dt.date(2027, 1, 1))
    assert rate.gross_hourly == Decimal("4.50") and rate.employer_percent == Decimal("23.59")
    assert rate.admin_he_percent == Decimal("5") and rate.history.first().history_user == finance


def test_rate_form_errors_are_in_latvian_R_F1(client, finance):
    client.force_login(finance)
    typed = client.post(
        reverse("reporting:rate_create"), rate_data(valid_from="2027.01.01", gross_hourly="četri")
    )
    page = text(typed)
    assert "Norādiet datumu formātā dd.mm.gggg" in page and "Jāievada skaitlis." in page
    refused = text(
        client.post(reverse("reporting:rate_create"), rate_data(gross_hourly="0", admin_gen_percent="100"))
    )
    assert lv("The gross hourly pay must be more than 0.") in refused
    assert lv("A rate is a percentage from 0 to less than 100.") in refused
    clash = text(client.post(reverse("reporting:rate_create"), rate_data(valid_from="01.04.2023")))
    assert lv("Rates valid from %(day)s already exist; correct those instead.", day="01.04.2023") in clash
    assert Rate.objects.count() == 2


def test_rate_not_used_by_a_finalised_report_can_be_edited(client, finance):
    rate = Rate.objects.get(valid_from=dt.date(2023, 4, 1))
    client.force_login(finance)
    form = text(client.get(reverse("reporting:rate_edit", args=[rate.pk])))
    assert 'value="4,13"' in form and 'value="23,59"' in form and 'value="01.04.2023"' in form
    response = client.post(
        reverse("reporting:rate_edit", args=[rate.pk]),
        rate_data(valid_from="01.04.2023", gross_hourly="4,14"),
    )
    assert response.status_code == 302
    rate.refresh_from_db()
    assert rate.gross_hourly == Decimal("4.14")


def test_rate_used_by_a_finalised_report_cannot_be_edited_R_F1(
    client, finance, riga, january_sheet, media, django_capture_on_commit_callbacks
):
    report = built_report(client, django_capture_on_commit_callbacks, finance, riga)
    services.report_finalise(report=report, by=finance)
    rate = Rate.objects.get(valid_from=dt.date(2023, 4, 1))
    listed = text(client.get(reverse("reporting:rate_list")))
    assert reverse("reporting:rate_edit", args=[rate.pk]) not in listed
    response = client.post(
        reverse("reporting:rate_edit", args=[rate.pk]),
        rate_data(valid_from="01.04.2023", gross_hourly="4,14"),
    )
    assert response.status_code == 200
    message = lv(
        "These rates paid sheets of a finalised report and cannot be changed; add new rates "
        "valid from a later day instead."
    )
    assert message in text(response)
    rate.refresh_from_db()
    assert rate.gross_hourly == Decimal("4.13")


def test_ministry_reads_rates_but_cannot_change_them(client, ministry):
    rate = Rate.objects.first()
    client.force_login(ministry)
    page = text(client.get(reverse("reporting:rate_list")))
    assert (
        reverse("reporting:rate_create") not in page
        and reverse("reporting:rate_edit", args=[rate.pk]) not in page
    )
    assert client.post(reverse("reporting:rate_edit", args=[rate.pk]), rate_data()).status_code == 403


# ------------------------------------------------------------------------------------------- queries


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_report_list_runs_a_constant_number_of_queries(client, finance, riga, django_assert_max_num_queries):
    client.force_login(finance)
    url = reverse("reporting:report_list")
    Report.objects.create(
        municipality=riga, month=JANUARY, status=Report.Status.FINALISED, finalised_by=finance
    )
    one = _queries(client, url)
    for month in range(2, 7):
        Report.objects.create(
            municipality=riga, month=dt.date(2026, month, 1), status=Report.Status.FINALISED,
            finalised_by=finance, requested_by=finance,
        )  # fmt: skip
    with django_assert_max_num_queries(one):
        client.get(url)


def test_report_detail_runs_a_constant_number_of_queries(
    client, finance, riga, django_assert_max_num_queries
):
    report = Report.objects.create(municipality=riga, month=JANUARY, status=Report.Status.READY)
    client.force_login(finance)
    url = reverse("reporting:report_detail", args=[report.pk])

    def row(position, month):
        zero = Decimal("0.00")
        return ReportRow(
            report=report, position=position, municipality=riga, month=month, is_adjustment=position > 1,
            recipients=1, assistants=1, minutes=60, gross_wages=Decimal("4.13"), employer_contributions=zero,
            transport=zero, service_cost_he=zero, service_cost_gen=Decimal("4.13"), admin_he=zero,
            admin_gen=Decimal("0.33"), admin_total=Decimal("0.33"), total=Decimal("4.46"),
        )  # fmt: skip

    ReportRow.objects.bulk_create([row(1, JANUARY)])
    one = _queries(client, url)
    ReportRow.objects.bulk_create(
        [row(position, dt.date(2025, 14 - position, 1)) for position in range(2, 7)]
    )
    with django_assert_max_num_queries(one):
        page = text(client.get(url))
    assert page.count('class="report-adjustment"') == 5
    assert ">26,76<" in page.split('id="report-total"')[1]  # 6 × 4.46


def test_rates_list_runs_a_constant_number_of_queries(client, finance, django_assert_max_num_queries):
    client.force_login(finance)
    url = reverse("reporting:rate_list")
    one = _queries(client, url)
    for year in range(2027, 2032):
        Rate.objects.create(
            valid_from=dt.date(year, 1, 1), gross_hourly=Decimal("5"), employer_percent=Decimal("23.59"),
            admin_he_percent=Decimal("5"), admin_gen_percent=Decimal("8"),
        )  # fmt: skip
    with django_assert_max_num_queries(one):
        client.get(url)
