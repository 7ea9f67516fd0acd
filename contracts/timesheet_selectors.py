"""Reads for the assistant portal and the caseworker's review queue, scoped to the user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404

from assistance.selectors import scope_to_user
from contracts.models import Contract, Timesheet, TimesheetEntry
from core.roles import Role, has_role


def assistant_contracts(*, user) -> QuerySet[Contract]:
    """The contracts of the assistant who is logged in; nobody else's."""
    if not getattr(user, "is_authenticated", False) or not has_role(user, Role.ASSISTANT):
        return Contract.objects.none()
    return Contract.objects.filter(assistant__user=user).select_related(
        "allocation__application__person", "allocation__rule_set", "assistant"
    )


def assistant_contract(*, user, pk: int) -> Contract:
    return get_object_or_404(assistant_contracts(user=user), pk=pk)


@dataclass(frozen=True)
class Usage:
    month: dt.date
    entitlement: int  # hours (R-A6)
    used_minutes: int  # all contracts of the recipient, drafts included
    by_purpose: list[tuple[str, int, int]]  # (purpose, granted hours, used minutes)

    @property
    def remaining_minutes(self) -> int:
        return max(0, self.entitlement * 60 - self.used_minutes)

    @property
    def used_hours(self) -> Decimal:
        return (Decimal(self.used_minutes) / 60).quantize(Decimal("0.1"))

    @property
    def remaining_hours(self) -> Decimal:
        return (Decimal(self.remaining_minutes) / 60).quantize(Decimal("0.1"))

    @property
    def purposes(self) -> list[tuple[str, int, Decimal]]:
        return [
            (p, granted, (Decimal(used) / 60).quantize(Decimal("0.1")))
            for p, granted, used in self.by_purpose
        ]


def usage(contract: Contract, month: dt.date) -> Usage:
    """This month's used and remaining hours of the contract's recipient, per purpose (issue 5 §3)."""
    allocation_month = contract.allocation.months.filter(month=month).prefetch_related("lines").first()
    granted = {line.purpose: line.hours for line in allocation_month.lines.all()} if allocation_month else {}
    person_id = contract.allocation.application.person_id
    rows = (
        TimesheetEntry.objects.filter(
            timesheet__is_current=True,
            timesheet__month=month,
            timesheet__contract__allocation__application__person_id=person_id,
        )
        .values("purpose")
        .annotate(minutes=Sum("minutes"))
    )
    used = {row["purpose"]: row["minutes"] for row in rows}
    purposes = list(granted) + [p for p in used if p not in granted]
    return Usage(
        month=month,
        entitlement=allocation_month.total if allocation_month else 0,
        used_minutes=sum(used.values()),
        by_purpose=[(p, granted.get(p, 0), used.get(p, 0)) for p in purposes],
    )


def sheet_of(contract: Contract, month: dt.date) -> Timesheet | None:
    return (
        Timesheet.objects.filter(contract=contract, month=month, is_current=True)
        .prefetch_related(Prefetch("entries", queryset=TimesheetEntry.objects.order_by("row")))
        .first()
    )


def sheets_to_review(*, user) -> QuerySet[Timesheet]:
    """Submitted sheets of the caseworker's municipality, oldest submission first."""
    return scope_to_user(
        Timesheet.objects.filter(status=Timesheet.Status.SUBMITTED, is_current=True).select_related(
            "contract__assistant", "contract__allocation__application__person"
        ),
        user=user,
    ).order_by("submitted_at", "pk")


def sheet_for_review(*, user, pk: int) -> Timesheet:
    queryset = Timesheet.objects.select_related(
        "contract__assistant", "contract__allocation__application__person", "accepted_by"
    ).prefetch_related(Prefetch("entries", queryset=TimesheetEntry.objects.order_by("row")))
    return get_object_or_404(scope_to_user(queryset, user=user), pk=pk)


def simultaneous_minutes(sheet: Timesheet) -> dict[int, int]:
    """Per entry id: minutes the same assistant also served another recipient at that time (R-T4), on
    the other current, submitted or accepted sheets. Shown on both sheets; paid on the one submitted first."""
    entries = list(sheet.entries.all())
    if not entries:
        return {}
    others = TimesheetEntry.objects.filter(
        timesheet__is_current=True,
        timesheet__status__in=[Timesheet.Status.SUBMITTED, Timesheet.Status.ACCEPTED],
        timesheet__contract__assistant_id=sheet.contract.assistant_id,
        day__in={entry.day for entry in entries},
    ).exclude(timesheet_id=sheet.pk)
    by_day: dict[dt.date, list[TimesheetEntry]] = {}
    for other in others:
        by_day.setdefault(other.day, []).append(other)
    result: dict[int, int] = {}
    for entry in entries:
        minutes = 0
        for other in by_day.get(entry.day, []):
            start, end = max(entry.start, other.start), min(entry.end, other.end)
            if start < end:
                minutes += (
                    dt.datetime.combine(entry.day, end) - dt.datetime.combine(entry.day, start)
                ).seconds // 60
        if minutes:
            result[entry.pk] = minutes
    return result
