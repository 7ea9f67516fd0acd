"""The ministry's national dashboard (issue 7 point 1): recipients, hours granted and used, and cost per
municipality and month; overdue decisions (R-D1) and timesheets (R-T3 deadline); ministry only; aggregates
only (SPEC §1); server-side SVG charts with the same figures in their tables; constant number of queries.

Every expected figure below is computed by hand in the comments, from the allocation rules (R-A2, R-A6),
the seeded rates (R-F1) and the report rules (R-F2–R-F4)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assistance import decision_pdf
from assistance import services as assistance_services
from assistance.models import AllocationMonth
from contracts.models import Timesheet
from core.roles import Role
from reporting import exports
from reporting import services as report_services
from reporting.dashboard_selectors import national_dashboard
from reporting.models import Report, ReportRow
from reporting.templatetags.charts import nice_ticks
from tests.assistance.factories import make_application, make_eligible_adult, municipality
from tests.conftest import make_person
from tests.contracts.conftest import approved_allocation, make_assistant, make_contract
from tests.reporting.factories import accepted_sheet

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)
NOW = dt.datetime(2026, 3, 15, 10, 0, tzinfo=dt.UTC)
DEC, JAN, FEB, MAR = dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
URL = "/valsts-parskats/"

# The test persons: their names and codes must never reach the ministry's page.
NAMES = [("Zelma", "Ozoliņa"), ("Ilmārs", "Kalnietis"), ("Dace", "Liepiņa")]
OTHER_NAMES = [
    ("Visvaldis", "Purenis"),
    ("Rasma", "Grīntāle"),
    ("Egons", "Vītoliņš"),
    ("Skaidrīte", "Āboltiņa"),
    ("Arvīds", "Zariņkalns"),
]


@pytest.fixture(autouse=True)
def no_pdf(monkeypatch):
    """The decision and report PDFs are tested elsewhere; rendering them here would only take time."""
    stub = lambda template, context, language="lv": b"%PDF-1.4 stub"  # noqa: E731
    monkeypatch.setattr(decision_pdf, "render_pdf", stub)
    monkeypatch.setattr(exports, "render_pdf", stub)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def supervisor_liepaja(db):
    return make_person("supervisor-liepaja", Role.SUPERVISOR, "Liepāja")


def sheet(contract, month, status) -> Timesheet:
    """A current sheet that is not accepted: a draft, a submitted or a returned one."""
    return Timesheet.objects.create(
        contract=contract, municipality=contract.municipality, month=month, status=status
    )


@pytest.fixture
def dataset(
    frozen,
    caseworker,
    supervisor,
    caseworker_liepaja,
    supervisor_liepaja,
    finance,
    media,
    django_capture_on_commit_callbacks,
):
    """Two municipalities on 15.03.2026 (rule set V1: DAILY 15 h, coefficients 1 / 2, deadline day 10).

    Rīga
      A  coefficient 1, no purposes, from 01.12.2025: DAILY 15 h in each full month (15 × 1 = 15, R-A2);
         re-assessed from 16.03.2026 (coefficient 1 again): the old grant ends 15.03.
      B  coefficient 2 (all answers 2), from 16.01.2026: DAILY 15 × 2 = 30 h a full month;
         January has 16 of 31 days: round_half_up(30 × 16 / 31 = 15.48) = 15 (cap floor(40 × 16 / 7) = 91).
      P  a proposal (not approved) from 01.02.2026: never counted.
    Liepāja
      C  coefficient 1 from 01.02.2026: 15 h in February and March.
    """
    a = approved_allocation(caseworker, supervisor, start=DEC, first_name=NAMES[0][0], last_name=NAMES[0][1])
    b = approved_allocation(
        caseworker, supervisor, start=dt.date(2026, 1, 16), answers=2,
        first_name=NAMES[1][0], last_name=NAMES[1][1],
    )  # fmt: skip
    c = approved_allocation(
        caseworker_liepaja, supervisor_liepaja, start=FEB, first_name=NAMES[2][0], last_name=NAMES[2][1]
    )
    # The re-assessment of A from 16.03.2026: the old grant is cut at 15.03 (R-A7).
    again = make_application(caseworker, a.application.person, submit=True)
    again = assistance_services.application_record_assessment(
        application=again, answers={f"Q{i:02d}": 1 for i in range(1, 13)}, by=caseworker
    )
    assistance_services.proposal_grant(application=again, start=dt.date(2026, 3, 16), by=caseworker)
    assistance_services.proposal_approve(application=again, by=supervisor)

    # Applications waiting for a decision; on 15.03 one received before 15.02 is overdue (R-D1: due one
    # month after it was received; received 14.02 → due 14.03 < 15.03; received 15.02 → due 15.03, not yet).
    persons = iter(OTHER_NAMES)

    def adult(by, serial):
        first, last = next(persons)
        return make_eligible_adult(
            by, serial=serial, born=dt.date(1975, 3, 3), first_name=first, last_name=last
        )

    proposed = make_application(
        caseworker, adult(caseworker, 901), received=dt.date(2026, 2, 14), submit=True
    )
    proposed = assistance_services.application_record_assessment(
        application=proposed, answers={f"Q{i:02d}": 1 for i in range(1, 13)}, by=caseworker
    )
    assistance_services.proposal_grant(application=proposed, start=FEB, by=caseworker)  # P: overdue
    make_application(
        caseworker, adult(caseworker, 902), received=dt.date(2026, 2, 15), submit=True
    )  # not yet
    make_application(caseworker, adult(caseworker, 903), received=dt.date(2026, 1, 5), submit=True)  # overdue
    make_application(caseworker, adult(caseworker, 904), received=dt.date(2026, 1, 5))  # a draft: not counted
    returned = make_application(
        caseworker_liepaja, adult(caseworker_liepaja, 905), received=dt.date(2026, 2, 1), submit=True
    )
    returned = assistance_services.application_record_assessment(
        application=returned, answers={f"Q{i:02d}": 1 for i in range(1, 13)}, by=caseworker_liepaja
    )
    assistance_services.proposal_grant(application=returned, start=FEB, by=caseworker_liepaja)
    assistance_services.proposal_return(application=returned, comment="Pārbaudīt", by=supervisor_liepaja)

    # Contracts and sheets.
    employee = make_assistant(tax_status="employee", first_name="Asta", last_name="Palīga")
    c1 = make_contract(a, employee, by=caseworker, end=dt.date(2026, 12, 31))
    c2 = make_contract(
        a, make_assistant(tax_status="self_employed"), by=caseworker, end=dt.date(2025, 12, 31)
    )
    c3 = make_contract(b, make_assistant(), by=caseworker)
    c4 = make_contract(b, make_assistant(), by=caseworker)
    c5 = make_contract(b, make_assistant(), by=caseworker)
    make_contract(b, make_assistant(), by=caseworker, start=MAR)  # not running in February
    c6 = make_contract(c, make_assistant(), by=caseworker_liepaja)
    c7 = make_contract(c, make_assistant(), by=caseworker_liepaja)

    # January, c1 (employee): DAILY 150 min + HIGHER_EDUCATION 120 min = 270 min = 4.50 h.
    accepted_sheet(
        c1, JAN,
        [(dt.date(2026, 1, 5), "09:00", "11:30", "DAILY", "1.20"),
         (dt.date(2026, 1, 6), "10:00", "12:00", "HIGHER_EDUCATION", "0")],
        by=caseworker,
    )  # fmt: skip
    # December, c2 (self-employed): 60 min = 1.00 h; in January's report as an adjustment (R-F4).
    accepted_sheet(c2, DEC, [(dt.date(2025, 12, 1), "09:00", "10:00", "DAILY", "0")], by=caseworker)
    # An old revision of a January sheet: not current, never counted.
    old = accepted_sheet(c3, JAN, [(dt.date(2026, 1, 20), "08:00", "18:00", "DAILY", "0")], by=caseworker)
    Timesheet.objects.filter(pk=old.pk).update(is_current=False)
    # February: c1 accepted 135 min = 2.25 h (no report yet); c4 a draft; c5 submitted, not accepted.
    accepted_sheet(c1, FEB, [(dt.date(2026, 2, 2), "08:00", "10:15", "DAILY", "0")], by=caseworker)
    sheet(c4, FEB, Timesheet.Status.DRAFT)
    sheet(c5, FEB, Timesheet.Status.SUBMITTED)
    # Liepāja February: c6 accepted 90 min = 1.50 h; c7 returned.
    accepted_sheet(c6, FEB, [(dt.date(2026, 2, 3), "12:00", "13:30", "DAILY", "0")], by=caseworker_liepaja)
    sheet(c7, FEB, Timesheet.Status.RETURNED)

    # Rīga's January report, finalised (rates from 01.04.2023: gross 4.13, employer 23.59 %, admin 5 / 8 %):
    #   January c1: GEN 150 min: wage 150 × 4.13 / 60 = 10.325 → 10.33; contributions 10.33 × 0.2359 =
    #     2.4368 → 2.44; transport 1.20; service cost 13.97; admin 13.97 × 8 % = 1.1176 → 1.12.
    #     HE 120 min: wage 8.26; contributions 8.26 × 0.2359 = 1.9485 → 1.95; service cost 10.21; admin
    #     10.21 × 5 % = 0.5105 → 0.51. Total 13.97 + 10.21 + 1.12 + 0.51 = 25.81.
    #   December adjustment c2 (self-employed): wage 60 × 4.13 / 60 = 4.13; no contributions; admin 4.13 ×
    #     8 % = 0.3304 → 0.33; total 4.46.
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_request(municipality=a.municipality, month=JAN, by=finance)
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    report_services.report_finalise(report=report, by=finance)
    # A Liepāja draft that is not finalised: its figures are not counted.
    draft = Report.objects.create(municipality=c.municipality, month=FEB, status=Report.Status.READY)
    ReportRow.objects.create(
        report=draft, position=1, municipality=c.municipality, month=FEB, recipients=1, assistants=1,
        minutes=90, gross_wages=Decimal("999.99"), employer_contributions=0, transport=0,
        service_cost_he=0, service_cost_gen=Decimal("999.99"), admin_he=0, admin_gen=0, admin_total=0,
        total=Decimal("999.99"),
    )  # fmt: skip
    return {"a": a, "b": b, "c": c, "riga": a.municipality, "liepaja": c.municipality}


def test_the_schedule_the_dashboard_sums_is_the_one_computed_by_hand_R_A6(dataset):
    """The AllocationMonth totals the dashboard adds up, checked against the hand computation."""
    a, b, c = dataset["a"], dataset["b"], dataset["c"]
    a.refresh_from_db()
    totals = lambda allocation: dict(  # noqa: E731
        AllocationMonth.objects.filter(allocation=allocation, month__lte=MAR).values_list("month", "total")
    )
    # A cut at 15.03: March round_half_up(15 × 15 / 31 = 7.26) = 7; its successor from 16.03:
    # round_half_up(15 × 16 / 31 = 7.74) = 8.
    assert totals(a) == {DEC: 15, JAN: 15, FEB: 15, MAR: 7}
    assert totals(a.superseded_by) == {MAR: 8}
    assert totals(b) == {JAN: 15, FEB: 30, MAR: 30}
    assert totals(c) == {FEB: 15, MAR: 15}


def test_aggregates_per_municipality_and_month_are_computed_by_hand(dataset, ministry):
    data = national_dashboard(user=ministry, today=TODAY, months=4)
    assert data.months == (DEC, JAN, FEB, MAR)
    lines = {line.name: line for line in data.municipalities}
    riga, liepaja = lines["Rīga"], lines["Liepāja"]

    # Recipients (distinct persons with an approved grant covering part of the month):
    #   Rīga: December A; January A, B; February A, B; March A (two grants, one person), B → 2.
    assert [f.recipients for f in riga.months] == [1, 2, 2, 2]
    assert [f.recipients for f in liepaja.months] == [0, 0, 1, 1]
    assert [f.recipients for f in data.totals] == [1, 2, 3, 3]
    # Hours granted: Rīga December 15; January 15 + 15 = 30; February 15 + 30 = 45; March 7 + 8 + 30 = 45.
    #   Liepāja February and March 15. The proposal P (15 h in February) is not approved: not counted.
    assert [f.hours_granted for f in riga.months] == [15, 30, 45, 45]
    assert [f.hours_granted for f in liepaja.months] == [0, 0, 15, 15]
    assert [f.hours_granted for f in data.totals] == [15, 30, 60, 60]
    # Hours used (accepted current sheets): Rīga December 1.00, January 4.50 (the 600 min of the old
    #   revision are not counted), February 2.25; Liepāja February 1.50; country February 3.75.
    assert [f.hours_used for f in riga.months] == [Decimal("1.00"), Decimal("4.50"), Decimal("2.25"), 0]
    assert [f.hours_used for f in liepaja.months] == [0, 0, Decimal("1.50"), 0]
    assert [f.hours_used for f in data.totals] == [Decimal("1.00"), Decimal("4.50"), Decimal("3.75"), 0]
    # Cost (finalised reports only, adjustment rows in their own month): December 4.46, January 25.81;
    #   Liepāja's draft (999.99) does not count.
    assert [f.cost for f in riga.months] == [Decimal("4.46"), Decimal("25.81"), 0, 0]
    assert [f.cost for f in liepaja.months] == [0, 0, 0, 0]
    assert [f.cost for f in data.totals] == [Decimal("4.46"), Decimal("25.81"), 0, 0]
    # Every municipality existing in the period is listed, with zeros where nothing happened: 43 of the
    # 2021 reform less Varakļānu novads, merged into Madonas novads on 30.06.2025.
    assert len(data.municipalities) == 42 and lines["Ventspils"].latest.recipients == 0
    assert "Varakļānu novads" not in lines


def test_one_municipality_narrows_lines_and_totals(dataset, ministry):
    data = national_dashboard(user=ministry, today=TODAY, months=4, municipality=dataset["liepaja"].pk)
    assert data.selected is not None and data.selected.name == "Liepāja"
    assert [line.name for line in data.municipalities] == ["Liepāja"]
    assert [f.hours_granted for f in data.totals] == [0, 0, 15, 15]
    assert (data.overdue_decisions, data.overdue_timesheets) == (1, 1)


def test_overdue_decisions_and_timesheets_per_municipality_R_D1(dataset, ministry):
    data = national_dashboard(user=ministry, today=TODAY, months=4)
    lines = {line.name: line for line in data.municipalities}
    # Decisions: Rīga P (14.02) and the submitted one of 05.01 (not the one of 15.02, not the draft);
    #   Liepāja the returned one of 01.02.
    assert (lines["Rīga"].overdue_decisions, lines["Liepāja"].overdue_decisions) == (2, 1)
    # Timesheets for February (deadline 10.03): Rīga c3 (none) and c4 (draft); not c1 (accepted), c5
    #   (submitted), c2 (ended in December) nor the contract from March. Liepāja c7 (returned).
    assert (lines["Rīga"].overdue_timesheets, lines["Liepāja"].overdue_timesheets) == (2, 1)
    assert (data.overdue_decisions, data.overdue_timesheets) == (3, 3)
    assert data.sheets_month == FEB


def test_timesheets_are_overdue_only_after_the_deadline_day_R_T3(dataset, ministry):
    # The deadline is 10.03 (V1: day 10 of the next month): on that day nothing is late yet, a day later
    # the three are. Decisions: on 10.03 those received before 10.02 are overdue (due 10.03 is not yet):
    # Rīga's of 05.01 and Liepāja's of 01.02 (due 01.03), not Rīga's of 14.02 and 15.02.
    on_deadline = national_dashboard(user=ministry, today=dt.date(2026, 3, 10), months=1)
    assert (on_deadline.overdue_decisions, on_deadline.overdue_timesheets) == (2, 0)
    after = national_dashboard(user=ministry, today=dt.date(2026, 3, 11), months=1)
    assert after.overdue_timesheets == 3


# ------------------------------------------------------------------------------------------ the page


def cell_texts(page: str, table_id: str) -> list[list[str]]:
    """The rows of a table as lists of cell texts (th and td)."""
    table = page.split(f'id="{table_id}"')[1].split("</table>")[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


def svg(page: str, chart_id: str) -> str:
    return page.split(f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" id="{chart_id}"')[1].split(
        "</svg>"
    )[0]


def test_page_shows_cards_charts_and_tables_with_the_same_figures(dataset, client, ministry):
    client.force_login(ministry)
    response = client.get(URL, {"start": "2025-12", "end": "2026-03"})
    assert response.status_code == 200
    page = response.content.decode()
    # The cards show the last month of the period: March, the whole country.
    assert re.search(r'id="kpi-recipients"[^>]*>3<', page)
    assert re.search(r'id="kpi-granted"[^>]*>60,00<', page)
    assert re.search(r'id="kpi-used"[^>]*>0,00<', page)
    assert re.search(r'id="kpi-cost"[^>]*>0,00<', page)

    hours = cell_texts(page, "table-hours")
    assert hours[1:] == [
        ["12.2025", "1", "15,00", "1,00"],
        ["01.2026", "2", "30,00", "4,50"],
        ["02.2026", "3", "60,00", "3,75"],
        ["03.2026", "3", "60,00", "0,00"],
    ]
    chart = svg(page, "chart-hours")
    assert 'role="img"' in chart and 'aria-labelledby="chart-hours-title chart-hours-desc"' in chart
    assert '<title id="chart-hours-title">' in chart and '<desc id="chart-hours-desc">' in chart
    values = re.findall(r'class="chart-value">([^<]+)<', chart)
    # Per month: granted, then used: the same figures as the table.
    assert values == ["15,00", "1,00", "30,00", "4,50", "60,00", "3,75", "60,00", "0,00"]
    assert 'fill="url(#chart-hours-fill-0)"' in chart and 'fill="url(#chart-hours-fill-1)"' in chart

    cost = cell_texts(page, "table-cost")
    assert cost[1:] == [["12.2025", "4,46"], ["01.2026", "25,81"], ["02.2026", "0,00"], ["03.2026", "0,00"]]
    assert re.findall(r'class="chart-value">([^<]+)<', svg(page, "chart-cost")) == [
        "4,46", "25,81", "0,00", "0,00",
    ]  # fmt: skip

    # Recipients per municipality in March, most first: Rīga 2, Liepāja 1, then the others (0) by name.
    municipalities = cell_texts(page, "table-municipalities")
    assert municipalities[1] == ["Rīga", "2", "45,00", "0,00", "0,00"]
    assert municipalities[2] == ["Liepāja", "1", "15,00", "0,00", "0,00"]
    assert municipalities[-1][1:] == ["3", "60,00", "0,00", "0,00"]  # the total row
    bars = svg(page, "chart-recipients")
    assert 'role="img"' in bars and '<title id="chart-recipients-title">' in bars
    assert re.findall(r'class="chart-value">([^<]+)<', bars)[:3] == ["2", "1", "0"]

    overdue = cell_texts(page, "table-overdue")
    by_name = {row[0]: row[1:] for row in overdue[1:-1]}
    assert by_name["Rīga"] == ["2", "2"] and by_name["Liepāja"] == ["1", "1"]
    assert overdue[-1][1:] == ["3", "3"]  # the total row
    # Every table has a caption and headers with a scope.
    for table_id in ("table-hours", "table-cost", "table-municipalities", "table-overdue"):
        table = page.split(f'id="{table_id}"')[1].split("</table>")[0]
        assert "<caption>" in table and '<th scope="col"' in table and '<th scope="row"' in table


def test_page_carries_no_personal_data_SPEC_1(dataset, client, ministry):
    client.force_login(ministry)
    pages = [
        client.get(URL).content.decode(),
        client.get(URL, {"year": "2026", "municipality": dataset["riga"].pk}).content.decode(),
    ]
    a, b, c = dataset["a"], dataset["b"], dataset["c"]
    codes = [a.personal_code, b.personal_code, c.personal_code]
    assert len(set(codes)) == 3
    for page in pages:
        for code in codes:
            assert code not in page and f"{code[:6]}-{code[6:]}" not in page
        for first, last in NAMES + OTHER_NAMES + [("Asta", "Palīga")]:
            assert first not in page and last not in page
        # No link to any case: persons, applications, contracts, timesheets, decisions.
        for prefix in ("/personas/", "/iesniegumi/", "/ligumi/", "/uzskaites-lapas/", "/lemumi/"):
            assert prefix not in page


def test_year_filter_and_municipality_select(dataset, client, ministry):
    client.force_login(ministry)
    page = client.get(URL, {"year": "2026", "municipality": dataset["liepaja"].pk}).content.decode()
    # 2026 up to the current month: January–March, Liepāja only.
    assert [row[0] for row in cell_texts(page, "table-hours")[1:]] == ["01.2026", "02.2026", "03.2026"]
    assert cell_texts(page, "table-hours")[2] == ["02.2026", "1", "15,00", "1,50"]
    assert [row[0] for row in cell_texts(page, "table-overdue")[1:-1]] == ["Liepāja"]
    assert f'<option value="{dataset["liepaja"].pk}" selected>Liepāja</option>' in page


def test_bad_filters_fall_back_to_the_last_twelve_months(client, ministry, frozen):
    client.force_login(ministry)
    response = client.get(URL, {"start": "2026-03", "end": "2025-12", "municipality": "999999"})
    assert response.status_code == 200
    page = response.content.decode()
    months = [row[0] for row in cell_texts(page, "table-hours")[1:]]
    assert months[0] == "04.2025" and months[-1] == "03.2026" and len(months) == 12  # 04.2025–03.2026
    assert page.count("invalid-feedback") >= 2  # the range and the unknown municipality


@pytest.mark.parametrize("role", ["caseworker", "supervisor", "finance", "assistant"])
def test_only_the_ministry_sees_the_dashboard(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code in (403, 404)
    assert "/valsts-parskats/" not in client.get(reverse("dashboard")).content.decode()


def test_superuser_sees_the_dashboard_and_anonymous_logs_in(client, admin_user):
    assert client.get(URL).status_code == 302
    client.force_login(admin_user)
    assert client.get(URL).status_code == 200


def test_ministry_navigation_and_panel_link_to_the_dashboard(client, ministry):
    client.force_login(ministry)
    page = client.get(reverse("dashboard")).content.decode()
    assert f'href="{URL}"' in page and 'id="ministry-dashboard-link"' in page
    assert reverse("ministry:dashboard") == URL


# ------------------------------------------------------------------------------------------ queries


def municipal_data(name: str, serial: int) -> None:
    """One municipality's grant, contract, accepted sheet, finalised report row and overdue application."""
    caseworker = make_person(f"cw-{serial}", Role.CASEWORKER, name)
    supervisor = make_person(f"sv-{serial}", Role.SUPERVISOR, name)
    allocation = approved_allocation(caseworker, supervisor, start=JAN)
    contract = make_contract(allocation, make_assistant(), by=caseworker)
    accepted_sheet(contract, JAN, [(dt.date(2026, 1, 7), "09:00", "10:00", "DAILY", "0")], by=caseworker)
    report = Report.objects.create(municipality=municipality(name), month=JAN, status=Report.Status.FINALISED)
    ReportRow.objects.create(
        report=report, position=1, municipality=report.municipality, month=JAN, recipients=1,
        assistants=1, minutes=60, gross_wages=Decimal("4.13"), employer_contributions=0, transport=0,
        service_cost_he=0, service_cost_gen=Decimal("4.13"), admin_he=0, admin_gen=Decimal("0.33"),
        admin_total=Decimal("0.33"), total=Decimal("4.46"),
    )  # fmt: skip
    person = make_eligible_adult(caseworker, serial=serial, born=dt.date(1970, 1, 1))
    make_application(caseworker, person, received=dt.date(2026, 1, 2), submit=True)


def test_the_page_runs_a_constant_number_of_queries(
    client, ministry, frozen, media, django_assert_max_num_queries
):
    municipal_data("Rīga", 801)
    client.force_login(ministry)
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as one:
        page = client.get(URL, {"year": "2026"}).content.decode()
    assert cell_texts(page, "table-cost")[1] == ["01.2026", "4,46"]
    municipal_data("Liepāja", 802)
    municipal_data("Ventspils", 803)
    with django_assert_max_num_queries(10):
        page = client.get(URL, {"year": "2026"}).content.decode()
    assert cell_texts(page, "table-cost")[1] == ["01.2026", "13,38"]  # 3 × 4.46
    with CaptureQueriesContext(connection) as three:
        client.get(URL, {"year": "2026"})
    assert len(three) == len(one)


# ---------------------------------------------------------------------------------------- the charts


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (Decimal(0), ["0", "1"]),
        (Decimal(60), ["0", "20", "40", "60"]),  # 60 / 4 = 15 → step 20
        (Decimal("25.81"), ["0", "10", "20", "30"]),  # 6.45 → 10
        (Decimal("3.75"), ["0", "1", "2", "3", "4"]),  # 0.94 → 1
        (Decimal(1234), ["0", "500", "1000", "1500"]),  # 308.5 → 500
    ],
)
def test_axis_ticks_are_round_numbers_above_the_largest_value(maximum, ticks):
    assert nice_ticks(maximum) == [Decimal(t) for t in ticks]


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [(1, ["0", "1"]), (3, ["0", "1", "2", "3"]), (7, ["0", "2", "4", "6", "8"]), (10, ["0", "5", "10"])],
)
def test_count_axes_have_whole_steps(maximum, ticks):
    # 1 / 4 = 0.25 → 1 (no quarter persons); 7 / 4 = 1.75 → 2; 10 / 4 = 2.5 → 5 (2.5 is not whole).
    assert nice_ticks(Decimal(maximum), whole=True) == [Decimal(t) for t in ticks]
