"""Reads of the reporting pages, scoped to the user (STYLE.md): finance sees its municipality's reports, the
ministry the national ones (aggregates only), a superuser all; anything else is simply not in the queryset,
so a detail lookup outside the scope answers 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from assistance.models import Municipality
from assistance.selectors import municipality_of, scope_to_user
from core.roles import Role, has_role
from reporting.models import Rate, Report, ReportItem, ReportRow

HISTORY_ROWS = 10


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def reports_for(*, user) -> QuerySet[Report]:
    """Finance: the reports of its own municipality; ministry: the national reports (municipality empty);
    a superuser: all; everybody else: none."""
    reports = Report.objects.select_related("municipality", "requested_by", "finalised_by")
    if not _active(user):
        return reports.none()
    if user.is_superuser:
        return reports
    visible = Q(pk__in=[])
    if has_role(user, Role.FINANCE):
        municipal = scope_to_user(Report.objects.filter(municipality__isnull=False), user=user)
        visible |= Q(pk__in=municipal.values("pk"))
    if has_role(user, Role.MINISTRY):
        visible |= Q(municipality__isnull=True)
    return reports.filter(visible)


def report_for_detail(*, user, pk: int) -> Report:
    return get_object_or_404(reports_for(user=user), pk=pk)


def report_rows(report: Report) -> list[ReportRow]:
    """The rows in their order: the service month first, then the adjustments (national: per
    municipality), with the municipality in the same query."""
    return list(report.rows.select_related("municipality").order_by("position"))


def report_history(report: Report, *, limit: int = HISTORY_ROWS) -> list:
    """The latest status changes (history rows) with who made them, newest first."""
    return list(
        report.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    )


@dataclass(frozen=True)
class Target:
    """Whose report a user may ask for: a municipality, or the national report (municipality None)."""

    key: str
    municipality: Municipality | None
    label: str


def request_targets(*, user) -> list[Target]:
    """The reports `user` may ask for: finance its own municipality's, the ministry the national one; a
    superuser any."""
    from django.utils.translation import gettext as _

    if not _active(user) or not user.has_perm("reporting.add_report"):
        return []
    targets: list[Target] = []
    if user.is_superuser:
        municipalities = list(Municipality.objects.order_by("name"))
    elif has_role(user, Role.FINANCE):
        own = municipality_of(user)
        municipalities = [own] if own is not None else []
    else:
        municipalities = []
    targets += [Target(f"m{m.pk}", m, m.name) for m in municipalities]
    if user.is_superuser or has_role(user, Role.MINISTRY):
        targets.append(Target("national", None, _("Latvia (national report)")))
    return targets


def latest_reports(*, user, limit: int = 5, national: bool = False) -> list[Report]:
    """The newest reports the user sees (dashboard panels); `national`: only the national ones."""
    reports = reports_for(user=user)
    if national:
        reports = reports.filter(municipality__isnull=True)
    return list(reports[:limit])


# ------------------------------------------------------------------------------------------- rates


def rates_for(*, user) -> QuerySet[Rate]:
    """Rates are national reference data: everybody allowed to view them sees all, newest first, each
    marked whether a finalised report used it (then it can no longer be changed, R-F1)."""
    if not _active(user) or not user.has_perm("reporting.view_rate"):
        return Rate.objects.none()
    used = ReportItem.objects.filter(rate=OuterRef("pk"), finalised=True)
    return Rate.objects.annotate(in_use=Exists(used)).order_by("-valid_from")


def rate_for_edit(*, user, pk: int) -> Rate:
    return get_object_or_404(rates_for(user=user), pk=pk)


def rate_in_force(rates, day: dt.date) -> Rate | None:
    """Of rates ordered newest first, the one in force on `day` (R-F1)."""
    return next((rate for rate in rates if rate.valid_from <= day), None)
