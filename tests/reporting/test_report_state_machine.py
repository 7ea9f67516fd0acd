"""R-F4 as a hypothesis state machine: sheets are accepted (also late, for months already finalised), reports
are generated and finalised in any order; after every step no sheet is in two finalised reports, and every
sheet accepted before a report of its month or a later one was finalised is in exactly one. At the end the
latest month is generated and finalised: every accepted sheet is then in exactly one finalised report, and
the money of the finalised reports is the money of the sheets, computed here by hand (R-F2, R-F3).

The grants and contracts are made once per test (they are slow: users, decisions); each example runs in a
savepoint that is rolled back in teardown. The builds run here, synchronously (`report_build`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from reporting import services
from reporting.models import Report, ReportItem, ReportRow
from tests.contracts.conftest import approved_allocation, make_assistant, make_contract
from tests.reporting.factories import accepted_sheet

pytestmark = pytest.mark.django_db

D = Decimal
MONTHS = (dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1))
MINUTES = (30, 60, 90, 120, 150)
PURPOSES = ("DAILY", "HIGHER_EDUCATION", "WORK")
TRANSPORT = ("0.00", "1.20", "2.50")


def half_up(amount: Decimal) -> Decimal:
    return amount.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


@dataclasses.dataclass(frozen=True)
class Sheet:
    pk: int
    month: dt.date
    step: int  # when it was accepted
    cost: Decimal  # its service cost, computed by hand


def checked(method):
    """Marks the machine as broken while a step or invariant runs, so that a failure is not hidden by the
    final checks of teardown."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        self.healthy = False
        result = method(self, *args, **kwargs)
        self.healthy = True
        return result

    return wrapper


class ReportBookkeeping(RuleBasedStateMachine):
    base: dict  # set by the test: municipality, contracts [(contract, employee)], finance, caseworker

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.healthy = True
        self.steps = itertools.count(1)
        self.tasks = itertools.count(1)
        self.sheets: dict[tuple[int, dt.date], Sheet] = {}
        self.drafts: dict[dt.date, frozenset[int]] = {}  # month → the sheets of its ready draft
        self.finalised: dict[dt.date, int] = {}  # month → the step it was finalised at
        self.locked: dict[int, dt.date] = {}  # sheet → the month of its finalised report

    # ------------------------------------------------------------------------------------ the model

    def candidates(self, month: dt.date) -> frozenset[int]:
        """R-F4: the accepted sheets of months ≤ `month` not in a finalised report."""
        return frozenset(
            sheet.pk for sheet in self.sheets.values() if sheet.month <= month and sheet.pk not in self.locked
        )

    def free(self, months) -> list[tuple[int, dt.date]]:
        return [
            (index, month)
            for index in range(len(self.base["contracts"]))
            for month in months
            if (index, month) not in self.sheets
        ]

    def open_months(self):
        return [month for month in MONTHS if month not in self.finalised]

    def _accept(self, data, months) -> None:
        index, month = data.draw(st.sampled_from(self.free(months)), label="contract, month")
        entries = data.draw(
            st.lists(
                st.tuples(st.sampled_from(MINUTES), st.sampled_from(PURPOSES), st.sampled_from(TRANSPORT)),
                min_size=1,
                max_size=2,
            ),
            label="entries",
        )
        contract, employee = self.base["contracts"][index]
        rows = []
        for number, (minutes, purpose, transport) in enumerate(entries, start=1):
            end = dt.datetime(2000, 1, 1, 9) + dt.timedelta(minutes=minutes)
            rows.append((month.replace(day=number), "09:00", f"{end:%H:%M}", purpose, transport))
        sheet = accepted_sheet(contract, month, rows, by=self.base["caseworker"])
        # Per category (HE / GEN), as R-F2 rounds per category.
        cost = D(0)
        for category in ("HE", "GEN"):
            mine = [e for e in entries if (e[1] == "HIGHER_EDUCATION") == (category == "HE")]
            if mine:
                minutes = sum(e[0] for e in mine)
                wage = half_up(D(minutes) * D("4.13") / 60)
                contributions = half_up(wage * D("23.59") / 100) if employee else D("0.00")
                cost += wage + contributions + sum((D(e[2]) for e in mine), D(0))
        self.sheets[index, month] = Sheet(sheet.pk, month, next(self.steps), cost)

    def _generate(self, month: dt.date) -> Report | None:
        municipality = self.base["municipality"]
        if month in self.finalised:
            with pytest.raises(services.ReportError):
                services.report_request(municipality=municipality, month=month, by=self.base["finance"])
            return None
        report = services.report_request(municipality=municipality, month=month, by=self.base["finance"])
        outcome = services.report_build(
            report_id=report.pk, generation=report.generation, task_id=f"machine-{next(self.tasks)}"
        )
        assert outcome == "built"
        report.refresh_from_db()
        assert report.status == Report.Status.READY
        items = frozenset(report.items.values_list("timesheet_id", flat=True))
        assert items == self.candidates(month)
        # The rows: the month first, then its adjustments, each with the money of its sheets.
        rows = list(report.rows.order_by("position"))
        assert rows[0].month == month and not rows[0].is_adjustment
        assert all(row.is_adjustment and row.month < month for row in rows[1:])
        by_pk = {sheet.pk: sheet for sheet in self.sheets.values()}
        for row in rows:
            cost = sum((by_pk[pk].cost for pk in items if by_pk[pk].month == row.month), D(0))
            assert row.service_cost_he + row.service_cost_gen == cost
            assert row.total == cost + row.admin_total
        self.drafts[month] = items
        next(self.steps)
        return report

    def _finalise(self, month: dt.date) -> None:
        report = Report.objects.get(municipality=self.base["municipality"], month=month)
        stale = self.drafts[month] != self.candidates(month)
        if stale:
            with pytest.raises(services.ReportError):
                services.report_finalise(report=report, by=self.base["finance"])
            report.refresh_from_db()
            assert report.status == Report.Status.READY
            return
        services.report_finalise(report=report, by=self.base["finance"])
        report.refresh_from_db()
        assert report.status == Report.Status.FINALISED
        self.finalised[month] = next(self.steps)
        for pk in self.drafts.pop(month):
            self.locked[pk] = month

    # ------------------------------------------------------------------------------------ the rules

    @precondition(lambda self: self.free(self.open_months()))
    @rule(data=st.data())
    @checked
    def accept(self, data):
        self._accept(data, self.open_months())

    @precondition(lambda self: self.free(list(self.finalised)))
    @rule(data=st.data())
    @checked
    def late_accept(self, data):
        """A sheet accepted for a month whose report is already finalised."""
        self._accept(data, sorted(self.finalised))

    @rule(month=st.sampled_from(MONTHS))
    @checked
    def generate(self, month):
        self._generate(month)

    @precondition(lambda self: self.drafts)
    @rule(data=st.data())
    @checked
    def finalise(self, data):
        self._finalise(data.draw(st.sampled_from(sorted(self.drafts)), label="month"))

    # ------------------------------------------------------------------------------- the invariants

    @invariant()
    @checked
    def no_sheet_in_two_finalised_reports(self):
        twice = (
            ReportItem.objects.filter(finalised=True)
            .values("timesheet")
            .annotate(reports=Count("report"))
            .filter(reports__gt=1)
        )
        assert not twice.exists()
        assert not ReportItem.objects.filter(finalised=True).exclude(report__status=Report.Status.FINALISED)
        assert not ReportItem.objects.filter(finalised=False, report__status=Report.Status.FINALISED)

    @invariant()
    @checked
    def sheets_accepted_before_a_finalisation_are_in_exactly_one_finalised_report(self):
        in_db = dict(
            ReportItem.objects.filter(finalised=True).values_list("timesheet_id", "report__month").order_by()
        )
        assert in_db == self.locked
        for month, step in self.finalised.items():
            for sheet in self.sheets.values():
                if sheet.month <= month and sheet.step < step:
                    assert sheet.pk in in_db, (sheet, month)
        # Never in the report of a month before its own (a sheet of M + 1 is not in report M).
        assert all(self.sheets_by_pk[pk].month <= report_month for pk, report_month in in_db.items())

    @property
    def sheets_by_pk(self) -> dict[int, Sheet]:
        return {sheet.pk: sheet for sheet in self.sheets.values()}

    # ----------------------------------------------------------------------------------- the end

    def teardown(self):
        try:
            if self.healthy:
                self.close_the_books()
        finally:
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

    def close_the_books(self):
        """Generate and finalise the latest open month: then every sheet is in exactly one finalised report,
        and the money of the finalised reports is that of the sheets."""
        month = MONTHS[-1]
        while month in self.finalised:
            month = next_month(month)
        self._generate(month)
        self._finalise(month)
        assert month in self.finalised
        counts = dict(
            ReportItem.objects.filter(finalised=True)
            .values("timesheet_id")
            .annotate(reports=Count("report"))
            .values_list("timesheet_id", "reports")
        )
        assert counts == {sheet.pk: 1 for sheet in self.sheets.values()}  # none lost, none counted twice

        items = ReportItem.objects.filter(finalised=True)
        item_cost = sum(
            (
                item.wage_he + item.wage_gen + item.contributions_he + item.contributions_gen
                + item.transport_he + item.transport_gen
                for item in items
            ),
            D(0),
        )  # fmt: skip
        assert item_cost == sum((sheet.cost for sheet in self.sheets.values()), D(0))
        rows = ReportRow.objects.filter(report__status=Report.Status.FINALISED)
        admin = sum((row.admin_total for row in rows), D(0))
        assert sum((row.total for row in rows), D(0)) == item_cost + admin
        for report in Report.objects.filter(status=Report.Status.FINALISED):
            sums = services.row_sums_sql(report.items.all())
            for row in report.rows.all():
                if row.month in sums:
                    figures = services.figures_of(row)
                    assert sums[row.month].service_cost_he == figures.service_cost_he
                    assert sums[row.month].service_cost_gen == figures.service_cost_gen
                    assert sums[row.month].minutes == figures.minutes
                else:
                    assert row.total == 0 and not row.is_adjustment


@pytest.fixture(autouse=True)
def quick_files(monkeypatch, media):
    """The files are made, but the PDF is not converted by WeasyPrint (seconds per build; the PDF has its
    own tests)."""
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 stub")


def test_every_accepted_sheet_is_in_exactly_one_finalised_report_R_F4(caseworker, supervisor, finance, riga):
    anna = approved_allocation(caseworker, supervisor, start=dt.date(2025, 1, 1), first_name="Anna")
    berta = approved_allocation(caseworker, supervisor, start=dt.date(2025, 1, 1), first_name="Berta")
    employee = make_assistant(tax_status="employee")
    self_employed = make_assistant(tax_status="self_employed")
    ReportBookkeeping.base = {
        "municipality": riga,
        "caseworker": caseworker,
        "finance": finance,
        "contracts": [
            (make_contract(anna, employee, by=caseworker), True),
            (make_contract(anna, self_employed, by=caseworker), False),  # Anna's second contract
            (make_contract(berta, employee, by=caseworker), True),
        ],
    }
    run_state_machine_as_test(
        ReportBookkeeping,
        settings=settings(
            max_examples=25,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
