"""The ministry's policy simulation pages (R-S2): asking for a simulation and reading its comparison with the
rule set in force (aggregates only), the progress endpoint, the PDF and XLSX, who may see what, and a
constant number of queries per page."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from pypdf import PdfReader

from assistance.models import RuleSet
from core.roles import Role
from reporting.models import Rate, Simulation
from tests.conftest import make_person
from tests.contracts.conftest import approved_allocation
from tests.reporting.export_scenario import no_decision_documents  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_decision_documents")]

JANUARY = dt.date(2026, 1, 1)
NBSP = "\xa0"

# Two adults in Rīga with coefficient 1 (twelve answers of 1: 12 points, threshold 12, high 24) and no purpose
# (DAILY only), granted from 01.01.2026 with an indefinite disability; the simulation runs from 01.2026.
#   V1 (in force): DAILY 15 h × 1 = 15 h each → 30 h;  V5: DAILY 10 h × 1 = 10 h each → 20 h.
# Cost at the rates from 01.04.2023 (4.13 EUR/h, employer 23.59 %, administration 8 %), per person and month:
#   hourly 4.13 × 1.2359 = 5.104267;
#   V1 15 × 5.104267 × 1.08 = 82.6891… → 82.69;  V5 10 × 5.104267 × 1.08 = 55.1260… → 55.13
#   month: V1 2 × 82.69 = 165.38; V5 2 × 55.13 = 110.26; difference −55.12
#   year (12 full months, the grants run on): V1 12 × 165.38 = 1984.56; V5 12 × 110.26 = 1323.12; −661.44
# Each person loses 5 h: both in the band "−1 to −19 h"; hours lost 10, gained 0.
EXPECTED = {
    "recipients": ("2", "2", "0"),
    "hours_month": ("30", "20", "−10"),
    "cost_month": ("165,38", "110,26", "−55,12"),
    "cost_year": (f"1{NBSP}984,56", f"1{NBSP}323,12", "−661,44"),
}


def lv(message: str, **values) -> str:
    """A message as the Latvian page shows it (translated when the catalogue has it, HTML-escaped)."""
    with translation.override("lv"):
        translated = gettext(message)
    return escape(translated % values if values else translated)


def text(response) -> str:
    return response.content.decode()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def rule_set(code: str) -> RuleSet:
    return RuleSet.objects.filter(code=code).order_by("-version").first()


@pytest.fixture
def two_adults(caseworker, supervisor):
    return [
        approved_allocation(caseworker, supervisor, start=JANUARY, first_name=name)
        for name in ("Rasma", "Ilmārs")
    ]


def ask(client, django_capture_on_commit_callbacks, *, code="V5", municipality="", month="2026-01"):
    """Post the request form; the task runs eagerly when the transaction commits."""
    data = {"rule_set": rule_set(code).pk if code else "", "municipality": municipality, "month": month}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("simulations:simulation_list"), data)


def simulated(client, django_capture_on_commit_callbacks, ministry, **kwargs) -> Simulation:
    client.force_login(ministry)
    response = ask(client, django_capture_on_commit_callbacks, **kwargs)
    simulation = Simulation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("simulations:simulation_detail", args=[simulation.pk])
    return simulation


def cells(page: str, row_id: str) -> list[str]:
    """The baseline, candidate and difference cells of a comparison row."""
    row = page.split(f'id="{row_id}"')[1].split("</tr>")[0]
    return [
        row.split(f'data-column="{column}">')[1].split("<")[0]
        for column in ("baseline", "candidate", "difference")
    ]


# ------------------------------------------------------------------------------------- request, figures


def test_ministry_simulates_v5_for_the_country_and_reads_the_comparison_R_S2(
    client, ministry, riga, two_adults, media, django_capture_on_commit_callbacks
):
    simulation = simulated(client, django_capture_on_commit_callbacks, ministry)
    simulation.refresh_from_db()
    assert simulation.status == Simulation.Status.READY and simulation.requested_by == ministry
    assert simulation.rule_set == rule_set("V5") and simulation.baseline == rule_set("V1")
    assert simulation.municipality is None and simulation.month == JANUARY and simulation.cases == 2
    results = simulation.results
    assert results["baseline"] == {
        "recipients": 2,
        "hours_month": 30,
        "cost_month": "165.38",
        "cost_year": "1984.56",
    }
    assert results["candidate"] == {
        "recipients": 2,
        "hours_month": 20,
        "cost_month": "110.26",
        "cost_year": "1323.12",
    }

    page = text(client.get(reverse("simulations:simulation_detail", args=[simulation.pk])))
    for key, expected in EXPECTED.items():
        assert cells(page, f"comparison-{key}") == list(expected), key
    # The page shows what the result JSON holds.
    assert cells(page, "comparison-hours_month")[:2] == [
        str(results["baseline"]["hours_month"]),
        str(results["candidate"]["hours_month"]),
    ]
    assert lv("Rules in force (%(label)s)", label="V1 v1") in page
    assert lv("Simulated (%(label)s)", label="V5 v1") in page
    bands = page.split('id="simulation-bands"')[1].split("</table>")[0]
    assert 'id="band-minus_1"><th scope="row" class="fw-normal">' in bands
    assert bands.split('id="band-minus_1"')[1].split("</tr>")[0].endswith('<td class="text-end">2</td>')
    assert bands.split('id="band-unchanged"')[1].split("</tr>")[0].endswith('<td class="text-end">0</td>')
    assert '<td class="text-end" id="persons-changed">2</td>' in bands
    assert 'id="hours-gained">0 h<' in page and 'id="hours-lost">10 h<' in page
    municipalities = page.split('id="simulation-municipalities"')[1].split("</table>")[0]
    assert ">Rīga<" in municipalities and f">1{NBSP}984,56<" in municipalities
    assert 'id="report-progress-bar"' in page and 'role="status"' in page and 'value="100"' in page
    for fmt in ("pdf", "xlsx"):
        assert reverse("simulations:simulation_download", args=[simulation.pk, fmt]) in page
        assert getattr(simulation, f"{fmt}_sha256") in page


def test_no_personal_data_on_the_page_or_in_the_files_R_S2(
    client, ministry, riga, two_adults, media, django_capture_on_commit_callbacks
):
    simulation = simulated(client, django_capture_on_commit_callbacks, ministry)
    person = two_adults[0].application.person
    shown = [
        text(client.get(reverse("simulations:simulation_detail", args=[simulation.pk]))),
        text(client.get(reverse("simulations:simulation_list"))),
        str(simulation.results),
        pdf_text(body(client.get(reverse("simulations:simulation_download", args=[simulation.pk, "pdf"])))),
    ]
    workbook = openpyxl.load_workbook(
        io.BytesIO(body(client.get(reverse("simulations:simulation_download", args=[simulation.pk, "xlsx"]))))
    )
    shown.append(" ".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row))
    for content in shown:
        for secret in ("Rasma", "Ilmārs", person.last_name, person.personal_code, person.personal_code[:6]):
            assert secret not in content


def test_a_municipality_scope_counts_only_its_caseload_R_S2(
    client, ministry, riga, liepaja, caseworker_liepaja, two_adults, media, django_capture_on_commit_callbacks
):
    supervisor_liepaja = make_person("supervisor-liepaja", Role.SUPERVISOR, "Liepāja")
    approved_allocation(caseworker_liepaja, supervisor_liepaja, start=JANUARY, first_name="Dace")
    simulation = simulated(client, django_capture_on_commit_callbacks, ministry, municipality=str(liepaja.pk))
    assert simulation.municipality == liepaja
    page = text(client.get(reverse("simulations:simulation_detail", args=[simulation.pk])))
    # One person in Liepāja: 15 h → 10 h; 82.69 → 55.13 EUR a month (see EXPECTED).
    assert cells(page, "comparison-recipients") == ["1", "1", "0"]
    assert cells(page, "comparison-hours_month") == ["15", "10", "−5"]
    assert cells(page, "comparison-cost_month") == ["82,69", "55,13", "−27,56"]
    assert 'id="simulation-municipalities"' not in page  # one municipality: no table by municipality
    assert "Liepāja" in page.split("</h1>")[0]


def test_simulating_the_rule_set_in_force_changes_nothing_R_S2(
    client, ministry, riga, two_adults, media, django_capture_on_commit_callbacks
):
    simulation = simulated(client, django_capture_on_commit_callbacks, ministry, code="V1")
    page = text(client.get(reverse("simulations:simulation_detail", args=[simulation.pk])))
    assert cells(page, "comparison-hours_month") == ["30", "30", "0"]
    assert cells(page, "comparison-cost_year") == [f"1{NBSP}984,56", f"1{NBSP}984,56", "0,00"]
    unchanged = page.split('id="band-unchanged"')[1].split("</tr>")[0]
    assert unchanged.endswith('<td class="text-end">2</td>')


def test_the_form_offers_every_rule_set_and_the_municipalities_and_defaults_to_this_month(
    client, ministry, riga
):
    draft = RuleSet.objects.create(
        code="V6", version=1, name="Projekts 2027", coefficient_base=1, coefficient_high=2, hours_work=80,
        hours_education=60, hours_higher_education=60, hours_volunteering=40, hours_day_centre=40,
        hours_medical=40, hours_daily=20, child_hours=80,
    )  # fmt: skip
    client.force_login(ministry)
    with time_machine.travel(dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        page = text(client.get(reverse("simulations:simulation_list")))
    for code in ("V1", "V2", "V3", "V4", "V5"):
        assert f'value="{rule_set(code).pk}"' in page
    assert f">{escape(str(draft))}<" in page  # "V6 v1 – Projekts 2027"
    v1 = rule_set("V1")
    assert lv("%(rule_set)s (in force)", rule_set=str(v1)) in page
    assert f'value="{riga.pk}"' in page and lv("The whole country") in page
    assert 'value="2026-03"' in page and 'max="2027-03"' in page


def test_bad_input_is_refused_with_messages_and_records_nothing(client, ministry):
    client.force_login(ministry)
    with time_machine.travel(dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        garbage = text(
            client.post(reverse("simulations:simulation_list"), {"rule_set": "", "month": "13.2026"})
        )
        early = text(
            client.post(
                reverse("simulations:simulation_list"), {"rule_set": rule_set("V5").pk, "month": "2021-06"}
            )
        )
        late = text(
            client.post(
                reverse("simulations:simulation_list"), {"rule_set": rule_set("V5").pk, "month": "2027-04"}
            )
        )
    assert (
        'id="error-summary"' in garbage and lv("Enter the month as mm.yyyy, for example 01.2026.") in garbage
    )
    assert lv("This field is required.") in garbage
    assert lv("Simulations start from %(month)s, the first month with rates.", month="07.2021") in early
    assert lv("Choose a month no later than %(month)s: the caseload is today's.", month="03.2027") in late
    assert 'value="2027-04"' in late  # what was typed is kept
    assert not Simulation.objects.exists()


def test_no_rates_in_force_is_a_form_error_R_S2(client, ministry):
    Rate.objects.all().delete()
    client.force_login(ministry)
    response = client.post(
        reverse("simulations:simulation_list"), {"rule_set": rule_set("V5").pk, "month": "2026-01"}
    )
    assert response.status_code == 200
    assert lv("No rates were in force on %(day)s.", day="01.01.2026") in text(response)
    assert not Simulation.objects.exists()


# -------------------------------------------------------------------------------------------- scope


@pytest.mark.parametrize("role", ["caseworker", "supervisor", "finance", "assistant"])
def test_other_roles_are_kept_out(client, request, role, riga):
    simulation = Simulation.objects.create(
        rule_set=rule_set("V5"), month=JANUARY, status=Simulation.Status.READY
    )
    client.force_login(request.getfixturevalue(role))
    for url in (
        reverse("simulations:simulation_list"),
        reverse("simulations:simulation_detail", args=[simulation.pk]),
        reverse("simulations:simulation_status", args=[simulation.pk]),
        reverse("simulations:simulation_download", args=[simulation.pk, "pdf"]),
        reverse("simulations:simulation_download", args=[simulation.pk, "xlsx"]),
    ):
        assert client.get(url).status_code in (403, 404), url
    refused = client.post(
        reverse("simulations:simulation_list"), {"rule_set": rule_set("V5").pk, "month": "2026-01"}
    )
    assert refused.status_code in (403, 404)
    assert Simulation.objects.count() == 1
    assert "/simulacijas/" not in text(client.get(reverse("dashboard")))


def test_a_user_with_the_permission_but_not_the_ministry_role_gets_404(client, finance, riga):
    """The permission alone is not enough: the selector scopes by role (aggregates: the ministry)."""
    from django.contrib.auth.models import Permission

    finance.user_permissions.add(Permission.objects.get(codename="view_simulation"))
    simulation = Simulation.objects.create(
        rule_set=rule_set("V5"), month=JANUARY, status=Simulation.Status.READY
    )
    client.force_login(finance)
    assert client.get(reverse("simulations:simulation_detail", args=[simulation.pk])).status_code == 404
    assert client.get(reverse("simulations:simulation_status", args=[simulation.pk])).status_code == 404
    listed = text(client.get(reverse("simulations:simulation_list")))
    assert reverse("simulations:simulation_detail", args=[simulation.pk]) not in listed
    assert 'id="simulation-request-form"' not in listed  # no add_simulation


def test_anonymous_is_sent_to_log_in(client):
    simulation = Simulation.objects.create(rule_set=rule_set("V5"), month=JANUARY)
    for url in (
        reverse("simulations:simulation_list"),
        reverse("simulations:simulation_status", args=[simulation.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/pieteikties/" in response.url


def test_ministry_sees_every_simulation_and_the_navigation(client, ministry, admin_user, riga):
    other = make_person("ministry-2", Role.MINISTRY, None)
    theirs = Simulation.objects.create(
        rule_set=rule_set("V2"), municipality=riga, month=JANUARY, requested_by=other
    )
    client.force_login(ministry)
    listed = text(client.get(reverse("simulations:simulation_list")))
    assert reverse("simulations:simulation_detail", args=[theirs.pk]) in listed  # aggregates: all of them
    assert client.get(reverse("simulations:simulation_detail", args=[theirs.pk])).status_code == 200
    assert 'href="/simulacijas/"' in text(client.get(reverse("dashboard"))).split("</nav>")[0]
    client.force_login(admin_user)
    assert client.get(reverse("simulations:simulation_detail", args=[theirs.pk])).status_code == 200


# ------------------------------------------------------------------------------------------ progress


def test_status_endpoint_reports_progress_R_S2(client, ministry):
    simulation = Simulation.objects.create(
        rule_set=rule_set("V5"),
        month=JANUARY,
        status=Simulation.Status.RUNNING,
        progress=40,
        stage="Computing",
    )
    client.force_login(ministry)
    response = client.get(reverse("simulations:simulation_status", args=[simulation.pk]))
    data = response.json()
    assert response["Cache-Control"] == "private, no-store"
    assert data["status"] == "running" and data["progress"] == 40 and data["done"] is False
    assert "40 %" in data["text"]
    page = text(client.get(reverse("simulations:simulation_detail", args=[simulation.pk])))
    assert 'data-in-progress="true"' in page and 'value="40"' in page
    assert reverse("simulations:simulation_status", args=[simulation.pk]) in page
    assert 'id="report-refresh"' in page and "js/report_progress.js" in page
    assert "<script>" not in page and "style=" not in page.split("<main")[1]  # CSP: no inline code
    assert 'id="simulation-comparison"' not in page
    assert reverse("simulations:simulation_download", args=[simulation.pk, "pdf"]) not in page
    assert (
        client.get(reverse("simulations:simulation_download", args=[simulation.pk, "pdf"])).status_code == 404
    )
    Simulation.objects.filter(pk=simulation.pk).update(status=Simulation.Status.READY, progress=100)
    data = client.get(reverse("simulations:simulation_status", args=[simulation.pk])).json()
    assert data["done"] is True and data["progress"] == 100


def test_failed_simulation_shows_the_error_and_try_again(
    client, ministry, riga, two_adults, media, django_capture_on_commit_callbacks
):
    failed = Simulation.objects.create(
        rule_set=rule_set("V5"), municipality=riga, month=JANUARY, status=Simulation.Status.FAILED,
        error="Darba process apstājās.",
    )  # fmt: skip
    client.force_login(ministry)
    page = text(client.get(reverse("simulations:simulation_detail", args=[failed.pk])))
    assert 'id="simulation-error"' in page and "Darba process apstājās." in page
    assert f'name="rule_set" value="{failed.rule_set_id}"' in page
    assert f'name="municipality" value="{riga.pk}"' in page and 'name="month" value="2026-01"' in page
    response = ask(client, django_capture_on_commit_callbacks, municipality=str(riga.pk))
    again = Simulation.objects.exclude(pk=failed.pk).get()
    assert response.url == reverse("simulations:simulation_detail", args=[again.pk])
    assert again.status == Simulation.Status.READY and again.results["candidate"]["hours_month"] == 20


# ------------------------------------------------------------------------------------------ downloads


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_summary_is_latvian_with_the_figures_R_S2(
    client, ministry, riga, two_adults, media, django_capture_on_commit_callbacks
):
    simulation = simulated(client, django_capture_on_commit_callbacks, ministry)
    response = client.get(reverse("simulations:simulation_download", args=[simulation.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="simulacija-v5-latvija-2026-01.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    content = pdf_text(body(response))
    for words in (
        "Politikas simulācija", "Spēkā esošie noteikumi (V1 v1)", "Simulētie (V5 v1)",
        "Aptvērums: Latvija (visa valsts)", "Simulētie mēneši: 01.2026–12.2026", "no −1 līdz −19 h 2",
        "Pa pašvaldībām",
    ):  # fmt: skip
        assert words in content, words
    # The comparison rows, in the Latvian format of reporting.exports.lv_number (see EXPECTED).
    assert "Piešķirtās stundas mēnesī 30 20 −10" in content
    assert "Izmaksas mēnesī, EUR 165,38 110,26 −55,12" in content
    assert "Izmaksas gadā (12 mēneši), EUR 1 984,56 1 323,12 −661,44" in content
    assert "Stundu pieaugums kopā: 0 h; stundu samazinājums kopā: 10 h." in content
    assert "Rīga 2 2 0 30 20 −10 165,38 110,26 −55,12 1 984,56 1 323,12 −661,44" in content


def test_xlsx_has_three_sheets_with_numeric_cells_R_S2(
    client, ministry, riga, two_adults, media, django_capture_on_commit_callbacks
):
    simulation = simulated(client, django_capture_on_commit_callbacks, ministry)
    response = client.get(reverse("simulations:simulation_download", args=[simulation.pk, "xlsx"]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="simulacija-v5-latvija-2026-01.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    assert workbook.sheetnames == ["Kopsavilkums", "Pašvaldības", "Izmaiņas"]
    summary = {row[0].value: row for row in workbook["Kopsavilkums"].iter_rows() if row[0].value}
    hours = summary["Piešķirtās stundas mēnesī"]
    assert [cell.value for cell in hours[1:4]] == [30, 20, -10]
    assert hours[1].number_format == "#,##0"
    year = summary["Izmaksas gadā (12 mēneši), EUR"]
    assert [Decimal(str(cell.value)) for cell in year[1:4]] == [
        Decimal("1984.56"), Decimal("1323.12"), Decimal("-661.44")
    ]  # fmt: skip
    assert year[1].number_format == "#,##0.00"
    assert summary["Aptvērums"][1].value == "Latvija (visa valsts)"
    munis = list(workbook["Pašvaldības"].iter_rows(values_only=True))
    assert [row[0] for row in munis] == ["Pašvaldība", "Rīga", "Kopā"]
    # Columns: recipients ×3, hours ×3, monthly cost ×3, yearly cost ×3.
    assert munis[1][1:7] == (2, 2, 0, 30, 20, -10)
    assert Decimal(str(munis[1][7])) == Decimal("165.38") and Decimal(str(munis[2][12])) == Decimal("-661.44")
    changes = {row[0]: row[1] for row in workbook["Izmaiņas"].iter_rows(values_only=True)}
    assert changes["no −1 līdz −19 h"] == 2 and changes["bez izmaiņām"] == 0
    assert changes["Stundu samazinājums kopā, h"] == 10 and changes["Stundu pieaugums kopā, h"] == 0
    assert (
        client.get(reverse("simulations:simulation_download", args=[simulation.pk, "csv"])).status_code == 404
    )


# ------------------------------------------------------------------------------------------ queries


def results_for(names: list[str]) -> dict:
    totals = {"recipients": 1, "hours_month": 15, "cost_month": "82.69", "cost_year": "992.28"}
    return {
        "months": [dt.date(2026, month, 1).isoformat() for month in range(1, 13)],
        "cases": len(names),
        "baseline": totals,
        "candidate": totals,
        "municipalities": [{"name": name, "baseline": totals, "candidate": totals} for name in names],
        "bands": {"unchanged": len(names)},
        "hours_gained": 0,
        "hours_lost": 0,
    }


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_simulation_list_runs_a_constant_number_of_queries(
    client, ministry, riga, liepaja, django_assert_max_num_queries
):
    client.force_login(ministry)
    url = reverse("simulations:simulation_list")
    Simulation.objects.create(rule_set=rule_set("V5"), month=JANUARY, requested_by=ministry)
    one = _count(client, url)
    for code, municipality in (("V2", riga), ("V3", liepaja), ("V4", None), ("V1", riga)):
        Simulation.objects.create(
            rule_set=rule_set(code), baseline=rule_set("V1"), municipality=municipality, month=JANUARY,
            requested_by=make_person(f"ministry-{code}", Role.MINISTRY, None),
        )  # fmt: skip
    with django_assert_max_num_queries(one):
        page = text(client.get(url))
    assert page.count('class="badge simulation-status') == 5


def test_simulation_detail_runs_a_constant_number_of_queries(client, ministry, django_assert_max_num_queries):
    client.force_login(ministry)
    small = Simulation.objects.create(
        rule_set=rule_set("V5"), baseline=rule_set("V1"), month=JANUARY, status=Simulation.Status.READY,
        results=results_for(["Rīga"]), requested_by=ministry,
    )  # fmt: skip
    one = _count(client, reverse("simulations:simulation_detail", args=[small.pk]))
    names = [f"Pašvaldība {n}" for n in range(40)]
    large = Simulation.objects.create(
        rule_set=rule_set("V5"), baseline=rule_set("V1"), month=JANUARY, status=Simulation.Status.READY,
        results=results_for(names), requested_by=ministry,
    )  # fmt: skip
    with django_assert_max_num_queries(one):
        page = text(client.get(reverse("simulations:simulation_detail", args=[large.pk])))
    assert page.count('<th scope="row" class="fw-normal">Pašvaldība ') == 40
