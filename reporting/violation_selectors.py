"""Reads of the violation pages (R-R1), scoped to the user: a caseworker or supervisor sees the violations
of their municipality, a superuser all, everybody else none; outside the scope a lookup answers 404."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from assistance.selectors import scope_to_user
from contracts.models import Contract, Timesheet, TimesheetEntry
from core.roles import Role, has_role
from reporting.models import Violation, ViolationEntry

PAYMENT_TERM_DAYS = 30  # the repayment demand's term, counted from the day it is issued


def payment_due(violation: Violation) -> dt.date:
    """The last day to repay: 30 days after the demand's date (the day the violation was recorded)."""
    issued = timezone.localdate(violation.created_at) if violation.created_at else timezone.localdate()
    return issued + dt.timedelta(days=PAYMENT_TERM_DAYS)


def _staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active) and (
        user.is_superuser or has_role(user, Role.CASEWORKER, Role.SUPERVISOR)
    )


def violations_for(*, user, contract_pk: int | None = None) -> QuerySet[Violation]:
    """The violations `user` may see (optionally of one contract), newest first, with the contract,
    assistant and recorder in the same query and the number of marked entries annotated."""
    violations = Violation.objects.select_related(
        "municipality", "contract", "contract__assistant", "recorded_by"
    ).annotate(entry_count=Count("entries"))
    if not _staff(user):
        return violations.none()
    if contract_pk is not None:
        violations = violations.filter(contract_id=contract_pk)
    return scope_to_user(violations, user=user).order_by("-created_at", "-pk")


def violation_for_detail(*, user, pk: int) -> Violation:
    """One violation with its marked entries (and their sheets) prefetched; 404 outside the scope."""
    entries = ViolationEntry.objects.select_related("entry", "entry__timesheet").order_by(
        "entry__day", "entry__start"
    )
    queryset = violations_for(user=user).select_related(
        "contract__allocation__application__person", "contract__assistant__provider"
    )
    return get_object_or_404(queryset.prefetch_related(Prefetch("entries", queryset=entries)), pk=pk)


def contract_for_marking(*, user, pk: int) -> Contract:
    """The contract whose entries are marked, with its recipient and assistant: in the user's
    municipality (a superuser: any), else 404."""
    contracts = Contract.objects.select_related(
        "municipality", "allocation__application__person", "assistant__provider"
    )
    if not _staff(user):
        contracts = contracts.none()
    return get_object_or_404(scope_to_user(contracts, user=user), pk=pk)


def entries_for_marking(
    *, user, contract_pk: int, period_start: dt.date, period_end: dt.date
) -> QuerySet[TimesheetEntry]:
    """The entries of the contract's current accepted sheets with a day in the period that no violation
    holds yet, oldest first; 404 for a contract outside the user's scope."""
    contract = contract_for_marking(user=user, pk=contract_pk)
    return (
        TimesheetEntry.objects.filter(
            timesheet__contract=contract,
            timesheet__status=Timesheet.Status.ACCEPTED,
            timesheet__is_current=True,
            day__gte=period_start,
            day__lte=period_end,
            violation__isnull=True,
        )
        .select_related("timesheet")
        .order_by("day", "start", "pk")
    )
