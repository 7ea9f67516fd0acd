"""The report's bookkeeping through reporting.services on PostgreSQL (R-F1–R-F5): the rows of a municipality
and month, adjustments, regeneration, finalisation and its locks, the idempotent build, the stale-job
dispatcher, the beat job and the national report. Money figures are computed by hand in the comments."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from config.celery import app as celery_app
from contracts.timesheet_services import TimesheetStateError, timesheet_correct
from core.roles import Role
from reporting import exports, rules, services, tasks
from reporting.models import Rate, Report, ReportItem
from tests.conftest import make_person
from tests.contracts.conftest import approved_allocation, make_assistant, make_contract
from tests.reporting.factories import accepted_sheet

pytestmark = pytest.mark.django_db

D = Decimal
DEC_2025 = dt.date(2025, 12, 1)
JAN = dt.date(2026, 1, 1)
FEB = dt.date(2026, 2, 1)
MAR = dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch, media):
    """Documents are rendered from their templates but not converted to PDF: WeasyPrint would cost seconds
    per decision and report; the PDFs are read back in their own tests (tests/reporting/test_exports.py)."""
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 stub")


def day(month: dt.date, number: int) -> dt.date:
    return month.replace(day=number)


def build(report: Report, task_id: str | None = None) -> str:
    report.refresh_from_db()
    return services.report_build(
        report_id=report.pk, generation=report.generation, task_id=task_id or f"test-{report.generation}"
    )


def generate(municipality, month, *, by=None) -> Report:
    """Ask for a report and build it here (on_commit callbacks do not fire inside a test transaction)."""
    report = services.report_request(municipality=municipality, month=month, by=by)
    assert build(report) == "built"
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.error
    return report


def row_values(report: Report) -> list[tuple]:
    return [
        (
            row.month, row.is_adjustment, row.recipients, row.assistants, row.minutes, row.gross_wages,
            row.employer_contributions, row.transport, row.service_cost_he, row.service_cost_gen,
            row.admin_he, row.admin_gen, row.admin_total, row.total,
        )
        for row in report.rows.order_by("position")
    ]  # fmt: skip


def row(month, adjustment, recipients, assistants, minutes, *money):
    return (month, adjustment, recipients, assistants, minutes, *(D(value) for value in money))


def daily(month, minutes=120, *, number=5, transport="0", purpose="DAILY"):
    """One entry of `minutes` from 09:00 on day `number` of `month`."""
    end = dt.datetime(2000, 1, 1, 9) + dt.timedelta(minutes=minutes)
    return (day(month, number), "09:00", f"{end:%H:%M}", purpose, transport)


@pytest.fixture
def contract(caseworker, supervisor):
    """One recipient in Rīga with an employee assistant, from 2023 on."""
    allocation = approved_allocation(caseworker, supervisor, start=dt.date(2023, 1, 1))
    return make_contract(allocation, make_assistant(tax_status="employee"), by=caseworker)


# ------------------------------------------------------------------------------------ R-F3: rows


def test_rows_count_recipients_and_assistants_once_with_employee_and_self_employed_R_F3(
    caseworker, supervisor, riga
):
    employee = make_assistant(tax_status="employee", first_name="Ēriks")
    self_employed = make_assistant(tax_status="self_employed", first_name="Sanita")
    anna = approved_allocation(caseworker, supervisor, first_name="Anna")
    berta = approved_allocation(caseworker, supervisor, first_name="Berta")
    anna_employee = make_contract(anna, employee, by=caseworker)
    anna_self = make_contract(anna, self_employed, by=caseworker)  # Anna's second contract
    berta_employee = make_contract(berta, employee, by=caseworker)  # the employee's second recipient
    accepted_sheet(
        anna_employee,
        JAN,
        [daily(JAN, 120, number=5, transport="1.20"), daily(JAN, 120, number=6, purpose="HIGHER_EDUCATION")],
        by=caseworker,
    )
    accepted_sheet(
        anna_self, JAN, [daily(JAN, 150, number=7, transport="2.50", purpose="WORK")], by=caseworker
    )
    accepted_sheet(berta_employee, JAN, [daily(JAN, 30, number=8)], by=caseworker)

    report = generate(riga, JAN)

    # At 4.13 EUR/h and 23.59 %:
    # Anna/employee GEN 120 min: wage 120 × 4.13 ÷ 60 = 8.26; contributions 8.26 × 23.59 % = 1.948534 → 1.95;
    #   transport 1.20; cost 11.41.   HE 120 min: 8.26 + 1.95 + 0 = 10.21.
    # Anna/self-employed GEN 150 min: wage 10.325 → 10.33; contributions 0; transport 2.50; cost 12.83.
    # Berta/employee GEN 30 min: wage 2.065 → 2.07; contributions 2.07 × 23.59 % = 0.488313 → 0.49; cost 2.56.
    # Recipients {Anna, Berta} = 2; assistants {employee, self-employed} = 2; minutes 120+120+150+30 = 420.
    # Wages 8.26 + 8.26 + 10.33 + 2.07 = 28.92; contributions 1.95 + 1.95 + 0.49 = 4.39; transport 3.70.
    # HE 10.21; GEN 11.41 + 12.83 + 2.56 = 26.80; admin HE 10.21 × 5 % = 0.5105 → 0.51;
    # GEN 26.80 × 8 % = 2.144 → 2.14; admin 2.65; total 10.21 + 26.80 + 2.65 = 39.66.
    assert row_values(report) == [
        row(JAN, False, 2, 2, 420, "28.92", "4.39", "3.70", "10.21", "26.80", "0.51", "2.14", "2.65", "39.66")
    ]
    items = {item.assistant_id: item for item in report.items.filter(person=anna.application.person)}
    assert items[self_employed.pk].employee is False
    assert (items[self_employed.pk].contributions_he, items[self_employed.pk].contributions_gen) == (0, 0)
    assert items[employee.pk].employee is True
    assert (items[employee.pk].wage_he, items[employee.pk].contributions_he) == (D("8.26"), D("1.95"))
    assert report.items.count() == 3
    assert not report.items.filter(is_adjustment=True).exists()


def test_month_without_sheets_has_one_zero_row_R_F3(riga):
    report = generate(riga, JAN)
    assert row_values(report) == [
        row(JAN, False, 0, 0, 0, "0", "0", "0", "0", "0", "0", "0", "0", "0"),
    ]


# ---------------------------------------------------------------------- R-F1 and R-F4: adjustments


def test_rate_change_on_the_first_of_april_2023_pays_each_month_at_its_rate_R_F1(contract, caseworker, riga):
    march, april = dt.date(2023, 3, 1), dt.date(2023, 4, 1)
    accepted_sheet(contract, march, [daily(march, 120)], by=caseworker)
    accepted_sheet(contract, april, [daily(april, 120)], by=caseworker)

    report = generate(riga, april)

    # April (4.13): 8.26 + 1.95 = 10.21; admin 10.21 × 8 % = 0.8168 → 0.82; total 11.03.
    # March, an adjustment (3.64): wage 120 × 3.64 ÷ 60 = 7.28; contributions 7.28 × 23.59 % = 1.717352
    # → 1.72; cost 9.00; admin 9.00 × 8 % = 0.72; total 9.72.
    assert row_values(report) == [
        row(april, False, 1, 1, 120, "8.26", "1.95", "0", "0", "10.21", "0", "0.82", "0.82", "11.03"),
        row(march, True, 1, 1, 120, "7.28", "1.72", "0", "0", "9.00", "0", "0.72", "0.72", "9.72"),
    ]
    paid = dict(report.items.values_list("month", "gross_hourly"))
    assert paid == {march: D("3.64"), april: D("4.13")}
    assert set(report.items.values_list("month", "is_adjustment")) == {(march, True), (april, False)}


def test_report_takes_unreported_sheets_of_earlier_months_as_adjustments_R_F4(contract, caseworker, riga):
    other = make_contract(contract.allocation, make_assistant(tax_status="self_employed"), by=caseworker)
    accepted_sheet(contract, DEC_2025, [daily(DEC_2025, 30)], by=caseworker)
    accepted_sheet(other, DEC_2025, [daily(DEC_2025, 60)], by=caseworker)
    accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    accepted_sheet(contract, FEB, [daily(FEB, 60)], by=caseworker)  # a later month: not in January's report

    report = generate(riga, JAN)

    # January: 90 min → 6.195 → 6.20; 6.20 × 23.59 % = 1.46258 → 1.46; cost 7.66; admin 0.6128 → 0.61; 8.27.
    # December: employee 30 min 2.07 + 0.49 = 2.56; self-employed 60 min 4.13 + 0 = 4.13; wages 6.20,
    # contributions 0.49, cost 6.69; admin 6.69 × 8 % = 0.5352 → 0.54; total 7.23.
    # One recipient, two assistants.
    assert row_values(report) == [
        row(JAN, False, 1, 1, 90, "6.20", "1.46", "0", "0", "7.66", "0", "0.61", "0.61", "8.27"),
        row(DEC_2025, True, 1, 2, 90, "6.20", "0.49", "0", "0", "6.69", "0", "0.54", "0.54", "7.23"),
    ]
    assert FEB not in set(report.items.values_list("month", flat=True))


def test_regenerating_a_draft_gives_the_same_rows_and_fingerprint_R_F4(contract, caseworker, riga):
    accepted_sheet(contract, DEC_2025, [daily(DEC_2025, 30)], by=caseworker)
    accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    first = generate(riga, JAN)
    rows, fingerprint, sheets = (
        row_values(first),
        first.fingerprint,
        set(first.items.values_list("timesheet")),
    )
    for generation in (2, 3, 4):
        again = generate(riga, JAN)
        assert again.pk == first.pk
        assert again.generation == again.built_generation == generation
        assert row_values(again) == rows
        assert again.fingerprint == fingerprint
        assert set(again.items.values_list("timesheet")) == sheets
    assert ReportItem.objects.count() == 2


def test_finalise_locks_the_items_and_the_report_R_F4(contract, caseworker, finance, riga):
    accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    report = services.report_finalise(report=generate(riga, JAN), by=finance)
    report.refresh_from_db()
    assert report.status == Report.Status.FINALISED
    assert (report.finalised_by, report.finalised_at is not None) == (finance, True)
    assert list(report.items.values_list("finalised", flat=True)) == [True]
    with pytest.raises(services.ReportError):
        services.report_request(municipality=riga, month=JAN, by=finance)
    with pytest.raises(services.ReportError):
        services.report_finalise(report=report, by=finance)
    report.refresh_from_db()
    assert report.status == Report.Status.FINALISED
    # The rates that paid it are history now (R-F1): corrected only by new rates from a later day.
    rate = Rate.objects.get(valid_from=dt.date(2023, 4, 1))
    assert services.rate_in_use(rate)
    with pytest.raises(services.RateError):
        services.rate_save(
            valid_from=rate.valid_from, gross_hourly=D("4.50"), employer_percent=rate.employer_percent,
            admin_he_percent=rate.admin_he_percent, admin_gen_percent=rate.admin_gen_percent, by=finance,
            rate=rate,
        )  # fmt: skip
    rate.refresh_from_db()
    assert rate.gross_hourly == D("4.13")


def test_sheet_accepted_after_its_month_was_finalised_is_an_adjustment_next_month_only_R_F4(
    contract, caseworker, finance, riga
):
    second = make_contract(contract.allocation, make_assistant(), by=caseworker)
    accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    january = services.report_finalise(report=generate(riga, JAN), by=finance)
    late = accepted_sheet(second, JAN, [daily(JAN, 30)], by=caseworker)
    accepted_sheet(contract, FEB, [daily(FEB, 60)], by=caseworker)

    february = generate(riga, FEB)
    # February 60 min: 4.13 + 4.13 × 23.59 % = 0.974267 → 0.97; cost 5.10; admin 0.408 → 0.41; total 5.51.
    # January adjustment 30 min: 2.07 + 0.49 = 2.56; admin 0.2048 → 0.20; total 2.76.
    assert row_values(february) == [
        row(FEB, False, 1, 1, 60, "4.13", "0.97", "0", "0", "5.10", "0", "0.41", "0.41", "5.51"),
        row(JAN, True, 1, 1, 30, "2.07", "0.49", "0", "0", "2.56", "0", "0.20", "0.20", "2.76"),
    ]
    assert february.items.get(is_adjustment=True).timesheet == late
    assert not january.items.filter(timesheet=late).exists()
    services.report_finalise(report=february, by=finance)

    march = generate(riga, MAR)
    assert march.items.count() == 0
    assert row_values(march) == [row(MAR, False, 0, 0, 0, "0", "0", "0", "0", "0", "0", "0", "0", "0")]
    assert ReportItem.objects.filter(timesheet=late, finalised=True).count() == 1


def test_finalise_refused_when_a_sheet_was_accepted_after_the_draft_R_F4(contract, caseworker, finance, riga):
    accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    draft = generate(riga, JAN)
    second = make_contract(contract.allocation, make_assistant(), by=caseworker)
    accepted_sheet(second, DEC_2025, [daily(DEC_2025, 30)], by=caseworker)
    with pytest.raises(services.ReportError):
        services.report_finalise(report=draft, by=finance)
    draft.refresh_from_db()
    assert draft.status == Report.Status.READY
    assert not ReportItem.objects.filter(finalised=True).exists()
    # Generated again, it takes the new sheet and can be finalised.
    services.report_finalise(report=generate(riga, JAN), by=finance)
    assert ReportItem.objects.filter(finalised=True).count() == 2


def test_finalise_refused_when_a_rate_changed_after_the_draft_R_F1_R_F4(contract, caseworker, finance, riga):
    accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    draft = generate(riga, JAN)
    services.rate_save(
        valid_from=JAN, gross_hourly=D("5.00"), employer_percent=D("23.59"), admin_he_percent=D("5"),
        admin_gen_percent=D("8"), by=finance,
    )  # fmt: skip
    with pytest.raises(services.ReportError):
        services.report_finalise(report=draft, by=finance)
    # Again, at 5.00 EUR/h: 90 × 5.00 ÷ 60 = 7.50.
    again = generate(riga, JAN)
    assert again.rows.get().gross_wages == D("7.50")
    services.report_finalise(report=again, by=finance)


def test_sheet_of_a_finalised_report_cannot_be_corrected_but_a_draft_ones_can_R_F4(
    contract, caseworker, finance, riga
):
    second = make_contract(contract.allocation, make_assistant(), by=caseworker)
    locked = accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    services.report_finalise(report=generate(riga, JAN), by=finance)
    in_draft = accepted_sheet(second, FEB, [daily(FEB, 60)], by=caseworker)
    generate(riga, FEB)

    with pytest.raises(TimesheetStateError):
        timesheet_correct(sheet=locked, reason="Wrong hours", by=caseworker)
    locked.refresh_from_db()
    assert locked.is_current

    revision = timesheet_correct(sheet=in_draft, reason="Wrong hours", by=caseworker)
    assert revision.revision == 2
    in_draft.refresh_from_db()
    assert not in_draft.is_current
    # The draft showed the replaced revision: it can no longer be finalised as it is.
    with pytest.raises(services.ReportError):
        services.report_finalise(report=Report.objects.get(municipality=riga, month=FEB), by=finance)
    assert generate(riga, FEB).items.count() == 0  # the correction is not accepted yet


def test_database_refuses_a_sheet_in_two_finalised_reports_R_F4(contract, caseworker, finance, riga):
    accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    january = services.report_finalise(report=generate(riga, JAN), by=finance)
    february = generate(riga, FEB)
    item = january.items.get()
    item.pk, item.report = None, february
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()  # the same sheet, finalised, in a second report
    item.finalised = False
    item.pk = None
    item.save()  # in a draft as well: allowed by the database, never done by the services
    assert ReportItem.objects.filter(timesheet=item.timesheet, finalised=True).count() == 1


# ------------------------------------------------------------------------------ R-F5: idempotency


def test_building_the_same_generation_twice_builds_once_R_F5(contract, caseworker, riga):
    accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    report = services.report_request(municipality=riga, month=JAN, by=None)
    assert services.report_build(report_id=report.pk, generation=1, task_id="task-a") == "built"
    report.refresh_from_db()
    built = (report.built_at, report.fingerprint, report.csv.name, report.csv_sha256)
    assert services.report_build(report_id=report.pk, generation=1, task_id="task-a") == "skipped"
    assert services.report_build(report_id=report.pk, generation=1, task_id="task-b") == "skipped"
    report.refresh_from_db()
    assert (report.built_at, report.fingerprint, report.csv.name, report.csv_sha256) == built
    assert report.items.count() == 1
    assert report.rows.count() == 1
    assert report.status == Report.Status.READY


def test_asking_twice_while_queued_queues_one_generation_R_F5(riga, django_capture_on_commit_callbacks):
    with mock.patch.object(tasks.build_report, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            first = services.report_request(municipality=riga, month=JAN, by=None)
        with django_capture_on_commit_callbacks(execute=True):
            second = services.report_request(municipality=riga, month=JAN, by=None)
    assert first.pk == second.pk
    assert second.generation == 1
    delay.assert_called_once_with(first.pk, 1)


def test_superseded_generation_is_skipped_R_F5(contract, caseworker, riga):
    accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    report = generate(riga, JAN)
    assert report.generation == 1
    services.report_request(municipality=riga, month=JAN, by=None)  # generation 2
    assert services.report_build(report_id=report.pk, generation=1, task_id="late-task") == "skipped"
    report.refresh_from_db()
    assert (report.status, report.generation, report.built_generation) == (Report.Status.QUEUED, 2, 1)
    assert services.report_build(report_id=report.pk, generation=2, task_id="task-2") == "built"
    assert services.report_build(report_id=report.pk, generation=1, task_id="late-task") == "skipped"
    report.refresh_from_db()
    assert (report.status, report.built_generation) == (Report.Status.READY, 2)
    assert report.items.count() == 1


def test_claim_of_a_living_task_is_respected_and_a_dead_ones_taken_over_R_F5(contract, caseworker, riga):
    accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    report = services.report_request(municipality=riga, month=JAN, by=None)
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, claimed_by="other", heartbeat=now
    )
    assert services.report_build(report_id=report.pk, generation=1, task_id="mine") == "skipped"
    report.refresh_from_db()
    assert (report.status, report.claimed_by, report.items.count()) == (Report.Status.RUNNING, "other", 0)

    stale = now - services.STALE_AFTER - dt.timedelta(seconds=1)
    Report.objects.filter(pk=report.pk).update(heartbeat=stale)
    assert services.report_build(report_id=report.pk, generation=1, task_id="mine") == "built"
    report.refresh_from_db()
    assert (report.status, report.claimed_by, report.items.count()) == (Report.Status.READY, "mine", 1)
    # The dead task, should it wake up, finds its claim gone.
    assert services.report_build(report_id=report.pk, generation=1, task_id="other") == "skipped"


@pytest.mark.parametrize("delete_rates", [False, True])
def test_build_without_rates_in_force_fails_with_a_readable_error_R_F1(
    delete_rates, contract, caseworker, riga
):
    if delete_rates:
        month = JAN
        Rate.objects.all().delete()
    else:
        month = dt.date(2020, 1, 1)  # before the first seeded rates (01.07.2021)
    accepted_sheet(contract, month, [daily(month, 60)], by=caseworker)
    report = services.report_request(municipality=riga, month=month, by=None)
    assert build(report) == "failed"
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert f"{month:%d.%m.%Y}" in report.error
    assert "rate" in report.error.lower() or "likm" in report.error.lower()
    assert report.items.count() == 0 and report.rows.count() == 0
    # Asking again is possible (a new generation), e.g. after the rates were added.
    again = services.report_request(municipality=riga, month=month, by=None)
    assert (again.status, again.generation, again.error) == (Report.Status.QUEUED, 2, "")


# ------------------------------------------------------------------------ R-F5: dispatch and broker


def test_dispatch_requeues_forgotten_and_abandoned_reports_R_F5(riga, liepaja, caseworker):
    now = timezone.now()
    old = now - services.STALE_AFTER - dt.timedelta(minutes=1)
    forgotten = services.report_request(municipality=riga, month=JAN, by=None)
    abandoned = services.report_request(municipality=liepaja, month=JAN, by=None)
    fresh = services.report_request(municipality=None, month=JAN, by=None)
    Report.objects.filter(pk=forgotten.pk).update(requested_at=old)
    Report.objects.filter(pk=abandoned.pk).update(
        status=Report.Status.RUNNING, claimed_by="dead-worker", heartbeat=old, requested_at=old
    )
    with mock.patch.object(tasks.build_report, "delay") as delay:
        queued = services.dispatch_stale_reports(now=now)
    assert sorted(queued) == sorted([forgotten.pk, abandoned.pk])
    assert sorted(call.args for call in delay.call_args_list) == sorted(
        [(forgotten.pk, 1), (abandoned.pk, 1)]
    )
    assert fresh.pk not in queued

    # Eagerly (no broker in the tests) the re-queued tasks build the reports.
    assert sorted(services.dispatch_stale_reports(now=now)) == sorted([forgotten.pk, abandoned.pk])
    for report in (forgotten, abandoned):
        report.refresh_from_db()
        assert report.status == Report.Status.READY
        assert report.built_generation == 1
    abandoned.refresh_from_db()
    assert abandoned.claimed_by != "dead-worker"
    assert services.dispatch_stale_reports(now=now) == []


@pytest.fixture
def unreachable_broker(settings):
    """Celery with a broker on a closed port; the app's configuration and pools are restored after."""
    conf = celery_app.conf
    saved = (conf.broker_url, conf.task_always_eager)
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def reset_pools():  # dropped, not closed: kombu keeps them in a registry shared with later tests
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    reset_pools()
    conf.broker_url, conf.task_always_eager = "redis://127.0.0.1:1/0", False
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        reset_pools()


def test_request_answers_quickly_when_the_broker_is_down_R_F5(
    riga, finance, unreachable_broker, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = services.report_request(municipality=riga, month=JAN, by=finance)
    elapsed = time.monotonic() - started
    assert len(callbacks) == 1  # the task was to be queued after commit
    assert elapsed < 5
    report.refresh_from_db()
    assert (report.status, report.generation, report.built_generation) == (Report.Status.QUEUED, 1, 0)
    assert report.requested_by == finance


# ------------------------------------------------------------------------------ R-F5: the beat job


def test_beat_drafts_last_months_reports_on_the_sixth_R_F5(
    contract, caseworker, caseworker_liepaja, riga, liepaja, django_capture_on_commit_callbacks
):
    supervisor_liepaja = make_person("supervisor-liepaja", Role.SUPERVISOR, "Liepāja")
    in_liepaja = make_contract(
        approved_allocation(caseworker_liepaja, supervisor_liepaja), make_assistant(), by=caseworker_liepaja
    )
    accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    accepted_sheet(in_liepaja, FEB, [daily(FEB, 90)], by=caseworker_liepaja)  # February: not due yet

    sixth = dt.datetime(2026, 2, 6, 5, 30, tzinfo=ZoneInfo("Europe/Riga"))
    with time_machine.travel(sixth, tick=False), django_capture_on_commit_callbacks(execute=True):
        drafted = tasks.draft_monthly_reports()

    reports = Report.objects.filter(pk__in=drafted)
    assert {(report.municipality, report.month) for report in reports} == {(riga, JAN), (None, JAN)}
    assert all(report.status == Report.Status.READY for report in reports)
    assert reports.get(municipality=riga).items.count() == 1
    assert not Report.objects.filter(municipality=liepaja).exists()


def test_beat_leaves_a_finalised_month_alone_R_F4_R_F5(
    contract, caseworker, finance, riga, django_capture_on_commit_callbacks
):
    accepted_sheet(contract, JAN, [daily(JAN, 90)], by=caseworker)
    january = services.report_finalise(report=generate(riga, JAN), by=finance)
    second = make_contract(contract.allocation, make_assistant(), by=caseworker)
    late = accepted_sheet(second, JAN, [daily(JAN, 30)], by=caseworker)  # accepted after January was closed

    with django_capture_on_commit_callbacks(execute=True):
        drafted = services.draft_monthly_reports(today=dt.date(2026, 2, 6))

    assert [(report.municipality, report.month) for report in drafted] == [(None, JAN)]
    january.refresh_from_db()
    assert (january.status, january.items.count()) == (Report.Status.FINALISED, 1)
    # The late sheet waits for February's report (drafted on 06.03), as an adjustment.
    with django_capture_on_commit_callbacks(execute=True):
        drafted = services.draft_monthly_reports(today=dt.date(2026, 3, 6))
    february = Report.objects.get(municipality=riga, month=FEB)
    assert february in drafted
    assert list(february.items.values_list("timesheet", "is_adjustment")) == [(late.pk, True)]


def test_beat_schedule_has_the_draft_job_on_the_sixth_R_F5(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    entries = [entry for entry in schedule.values() if entry["task"] == "reporting.draft_monthly_reports"]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert isinstance(schedule, crontab)
    assert schedule.day_of_month == {6}
    assert schedule.month_of_year == set(range(1, 13))
    assert "reporting.draft_monthly_reports" in celery_app.tasks


# --------------------------------------------------------------------------------- national report


def test_national_report_has_the_finalised_municipal_rows_and_their_sum_R_F3(
    contract, caseworker, caseworker_liepaja, finance, riga, liepaja
):
    supervisor_liepaja = make_person("supervisor-liepaja", Role.SUPERVISOR, "Liepāja")
    in_liepaja = make_contract(
        approved_allocation(caseworker_liepaja, supervisor_liepaja),
        make_assistant(tax_status="self_employed"),
        by=caseworker_liepaja,
    )
    accepted_sheet(contract, DEC_2025, [daily(DEC_2025, 30)], by=caseworker)
    accepted_sheet(contract, JAN, [daily(JAN, 120)], by=caseworker)
    accepted_sheet(
        in_liepaja, JAN, [daily(JAN, 150, transport="2.50", purpose="WORK")], by=caseworker_liepaja
    )

    riga_report = services.report_finalise(report=generate(riga, JAN), by=finance)
    liepaja_draft = generate(liepaja, JAN)
    national = generate(None, JAN)
    # Only Rīga is finalised: its January row and its December adjustment.
    # Rīga January 120 min: 8.26 + 1.95 = 10.21; admin 0.8168 → 0.82; total 11.03.
    # Rīga December 30 min: 2.07 + 0.49 = 2.56; admin 0.2048 → 0.20; total 2.76.
    riga_rows = [
        row(JAN, False, 1, 1, 120, "8.26", "1.95", "0", "0", "10.21", "0", "0.82", "0.82", "11.03"),
        row(DEC_2025, True, 1, 1, 30, "2.07", "0.49", "0", "0", "2.56", "0", "0.20", "0.20", "2.76"),
    ]
    assert row_values(national) == riga_rows
    assert national.items.count() == 0

    services.report_finalise(report=liepaja_draft, by=finance)
    national = generate(None, JAN)
    # Liepāja January, self-employed, 150 min: 10.33 + 0 + 2.50 = 12.83; admin 1.0264 → 1.03; total 13.86.
    liepaja_row = row(JAN, False, 1, 1, 150, "10.33", "0", "2.50", "0", "12.83", "0", "1.03", "1.03", "13.86")
    assert row_values(national) == [liepaja_row, *riga_rows]  # Liepāja before Rīga
    assert list(national.rows.values_list("municipality__name", flat=True)) == ["Liepāja", "Rīga", "Rīga"]

    total = rules.total_of([services.figures_of(stored) for stored in national.rows.all()])
    # Minutes 150 + 120 + 30 = 300; wages 10.33 + 8.26 + 2.07 = 20.66; contributions 1.95 + 0.49 = 2.44;
    # transport 2.50; cost 12.83 + 10.21 + 2.56 = 25.60; admin 1.03 + 0.82 + 0.20 = 2.05; total 27.65
    # (= 13.86 + 11.03 + 2.76).
    assert (total.minutes, total.gross_wages, total.employer_contributions, total.transport) == (
        300, D("20.66"), D("2.44"), D("2.50"),
    )  # fmt: skip
    assert (total.service_cost, total.admin_total, total.total) == (D("25.60"), D("2.05"), D("27.65"))
    # The file's TOTAL line is that sum.
    records = exports.csv_records(exports.table_for(national, list(national.rows.all())))
    assert records[-1][0] == exports.TOTAL
    assert records[-1][-1] == "27.65"

    # Cross-check in SQL: the items of each finalised municipal report, summed by the database, are the rows.
    for municipal in (riga_report, liepaja_draft):
        municipal.refresh_from_db()
        assert municipal.status == Report.Status.FINALISED
        sums = services.row_sums_sql(ReportItem.objects.filter(report=municipal))
        for stored in municipal.rows.all():
            figures = services.figures_of(stored)
            assert sums[stored.month] == rules.RowSums(
                recipients=figures.recipients, assistants=figures.assistants, minutes=figures.minutes,
                gross_wages=figures.gross_wages, employer_contributions=figures.employer_contributions,
                transport=figures.transport, service_cost_he=figures.service_cost_he,
                service_cost_gen=figures.service_cost_gen,
            )  # fmt: skip
    # The national report itself is never finalised.
    with pytest.raises(services.ReportError):
        services.report_finalise(report=national, by=finance)
    twice = (
        ReportItem.objects.filter(finalised=True).values("timesheet").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert not twice.exists()
