"""The ministry's national dashboard (issue 7): recipients, hours granted and used, and cost per municipality
and month, with the overdue decisions and timesheets of each municipality.

Aggregates only (SPEC §1): every figure is a count or a sum computed in the database, grouped by
municipality and month; no person, application, contract or timesheet leaves this module. The number of
queries is constant (five), whatever the number of municipalities and months:

1. the municipalities in scope, each with its overdue decisions and overdue timesheets (two subqueries);
2. the approved allocations' months per municipality and month (recipients, hours granted);
3. the same per month over the whole scope (recipients counted once even when a person moved);
4. the accepted current timesheets' payable minutes per municipality and month (hours used);
5. the finalised reports' rows per municipality and month (cost; an adjustment row in its own month).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from assistance import rules as assistance_rules
from assistance.models import Allocation, AllocationMonth, Application
from assistance.selectors import municipalities_for
from contracts.models import Contract, Timesheet
from core.money import ZERO, hours_of
from core.roles import Role, has_role
from reporting.models import Report, ReportRow

DEFAULT_MONTHS = 12
MAX_MONTHS = 36

# Applications waiting for a decision (R-D1): entered and sent on, but not yet approved.
WAITING_FOR_DECISION = (
    Application.Status.SUBMITTED,
    Application.Status.PROPOSED,
    Application.Status.RETURNED,
)
# A sheet that is in, for the overdue count (R-T5): submitted and waiting, or accepted.
SHEET_IN = (Timesheet.Status.SUBMITTED, Timesheet.Status.ACCEPTED)


def may_view(user) -> bool:
    """The national dashboard is the ministry's (and a superuser's); nobody else sees it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or has_role(user, Role.MINISTRY)


# ------------------------------------------------------------------------------------------ months


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    """The first of the month `count` months after (or before, negative) `month`."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> int:
    """How many months from `first` to `last`, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def last_day(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


# ----------------------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figures:
    """One municipality's (or the scope's) month: recipients, hours granted (whole hours of the approved
    schedules, R-A6), payable minutes of the accepted sheets, and the cost from the finalised reports."""

    recipients: int = 0
    hours_granted: int = 0
    minutes_used: int = 0
    cost: Decimal = ZERO

    @property
    def hours_used(self) -> Decimal:
        return hours_of(self.minutes_used)


EMPTY = Figures()


@dataclass(frozen=True)
class MunicipalityLine:
    """A municipality's months (in the order of `NationalDashboard.months`) and its overdue counts today."""

    pk: int
    name: str
    months: tuple[Figures, ...]
    overdue_decisions: int
    overdue_timesheets: int

    @property
    def latest(self) -> Figures:
        return self.months[-1]


@dataclass(frozen=True)
class NationalDashboard:
    today: dt.date
    months: tuple[dt.date, ...]  # ascending; the last one is the month the cards and the ranking show
    municipalities: tuple[MunicipalityLine, ...]  # the lines shown (all in scope, or the one chosen)
    totals: tuple[Figures, ...]  # per month over the lines shown; recipients counted once each
    options: tuple[tuple[int, str], ...]  # every municipality in scope, for the filter
    selected: MunicipalityLine | None  # the municipality chosen, None for the whole scope
    sheets_month: dt.date  # the month whose timesheets are counted as overdue
    overdue_decisions: int = 0
    overdue_timesheets: int = 0
    unknown_municipality: bool = field(default=False)

    @property
    def month(self) -> dt.date:
        return self.months[-1]

    @property
    def latest(self) -> Figures:
        return self.totals[-1]


# ---------------------------------------------------------------------------------------- overdue


def _count_by_municipality(queryset) -> Coalesce:
    """COUNT(*) of `queryset` (already filtered on municipality = OuterRef("pk")) as an integer, 0 if none."""
    counted = queryset.order_by().values("municipality").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _overdue_decisions(today: dt.date) -> Coalesce:
    """Applications waiting for a decision past the one-month deadline (R-D1): received before the cutoff,
    as the caseworker's dashboard computes it."""
    return _count_by_municipality(
        Application.objects.filter(
            municipality=OuterRef("pk"),
            status__in=WAITING_FOR_DECISION,
            received_date__lt=assistance_rules.overdue_cutoff(today),
        )
    )


def _overdue_timesheets(today: dt.date) -> Coalesce:
    """Contracts running in the previous month without a submitted or accepted current sheet for it, once
    the deadline of their grant's rule set has passed (R-T3: day D of the following month, a day the month
    lacks meaning its last day). Today being in that following month, the deadline has passed exactly when
    D < today's day."""
    month = add_months(first_of_month(today), -1)
    sheet_in = Timesheet.objects.filter(
        contract=OuterRef("pk"), month=month, is_current=True, status__in=SHEET_IN
    )
    return _count_by_municipality(
        Contract.objects.filter(
            municipality=OuterRef("pk"),
            start__lte=last_day(month),
            end__gte=month,
            allocation__rule_set__timesheet_deadline_day__lt=today.day,
        ).filter(~Exists(sheet_in))
    )


# -------------------------------------------------------------------------------------- dashboard


def national_dashboard(
    *,
    user,
    today: dt.date,
    months: int = DEFAULT_MONTHS,
    until: dt.date | None = None,
    municipality: int | None = None,
) -> NationalDashboard:
    """The figures of the `months` months ending with `until` (default: today's month, included), per
    municipality in the user's aggregate scope and in total; `municipality` (a pk) narrows the lines and
    the totals to one municipality of the scope (an unknown one is ignored and flagged)."""
    months = max(1, min(months, MAX_MONTHS))
    last = first_of_month(until or today)
    first = add_months(last, -(months - 1))
    month_list = tuple(add_months(first, i) for i in range(months))

    scope = municipalities_for(user=user, for_aggregates=True).order_by("name")
    rows = list(
        scope.annotate(
            overdue_decisions=_overdue_decisions(today),
            overdue_timesheets=_overdue_timesheets(today),
        ).values_list("pk", "name", "valid_from", "valid_to", "overdue_decisions", "overdue_timesheets")
    )
    options = tuple((pk, name) for pk, name, *_ in rows)
    chosen = [row for row in rows if row[0] == municipality] if municipality is not None else []
    unknown = municipality is not None and not chosen
    shown = chosen or rows
    ids = [row[0] for row in shown]

    in_range = Q(month__gte=first, month__lte=last)
    granted_months = AllocationMonth.objects.filter(
        in_range,
        allocation__status=Allocation.Status.APPROVED,
        allocation__municipality_id__in=ids,
    ).order_by()
    granted = {
        (row["allocation__municipality_id"], row["month"]): row
        for row in granted_months.values("allocation__municipality_id", "month").annotate(
            recipients=Count("allocation__personal_code", distinct=True), hours=Sum("total")
        )
    }
    granted_total = {
        row["month"]: row
        for row in granted_months.values("month").annotate(
            recipients=Count("allocation__personal_code", distinct=True), hours=Sum("total")
        )
    }
    used = {
        (row["municipality_id"], row["month"]): row["minutes"]
        for row in Timesheet.objects.filter(
            in_range, status=Timesheet.Status.ACCEPTED, is_current=True, municipality_id__in=ids
        )
        .order_by()
        .values("municipality_id", "month")
        .annotate(minutes=Sum("payable_minutes"))
    }
    cost = {
        (row["municipality_id"], row["month"]): row["cost"]
        for row in ReportRow.objects.filter(
            in_range, report__status=Report.Status.FINALISED, municipality_id__in=ids
        )
        .order_by()
        .values("municipality_id", "month")
        .annotate(cost=Sum("total"))
    }

    with_figures = {key[0] for table in (granted, used, cost) for key in table}

    def figures(pk: int, month: dt.date) -> Figures:
        grant = granted.get((pk, month))
        return Figures(
            recipients=grant["recipients"] if grant else 0,
            hours_granted=grant["hours"] if grant else 0,
            minutes_used=used.get((pk, month), 0),
            cost=cost.get((pk, month), ZERO),
        )

    lines = tuple(
        MunicipalityLine(
            pk=pk,
            name=name,
            months=tuple(figures(pk, month) for month in month_list),
            overdue_decisions=decisions,
            overdue_timesheets=sheets,
        )
        for pk, name, valid_from, valid_to, decisions, sheets in shown
        if chosen or decisions or sheets or _existed(valid_from, valid_to, first, last) or pk in with_figures
    )
    totals = tuple(
        Figures(
            recipients=granted_total.get(month, {}).get("recipients", 0),
            hours_granted=granted_total.get(month, {}).get("hours", 0),
            minutes_used=sum(line.months[i].minutes_used for line in lines),
            cost=sum((line.months[i].cost for line in lines), ZERO),
        )
        for i, month in enumerate(month_list)
    )
    return NationalDashboard(
        today=today,
        months=month_list,
        municipalities=lines,
        totals=totals,
        options=options,
        selected=lines[0] if chosen else None,
        sheets_month=add_months(first_of_month(today), -1),
        overdue_decisions=sum(line.overdue_decisions for line in lines),
        overdue_timesheets=sum(line.overdue_timesheets for line in lines),
        unknown_municipality=unknown,
    )


def _existed(valid_from: dt.date, valid_to: dt.date | None, first: dt.date, last: dt.date) -> bool:
    """Whether a municipality existed during the period; one merged away before it is listed only when it
    still has figures or overdue items in it."""
    return valid_from <= last_day(last) and (valid_to is None or valid_to >= first)
