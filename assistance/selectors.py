"""Reads scoped to the user: the one scoping mechanism every list, detail page, download and command uses.

A municipal role (caseworker, supervisor, finance) sees its own municipality; a superuser sees all; the
ministry sees municipalities only in aggregates (`for_aggregates=True`), never case data. Anything outside
the scope is simply not in the queryset, so a detail lookup answers 404, never 403 and never the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from assistance import rules
from assistance.models import Application, ApplicationDocument, Municipality, Person, StaffProfile
from core.models import User
from core.roles import MUNICIPAL_ROLES, Role, has_role

M = TypeVar("M", bound=Model)


def municipalities_for(*, user, for_aggregates: bool = False) -> QuerySet[Municipality]:
    """The municipalities whose data `user` may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser or (for_aggregates and has_role(user, Role.MINISTRY)):
        return Municipality.objects.all()
    if not has_role(user, *MUNICIPAL_ROLES):
        return Municipality.objects.none()
    return Municipality.objects.filter(staff__user=user)


def scope_to_user(
    queryset: QuerySet[M], *, user, path: str = "municipality", for_aggregates: bool = False
) -> QuerySet[M]:
    """Restrict any queryset to the rows whose `path` municipality the user may see."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return queryset
    allowed = municipalities_for(user=user, for_aggregates=for_aggregates)
    return queryset.filter(**{f"{path}__in": allowed.values("pk")})


def scoped_get_or_404(queryset: QuerySet[M], *, user, path: str = "municipality", **lookup) -> M:
    return get_object_or_404(scope_to_user(queryset, user=user, path=path), **lookup)


def municipality_for_detail(*, user, pk: int) -> Municipality:
    staff = StaffProfile.objects.select_related("user").prefetch_related("user__groups")
    queryset = Municipality.objects.prefetch_related(Prefetch("staff", queryset=staff))
    return scoped_get_or_404(queryset, user=user, path="pk", pk=pk)


def municipality_list(*, user) -> QuerySet[Municipality]:
    return municipalities_for(user=user, for_aggregates=True).select_related("merged_into")


def municipality_by_name(name: str) -> Municipality | None:
    """Canonical names, matched ignoring case (SPEC §4)."""
    return Municipality.objects.filter(name__iexact=name.strip()).first()


def municipality_of(user: User) -> Municipality | None:
    profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
    return profile.municipality if profile else None


# ------------------------------------------------------------------------------------------- intake


def persons_for(*, user, query: str = "") -> QuerySet[Person]:
    """Persons of the user's municipality; `query` matches a name or a personal code (with or without the
    hyphen, or its first digits)."""
    persons = scope_to_user(Person.objects.select_related("municipality"), user=user)
    query = " ".join(query.split())
    if not query:
        return persons
    digits = query.replace("-", "").replace(" ", "")
    if digits.isdigit():
        return persons.filter(personal_code__startswith=digits)
    condition = Q()
    for word in query.split(" "):
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return persons.filter(condition)


def person_for_detail(*, user, pk: int) -> Person:
    queryset = Person.objects.select_related("municipality", "additional_municipality").prefetch_related(
        "disability_records",
        "special_care_opinions",
        Prefetch(
            "applications",
            queryset=Application.objects.select_related("assessment").order_by("-received_date", "-pk"),
        ),
    )
    return scoped_get_or_404(queryset, user=user, pk=pk)


def applications_for(*, user, status: str = "") -> QuerySet[Application]:
    applications = scope_to_user(
        Application.objects.select_related("person", "municipality", "assessment", "created_by"), user=user
    )
    if status:
        applications = applications.filter(status=status)
    return applications


def application_for_detail(*, user, pk: int) -> Application:
    queryset = Application.objects.select_related(
        "person",
        "municipality",
        "assessment",
        "assessment__questionnaire",
        "created_by",
        "proposed_by",
        "decision",
    ).prefetch_related(
        "purposes", Prefetch("documents", queryset=ApplicationDocument.objects.select_related("uploaded_by"))
    )
    return scoped_get_or_404(queryset, user=user, pk=pk)


def document_for_download(*, user, application_pk: int, pk: int) -> ApplicationDocument:
    queryset = ApplicationDocument.objects.select_related("application")
    return scoped_get_or_404(
        queryset, user=user, path="application__municipality", application_id=application_pk, pk=pk
    )


@dataclass(frozen=True)
class CaseworkerDashboard:
    counts: dict[str, int]
    overdue: list[Application]
    waiting: list[Application]
    overdue_total: int
    waiting_total: int


DASHBOARD_ROWS = 10


def caseworker_dashboard(*, user, today: dt.date) -> CaseworkerDashboard:
    """My applications by status, those past the one-month deadline (R-D1) and those waiting for me."""
    mine = applications_for(user=user).filter(Q(created_by=user) | Q(proposed_by=user))
    counts = {row["status"]: row["n"] for row in mine.order_by().values("status").annotate(n=Count("pk"))}
    open_applications = applications_for(user=user).exclude(status=Application.Status.APPROVED)
    overdue = open_applications.filter(received_date__lt=rules.overdue_cutoff(today)).order_by(
        "received_date", "pk"
    )
    waiting_q = (
        Q(status=Application.Status.DRAFT, created_by=user)
        | Q(status=Application.Status.RETURNED, proposed_by=user)
        | Q(status=Application.Status.SUBMITTED, created_by=user)
    )
    waiting = open_applications.filter(waiting_q).order_by("received_date", "pk")
    return CaseworkerDashboard(
        counts={status: counts.get(status, 0) for status in Application.Status.values},
        overdue=list(overdue[:DASHBOARD_ROWS]),
        waiting=list(waiting[:DASHBOARD_ROWS]),
        overdue_total=overdue.count(),
        waiting_total=waiting.count(),
    )


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    action: str
    reason: str
    changes: list[tuple[str, str, str]]  # (field label, old, new)


HIDDEN_HISTORY_FIELDS = {"updated_at", "created_at", "status_changed_at", "file", "sha256"}


def history_of(obj, *, limit: int = 50) -> list[HistoryEntry]:
    """Who changed what and when, newest first (SPEC §2, last paragraph), with old and new values."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[tuple[str, str, str]] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_HISTORY_FIELDS:
                    continue
                field = obj._meta.get_field(change.field)
                changes.append(
                    (str(field.verbose_name), _display(field, change.old), _display(field, change.new))
                )
            if not changes and not record.history_change_reason:
                continue
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "—",
                action=str({"+": _("created"), "~": _("changed"), "-": _("deleted")}[record.history_type]),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _display(field, value) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if field.is_relation:
        try:
            return str(field.related_model._default_manager.get(pk=value))
        except field.related_model.DoesNotExist:
            return str(value)
    return str(value)


def decision_for_download(*, user, pk: int):
    from assistance.models import Decision

    return scoped_get_or_404(Decision.objects.all(), user=user, pk=pk)


def current_allocation(application: Application):
    """The proposed allocation, or the approved one once decided; months and lines in two queries."""
    from assistance.models import Allocation, AllocationMonth

    months = AllocationMonth.objects.order_by("month").prefetch_related("lines")
    return (
        application.allocations.filter(status__in=[Allocation.Status.PROPOSED, Allocation.Status.APPROVED])
        .select_related("rule_set")
        .prefetch_related(Prefetch("months", queryset=months))
        .order_by("-pk")
        .first()
    )


def proposals_to_decide(*, user) -> QuerySet[Application]:
    """Proposals of the supervisor's municipality waiting for a decision, oldest first; never own ones."""
    return (
        applications_for(user=user, status=Application.Status.PROPOSED)
        .exclude(proposed_by=user)
        .select_related("proposed_by")
        .order_by("proposed_at", "pk")
    )


def grants_ending(*, user, today: dt.date, within_days: int = 60):
    """Approved grants ending within the next `within_days` days (R-A7: re-assessment is due)."""
    from assistance.models import Allocation

    return scope_to_user(
        Allocation.objects.filter(
            status=Allocation.Status.APPROVED,
            superseded_from__isnull=True,
            end__gte=today,
            end__lte=today + dt.timedelta(days=within_days),
        ).select_related("application__person"),
        user=user,
    ).order_by("end", "pk")


@dataclass(frozen=True)
class ScheduleTable:
    purposes: list[tuple[str, str]]  # (code, label)
    full_hours: list[int]
    rows: list[dict]
    total: int


def schedule_table(months) -> ScheduleTable:
    """Rows for the allocation table from stored months (with prefetched lines) or computed ones."""
    from assistance.models import ApplicationPurpose

    labels = dict(ApplicationPurpose.Purpose.choices) | {rules.CHILD: _("Child (fixed hours)")}
    rows, codes, full = [], [], []
    for month in months:
        lines = list(month.lines.all()) if hasattr(month.lines, "all") else list(month.lines)
        if not codes:
            codes = [line.purpose for line in lines]
            full = [line.full_hours for line in lines]
        by_code = {line.purpose: line.hours for line in lines}
        rows.append(
            {
                "month": month.month,
                "hours": [by_code.get(code, 0) for code in codes],
                "purposes_total": sum(by_code.values()),
                "cap": month.cap,
                "total": month.total,
                "capped": sum(by_code.values()) > month.cap,
            }
        )
    return ScheduleTable(
        purposes=[(code, str(labels.get(code, code))) for code in codes],
        full_hours=full,
        rows=rows,
        total=sum(row["total"] for row in rows),
    )


# ---- caseload import / allocation export


def allocations_for_export(
    *, month: dt.date, municipality: Municipality | None = None, include_proposed: bool = False
):
    """The stored months (R-A6) of the grants covering part of `month`, with their allocation, municipality
    and purpose lines in two queries: approved grants, with `include_proposed` also the proposed ones, never
    the withdrawn. Ordered by municipality, personal code and allocation; the lines in their stored order."""
    from assistance.models import Allocation, AllocationLine, AllocationMonth

    first = month.replace(day=1)
    last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    statuses = [Allocation.Status.APPROVED]
    if include_proposed:
        statuses.append(Allocation.Status.PROPOSED)
    months = AllocationMonth.objects.filter(
        month=first,
        allocation__status__in=statuses,
        allocation__start__lte=last,
        allocation__end__gte=first,
    )
    if municipality is not None:
        months = months.filter(allocation__municipality=municipality)
    return (
        months.select_related("allocation__municipality")
        .prefetch_related(Prefetch("lines", queryset=AllocationLine.objects.order_by("pk")))
        .order_by("allocation__municipality__name", "allocation__personal_code", "allocation__pk")
    )
