"""Violations and repayment (R-R1): unjustified entries of accepted sheets are charged back at the rates the
sheets were paid at; the repayment demand and the notice to the ministry carry the figures the law asks for
(domain-law §2.12, point 19); finalised reports do not change."""

from __future__ import annotations

import datetime as dt
import io
import threading
import time
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from assistance.decision_pdf import format_personal_code
from contracts.models import Timesheet
from reporting import services, violation_selectors, violation_services
from reporting.models import Rate, Report, ReportItem, ReportRow, Violation, ViolationEntry
from reporting.violation_services import ViolationError, violation_record
from tests.contracts.conftest import approved_allocation, make_assistant, make_contract
from tests.reporting.factories import accepted_sheet

FEB = dt.date(2026, 2, 1)
MAR = dt.date(2026, 3, 1)
NATURE = "Uzskaites tabulā norādītas stundas, kurās pakalpojums netika sniegts."


STUB_PDF = b"%PDF-1.7 stub"


@pytest.fixture(autouse=True)
def quick_pdfs(request, monkeypatch):
    """WeasyPrint takes about a second a document; the tests that do not read a document (the money, the
    validation, the permissions) get a stub instead. A test that asks for `real_pdf` renders for real."""
    if "real_pdf" in request.fixturenames:
        return
    monkeypatch.setattr(violation_services, "render_pdf", lambda template, context, language="lv": STUB_PDF)
    monkeypatch.setattr("assistance.decision_pdf.decision_pdf", lambda decision: STUB_PDF)


@pytest.fixture
def real_pdf():
    """Render the documents with WeasyPrint (see `quick_pdfs`)."""


def D(value: str) -> Decimal:
    return Decimal(value)


def contract_of(caseworker, supervisor, *, tax_status="employee", first_name="Asta", last_name="Palīga"):
    allocation = approved_allocation(caseworker, supervisor)
    assistant = make_assistant(tax_status=tax_status, first_name=first_name, last_name=last_name)
    return make_contract(allocation, assistant, by=caseworker)


def record(contract, entries, *, by, start=dt.date(2020, 1, 1), end=dt.date(2030, 12, 31), **kwargs):
    kwargs.setdefault("nature", NATURE)
    kwargs.setdefault("crime_suspected", False)
    return violation_record(
        contract=contract, entries=entries, period_start=start, period_end=end, by=by, **kwargs
    )


def errors_of(call) -> dict[str, str]:
    with translation.override("en"), pytest.raises(ViolationError) as caught:
        call()
    return caught.value.errors


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


# ------------------------------------------------------------------------------------------ the money

GEN_DAY = [
    (dt.date(2026, 2, 3), "09:00", "11:30", "DAILY", "1.20"),
    (dt.date(2026, 2, 4), "13:00", "14:00", "DAILY", "0"),
]
HE_DAY = [(dt.date(2026, 2, 5), "10:00", "12:00", "HIGHER_EDUCATION", "2.50")]
MIXED = [
    (dt.date(2026, 2, 5), "10:00", "12:00", "HIGHER_EDUCATION", "2.50"),
    (dt.date(2026, 2, 6), "09:00", "11:30", "WORK", "1.20"),
]


@pytest.mark.parametrize(
    "tax_status, sheets, expected",
    [
        pytest.param(
            "employee",
            [(FEB, GEN_DAY, None)],
            # 150 + 60 = 210 min; wage 210 × 4.13 ÷ 60 = 14.455 → 14.46;
            # VSAOI 14.46 × 23.59 % = 3.411114 → 3.41; transport 1.20;
            # service 14.46 + 3.41 + 1.20 = 19.07; admin 19.07 × 8 % = 1.5256 → 1.53;
            # total 14.46 + 3.41 + 1.20 + 1.53 = 20.60
            (210, "14.46", "3.41", "1.20", "1.53", "20.60"),
            id="employee-GEN-4.13",
        ),
        pytest.param(
            "self_employed",
            [(FEB, GEN_DAY, None)],
            # wage 14.46; no VSAOI; service 14.46 + 1.20 = 15.66; admin 15.66 × 8 % = 1.2528 → 1.25;
            # total 14.46 + 1.20 + 1.25 = 16.91
            (210, "14.46", "0.00", "1.20", "1.25", "16.91"),
            id="self-employed-GEN-4.13",
        ),
        pytest.param(
            "employee",
            [(FEB, HE_DAY, None)],
            # 120 min; wage 120 × 4.13 ÷ 60 = 8.26; VSAOI 8.26 × 23.59 % = 1.948534 → 1.95; transport 2.50;
            # service 8.26 + 1.95 + 2.50 = 12.71; admin HE 12.71 × 5 % = 0.6355 → 0.64; total 13.35
            (120, "8.26", "1.95", "2.50", "0.64", "13.35"),
            id="employee-HE-4.13",
        ),
        pytest.param(
            "employee",
            [(FEB, MIXED, None)],
            # HE: 8.26, 1.95, 2.50, admin 0.64 (as above).
            # GEN 150 min: wage 150 × 4.13 ÷ 60 = 10.325 → 10.33; VSAOI 10.33 × 23.59 % = 2.436847 → 2.44;
            # transport 1.20; service 13.97; admin 13.97 × 8 % = 1.1176 → 1.12.
            # Sums: wages 18.59, VSAOI 4.39, transport 3.70, admin 1.76; total 28.44
            (270, "18.59", "4.39", "3.70", "1.76", "28.44"),
            id="employee-HE-and-GEN",
        ),
        pytest.param(
            "employee",
            [(dt.date(2023, 3, 1), [(dt.date(2023, 3, 7), "09:00", "11:30", "DAILY", "0")], None)],
            # 150 min at 3.64 (March 2023, before 01.04.2023): wage 150 × 3.64 ÷ 60 = 9.10;
            # VSAOI 9.10 × 23.59 % = 2.14669 → 2.15; service 11.25; admin 11.25 × 8 % = 0.90; total 12.15
            (150, "9.10", "2.15", "0.00", "0.90", "12.15"),
            id="employee-GEN-3.64",
        ),
        pytest.param(
            "employee",
            [
                (dt.date(2023, 3, 1), [(dt.date(2023, 3, 7), "09:00", "11:30", "DAILY", "0")], None),
                (dt.date(2023, 4, 1), [(dt.date(2023, 4, 4), "09:00", "11:30", "DAILY", "0")], None),
            ],
            # March at 3.64: 9.10, 2.15, admin 0.90.
            # April at 4.13: wage 10.325 → 10.33; VSAOI 2.436847 → 2.44;
            # service 12.77; admin 12.77 × 8 % = 1.0216 → 1.02. Sums: 19.43, 4.59, 0, 1.92; total 25.94
            (300, "19.43", "4.59", "0.00", "1.92", "25.94"),
            id="rate-change-on-the-first",
        ),
        pytest.param(
            "self_employed",
            [(FEB, [(dt.date(2026, 2, 3), "09:00", "11:30", "DAILY", "0")], [90])],
            # worked 150 min, paid 90 (R-T4): what was paid is repaid: wage 90 × 4.13 ÷ 60 = 6.195 → 6.20;
            # no VSAOI; admin 6.20 × 8 % = 0.496 → 0.50; total 6.70
            (90, "6.20", "0.00", "0.00", "0.50", "6.70"),
            id="only-the-paid-minutes",
        ),
    ],
)
def test_repayment_at_the_rates_the_sheet_was_paid_at_R_R1(
    caseworker, supervisor, media, tax_status, sheets, expected
):
    contract = contract_of(caseworker, supervisor, tax_status=tax_status)
    entries = []
    for month, rows, payable in sheets:
        sheet = accepted_sheet(contract, month, rows, by=caseworker, payable=payable)
        entries += list(sheet.entries.all())
    violation = record(contract, entries, by=caseworker)
    minutes, wages, contributions, transport, admin, total = expected
    assert (
        violation.minutes,
        violation.gross_wages,
        violation.employer_contributions,
        violation.transport,
        violation.administration,
        violation.total,
    ) == (minutes, D(wages), D(contributions), D(transport), D(admin), D(total))
    assert set(ViolationEntry.objects.values_list("entry_id", flat=True)) == {e.pk for e in entries}


def test_only_the_marked_entries_are_charged_R_R1(caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor, tax_status="self_employed")
    sheet = accepted_sheet(contract, FEB, GEN_DAY, by=caseworker)
    first = sheet.entries.get(day=dt.date(2026, 2, 3))
    violation = record(contract, [first], by=caseworker)
    # 150 min: wage 150 × 4.13 ÷ 60 = 10.325 → 10.33; transport 1.20;
    # admin (10.33 + 1.20) × 8 % = 0.9224 → 0.92
    assert (violation.minutes, violation.gross_wages, violation.transport, violation.administration) == (
        150, D("10.33"), D("1.20"), D("0.92"),
    )  # fmt: skip
    assert violation.total == D("12.45")  # 10.33 + 0 + 1.20 + 0.92


def finalised_report(municipality, month, by, capture) -> Report:
    with capture(execute=True):
        report = services.report_request(municipality=municipality, month=month, by=by)
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.error
    return services.report_finalise(report=report, by=by)


def test_a_finalised_reports_stored_rates_win_over_a_later_edit_R_R1(
    caseworker, supervisor, finance, media, django_capture_on_commit_callbacks
):
    paid = contract_of(caseworker, supervisor, tax_status="self_employed")
    unpaid = contract_of(caseworker, supervisor, tax_status="self_employed", first_name="Ilze")
    row = [(dt.date(2026, 2, 3), "09:00", "11:30", "DAILY", "0")]
    reported = accepted_sheet(paid, FEB, row, by=caseworker)
    finalised_report(paid.municipality, FEB, finance, django_capture_on_commit_callbacks)
    later = accepted_sheet(unpaid, FEB, row, by=caseworker)  # accepted after February was finalised
    # Somebody changes the rates in force in February 2026 behind the application's back.
    Rate.objects.filter(valid_from=dt.date(2023, 4, 1)).update(gross_hourly=D("5.0000"))

    at_paid_rate = record(paid, reported.entries.all(), by=caseworker)
    # the finalised item's 4.13: 150 × 4.13 ÷ 60 = 10.325 → 10.33; admin 10.33 × 8 % = 0.8264 → 0.83;
    # total 11.16
    assert (at_paid_rate.gross_wages, at_paid_rate.administration, at_paid_rate.total) == (
        D("10.33"), D("0.83"), D("11.16"),
    )  # fmt: skip
    at_table_rate = record(unpaid, later.entries.all(), by=caseworker)
    # not in a finalised report: the table's rate, now 5.00: 150 × 5 ÷ 60 = 12.50; admin 1.00; total 13.50
    assert (at_table_rate.gross_wages, at_table_rate.administration, at_table_rate.total) == (
        D("12.50"), D("1.00"), D("13.50"),
    )  # fmt: skip


def snapshot(report: Report) -> dict:
    report.refresh_from_db()
    return {
        "report": (
            report.status, report.fingerprint, report.generation, report.built_generation,
            report.pdf.name, report.pdf_sha256, report.xlsx.name, report.xlsx_sha256,
            report.csv.name, report.csv_sha256, report.finalised_at,
        ),
        "files": [stored(field) for field in (report.pdf, report.xlsx, report.csv)],
        "items": list(ReportItem.objects.filter(report=report).order_by("pk").values()),
        "rows": list(ReportRow.objects.filter(report=report).order_by("pk").values()),
    }  # fmt: skip


def test_a_finalised_report_does_not_change_R_R1(
    caseworker, supervisor, finance, media, django_capture_on_commit_callbacks
):
    contract = contract_of(caseworker, supervisor)
    sheet = accepted_sheet(contract, FEB, MIXED, by=caseworker)
    report = finalised_report(contract.municipality, FEB, finance, django_capture_on_commit_callbacks)
    before = snapshot(report)
    assert before["items"] and before["rows"]
    record(contract, sheet.entries.all(), by=caseworker, crime_suspected=True)
    assert snapshot(report) == before
    assert Report.objects.count() == 1 and ReportItem.objects.count() == 1


# ----------------------------------------------------------------------------------------- validation


def test_problems_are_named_per_field_and_nothing_is_stored_R_R1(caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    accepted_sheet(contract, FEB, GEN_DAY, by=caseworker)
    errors = errors_of(
        lambda: violation_record(
            contract=contract, entries=[], nature="  ", period_start=MAR, period_end=FEB,
            crime_suspected=False, by=caseworker,
        )
    )  # fmt: skip
    assert set(errors) == {"nature", "period_end", "entries"}
    assert "nature of the violation" in errors["nature"]
    assert "01.03.2026" in errors["period_end"]
    assert "at least one entry" in errors["entries"]
    missing = errors_of(
        lambda: violation_record(
            contract=contract, entries=[1], nature=NATURE, period_start=None, period_end=None,
            crime_suspected=False, by=caseworker,
        )
    )  # fmt: skip
    assert {"period_start", "period_end", "entries"} <= set(missing)
    assert not Violation.objects.exists() and not ViolationEntry.objects.exists()


def test_an_entry_of_a_sheet_not_accepted_is_refused_R_R1(caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    submitted = accepted_sheet(contract, FEB, GEN_DAY, by=caseworker)
    Timesheet.objects.filter(pk=submitted.pk).update(status=Timesheet.Status.SUBMITTED)
    replaced = accepted_sheet(
        contract, MAR, [(dt.date(2026, 3, 2), "09:00", "10:00", "DAILY", "0")], by=caseworker
    )
    Timesheet.objects.filter(pk=replaced.pk).update(is_current=False)  # an older revision
    errors = errors_of(
        lambda: record(contract, [*submitted.entries.all(), *replaced.entries.all()], by=caseworker)
    )
    assert list(errors) == ["entries"]
    assert "03.02.2026 09:00–11:30 is not in the current accepted timesheet" in errors["entries"]
    assert "02.03.2026 09:00–10:00 is not in the current accepted timesheet" in errors["entries"]
    assert not Violation.objects.exists()


def test_an_entry_outside_the_period_is_refused_R_R1(caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    sheet = accepted_sheet(contract, FEB, GEN_DAY, by=caseworker)
    errors = errors_of(
        lambda: record(
            contract, sheet.entries.all(), by=caseworker, start=dt.date(2026, 2, 4), end=dt.date(2026, 2, 28)
        )
    )
    assert errors == {
        "entries": "The entry of 03.02.2026 09:00–11:30 is outside the period 04.02.2026–28.02.2026."
    }


def test_an_entry_is_charged_back_once_R_R1(caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    sheet = accepted_sheet(contract, FEB, GEN_DAY, by=caseworker)
    first = record(contract, sheet.entries.filter(day=dt.date(2026, 2, 3)), by=caseworker)
    errors = errors_of(lambda: record(contract, sheet.entries.all(), by=caseworker))
    assert errors == {
        "entries": f"The entry of 03.02.2026 09:00–11:30 is already in violation {first.number}."
    }
    assert Violation.objects.count() == 1 and ViolationEntry.objects.count() == 1


def test_an_entry_of_another_contract_is_refused_R_R1(caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    other = contract_of(caseworker, supervisor, first_name="Ilze")
    accepted_sheet(contract, FEB, GEN_DAY, by=caseworker)
    foreign = accepted_sheet(other, FEB, HE_DAY, by=caseworker)
    errors = errors_of(lambda: record(contract, foreign.entries.all(), by=caseworker))
    assert errors == {"entries": "The entry of 05.02.2026 10:00–12:00 is not of this contract."}


def test_entries_that_were_not_paid_are_nothing_to_repay_R_R1(caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    sheet = accepted_sheet(
        contract, FEB, [(dt.date(2026, 2, 3), "09:00", "10:00", "DAILY", "0")], by=caseworker, payable=[0]
    )
    errors = errors_of(lambda: record(contract, sheet.entries.all(), by=caseworker))
    assert "nothing to repay" in errors["entries"]


# ------------------------------------------------------------------------------------ number, documents


def test_numbers_run_per_year_R_R1(caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    sheet = accepted_sheet(contract, FEB, GEN_DAY, by=caseworker)
    first, second = sheet.entries.order_by("day")
    with time_machine.travel(dt.datetime(2026, 12, 31, 12, tzinfo=dt.UTC), tick=False):
        assert record(contract, [first], by=caseworker).number == "P-2026/0001"
    Violation.objects.create(
        number="P-2027/0099", municipality=contract.municipality, contract=contract, nature="x",
        period_start=FEB, period_end=FEB, recorded_by=caseworker, minutes=1, gross_wages=0,
        employer_contributions=0, transport=0, administration=0, total=0,
    )  # fmt: skip
    with time_machine.travel(dt.datetime(2027, 1, 4, 12, tzinfo=dt.UTC), tick=False):
        assert record(contract, [second], by=caseworker).number == "P-2027/0100"


def test_the_repayment_demand_carries_the_figures_in_latvian_R_R1(real_pdf, caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor, first_name="Asta", last_name="Palīga")
    sheet = accepted_sheet(contract, FEB, MIXED, by=caseworker)
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC), tick=False):
        violation = record(contract, sheet.entries.all(), by=caseworker, start=FEB, end=dt.date(2026, 2, 28))
    data = stored(violation.demand)
    assert violation.demand_sha256 == violation_services.sha256_hex(data)
    assert not violation.notice and not violation.notice_sha256  # no crime suspected: no notice
    text = pdf_text(data)
    # the figures of the HE-and-GEN case above: 4.50 h, 18.59, 4.39, 3.70, 1.76, 28.44
    for expected in (
        f"ATMAKSAS PIEPRASĪJUMS Nr. {violation.number}", "Asta Palīga", f"Līgums Nr. {contract.number}",
        "01.02.2026", "28.02.2026", NATURE, "4,50 h", "18,59 EUR", "4,39 EUR", "3,70 EUR", "1,76 EUR",
        "28,44 EUR", "10.03.2026", "09.04.2026",  # demand date and 30 days later
    ):  # fmt: skip
        assert expected in text, expected
    assert "28.44" not in text  # decimal comma only


def test_the_notice_to_the_ministry_has_the_figures_and_no_personal_data_R_R1(
    real_pdf, caseworker, supervisor, media
):
    contract = contract_of(caseworker, supervisor)
    sheet = accepted_sheet(contract, FEB, MIXED, by=caseworker)
    violation = record(contract, sheet.entries.all(), by=caseworker, start=FEB, end=dt.date(2026, 2, 28),
                       crime_suspected=True)  # fmt: skip
    data = stored(violation.notice)
    assert violation.notice_sha256 == violation_services.sha256_hex(data)
    text = pdf_text(data)
    for expected in (
        "Labklājības ministrijai", violation.number, "Rīga", contract.number, NATURE, "01.02.2026–28.02.2026",
        "Nepamatoti apmaksātās stundas 4,50 h", "Bruto darba samaksa 18,59 EUR",
        "Darba devēja VSAOI 4,39 EUR",
        "Transporta izdevumi 3,70 EUR", "Administrēšanas izdevumi 1,76 EUR", "Kopā 28,44 EUR",
    ):  # fmt: skip
        assert expected in text, expected
    person = contract.allocation.application.person
    for private in (
        person.first_name, person.last_name, person.personal_code, format_personal_code(person.personal_code),
        contract.assistant.personal_code, format_personal_code(contract.assistant.personal_code),
        "izglītība", "Augstākā",  # the purposes (health and study data) stay out
    ):  # fmt: skip
        assert private not in text, private


def test_history_records_who_recorded_it(caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    sheet = accepted_sheet(contract, FEB, GEN_DAY, by=caseworker)
    with translation.override("en"):
        violation = record(contract, sheet.entries.all(), by=caseworker)
    history = violation.history.order_by("history_id").values_list("history_user", "history_change_reason")
    assert list(history) == [
        (caseworker.pk, "Violation recorded"),
        (caseworker.pk, "Repayment documents issued"),
    ]


# -------------------------------------------------------------------------------------------- selectors


def test_selectors_are_scoped_to_the_municipality(caseworker, supervisor, caseworker_liepaja, finance, media):
    contract = contract_of(caseworker, supervisor)
    sheet = accepted_sheet(contract, FEB, GEN_DAY, by=caseworker)
    violation = record(contract, sheet.entries.filter(day=dt.date(2026, 2, 3)), by=caseworker)
    assert list(violation_selectors.violations_for(user=supervisor)) == [violation]
    assert not violation_selectors.violations_for(user=caseworker_liepaja).exists()
    assert not violation_selectors.violations_for(user=finance).exists()
    left = violation_selectors.entries_for_marking(
        user=caseworker, contract_pk=contract.pk, period_start=FEB, period_end=dt.date(2026, 2, 28)
    )
    assert [entry.day for entry in left] == [dt.date(2026, 2, 4)]  # the marked one is gone
    from django.http import Http404

    with pytest.raises(Http404):
        violation_selectors.entries_for_marking(
            user=caseworker_liepaja, contract_pk=contract.pk, period_start=FEB, period_end=MAR
        )


def test_the_list_takes_a_constant_number_of_queries(caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)

    def mark(month: dt.date) -> None:
        rows = [(month.replace(day=3), "09:00", "10:00", "DAILY", "0")]
        record(contract, accepted_sheet(contract, month, rows, by=caseworker).entries.all(), by=caseworker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            rows = list(violation_selectors.violations_for(user=supervisor))
            [(row.contract.assistant.last_name, row.recorded_by.username, row.entry_count) for row in rows]
        return len(captured)

    mark(FEB)
    queries()  # the supervisor's roles are read once per request and kept
    one = queries()
    mark(MAR)
    mark(dt.date(2026, 4, 1))
    assert queries() == one == 1


# ---------------------------------------------------------------------------------------------- pages


@pytest.fixture
def recorded(caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    sheet = accepted_sheet(contract, FEB, MIXED, by=caseworker)
    violation = record(contract, sheet.entries.all(), by=caseworker, crime_suspected=True)
    return violation


@pytest.mark.parametrize(
    "role, expected",
    [
        ("caseworker", {"list": 200, "detail": 200, "demand": 200, "notice": 200, "create": 200}),
        ("supervisor", {"list": 200, "detail": 200, "demand": 200, "notice": 200, "create": 403}),
        ("caseworker_liepaja", {"list": 200, "detail": 404, "demand": 404, "notice": 404, "create": 404}),
        ("finance", {"list": 403, "detail": 403, "demand": 403, "notice": 403, "create": 403}),
        ("ministry", {"list": 404, "detail": 404, "demand": 404, "notice": 404, "create": 404}),
        ("assistant", {"list": 403, "detail": 403, "demand": 403, "notice": 403, "create": 403}),
    ],
)
def test_pages_per_role_and_municipality(client, request, recorded, role, expected):
    client.force_login(request.getfixturevalue(role))
    urls = {
        "list": reverse("violations:violation_list"),
        "detail": reverse("violations:violation_detail", args=[recorded.pk]),
        "demand": reverse("violations:violation_demand", args=[recorded.pk]),
        "notice": reverse("violations:violation_notice", args=[recorded.pk]),
        "create": reverse("violations:violation_create", args=[recorded.contract_id]),
    }
    got = {name: client.get(url).status_code for name, url in urls.items()}
    assert got == expected
    if expected["list"] == 200:
        listed = recorded.number in client.get(urls["list"]).content.decode()
        assert listed == (role != "caseworker_liepaja")


def test_anonymous_is_sent_to_log_in(client, recorded):
    response = client.get(reverse("violations:violation_detail", args=[recorded.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_downloads_are_the_stored_pdfs(real_pdf, client, caseworker, recorded):
    client.force_login(caseworker)
    for name, field in (("violation_demand", recorded.demand), ("violation_notice", recorded.notice)):
        response = client.get(reverse(f"violations:{name}", args=[recorded.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == stored(field)


def test_no_notice_without_a_suspected_crime_is_404(client, caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    sheet = accepted_sheet(contract, FEB, GEN_DAY, by=caseworker)
    violation = record(contract, sheet.entries.all(), by=caseworker)
    client.force_login(caseworker)
    assert client.get(reverse("violations:violation_notice", args=[violation.pk])).status_code == 404
    assert (
        "pazinojums.pdf"
        not in client.get(reverse("violations:violation_detail", args=[violation.pk])).content.decode()
    )


def test_the_contract_page_links_to_the_violations(client, caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    create = reverse("violations:violation_create", args=[contract.pk])
    client.force_login(caseworker)
    page = client.get(reverse("contracts:contract_detail", args=[contract.pk])).content.decode()
    assert create in page and reverse("violations:violation_list") in page
    client.force_login(supervisor)
    page = client.get(reverse("contracts:contract_detail", args=[contract.pk])).content.decode()
    assert create not in page and reverse("violations:violation_list") in page


def test_caseworker_records_a_violation_on_the_page_R_R1(real_pdf, latvian, caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    sheet = accepted_sheet(contract, FEB, MIXED, by=caseworker)
    accepted_sheet(contract, MAR, [(dt.date(2026, 3, 2), "09:00", "10:00", "DAILY", "0")], by=caseworker)
    he, gen = sheet.entries.order_by("day")
    latvian.force_login(caseworker)
    url = reverse("violations:violation_create", args=[contract.pk])

    page = latvian.get(url).content.decode()
    assert f'value="{he.pk}"' in page and f'value="{gen.pk}"' in page
    assert "Augstākā izglītība (universitāte vai koledža)" in page  # the purpose in Latvian
    assert "05.02.2026" in page and "2,00" in page and "2,50" in page  # date, hours, transport

    # narrow the period to February: March's entry is no longer offered; what was typed stays
    shown = latvian.post(url, {
        "period_start": "01.02.2026", "period_end": "28.02.2026", "entries": [str(he.pk)],
        "nature": NATURE, "action": "show",
    }).content.decode()  # fmt: skip
    assert "02.03.2026" not in shown and f'value="{he.pk}" id="entry-{he.pk}" checked' in shown
    assert NATURE in shown and not Violation.objects.exists()

    # problems are named per field, in Latvian, and nothing typed is lost
    wrong = latvian.post(url, {
        "period_start": "", "period_end": "28.02.2026", "entries": [str(he.pk), str(gen.pk)],
        "nature": NATURE, "crime_suspected": "on", "action": "record",
    }).content.decode()  # fmt: skip
    assert (
        'id="error-summary"' in wrong
        and "Šis lauks ir obligāts." in wrong
        and 'href="#id_period_start"' in wrong
    )
    assert NATURE in wrong and f'id="entry-{gen.pk}" checked' in wrong
    no_nature = latvian.post(url, {
        "period_start": "01.02.2026", "period_end": "28.02.2026", "entries": [str(he.pk)],
        "nature": "", "action": "record",
    }).content.decode()  # fmt: skip
    assert 'href="#id_nature"' in no_nature and not Violation.objects.exists()

    done = latvian.post(url, {
        "period_start": "01.02.2026", "period_end": "28.02.2026", "entries": [str(he.pk), str(gen.pk)],
        "nature": NATURE, "crime_suspected": "on", "action": "record",
    })  # fmt: skip
    violation = Violation.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "violations:violation_detail", args=[violation.pk]
    )
    assert violation.crime_suspected and violation.total == D("28.44") and violation.recorded_by == caseworker
    detail = latvian.get(done["Location"]).content.decode()
    # the HE-and-GEN figures with a decimal comma: 4,50 h; 18,59; 4,39; 3,70; 1,76; 28,44
    for figure in ("4,50", "18,59", "4,39", "3,70", "1,76", "28,44"):
        assert figure in detail, figure
    assert reverse("violations:violation_demand", args=[violation.pk]) in detail
    assert reverse("violations:violation_notice", args=[violation.pk]) in detail
    # the marked entries are not offered again
    again = latvian.get(url).content.decode()
    assert f'value="{he.pk}"' not in again and f'value="{gen.pk}"' not in again


def test_english_page_names_the_problems_in_english(english, caseworker, supervisor, media):
    contract = contract_of(caseworker, supervisor)
    accepted_sheet(contract, FEB, GEN_DAY, by=caseworker)
    english.force_login(caseworker)
    page = english.post(
        reverse("violations:violation_create", args=[contract.pk]),
        {"period_start": "01.02.2026", "period_end": "28.02.2026", "nature": "", "action": "record"},
    ).content.decode()
    assert "Describe the nature of the violation." in page
    assert "Mark at least one entry of an accepted timesheet as unjustified." in page
    empty = english.post(reverse("violations:violation_create", args=[contract.pk]), {}).content.decode()
    assert 'id="error-summary"' in empty and "This field is required." in empty
    assert not Violation.objects.exists()


def test_a_caseworker_of_another_municipality_cannot_post(
    client, caseworker, supervisor, caseworker_liepaja, media
):
    contract = contract_of(caseworker, supervisor)
    sheet = accepted_sheet(contract, FEB, GEN_DAY, by=caseworker)
    client.force_login(caseworker_liepaja)
    response = client.post(
        reverse("violations:violation_create", args=[contract.pk]),
        {"period_start": "01.02.2026", "period_end": "28.02.2026", "nature": NATURE, "action": "record",
         "entries": [str(e.pk) for e in sheet.entries.all()]},
    )  # fmt: skip
    assert response.status_code == 404 and not Violation.objects.exists()


# ---------------------------------------------------------------------------------------- concurrency


def staff_in_riga():
    from core.roles import Role
    from tests.conftest import make_person

    return make_person("caseworker", Role.CASEWORKER, "Rīga"), make_person(
        "supervisor", Role.SUPERVISOR, "Rīga"
    )


def run_together(calls) -> tuple[list, list[Exception]]:
    """Run the calls in threads started at the same moment (messages in English); each thread closes its own
    connection."""
    start = threading.Barrier(len(calls), timeout=30)
    results, failures = [], []

    def run(call):
        try:
            start.wait()
            with translation.override("en"):
                results.append(call())
        except Exception as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, failures


@pytest.mark.django_db(transaction=True)
def test_two_recordings_at_once_get_different_numbers_R_R1(reference_data, settings, tmp_path, monkeypatch):
    """Both compute the same next number; the unique index makes the second wait and take the next one."""
    settings.MEDIA_ROOT = tmp_path
    caseworker, supervisor = staff_in_riga()
    contracts = [contract_of(caseworker, supervisor, first_name=name) for name in ("Asta", "Ilze")]
    sheets = [accepted_sheet(contract, FEB, GEN_DAY, by=caseworker) for contract in contracts]
    both_computed = threading.Barrier(2, timeout=30)
    original = violation_services._next_number
    waited = threading.local()

    def next_number(year):
        number = original(year)
        if not getattr(waited, "done", False):
            waited.done = True
            both_computed.wait()  # both threads hold the same number now
        return number

    monkeypatch.setattr(violation_services, "_next_number", next_number)
    results, failures = run_together(
        [
            lambda contract=contract, sheet=sheet: (
                record(contract, list(sheet.entries.all()), by=caseworker).number
            )
            for contract, sheet in zip(contracts, sheets, strict=True)
        ]
    )
    assert not failures
    year = timezone.localdate().year
    assert sorted(results) == [f"P-{year}/0001", f"P-{year}/0002"]


@pytest.mark.django_db(transaction=True)
def test_the_same_entries_marked_twice_at_once_are_charged_once_R_R1(
    reference_data, settings, tmp_path, monkeypatch
):
    """The entries are locked: the second recording waits, then finds them taken and says so."""
    settings.MEDIA_ROOT = tmp_path
    caseworker, supervisor = staff_in_riga()
    contract = contract_of(caseworker, supervisor)
    entries = list(accepted_sheet(contract, FEB, GEN_DAY, by=caseworker).entries.all())
    original = violation_services._next_number

    def slow_next_number(year):
        time.sleep(1)  # the winner holds the locks a while; the other recording is waiting for them
        return original(year)

    monkeypatch.setattr(violation_services, "_next_number", slow_next_number)
    results, failures = run_together([lambda: record(contract, entries, by=caseworker)] * 2)
    assert len(results) == 1 and len(failures) == 1
    assert isinstance(failures[0], ViolationError), failures[0]
    assert f"already in violation {results[0].number}" in failures[0].errors["entries"]
    assert ViolationEntry.objects.count() == 2 and Violation.objects.count() == 1
